import DriftJSON
public import DriftModel
public import Git

/// The live state that desired state reads (an HCL configuration resolves references to other
/// resources' attributes from state), one address at a time, each with an id that changes
/// exactly when the resource does, so that evaluations can be cached by what they read.
public struct LiveView {
  private enum Storage {
    case none
    case snapshot(Snapshot, SnapshotStore)
    case resources(Resources)
  }

  /// Resources already read, their ids computed on demand.
  private final class Resources {
    let byAddress: [String: Resource]
    var ids: [String: ObjectID] = [:]

    init(_ resources: [Resource]) {
      var byAddress: [String: Resource] = [:]
      for resource in resources { byAddress[resource.id.address] = resource }
      self.byAddress = byAddress
    }
  }

  private let storage: Storage

  /// No live state: references to other resources stay unknown.
  public static var none: LiveView { LiveView(storage: .none) }

  /// The resources of a recorded snapshot.
  public static func snapshot(_ snapshot: Snapshot, in store: SnapshotStore) -> LiveView {
    LiveView(storage: .snapshot(snapshot, store))
  }

  /// Resources read from an export.
  public static func resources(_ resources: [Resource]) -> LiveView {
    LiveView(storage: .resources(Resources(resources)))
  }

  /// The id of the resource at `address`, nil when it is not live: the blob of its stored
  /// form.
  public func id(of address: String) throws(HistoryError) -> ObjectID? {
    switch storage {
    case .none:
      return nil
    case .snapshot(let snapshot, let store):
      return try store.blob(of: address, in: snapshot)
    case .resources(let resources):
      if let known = resources.ids[address] { return known }
      guard let resource = resources.byAddress[address] else { return nil }
      let bytes = Array(JSONWriter(keepsDigests: true).string(resource.body).utf8)
      let id = Repository.blobID(of: bytes)
      resources.ids[address] = id
      return id
    }
  }

  /// The attribute values of the resource at `address`, nil when it is not live.
  public func body(of address: String) throws(HistoryError) -> Value? {
    switch storage {
    case .none:
      return nil
    case .snapshot(let snapshot, let store):
      guard let blob = try store.blob(of: address, in: snapshot) else { return nil }
      return try store.resource(address: address, blob: blob).body
    case .resources(let resources):
      return resources.byAddress[address]?.body
    }
  }
}
