public import DriftModel
public import Foundation
import Git

/// Every transition of one resource (or attribute) between in-sync and drifted, over all
/// snapshots of its source, oldest first.
public struct Timeline: Sendable {
  /// A snapshot where the state differs from the one before (the first snapshot always counts).
  public struct Transition: Sendable {
    /// The state before, nil for the first snapshot.
    public var from: ResourceState?
    /// The first observation in the new state.
    public var verdict: Evaluator.Verdict
    /// The last observation in the state before, nil for the first snapshot: the change
    /// happened between it and ``verdict`` (the window).
    public var lastBefore: Snapshot?
    /// The last observation in the new state.
    public var lastObserved: Snapshot
    /// The first observation in the state after, nil while the state lasts.
    public var next: Snapshot?

    /// The window in which the state changed: the last observation in the old state and the
    /// first in the new one; nil for the first snapshot.
    public var window: Window? {
      lastBefore.map { Window(from: $0, to: verdict.snapshot) }
    }

    /// How long the new state lasted, in seconds: from its first observation to the first
    /// observation in the next state, or to the latest observation while it lasts.
    public var duration: TimeInterval {
      (next ?? lastObserved).capturedAt.timeIntervalSince(verdict.snapshot.capturedAt)
    }

    /// Whether the state still holds in the latest observation.
    public var ongoing: Bool { next == nil }
  }

  public var address: String
  public var pointer: FieldPath?
  public var verdicts: [Evaluator.Verdict]

  /// The snapshots where something changed.
  public var transitions: [Transition] {
    var result: [Transition] = []
    var previous: ResourceState?
    for verdict in verdicts {
      if let previous, previous.sameOutcome(as: verdict.state) {
        result[result.count - 1].lastObserved = verdict.snapshot
        continue
      }
      if !result.isEmpty { result[result.count - 1].next = verdict.snapshot }
      result.append(
        Transition(
          from: previous, verdict: verdict, lastBefore: result.last?.lastObserved,
          lastObserved: verdict.snapshot))
      previous = verdict.state
    }
    return result
  }

  /// Judges `address` in every snapshot of the evaluator's source.
  ///
  /// - Parameter progress: called after each snapshot with how many are judged so far.
  public static func build(
    address: String, pointer: FieldPath?, snapshots: [Snapshot], evaluator: Evaluator,
    progress: ((Int) -> Void)? = nil
  ) throws(HistoryError) -> Timeline {
    var verdicts: [Evaluator.Verdict] = []
    verdicts.reserveCapacity(snapshots.count)
    var previous: (tree: ObjectID, age: Int?)?
    for snapshot in snapshots {
      // An unchanged observation (the tree before) under the same desired commit has the
      // verdict before: most observations are such repeats.
      let age = try evaluator.history.age(inForceAt: snapshot.capturedAt)
      if let previous, previous.tree == snapshot.tree, previous.age == age,
        var verdict = verdicts.last
      {
        verdict.snapshot = snapshot
        verdicts.append(verdict)
      } else {
        verdicts.append(try evaluator.verdict(of: address, pointer: pointer, in: snapshot))
      }
      previous = (snapshot.tree, age)
      progress?(verdicts.count)
    }
    return Timeline(address: address, pointer: pointer, verdicts: verdicts)
  }
}

/// When a state changed: between the last observation in the old state and the first in the
/// new one.
public struct Window: Sendable, Hashable {
  /// The last observation in the old state.
  public var from: Snapshot
  /// The first observation in the new state.
  public var to: Snapshot

  /// Creates a window.
  public init(from: Snapshot, to: Snapshot) {
    self.from = from
    self.to = to
  }

  /// Its width, in seconds.
  public var width: TimeInterval { to.capturedAt.timeIntervalSince(from.capturedAt) }
}

/// The start of the current drift episode of one resource or attribute.
public struct Episode: Sendable {
  /// The first drifted snapshot of the current episode.
  public var firstDrifted: Evaluator.Verdict
  /// The snapshot before it (in sync), nil when the resource was never in sync.
  public var lastClean: Evaluator.Verdict?
  /// How many snapshots had to be compared to find it (the others had the same blobs as a
  /// compared neighbour).
  public var evaluations: Int
  /// The latest observation, in which the drift still holds.
  public var latest: Snapshot

  /// The window in which the drift began; nil when it was never in sync.
  public var window: Window? {
    lastClean.map { Window(from: $0.snapshot, to: firstDrifted.snapshot) }
  }

  /// How long it has lasted, in seconds: from the first drifted observation to the latest.
  public var duration: TimeInterval {
    latest.capturedAt.timeIntervalSince(firstDrifted.snapshot.capturedAt)
  }

  /// Finds the episode by bisection over `snapshots` (oldest first); nil when the latest
  /// snapshot is not drifted.
  ///
  /// - Parameter progress: called after each snapshot judged, with how many are judged so far.
  public static func find(
    address: String, pointer: FieldPath?, snapshots: [Snapshot], evaluator: Evaluator,
    progress: ((Int) -> Void)? = nil
  ) throws(HistoryError) -> Episode? {
    var cache: [Int: Evaluator.Verdict] = [:]
    var inputs: [Int: [ObjectID?]] = [:]
    func inputsOf(_ index: Int) throws(HistoryError) -> [ObjectID?] {
      if let known = inputs[index] { return known }
      let found = try evaluator.inputs(of: address, in: snapshots[index])
      inputs[index] = found
      return found
    }
    let before = evaluator.comparisons
    func verdict(_ index: Int) throws(HistoryError) -> Evaluator.Verdict {
      if let known = cache[index] { return known }
      let found = try evaluator.verdict(of: address, pointer: pointer, in: snapshots[index])
      cache[index] = found
      progress?(cache.count)
      return found
    }
    let first = try Bisection.firstOfFinalRun(
      count: snapshots.count,
      isBad: { (index) throws(HistoryError) in try verdict(index).state.isDrift },
      unchanged: { (index) throws(HistoryError) in
        guard index > 0 else { return false }
        let current = try inputsOf(index)
        let previous = try inputsOf(index - 1)
        return !current.isEmpty && current == previous
      })
    guard let first, let latest = snapshots.last else { return nil }
    let firstDrifted = try verdict(first)
    let lastClean = first > 0 ? try verdict(first - 1) : nil
    return Episode(
      firstDrifted: firstDrifted, lastClean: lastClean,
      evaluations: evaluator.comparisons - before, latest: latest)
  }
}
