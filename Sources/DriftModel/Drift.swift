/// What kind of deviation a resource shows.
public enum DriftKind: String, Sendable, CaseIterable, Comparable, Codable {
  /// In both desired and live state, with at least one changed attribute.
  case modified
  /// Desired but absent live: deleted out of band.
  case missing
  /// Live but not desired: created out of band.
  case unmanaged

  private var order: Int {
    switch self {
    case .modified: return 0
    case .missing: return 1
    case .unmanaged: return 2
    }
  }

  public static func < (lhs: DriftKind, rhs: DriftKind) -> Bool { lhs.order < rhs.order }
}

/// Who changed a live field: a Kubernetes field manager, and when.
public struct Actor: Sendable, Hashable, Codable {
  /// The manager's name, such as `kubectl-edit` or `hpa-controller`.
  public var manager: String
  /// The manager's operation, `Update` or `Apply`, when known.
  public var operation: String?
  /// When the manager last wrote the field, as the cluster wrote it (RFC 3339).
  public var time: String?

  /// Creates an actor.
  public init(manager: String, operation: String? = nil, time: String? = nil) {
    self.manager = manager
    self.operation = operation
    self.time = time
  }
}

/// Where a drifted live value came from.
public struct Provenance: Sendable, Hashable, Codable {
  /// `undeployed`: the live value is what an older commit desired; `out-of-band`: never desired.
  public var kind: String
  /// The older commit whose desired value the live value equals, for `undeployed`.
  public var commit: String?

  /// Creates a provenance.
  public init(kind: String, commit: String? = nil) {
    self.kind = kind
    self.commit = commit
  }

  /// A value never seen in the desired history.
  public static let outOfBand = Provenance(kind: "out-of-band")
}

/// One changed attribute of a modified resource.
public struct Change: Sendable, Equatable, Codable {
  /// How the live attribute differs from the desired one, in JSON Patch's words.
  public enum Operation: String, Sendable, Codable {
    /// Both have the attribute, with different values.
    case replace
    /// Live has the attribute, desired does not.
    case add
    /// Desired has the attribute, live does not.
    case remove
  }

  public var operation: Operation
  public var path: FieldPath
  public var desired: Value?
  public var live: Value?
  /// The line of the attribute (or of its nearest declared parent) in the desired file.
  public var line: Int?
  /// The file that sets the desired value, when it is not the resource's own (a Kustomize
  /// overlay that sets what its base declares); `line` is then a line of that file.
  public var file: String?
  public var severity: Severity
  public var actor: Actor?
  public var provenance: Provenance?
  /// The severity rule that matched the change, such as `privileged-container`.
  public var rule: String?
  /// The NIST CSF 2.0 subcategories the change touches.
  public var csf: [String] = []

  /// Creates a change.
  public init(
    _ operation: Operation, at path: FieldPath, desired: Value?, live: Value?, line: Int? = nil,
    severity: Severity = .low, actor: Actor? = nil, provenance: Provenance? = nil
  ) {
    self.operation = operation
    self.path = path
    self.desired = desired
    self.live = live
    self.line = line
    self.severity = severity
    self.actor = actor
    self.provenance = provenance
  }

  public static func == (lhs: Change, rhs: Change) -> Bool {
    lhs.operation == rhs.operation && lhs.path == rhs.path && lhs.desired == rhs.desired
      && lhs.live == rhs.live && lhs.actor == rhs.actor
  }
}

/// A resource whose live state deviates from its desired state.
public struct Drift: Sendable, Codable {
  public var kind: DriftKind
  public var source: String
  public var id: ResourceID
  /// Where the desired resource is declared; nil for unmanaged resources.
  public var location: SourceLocation?
  public var severity: Severity
  /// NIST Cybersecurity Framework 2.0 subcategories the drift touches.
  public var csf: [String]
  /// The changed attributes, for modified resources.
  public var changes: [Change]
  /// Who created an unmanaged resource, or last changed a modified one.
  public var actor: Actor?
  /// The owners of the desired file, from CODEOWNERS.
  public var owners: [String] = []

  /// Creates a drift.
  public init(
    kind: DriftKind, source: String, id: ResourceID, location: SourceLocation?,
    severity: Severity = .low, csf: [String] = [], changes: [Change] = [], actor: Actor? = nil
  ) {
    self.kind = kind
    self.source = source
    self.id = id
    self.location = location
    self.severity = severity
    self.csf = csf
    self.changes = changes
    self.actor = actor
  }
}
