public import DriftModel

/// Compares a source's desired resources with its live ones: match by address, normalise,
/// compare, classify as modified / missing / unmanaged, then apply ignore rules and severity.
public struct Differ: Sendable {
  public var source: String
  public var rules: any ComparisonRules
  public var managers: ManagerClassification
  public var ignore: IgnoreMatcher
  public var severity: SeverityRules

  /// Creates a differ for one source.
  public init(
    source: String, rules: any ComparisonRules, managers: ManagerClassification,
    ignore: IgnoreMatcher, severity: SeverityRules
  ) {
    self.source = source
    self.rules = rules
    self.managers = managers
    self.ignore = ignore
    self.severity = severity
  }

  /// What one comparison found.
  public struct Analysis: Sendable {
    public var drifts: [Drift]
    public var summary: DriftReport.Summary
    /// The resources found in sync.
    public var inSync: [ResourceID] = []
  }

  /// Indexes desired resources by address.
  ///
  /// - Throws: `DriftError` naming both places when an address is declared twice.
  public static func index(desired: [Resource]) throws(DriftError) -> [String: Resource] {
    var index: [String: Resource] = [:]
    index.reserveCapacity(desired.count)
    for resource in desired {
      if let first = index[resource.id.address] {
        let firstPlace = first.location?.description ?? "another file"
        throw DriftError(
          "\(resource.id.address) is declared twice (first at \(firstPlace))", at: resource.location
        )
      }
      index[resource.id.address] = resource
    }
    return index
  }

  /// Compares the two states; output is sorted by address.
  public func compare(desired: [String: Resource], live: [Resource]) -> Analysis {
    compare(desired: desired, live: live) { count, body in (0..<count).map(body) }
  }

  /// What the comparison of one live resource found.
  public struct Verdict: Sendable {
    fileprivate var drift: Drift?
    /// What the comparison counted on its own, such as changes ignore rules covered.
    fileprivate var counts = DriftReport.Summary()
  }

  /// One live resource, judged on its own: what `compare(desired:judged:)` assembles.
  public struct Judgement: Sendable {
    /// The live resource's identity.
    public var id: ResourceID
    /// nil when ignore rules leave the whole resource out.
    fileprivate var verdict: Verdict?
    /// The live resource, kept when it drifted.
    public var resource: Resource?
  }

  /// Compares one live resource with its desired counterpart in `desired`.
  ///
  /// Judgements are independent of each other, so a reader may judge each live object as soon
  /// as it is read, on any core, and let it go unless it drifted.
  public func judge(_ live: Resource, desired: [String: Resource]) -> Judgement {
    guard !ignore.ignoresResource(live.id.address) else {
      return Judgement(id: live.id, verdict: nil, resource: nil)
    }
    let verdict = verdict(of: live, desired: desired)
    return Judgement(id: live.id, verdict: verdict, resource: verdict.drift == nil ? nil : live)
  }

  /// Compares the two states, each live resource through `map`; output is sorted by address.
  ///
  /// - Parameter map: applies its function to every index below its count and returns the
  ///   results in index order; the comparisons are independent, so it may run them on all
  ///   cores.
  public func compare(
    desired: [String: Resource], live: [Resource],
    map: (Int, @escaping @Sendable (Int) -> Judgement) -> [Judgement]
  ) -> Analysis {
    let judged = map(live.count) { [self, live] index in judge(live[index], desired: desired) }
    return compare(desired: desired, judged: judged)
  }

  /// Assembles judgements of the live resources, in export order, with the desired resources
  /// no live one matched.
  ///
  /// The first live resource of an address wins. Output is sorted by address.
  public func compare(desired: [String: Resource], judged: [Judgement]) -> Analysis {
    var summary = DriftReport.Summary()
    var drifts: [Drift] = []
    var seen = Set<String>()
    var inSync: [ResourceID] = []
    seen.reserveCapacity(judged.count)
    for judgement in judged {
      guard seen.insert(judgement.id.address).inserted else { continue }
      guard let verdict = judgement.verdict else {
        summary.ignored += 1
        continue
      }
      summary.resources += 1
      summary.add(verdict.counts)
      guard let drift = verdict.drift else {
        summary.inSync += 1
        inSync.append(judgement.id)
        continue
      }
      if drift.kind == .unmanaged { summary.unmanaged += 1 } else { summary.modified += 1 }
      drifts.append(drift)
    }
    for (address, resource) in desired where !seen.contains(address) {
      if ignore.ignoresResource(address) {
        summary.ignored += 1
        continue
      }
      summary.resources += 1
      summary.missing += 1
      let rating = severity.rate(.missing, changes: [], in: resource.id)
      drifts.append(
        Drift(
          kind: .missing, source: source, id: resource.id, location: resource.location,
          severity: rating.severity, csf: rating.csf))
    }
    drifts.sort { $0.id.address < $1.id.address }
    return Analysis(drifts: drifts, summary: summary, inSync: inSync)
  }

  private func verdict(of liveResource: Resource, desired: [String: Resource]) -> Verdict {
    let normalized = rules.normalize(live: liveResource)
    guard let desiredResource = desired[liveResource.id.address] else {
      let rating = severity.rate(.unmanaged, changes: [], in: liveResource.id)
      return Verdict(
        drift: Drift(
          kind: .unmanaged, source: source, id: liveResource.id, location: nil,
          severity: rating.severity, csf: rating.csf, actor: normalized.creator))
    }
    var counts = DriftReport.Summary()
    let drift = modified(desiredResource, normalized, summary: &counts)
    return Verdict(drift: drift, counts: counts)
  }

  private func modified(
    _ desired: Resource, _ live: NormalizedLive, summary: inout DriftReport.Summary
  ) -> Drift? {
    var comparator = Comparator(
      rules: rules, desired: rules.normalize(desired: desired), live: live, managers: managers)
    comparator.run()
    guard !comparator.changes.isEmpty else { return nil }
    let annotationPaths = rules.ignoredPaths(of: desired)
    var changes: [Change] = []
    for var change in comparator.changes {
      if ignore.ignores(change, of: desired.id.address, annotationPaths: annotationPaths) {
        summary.ignored += 1
        continue
      }
      let rating = severity.rate(change, in: desired.id)
      change.severity = rating.severity
      change.csf = rating.csf
      change.rule = rating.rule
      changes.append(change)
    }
    guard !changes.isEmpty else { return nil }
    changes.sort { $0.path < $1.path }
    let actor = changes.compactMap(\.actor).max { ($0.time ?? "") < ($1.time ?? "") }
    let rating = severity.rate(.modified, changes: changes, in: desired.id)
    return Drift(
      kind: .modified, source: source, id: desired.id, location: desired.location,
      severity: rating.severity, csf: rating.csf, changes: changes, actor: actor)
  }
}
