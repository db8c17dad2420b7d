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
    /// What the comparison tells about the export as a whole (not exported kinds, claimed
    /// fields, missing field ownership).
    public var diagnostics: [Diagnostic] = []
    /// The addresses of resources some of whose fields a claim took out of the comparison.
    public var claimed: Set<String> = []
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
    var drift: Drift?
    /// What the comparison counted on its own, such as changes ignore rules covered.
    var counts = DriftReport.Summary()
    /// Secrets that could not be compared, by the reason (see `Comparator.notComparable`).
    var notComparable: [String: Int] = [:]
  }

  /// One live resource, judged on its own: what `compare(desired:judged:)` assembles.
  public struct Judgement: Sendable {
    /// The live resource's identity.
    public var id: ResourceID
    /// nil when ignore rules leave the whole resource out.
    var verdict: Verdict?
    /// The live resource, kept when it drifted.
    public var resource: Resource?
    /// The address of the desired resource compared, when it is not the live address.
    var matched: String?
    /// Why the cluster owns the resource, for one the desired state does not declare.
    var owner: ClusterOwner?
    /// Fields of other resources the live resource takes charge of.
    var claims: [Claim] = []
    /// Whether a desired resource was compared without knowing who wrote which live field.
    var unattributed = false
  }

  /// Compares one live resource with its desired counterpart in `desired`.
  ///
  /// Judgements are independent of each other, so a reader may judge each live object as soon
  /// as it is read, on any core, and let it go unless it drifted.
  public func judge(_ live: Resource, desired: [String: Resource]) -> Judgement {
    guard !ignore.ignoresResource(live.id.address) else {
      return Judgement(id: live.id, verdict: nil, resource: nil)
    }
    let claims = rules.claims(of: live)
    let normalized = rules.normalize(live: live)
    let counterpart =
      desired[live.id.address] == nil ? rules.counterpart(of: live, in: desired) : nil
    guard let desiredResource = desired[live.id.address] ?? counterpart?.resource else {
      let owner = rules.clusterOwner(of: live)
      var judgement = Judgement(
        id: live.id, verdict: unmanaged(live, creator: normalized.creator), resource: live,
        owner: owner, claims: claims)
      if case .cluster = owner { judgement.resource = nil }
      return judgement
    }
    var counts = DriftReport.Summary()
    var notComparable: [String: Int] = [:]
    let drift = modified(
      desiredResource, normalized, summary: &counts, notComparable: &notComparable)
    return Judgement(
      id: live.id, verdict: Verdict(drift: drift, counts: counts, notComparable: notComparable),
      resource: drift == nil ? nil : live,
      matched: counterpart?.address
        ?? (desiredResource.id.address == live.id.address ? nil : desiredResource.id.address),
      claims: claims, unattributed: normalized.ownership == nil)
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
  /// The first live resource of an address wins. A live resource the cluster made is counted
  /// as cluster-owned, not unmanaged; fields another resource claims (an autoscaler's replicas)
  /// are not drift; a desired resource the export could not hold is not exported, not missing.
  /// Output is sorted by address.
  public func compare(desired: [String: Resource], judged: [Judgement]) -> Analysis {
    var summary = DriftReport.Summary()
    var drifts: [Drift] = []
    var seen = Set<String>()
    var inSync: [ResourceID] = []
    var firsts: [Judgement] = []
    seen.reserveCapacity(judged.count)
    firsts.reserveCapacity(judged.count)
    for judgement in judged where seen.insert(judgement.id.address).inserted {
      firsts.append(judgement)
    }
    let liveAddresses = seen
    var desiredNamespaces: Set<String>?
    // In claimant order: a dictionary's order differs from one instance to the next, and the
    // first claim on a field names the claimant in the report (two HPAs scaling one Deployment
    // named either, run by run).
    let desiredClaims = desired.values.flatMap(rules.claims).sorted {
      ($0.claimant, $0.address) < ($1.claimant, $1.address)
    }
    var claims = Claims(desiredClaims + firsts.flatMap(\.claims))
    var survey = ExportSurvey(live: firsts.map(\.id))
    var notComparable: [String: Int] = [:]
    for judgement in firsts {
      if let matched = judgement.matched { seen.insert(matched) }
      guard let verdict = judgement.verdict else {
        summary.ignored += 1
        continue
      }
      notComparable.merge(verdict.notComparable, uniquingKeysWith: +)
      if verdict.drift?.kind != .unmanaged {
        survey.compared += 1
        if judgement.unattributed { survey.unattributed += 1 }
      }
      if let owner = judgement.owner, verdict.drift?.kind == .unmanaged {
        switch owner {
        case .cluster:
          summary.clusterOwned += 1
          continue
        case .object(let address):
          if liveAddresses.contains(address) || desired[address] != nil {
            summary.clusterOwned += 1
            continue
          }
        case .namespace(let name):
          let namespaces =
            desiredNamespaces
            ?? Set(
              desired.keys.compactMap { address in
                let parts = address.split(separator: "/")
                return parts.count >= 3 ? String(parts[1]) : nil
              })
          desiredNamespaces = namespaces
          if namespaces.contains(name) {
            summary.clusterOwned += 1
            continue
          }
        }
      }
      summary.resources += 1
      summary.add(verdict.counts)
      guard let drift = verdict.drift.flatMap({ claims.apply(to: $0, severity: severity) })
      else {
        summary.ignored += verdict.drift?.changes.count ?? 0
        summary.inSync += 1
        inSync.append(judgement.id)
        continue
      }
      summary.ignored += (verdict.drift?.changes.count ?? 0) - drift.changes.count
      if drift.kind == .unmanaged { summary.unmanaged += 1 } else { summary.modified += 1 }
      drifts.append(drift)
    }
    let scope = rules.scope(of: survey, desired: desired)
    for (address, resource) in desired where !seen.contains(address) {
      if ignore.ignoresResource(address) {
        summary.ignored += 1
        continue
      }
      if scope.notExported.contains(address) {
        summary.notExported += 1
        continue
      }
      summary.resources += 1
      summary.missing += 1
      drifts.append(missing(resource))
    }
    drifts.sort { $0.id.address < $1.id.address }
    let diagnostics = (scope.diagnostics + claims.notes + Self.warnings(notComparable)).map {
      Diagnostic($0.level, "source '\(source)': " + $0.message, at: $0.location)
    }
    return Analysis(
      drifts: drifts, summary: summary, inSync: inSync, diagnostics: diagnostics,
      claimed: claims.addresses)
  }

  /// One warning per reason that secrets could not be compared: with another digest key the
  /// digests differ whatever the secrets are, so they are neither drift nor in sync.
  private static func warnings(_ notComparable: [String: Int]) -> [Diagnostic] {
    notComparable.sorted { $0.key < $1.key }.map { reason, count in
      let values = count == 1 ? "1 secret value was" : "\(count) secret values were"
      return Diagnostic(.warning, "\(values) not compared: \(reason)")
    }
  }

  private func unmanaged(_ live: Resource, creator: Actor?) -> Verdict {
    let rating = severity.rate(.unmanaged, changes: [], in: live.id)
    return Verdict(
      drift: Drift(
        kind: .unmanaged, source: source, id: live.id, location: nil,
        severity: rating.severity, csf: rating.csf, actor: creator))
  }

  private func modified(
    _ desired: Resource, _ live: NormalizedLive, summary: inout DriftReport.Summary,
    notComparable: inout [String: Int]
  ) -> Drift? {
    let converted = rules.converted(desired, toVersionOf: live.resource)
    var comparator = Comparator(
      rules: rules, desired: rules.normalize(desired: converted), live: live, managers: managers)
    comparator.run()
    notComparable = comparator.notComparable
    guard !comparator.changes.isEmpty else { return nil }
    var annotationPaths = rules.ignoredPaths(of: desired)
    if !annotationPaths.isEmpty,
      comparator.changes.contains(where: { change in
        rules.forcesReplacement(at: change.path, of: desired)
          && !ignore.ignores(change, of: desired.id.address, annotationPaths: annotationPaths)
      })
    {
      // A change the resource is replaced for: the new one is made from the desired values,
      // the ones asked to be ignored included.
      annotationPaths = []
    }
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
    return Self.modified(desired, changes: changes, severity: severity, source: source)
  }

  /// A modified drift of `desired` with `changes`, rated as a whole.
  static func modified(
    _ desired: Resource, changes: [Change], severity: SeverityRules, source: String
  ) -> Drift {
    let actor = changes.compactMap(\.actor).max { ($0.time ?? "") < ($1.time ?? "") }
    let rating = severity.rate(.modified, changes: changes, in: desired.id)
    return Drift(
      kind: .modified, source: source, id: desired.id, location: desired.location,
      severity: rating.severity, csf: rating.csf, changes: changes, actor: actor)
  }
}

/// The claims of a comparison, by the address of the resource claimed, with the notes that
/// say which fields they took out of the comparison.
private struct Claims {
  private var byAddress: [String: [Claim]] = [:]
  private(set) var notes: [Diagnostic] = []

  var addresses: Set<String> { Set(byAddress.keys) }

  init(_ claims: [Claim]) {
    for claim in claims where !(byAddress[claim.address]?.contains(claim) ?? false) {
      byAddress[claim.address, default: []].append(claim)
    }
  }

  /// The drift without the changes to claimed fields, re-rated; nil when none is left.
  mutating func apply(to drift: Drift, severity: SeverityRules) -> Drift? {
    guard drift.kind == .modified, let claims = byAddress[drift.id.address] else { return drift }
    var kept: [Change] = []
    for change in drift.changes {
      guard
        let claim = claims.first(where: { claim in
          claim.paths.contains { PointerPattern($0).covers(change.path) }
        })
      else {
        kept.append(change)
        continue
      }
      notes.append(
        Diagnostic(
          .note,
          "\(drift.id.address): \(change.path.pointer) is \(claim.reason), not compared",
          at: drift.location))
    }
    guard kept.count < drift.changes.count else { return drift }
    guard !kept.isEmpty else { return nil }
    let desired = Resource(id: drift.id, body: .null, location: drift.location)
    var result = Differ.modified(
      desired, changes: kept, severity: severity, source: drift.source)
    result.owners = drift.owners
    return result
  }
}
