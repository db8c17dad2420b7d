/// The result of comparing desired with live state: what drifted, counted and located.
public struct DriftReport: Sendable {
  /// The desired state that was read.
  public struct Desired: Sendable, Equatable, Codable {
    public var commit: String
    /// The revision as the user named it (`main`, `HEAD~3`).
    public var ref: String

    /// Creates the desired-state header.
    public init(commit: String, ref: String) {
      self.commit = commit
      self.ref = ref
    }
  }

  /// The live state one source was compared with.
  public struct Snapshot: Sendable, Equatable, Codable {
    public var source: String
    /// The snapshot commit, for recorded snapshots.
    public var id: String?
    /// The export file, for a snapshot read from a file.
    public var file: String?
    /// When the live state was captured (RFC 3339), when known.
    public var capturedAt: String?

    /// Creates the snapshot header.
    public init(source: String, id: String? = nil, file: String? = nil, capturedAt: String? = nil) {
      self.source = source
      self.id = id
      self.file = file
      self.capturedAt = capturedAt
    }
  }

  /// Counts over all compared resources.
  public struct Summary: Sendable, Equatable, Codable {
    public var resources = 0
    public var inSync = 0
    public var modified = 0
    public var missing = 0
    public var unmanaged = 0
    /// Differences (whole resources or attributes) that ignore rules covered.
    public var ignored = 0
    /// Desired attributes that cannot be known offline (Terraform: unknown functions, remote
    /// modules, values only the provider computes): not compared, never drift.
    public var unevaluated = 0
    /// Desired resources (or modules) whose instances cannot be known offline (a `count` or
    /// `for_each` that is unknown, a remote module): not compared, named in
    /// ``DriftReport/unevaluated``.
    public var unevaluatedResources = 0
    /// Live resources that the desired state does not declare and that the cluster made itself
    /// (a controller's objects, bootstrap objects): not unmanaged, counted so that nothing
    /// disappears silently.
    public var clusterOwned = 0
    /// Desired resources of kinds or namespaces the live export does not cover: not compared,
    /// never missing.
    public var notExported = 0

    /// Creates an empty summary.
    public init() {}

    /// The share of live resources that the desired state declares and that were compared (1
    /// when there is nothing to compare).
    ///
    /// Desired resources whose instances cannot be known offline (a `for_each` over an unknown
    /// collection) count as not compared: their live instances are left out of the check.
    public var coverage: Double {
      let live = inSync + modified + unmanaged + unevaluatedResources
      guard live > 0 else { return 1 }
      return Double(inSync + modified) / Double(live)
    }

    /// Whether anything drifted.
    public var hasDrift: Bool { modified + missing + unmanaged > 0 }

    /// Takes another summary's counts out of this one (undoes ``add(_:)``).
    public mutating func subtract(_ other: Summary) {
      var negated = Summary()
      negated.resources = -other.resources
      negated.inSync = -other.inSync
      negated.modified = -other.modified
      negated.missing = -other.missing
      negated.unmanaged = -other.unmanaged
      negated.ignored = -other.ignored
      negated.unevaluated = -other.unevaluated
      negated.unevaluatedResources = -other.unevaluatedResources
      negated.clusterOwned = -other.clusterOwned
      negated.notExported = -other.notExported
      add(negated)
    }

    /// Adds another summary's counts to this one.
    public mutating func add(_ other: Summary) {
      resources += other.resources
      inSync += other.inSync
      modified += other.modified
      missing += other.missing
      unmanaged += other.unmanaged
      ignored += other.ignored
      unevaluated += other.unevaluated
      unevaluatedResources += other.unevaluatedResources
      clusterOwned += other.clusterOwned
      notExported += other.notExported
    }
  }

  /// A resource that was compared and found in sync.
  public struct InSync: Sendable, Equatable, Codable {
    public var source: String
    public var type: String
    public var address: String

    /// Creates an entry.
    public init(source: String, type: String, address: String) {
      self.source = source
      self.type = type
      self.address = address
    }
  }

  /// A desired resource (or module) that cannot be evaluated offline, so was not compared.
  public struct Unevaluated: Sendable, Equatable, Codable {
    public var source: String
    /// The address without instance key (`aws_subnet.private`, `module.net`).
    public var address: String
    /// Why it cannot: its count or for_each is unknown offline, the module is remote.
    public var reason: String
    /// Where it is declared.
    public var location: SourceLocation?

    /// Creates an entry.
    public init(source: String, address: String, reason: String, location: SourceLocation?) {
      self.source = source
      self.address = address
      self.reason = reason
      self.location = location
    }
  }

  public var desired: Desired
  public var snapshots: [Snapshot]
  public var summary: Summary
  /// Sorted by source, then address.
  public var drifts: [Drift]
  /// Expired ignore rules and other problems that did not stop the check.
  public var diagnostics: [Diagnostic]
  /// The resources found in sync, sorted by source and address (JUnit lists them as passes).
  public var inSync: [InSync]
  /// The resources that could not be evaluated, sorted by source and address.
  public var unevaluated: [Unevaluated]

  /// Creates a report; drifts and diagnostics are sorted so that output is deterministic.
  public init(
    desired: Desired, snapshots: [Snapshot], summary: Summary, drifts: [Drift],
    diagnostics: [Diagnostic] = [], inSync: [InSync] = [], unevaluated: [Unevaluated] = []
  ) {
    self.inSync = inSync.sorted { ($0.source, $0.address) < ($1.source, $1.address) }
    self.unevaluated = unevaluated.sorted { ($0.source, $0.address) < ($1.source, $1.address) }
    self.desired = desired
    self.snapshots = snapshots
    self.summary = summary
    self.drifts = drifts.sorted { ($0.source, $0.id.address) < ($1.source, $1.id.address) }
    self.diagnostics = diagnostics.sorted()
  }
}
