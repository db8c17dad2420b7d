import DriftJSON
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
    /// The FieldsV1 tree as exported, walked only when a field's owner is asked for, which few
    /// resources of an export ever need.
    var fieldsV1: Value
  }

  public var entries: [Entry]

  /// Reads `metadata.managedFields`; entries that are not FieldsV1 are skipped.
  public init(managedFields: Value) {
    var entries: [Entry] = []
    for element in managedFields.elements ?? [] {
      guard let manager = element["manager"]?.stringValue,
        let fields = element["fieldsV1"]
      else { continue }
      let actor = Actor(
        manager: manager, operation: element["operation"]?.stringValue,
        time: element["time"]?.stringValue)
      entries.append(
        Entry(
          actor: actor, subresource: element["subresource"]?.stringValue,
          fieldsV1: fields))
    }
    self.entries = entries
  }

  /// The managers whose field sets reach `path` of `live` (own the field or a field inside it),
  /// most recent first.
  public func owners(of path: FieldPath, in live: Value) -> [Actor] {
    entries.filter { Self.fields($0.fieldsV1, reach: path, in: live) }
      .map(\.actor)
      .sorted { ($0.time ?? "") > ($1.time ?? "") }
  }

  /// Walks the FieldsV1 tree along `path` as it is exported: one lookup reads only the
  /// members on the way, never the whole tree.
  private static func fields(_ fields: Value, reach path: FieldPath, in live: Value) -> Bool {
    var set = fields
    var current = live
    for (depth, token) in path.tokens.enumerated() {
      // Below the root, an empty field set owns its field as one value: an atomic list
      // (container args, RBAC rules) or map, so its owner owns every element inside it.
      if depth > 0, set.members?.isEmpty == true { return true }
      switch current {
      case .object:
        guard let next = field(token, in: set), let value = current[token] else { return false }
        set = next
        current = value
      case .array(let elements):
        guard let index = Int(token), elements.indices.contains(index),
          let next = element(elements[index], at: index, in: set)
        else { return false }
        set = next
        current = elements[index]
      default:
        return false
      }
    }
    return true
  }

  /// The fields of member `name`: `f:name`.
  private static func field(_ name: String, in set: Value) -> Value? {
    set.members?.last { $0.key.hasPrefix("f:") && $0.key.dropFirst(2) == name }?.value
  }

  /// The fields of a list element: the first `k:` whose key fields it has, else the first
  /// `v:` it equals, else `i:` its index.
  private static func element(_ element: Value, at index: Int, in set: Value) -> Value? {
    let members = set.members ?? []
    for member in members where member.key.hasPrefix("k:") {
      guard let key = try? JSONReader.parse(Array(member.key.utf8.dropFirst(2))),
        let keyMembers = key.members
      else { continue }
      if keyMembers.allSatisfy({ element[$0.key] == $0.value }) { return member.value }
    }
    for member in members where member.key.hasPrefix("v:") {
      if let value = try? JSONReader.parse(Array(member.key.utf8.dropFirst(2))), value == element {
        return member.value
      }
    }
    return members.last { $0.key.hasPrefix("i:") && Int($0.key.dropFirst(2)) == index }?.value
  }
}

extension JSONReader {
  fileprivate static func parse(_ bytes: [UInt8]) throws -> Value {
    try parse(bytes, file: "managedFields")
  }
}
