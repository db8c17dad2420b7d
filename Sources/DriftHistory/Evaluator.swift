import DriftDiff
public import DriftModel
import Foundation
public import Git

/// Judges one resource in one snapshot against the desired state in force when it was
/// captured, caching every verdict by object ids (desired blob x snapshot resource blob), so a
/// long timeline reads and compares each distinct pair once.
public final class Evaluator {
  public let store: SnapshotStore
  public let history: DesiredHistory
  public let source: String
  let today: CalendarDate
  private var verdicts: [Key: ResourceState] = [:]
  /// How many comparisons were made (verdicts not found in the cache).
  public private(set) var comparisons = 0
  private var hint: DesiredHistory.Record?

  private struct Key: Hashable {
    var desired: ObjectID?
    var live: ObjectID?
    var configuration: ObjectID?
  }

  /// Creates an evaluator for one source.
  public init(store: SnapshotStore, history: DesiredHistory, source: String, today: CalendarDate) {
    self.store = store
    self.history = history
    self.source = source
    self.today = today
  }

  /// One resource in one snapshot.
  public struct Verdict: Sendable {
    public var snapshot: Snapshot
    /// The desired commit in force at capture time.
    public var commit: Commit?
    public var state: ResourceState
    /// The live resource, when it was live.
    public var live: Resource?
    /// The desired resource, when it was desired.
    public var desired: DesiredHistory.Record?
    /// Why the commit is not the one in force: the snapshot was captured before the first
    /// commit that configures the source, and is judged with that commit.
    public var note: String?
  }

  /// What a verdict is computed from, looked up once per snapshot.
  private struct Lookup {
    /// The age of the desired commit in force (see ``DesiredHistory``).
    var age: Int
    var configuration: (blob: ObjectID, configuration: Configuration, source: SourceConfiguration)?
    var desired: DesiredHistory.Record?
    var rules: (any ComparisonRules)?
    var unknown: String?
    var liveBlob: ObjectID?
    /// Set when the commit is the first that configures the source, not the one in force.
    var note: String?

    var key: Key { Key(desired: desired?.blob, live: liveBlob, configuration: configuration?.blob) }
  }

  /// The first commit younger than `age` (or the root, when `age` is nil) whose
  /// configuration has the source, by age; looked up once per starting age.
  private var configuring: [Int: Int?] = [:]
  /// The age of the root commit, once read.
  private var oldestAge: Int?

  private func firstConfiguring(after age: Int?) throws(HistoryError) -> Int? {
    var start: Int
    if let age {
      start = age
    } else {
      // Before the root: from the oldest commit, unless the clone is shallow (the commit in
      // force is then unknown, not absent).
      if oldestAge == nil {
        var oldest = 0
        while try history.header(age: oldest + 1) != nil { oldest += 1 }
        oldestAge = oldest
      }
      guard let oldestAge, !history.isTruncated, try history.header(age: oldestAge) != nil
      else { return nil }
      start = oldestAge
    }
    if let known = configuring[start] { return known }
    var found: Int?
    var candidate = start
    while candidate >= 0 {
      if let header = try history.header(age: candidate),
        let (_, configuration) = try history.configuration(at: header),
        configuration.source(named: source) != nil
      {
        found = candidate
        break
      }
      candidate -= 1
    }
    configuring[start] = found
    return found
  }

  private func lookup(_ address: String, in snapshot: Snapshot) throws(HistoryError) -> Lookup? {
    var age = try history.age(inForceAt: snapshot.capturedAt)
    var note: String?
    let configuresInForce = try configured(age)
    if !configuresInForce, let first = try firstConfiguring(after: age), first != age,
      let header = try history.header(age: first)
    {
      note =
        "captured before \(header.id.short), the first commit that configures '\(source)': "
        + "judged with it"
      age = first
    }
    guard let age, let header = try history.header(age: age) else { return nil }
    var found = Lookup(age: age)
    found.note = note
    guard let (blob, configuration) = try history.configuration(at: header),
      let sourceConfiguration = configuration.source(named: source)
    else {
      found.liveBlob = try store.blob(of: address, in: snapshot)
      return found
    }
    found.configuration = (blob, configuration, sourceConfiguration)
    let desired = try history.desired(
      of: address, source: sourceConfiguration, at: header,
      live: .snapshot(snapshot, in: store), hint: hint)
    found.desired = desired.record
    found.rules = desired.rules
    found.unknown = desired.unknown
    if let record = desired.record { hint = record }
    for candidate in desired.liveAddresses {
      found.liveBlob = try store.blob(of: candidate, in: snapshot)
      if found.liveBlob != nil { break }
    }
    return found
  }

  /// Whether the commit of `age` configures the source (false when there is no such commit).
  private func configured(_ age: Int?) throws(HistoryError) -> Bool {
    guard let age, let header = try history.header(age: age),
      let (_, configuration) = try history.configuration(at: header)
    else { return false }
    return configuration.source(named: source) != nil
  }

  /// What a verdict depends on: the desired blob in force, the live blob and the
  /// configuration; two snapshots with the same inputs have the same verdict.
  public func inputs(of address: String, in snapshot: Snapshot) throws(HistoryError) -> [ObjectID?]
  {
    guard let found = try lookup(address, in: snapshot), found.unknown == nil else { return [] }
    return [found.desired?.blob, found.liveBlob, found.configuration?.blob]
  }

  /// The state of `address` (or of its attribute `pointer`) in `snapshot`.
  public func verdict(
    of address: String, pointer: FieldPath? = nil, in snapshot: Snapshot
  ) throws(HistoryError) -> Verdict {
    guard let found = try lookup(address, in: snapshot) else {
      return Verdict(snapshot: snapshot, state: .unknown("no desired commit before this snapshot"))
    }
    let commit = try history.commit(age: found.age)
    guard let configuration = found.configuration, let rules = found.rules else {
      return Verdict(
        snapshot: snapshot, commit: commit, state: .unknown("no source '\(source)' in .drift.yml"))
    }
    if let unknown = found.unknown {
      return Verdict(snapshot: snapshot, commit: commit, state: .unknown(unknown), note: found.note)
    }
    let live = try found.liveBlob.map { (blob) throws(HistoryError) in
      try store.resource(address: address, blob: blob)
    }
    var state: ResourceState
    if let cached = verdicts[found.key] {
      state = cached
    } else {
      state = compare(
        found.desired?.resource, live, rules: rules, configuration: configuration.configuration,
        source: configuration.source)
      verdicts[found.key] = state
      comparisons += 1
    }
    if let pointer { state = Self.narrow(state, to: pointer) }
    return Verdict(
      snapshot: snapshot, commit: commit, state: state, live: live, desired: found.desired,
      note: found.note)
  }

  private func compare(
    _ desired: Resource?, _ live: Resource?, rules: any ComparisonRules,
    configuration: Configuration, source: SourceConfiguration
  ) -> ResourceState {
    switch (desired, live) {
    case (nil, nil): return .absent
    case (_?, nil): return .missing
    case (nil, _?): return .unmanaged
    case (let desired?, let live?):
      let differ = Differ(
        source: source.name, rules: rules,
        managers: ManagerClassification(deployers: source.deployers),
        ignore: IgnoreMatcher(
          configuration.ignore.map { IgnoreMatcher.Entry(rule: $0) }, today: today),
        severity: SeverityRules(policies: configuration.policies))
      let analysis = differ.compare(desired: [desired.id.address: desired], live: [live])
      guard let drift = analysis.drifts.first else { return .inSync }
      return .drifted(drift.changes)
    }
  }

  /// The state of one attribute: drifted only when a change touches the pointer.
  static func narrow(_ state: ResourceState, to pointer: FieldPath) -> ResourceState {
    guard case .drifted(let changes) = state else { return state }
    let touching = changes.filter { $0.path.hasPrefix(pointer) || pointer.hasPrefix($0.path) }
    return touching.isEmpty ? .inSync : .drifted(touching)
  }
}
