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
    var summary = DriftReport.Summary()
    var drifts: [Drift] = []
    var seen = Set<String>()
    var inSync: [ResourceID] = []
    seen.reserveCapacity(live.count)
    for liveResource in live {
      let address = liveResource.id.address
      guard seen.insert(address).inserted else { continue }
      if ignore.ignoresResource(address) {
        summary.ignored += 1
        continue
      }
      summary.resources += 1
      let normalized = rules.normalize(live: liveResource)
      guard let desiredResource = desired[address] else {
        summary.unmanaged += 1
        let rating = severity.rate(.unmanaged, changes: [], in: liveResource.id)
        drifts.append(
          Drift(
            kind: .unmanaged, source: source, id: liveResource.id, location: nil,
            severity: rating.severity, csf: rating.csf, actor: normalized.creator))
        continue
      }
      if let drift = modified(desiredResource, normalized, summary: &summary) {
        summary.modified += 1
        drifts.append(drift)
      } else {
        summary.inSync += 1
        inSync.append(liveResource.id)
      }
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
