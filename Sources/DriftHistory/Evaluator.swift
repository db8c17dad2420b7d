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
  }

  /// What a verdict depends on: the desired blob in force, the live blob and the
  /// configuration; two snapshots with the same inputs have the same verdict.
  public func inputs(of address: String, in snapshot: Snapshot) throws(HistoryError) -> [ObjectID?]
  {
    guard let index = history.index(inForceAt: snapshot.capturedAt) else { return [] }
    let commit = history.headers[index]
    let liveBlob = try store.blob(of: address, in: snapshot)
    let configurationBlob = try git { () throws(GitError) in
      try history.repository.entry(atPath: ".drift.yml", inCommit: commit.tree)?.id
    }
    guard let configuration = try history.configuration(at: commit),
      let sourceConfiguration = configuration.source(named: source)
    else { return [nil, liveBlob, configurationBlob] }
    let desired = try history.record(
      of: address, source: sourceConfiguration, at: commit, hint: hint)
    if let desired { hint = desired }
    return [desired?.blob, liveBlob, configurationBlob]
  }

  /// The state of `address` (or of its attribute `pointer`) in `snapshot`.
  public func verdict(
    of address: String, pointer: FieldPath? = nil, in snapshot: Snapshot
  ) throws(HistoryError) -> Verdict {
    guard let index = history.index(inForceAt: snapshot.capturedAt) else {
      return Verdict(snapshot: snapshot, state: .unknown("no desired commit before this snapshot"))
    }
    let header = history.headers[index]
    let commit = try history.commit(at: index)
    guard let configuration = try history.configuration(at: header),
      let sourceConfiguration = configuration.source(named: source)
    else {
      return Verdict(
        snapshot: snapshot, commit: commit, state: .unknown("no source '\(source)' in .drift.yml"))
    }
    let desired = try history.record(
      of: address, source: sourceConfiguration, at: header, hint: hint)
    if let desired { hint = desired }
    let liveBlob = try store.blob(of: address, in: snapshot)
    let live = try liveBlob.map { (blob) throws(HistoryError) in
      try store.resource(address: address, blob: blob)
    }
    let configurationBlob = try git { () throws(GitError) in
      try history.repository.entry(atPath: ".drift.yml", inCommit: header.tree)?.id
    }
    let key = Key(desired: desired?.blob, live: liveBlob, configuration: configurationBlob)
    var state: ResourceState
    if let cached = verdicts[key] {
      state = cached
    } else {
      state = compare(
        desired?.resource, live, configuration: configuration, source: sourceConfiguration)
      verdicts[key] = state
      comparisons += 1
    }
    if let pointer { state = Self.narrow(state, to: pointer) }
    return Verdict(snapshot: snapshot, commit: commit, state: state, live: live, desired: desired)
  }

  private func compare(
    _ desired: Resource?, _ live: Resource?, configuration: Configuration,
    source: SourceConfiguration
  ) -> ResourceState {
    switch (desired, live) {
    case (nil, nil): return .absent
    case (_?, nil): return .missing
    case (nil, _?): return .unmanaged
    case (let desired?, let live?):
      let differ = Differ(
        source: source.name, rules: KubernetesRules(),
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
