public import DriftModel

/// What a judgement that found a live resource in sync says, as a later check may reuse it.
///
/// It is a function of the live resource, the desired resource compared and the differ's
/// configuration alone: in sync is decided before claims of other resources are applied (they
/// only take changes away), so a check that knows those three inputs are unchanged may stand
/// this in for a comparison. A judgement that found drift is never settled: it is compared
/// again, since its changes carry values and provenance that are worked out per run.
public struct SettledVerdict: Sendable, Equatable {
  /// What the comparison counted on its own (changes ignore rules covered).
  public var counts: DriftReport.Summary
  /// Secret values that could not be compared, by the reason.
  public var notComparable: [String: Int]
  /// The address of the desired resource compared, when it is not the live address.
  public var matched: String?
  /// Fields of other resources the live resource takes charge of.
  public var claims: [Claim]
  /// Whether the desired resource was compared without knowing who wrote which live field.
  public var unattributed: Bool

  /// Creates a settled verdict.
  public init(
    counts: DriftReport.Summary, notComparable: [String: Int], matched: String?,
    claims: [Claim], unattributed: Bool
  ) {
    self.counts = counts
    self.notComparable = notComparable
    self.matched = matched
    self.claims = claims
    self.unattributed = unattributed
  }
}

extension Differ.Judgement {
  /// The reusable part of this judgement: nil unless it compared the live resource with a
  /// desired one and found it in sync.
  public var settled: SettledVerdict? {
    guard let verdict, verdict.drift == nil, owner == nil else { return nil }
    return SettledVerdict(
      counts: verdict.counts, notComparable: verdict.notComparable, matched: matched,
      claims: claims, unattributed: unattributed)
  }

  /// The judgement `settled` stands for, of the live resource `id`.
  public init(id: ResourceID, settled: SettledVerdict) {
    self.init(
      id: id,
      verdict: Differ.Verdict(
        drift: nil, counts: settled.counts, notComparable: settled.notComparable),
      resource: nil, matched: settled.matched, claims: settled.claims,
      unattributed: settled.unattributed)
  }
}
