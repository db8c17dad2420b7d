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
    /// Whether it was compared with the desired resource at its address: that one is seen,
    /// not missing.
    public var compared: Bool
    /// Whether it was compared without knowing who wrote which field (the export's survey
    /// counts those).
    public var unattributed: Bool
    /// The object the cluster made it for, whose existence decided whether it is the
    /// cluster's.
    public var ownerObject: String?
    /// Whether it adds no counts of its own (changes ignore rules covered): then the report
    /// alone says what it added (see ``PatchFacts/irregular``).
    public var regular = true

    /// What a live resource that is not ``PatchFacts/irregular`` added, as the report lists
    /// it: `drift` when modified or unmanaged, `inSync`, or neither (the cluster's).
    public init(listed drift: DriftKind?, inSync: Bool, unattributed: Bool) {
      summary = DriftReport.Summary()
      compared = inSync || drift == .modified
      switch drift {
      case .modified: summary.modified = 1
      case .unmanaged: summary.unmanaged = 1
      default: if inSync { summary.inSync = 1 } else { summary.clusterOwned = 1 }
      }
      if summary.clusterOwned == 0 { summary.resources = 1 }
      self.drift = nil
      self.inSync = inSync
      self.unattributed = compared && unattributed
    }

    init(
      summary: DriftReport.Summary, drift: Drift?, inSync: Bool, compared: Bool,
      unattributed: Bool, ownerObject: String? = nil, regular: Bool = true
    ) {
      self.summary = summary
      self.drift = drift
      self.inSync = inSync
      self.compared = compared
      self.unattributed = unattributed
      self.ownerObject = ownerObject
      self.regular = regular
    }
  }

  /// The contribution of `judgement` to a comparison with `desired`, or nil when it depends on
  /// other resources: a live resource matched through a counterpart, one that claims fields of
  /// others or whose fields `claimed` says others claim, one with secrets that could not be
  /// compared (a warning counts them over the whole export), and one the cluster made for
  /// another object or namespace, unless `ownerExists` says whether that object is live or
  /// desired.
  ///
  /// `desired` must hold the desired resource at the judgement's address, if there is one.
  public func contribution(
    of judgement: Judgement, desired: [String: Resource], claimed: Set<String>,
    ownerExists: (String) -> Bool? = { _ in nil }
  ) -> Contribution? {
    guard let verdict = judgement.verdict else {
      var summary = DriftReport.Summary()
      summary.ignored = 1
      return Contribution(
        summary: summary, drift: nil, inSync: false, compared: false, unattributed: false)
    }
    let address = judgement.id.address
    guard judgement.matched == nil, judgement.claims.isEmpty, verdict.notComparable.isEmpty,
      !claimed.contains(address)
    else { return nil }
    var summary = DriftReport.Summary()
    if verdict.drift?.kind == .unmanaged {
      guard desired[address] == nil else { return nil }
      switch judgement.owner {
      case nil: break
      case .cluster:
        summary.clusterOwned = 1
        return Contribution(
          summary: summary, drift: nil, inSync: false, compared: false, unattributed: false)
      case .object(let owner):
        guard let exists = ownerExists(owner) else { return nil }
        if exists {
          summary.clusterOwned = 1
          return Contribution(
            summary: summary, drift: nil, inSync: false, compared: false, unattributed: false,
            ownerObject: owner)
        }
      case .namespace: return nil
      }
      summary.resources = 1
      summary.add(verdict.counts)
      summary.unmanaged = 1
      var owner: String?
      if case .object(let address) = judgement.owner { owner = address }
      return Contribution(
        summary: summary, drift: verdict.drift, inSync: false, compared: false,
        unattributed: false, ownerObject: owner, regular: verdict.counts == DriftReport.Summary())
    }
    guard desired[address] != nil else { return nil }
    summary.resources = 1
    summary.add(verdict.counts)
    if verdict.drift == nil { summary.inSync = 1 } else { summary.modified = 1 }
    return Contribution(
      summary: summary, drift: verdict.drift, inSync: verdict.drift == nil, compared: true,
      unattributed: judgement.unattributed, regular: verdict.counts == DriftReport.Summary())
  }

  /// What `desired`, seen by no live resource, adds to the analysis of an export whose scope
  /// covers it: missing.
  public func missingContribution(_ desired: Resource) -> Contribution {
    var summary = DriftReport.Summary()
    summary.resources = 1
    summary.missing = 1
    return Contribution(
      summary: summary, drift: missing(desired), inSync: false, compared: false,
      unattributed: false)
  }

  /// The missing drift of `desired`.
  func missing(_ desired: Resource) -> Drift {
    let rating = severity.rate(.missing, changes: [], in: desired.id)
    return Drift(
      kind: .missing, source: source, id: desired.id, location: desired.location,
      severity: rating.severity, csf: rating.csf)
  }

  /// What a patch of an analysis of `judged` (in export order) needs to know of the judgements
  /// it does not read again.
  public struct PatchFacts: Sendable {
    /// The desired addresses some live resource was matched with through a counterpart.
    public var counterpartMatched: Set<String> = []
    /// The addresses of objects some live resource was made by the cluster for.
    public var ownerObjects: Set<String> = []
    /// How many live resources carry each of ``ComparisonRules/scopeKeys(of:)``; nil when the
    /// rules do not say.
    public var scopeKeys: [String: Int]? = [:]
    /// The live resources, compared ones, and unattributed ones among those, as the export's
    /// survey counts them.
    public var live = 0
    public var compared = 0
    public var unattributed = 0
    /// The live addresses whose contribution the report alone does not say.
    ///
    /// Those that claim fields, have secrets not compared, were matched through a
    /// counterpart, or count changes ignore rules covered. Of every other live resource, the
    /// report's listing says it: in sync, modified or unmanaged as listed, the cluster's when
    /// not listed.
    public var irregular: Set<String> = []
    /// Whether most compared resources are unattributed; ``unattributedExceptions`` are the
    /// compared addresses that are not as most are.
    public var mostlyUnattributed = false
    public var unattributedExceptions: Set<String> = []
  }

  /// The facts of ``PatchFacts`` about `judged`, first judgement of each address only, as
  /// ``compare(desired:judged:)`` reads them.
  public func patchFacts(of judged: [Judgement]) -> PatchFacts {
    var facts = PatchFacts()
    var seen = Set<String>()
    seen.reserveCapacity(judged.count)
    for judgement in judged where seen.insert(judgement.id.address).inserted {
      facts.live += 1
      if let matched = judgement.matched { facts.counterpartMatched.insert(matched) }
      if case .object(let owner) = judgement.owner { facts.ownerObjects.insert(owner) }
      if let keys = rules.scopeKeys(of: judgement.id) {
        for key in keys { facts.scopeKeys?[key, default: 0] += 1 }
      } else {
        facts.scopeKeys = nil
      }
      guard let verdict = judgement.verdict else { continue }
      if !judgement.claims.isEmpty || !verdict.notComparable.isEmpty || judgement.matched != nil
        || verdict.counts != DriftReport.Summary()
      {
        facts.irregular.insert(judgement.id.address)
      }
      guard verdict.drift?.kind != .unmanaged else { continue }
      facts.compared += 1
      if judgement.unattributed {
        facts.unattributed += 1
        facts.unattributedExceptions.insert(judgement.id.address)
      }
    }
    if facts.unattributed * 2 > facts.compared {
      // Of an export without managedFields, the few attributed ones are kept.
      facts.mostlyUnattributed = true
      var attributed = Set<String>()
      seen.removeAll(keepingCapacity: true)
      for judgement in judged where seen.insert(judgement.id.address).inserted {
        guard let verdict = judgement.verdict, verdict.drift?.kind != .unmanaged,
          !judgement.unattributed
        else { continue }
        attributed.insert(judgement.id.address)
      }
      facts.unattributedExceptions = attributed
    }
    return facts
  }
}
