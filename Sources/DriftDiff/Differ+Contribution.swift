public import DriftModel

extension Differ {
  /// What one live resource's judgement adds to the analysis of ``compare(desired:judged:)``,
  /// when that is the same whatever the other live resources are: so that a report may be
  /// patched for a resource whose live state changed, by taking out what its old judgement
  /// added and putting in what its new one adds.
  public struct Contribution: Sendable {
    /// The counts it adds.
    public var summary: DriftReport.Summary
    /// Its drift, as the analysis lists it (before provenance and owners).
    public var drift: Drift?
    /// Whether the analysis lists it in sync.
    public var inSync: Bool
    /// Whether it counts in the export survey as compared, and as compared without knowing
    /// who wrote which field: while both stay the same, so do the export's scope and the
    /// desired resources found not exported or missing.
    public var compared: Bool
    public var unattributed: Bool
  }

  /// The contribution of `judgement` to a comparison with `desired`, or nil when it depends on
  /// other resources: a live resource matched through a counterpart, one the desired state
  /// does not declare (unmanaged or the cluster's), one that claims fields of others or whose
  /// fields `claimed` says others claim, and one with secrets that could not be compared (a
  /// warning counts them over the whole export).
  public func contribution(
    of judgement: Judgement, desired: [String: Resource], claimed: Set<String>
  ) -> Contribution? {
    guard let verdict = judgement.verdict else {
      var summary = DriftReport.Summary()
      summary.ignored = 1
      return Contribution(
        summary: summary, drift: nil, inSync: false, compared: false, unattributed: false)
    }
    let address = judgement.id.address
    guard judgement.matched == nil, judgement.owner == nil, judgement.claims.isEmpty,
      verdict.notComparable.isEmpty, desired[address] != nil, !claimed.contains(address),
      verdict.drift.map({ $0.kind == .modified }) ?? true
    else { return nil }
    var summary = DriftReport.Summary()
    summary.resources = 1
    summary.add(verdict.counts)
    if verdict.drift == nil { summary.inSync = 1 } else { summary.modified = 1 }
    return Contribution(
      summary: summary, drift: verdict.drift, inSync: verdict.drift == nil, compared: true,
      unattributed: judgement.unattributed)
  }
}
