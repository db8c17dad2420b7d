public import DriftModel

/// Who wrote which field of a live resource: Kubernetes `metadata.managedFields`.
///
/// Each entry is a field manager (`kubectl-edit`, `kube-controller-manager`), its operation
/// and time, and the set of fields it owns as a FieldsV1 tree (`f:name`, `k:{"name":"x"}`,
/// `v:"value"`, `i:0`, `.`).
public struct FieldOwnership: Sendable {
  /// One manager's entry.
  public struct Entry: Sendable {
    public var actor: Actor
    public var subresource: String?
    /// The FieldsV1 tree as exported; read into a `FieldSet` only when a field's owner is
    /// asked for, which few resources of an export ever need.
    var fieldsV1: Value
  }

  public var entries: [Entry]

  /// Reads `metadata.managedFields`; entries that are not FieldsV1 are skipped.
  public init(managedFields: Value) {
    var entries: [Entry] = []
    for element in managedFields.elements ?? [] {
      guard let manager = element["manager"]?.stringValue, let fields = element["fieldsV1"]
      else { continue }
      let actor = Actor(
        manager: manager, operation: element["operation"]?.stringValue,
        time: element["time"]?.stringValue)
      entries.append(
        Entry(actor: actor, subresource: element["subresource"]?.stringValue, fieldsV1: fields))
    }
    self.entries = entries
  }

  /// The managers whose field sets reach `path` of `live` (own the field or a field inside it),
  /// most recent first.
  public func owners(of path: FieldPath, in live: Value) -> [Actor] {
    entries.filter { FieldSet($0.fieldsV1).contains(path, in: live) }
      .map(\.actor)
      .sorted { ($0.time ?? "") > ($1.time ?? "") }
  }
}

/// A FieldsV1 tree.
struct FieldSet: Sendable {
  var members: [String: FieldSet] = [:]
  var keyed: [(key: [Member], fields: FieldSet)] = []
  var values: [(value: Value, fields: FieldSet)] = []
  var indices: [Int: FieldSet] = [:]

  init(_ value: Value) {
    for member in value.members ?? [] {
      let name = member.key
      if name.hasPrefix("f:") {
        members[String(name.dropFirst(2))] = FieldSet(member.value)
      } else if name.hasPrefix("k:") {
        let json = Array(name.utf8.dropFirst(2))
        if let key = try? JSONReader.parse(json), let keyMembers = key.members {
          keyed.append((keyMembers, FieldSet(member.value)))
        }
      } else if name.hasPrefix("v:") {
        if let element = try? JSONReader.parse(Array(name.utf8.dropFirst(2))) {
          values.append((element, FieldSet(member.value)))
        }
      } else if name.hasPrefix("i:"), let index = Int(name.dropFirst(2)) {
        indices[index] = FieldSet(member.value)
      }
    }
  }

  func contains(_ path: FieldPath, in live: Value) -> Bool {
    var set = self
    var current = live
    for token in path.tokens {
      switch current {
      case .object:
        guard let next = set.members[token], let value = current[token] else { return false }
        set = next
        current = value
      case .array(let elements):
        guard let index = Int(token), elements.indices.contains(index) else { return false }
        let element = elements[index]
        if let match = set.keyed.first(where: { entry in
          entry.key.allSatisfy { element[$0.key] == $0.value }
        }) {
          set = match.fields
        } else if let match = set.values.first(where: { $0.value == element }) {
          set = match.fields
        } else if let match = set.indices[index] {
          set = match
        } else {
          return false
        }
        current = element
      default:
        return false
      }
    }
    return true
  }
}

extension JSONReader {
  fileprivate static func parse(_ bytes: [UInt8]) throws -> Value {
    try parse(bytes, file: "managedFields")
  }
}
