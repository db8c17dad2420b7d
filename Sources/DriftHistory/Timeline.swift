public import DriftModel
import Git

/// Every transition of one resource (or attribute) between in-sync and drifted, over all
/// snapshots of its source, oldest first.
public struct Timeline: Sendable {
  /// A snapshot where the state differs from the one before (the first snapshot always counts).
  public struct Transition: Sendable {
    /// The state before, nil for the first snapshot.
    public var from: ResourceState?
    public var verdict: Evaluator.Verdict
  }

  public var address: String
  public var pointer: FieldPath?
  public var verdicts: [Evaluator.Verdict]

  /// The snapshots where something changed.
  public var transitions: [Transition] {
    var result: [Transition] = []
    var previous: ResourceState?
    for verdict in verdicts {
      if let previous, previous.sameOutcome(as: verdict.state) { continue }
      result.append(Transition(from: previous, verdict: verdict))
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
    for snapshot in snapshots {
      verdicts.append(try evaluator.verdict(of: address, pointer: pointer, in: snapshot))
      progress?(verdicts.count)
    }
    return Timeline(address: address, pointer: pointer, verdicts: verdicts)
  }
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
    guard let first else { return nil }
    let firstDrifted = try verdict(first)
    let lastClean = first > 0 ? try verdict(first - 1) : nil
    return Episode(
      firstDrifted: firstDrifted, lastClean: lastClean,
      evaluations: evaluator.comparisons - before)
  }
}
