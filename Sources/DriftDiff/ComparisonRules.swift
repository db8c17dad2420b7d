public import DriftModel

/// What a format tells the comparison: which fields are noise, how lists are matched, when two
/// scalars mean the same, and who wrote a live field.
///
/// Like gitops-engine's normalizers, every rule has a no-op default, so a new format starts
/// from plain structural comparison and adds only what its tool does differently.
public protocol ComparisonRules: Sendable {
  /// The desired resource without what the comparison must not see.
  func normalize(desired: Resource) -> Resource

  /// The live resource without server-populated fields, and who wrote which of its fields.
  func normalize(live: Resource) -> NormalizedLive

  /// `desired` as the API server would return it in the version `live` was exported in, for
  /// the fields that the server's conversion between versions reshapes.
  func converted(_ desired: Resource, toVersionOf live: Resource) -> Resource

  /// The fields that identify the elements of the list at `path`, when the list is keyed.
  func listKey(at path: FieldPath) -> ListKey?

  /// Whether a desired and a live scalar state the same thing at `path`.
  func scalarsEqual(desired: Value, live: Value, at path: FieldPath) -> Bool

  /// Whether a desired and a live scalar state the same thing at `path` of `resource`, for
  /// rules whose conversions depend on the resource's type.
  func scalarsEqual(desired: Value, live: Value, at path: FieldPath, of resource: ResourceID)
    -> Bool

  /// Attribute paths (JSON Pointer patterns) that the desired resource itself asks to ignore.
  func ignoredPaths(of desired: Resource) -> [String]

  /// Whether a change at `path` makes the deployer replace the resource, so that what
  /// ``ignoredPaths(of:)`` names is set from the desired resource again (Terraform ignores
  /// `ignore_changes` when it replaces).
  func forcesReplacement(at path: FieldPath, of desired: Resource) -> Bool

  /// Whether a live value that the desired resource leaves out is what the server fills in.
  func isServerDefault(_ value: Value, at path: FieldPath, of live: Resource) -> Bool

  /// Whether the list at `path` is a set: its elements match whatever their order.
  func isSet(at path: FieldPath, of resource: ResourceID) -> Bool

  /// Whether the object at `path` is one value (a map), so that a key only live has is drift,
  /// rather than a structure whose undeclared members are filled in by the server.
  func isWholeObject(at path: FieldPath) -> Bool

  /// Whether the object at `path` of `resource` is one value, for rules that depend on the
  /// resource's type.
  func isWholeObject(at path: FieldPath, of resource: ResourceID) -> Bool

  /// Whether a desired list of one object at `path` is the block a live object is: a nested
  /// block the configuration writes once, which the live state holds as a single object
  /// (Terraform's `timeouts`, single nested blocks).
  func isSingleBlock(at path: FieldPath) -> Bool

  /// The desired resource that `live` is when their addresses differ, adopted under the live
  /// identity (a manifest given a default namespace, of a kind the cluster serves
  /// cluster-scoped), with the address the desired state holds it under; nil when there is none.
  func counterpart(of live: Resource, in desired: [String: Resource])
    -> (address: String, resource: Resource)?

  /// Why a live resource is the cluster's own (made by a controller or at bootstrap), when it
  /// is: such a resource that the desired state does not declare is not unmanaged.
  func clusterOwner(of live: Resource) -> ClusterOwner?

  /// The fields of other resources that `resource` (desired or live) takes charge of.
  func claims(of resource: Resource) -> [Claim]

  /// Which desired resources the live export could have held, judged from the whole export.
  func scope(of export: ExportSurvey, desired: [String: Resource]) -> ExportScope

  /// What of a live resource's identity ``scope(of:desired:)`` reads: two exports of at least
  /// two resources each in which the same keys occur, with the same counts of compared and
  /// unattributed resources, have the same scope for the same desired state. Nil when the
  /// scope depends on more than that (the default).
  func scopeKeys(of live: ResourceID) -> [String]?

  /// Whether ``counterpart(of:in:)`` may find a desired resource at another address for a
  /// live resource at `live`; the default says it may.
  func mayHaveCounterpart(_ live: ResourceID) -> Bool
}

extension ComparisonRules {
  public func normalize(desired: Resource) -> Resource { desired }
  public func normalize(live: Resource) -> NormalizedLive { NormalizedLive(resource: live) }
  public func converted(_ desired: Resource, toVersionOf live: Resource) -> Resource { desired }
  public func listKey(at path: FieldPath) -> ListKey? { nil }
  public func scalarsEqual(desired: Value, live: Value, at path: FieldPath) -> Bool {
    desired == live
  }
  public func scalarsEqual(
    desired: Value, live: Value, at path: FieldPath, of resource: ResourceID
  ) -> Bool {
    scalarsEqual(desired: desired, live: live, at: path)
  }
  public func ignoredPaths(of desired: Resource) -> [String] { [] }
  public func forcesReplacement(at path: FieldPath, of desired: Resource) -> Bool { false }
  public func isServerDefault(_ value: Value, at path: FieldPath, of live: Resource) -> Bool {
    false
  }
  public func isSet(at path: FieldPath, of resource: ResourceID) -> Bool { false }
  public func isWholeObject(at path: FieldPath) -> Bool { false }
  public func isWholeObject(at path: FieldPath, of resource: ResourceID) -> Bool {
    isWholeObject(at: path)
  }
  public func isSingleBlock(at path: FieldPath) -> Bool { false }
  public func counterpart(of live: Resource, in desired: [String: Resource])
    -> (address: String, resource: Resource)?
  { nil }
  public func clusterOwner(of live: Resource) -> ClusterOwner? { nil }
  public func claims(of resource: Resource) -> [Claim] { [] }
  public func scope(of export: ExportSurvey, desired: [String: Resource]) -> ExportScope {
    ExportScope()
  }
  public func scopeKeys(of live: ResourceID) -> [String]? { nil }
  public func mayHaveCounterpart(_ live: ResourceID) -> Bool { true }
}

/// A live resource ready for comparison.
public struct NormalizedLive: Sendable {
  public var resource: Resource
  /// Who wrote which field, when the live export says so.
  public var ownership: FieldOwnership?
  /// Who created the resource, when known.
  public var creator: Actor?
  /// The configuration last applied to the resource, when the live export records it (the
  /// `kubectl apply` annotation): the third view of a three-way comparison, as in Argo CD.
  public var applied: Value?

  /// Creates a normalised live resource.
  public init(
    resource: Resource, ownership: FieldOwnership? = nil, creator: Actor? = nil,
    applied: Value? = nil
  ) {
    self.resource = resource
    self.ownership = ownership
    self.creator = creator
    self.applied = applied
  }
}

/// The fields that identify the elements of a keyed list, with the value a missing field
/// defaults to (Kubernetes ports default their protocol to TCP).
public struct ListKey: Sendable, Equatable {
  public var fields: [(name: String, default: Value?)]

  /// Creates a key.
  public init(_ fields: [(name: String, default: Value?)]) {
    self.fields = fields
  }

  /// A key of one field without a default.
  public init(_ name: String) {
    self.fields = [(name, nil)]
  }

  /// The element's key values, or nil when the element is not an object with the key fields.
  public func key(of element: Value) -> [Value]? {
    guard element.members != nil else { return nil }
    var key: [Value] = []
    for field in fields {
      guard let value = element[field.name] ?? field.default else { return nil }
      key.append(value)
    }
    return key
  }

  /// Whether the element is an object with the key fields.
  func hasKey(_ element: Value) -> Bool {
    guard let members = element.members else { return false }
    return fields.allSatisfy { members.value(of: $0.name) != nil || $0.default != nil }
  }

  /// Whether two elements that have a key have the same one.
  func sameKey(_ element: Value, _ other: Value) -> Bool {
    guard let members = element.members, let otherMembers = other.members else { return false }
    return fields.allSatisfy {
      (members.value(of: $0.name) ?? $0.default) == (otherMembers.value(of: $0.name) ?? $0.default)
    }
  }

  public static func == (lhs: ListKey, rhs: ListKey) -> Bool {
    lhs.fields.count == rhs.fields.count
      && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.default == $1.default }
  }
}
