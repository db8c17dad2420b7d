public import DriftModel

/// Gives every change and drift a severity and the NIST CSF 2.0 subcategories it touches.
///
/// The built-in rules (`Rules/`, one file per family) rate first, then the repository's
/// policies, which win. The same rules check desired state before it is committed.
public struct SeverityRules: Sendable {
  public var policies: [SeverityPolicy]
  public var rules: [SeverityRule]

  /// What a change or drift is rated.
  public struct Rating: Sendable, Equatable {
    public var severity: Severity
    public var csf: [String]
    /// The rule that decided, when one did (`policy` for a `.drift.yml` policy).
    public var rule: String?
  }

  /// A rule that desired state breaks, for the pre-commit policy check.
  public struct Violation: Sendable {
    public var rule: SeverityRule
    public var path: FieldPath
    public var value: Value
    public var line: Int?
  }

  /// Creates the rules with the repository's policies.
  public init(policies: [SeverityPolicy] = [], rules: [SeverityRule] = SeverityRule.builtIn) {
    self.policies = policies
    self.rules = rules
  }

  static let baseline = ["PR.PS-01", "DE.CM-09"]

  /// Rates one changed attribute: the worst rule any of its values meets, then the policies.
  public func rate(_ change: Change, in id: ResourceID) -> Rating {
    var rating = Rating(severity: .low, csf: Self.baseline, rule: nil)
    let value = change.live ?? change.desired ?? .null
    let leaves = value.leaves(under: change.path)
    for rule in rules where rule.kinds.contains(.modified) && rule.covers(type: id.type) {
      guard rule.severity > rating.severity || rating.rule == nil else { continue }
      if leaves.contains(where: { rule.applies(to: $0.1, at: $0.0) }) {
        if rating.rule == nil || rule.severity > rating.severity {
          rating = Rating(severity: rule.severity, csf: rule.csf, rule: rule.id)
        }
      }
    }
    if let severity = policySeverity(at: change.path, of: id.address) {
      rating.severity = severity
      rating.rule = "policy"
    }
    return rating
  }

  /// The severity of one changed attribute.
  public func severity(of change: Change, in id: ResourceID) -> Severity {
    rate(change, in: id).severity
  }

  /// Rates a whole drift: its worst change, or the first rule for missing and unmanaged
  /// resources of its type.
  public func rate(_ kind: DriftKind, changes: [Change], in id: ResourceID) -> Rating {
    switch kind {
    case .modified:
      var csf = Set(Self.baseline)
      for change in changes { csf.formUnion(change.csf) }
      let worst = changes.max { $0.severity < $1.severity }
      return Rating(severity: worst?.severity ?? .low, csf: csf.sorted(), rule: worst?.rule)
    case .missing, .unmanaged:
      guard let rule = rules.first(where: { $0.kinds.contains(kind) && $0.covers(type: id.type) })
      else {
        return Rating(severity: .medium, csf: Self.baseline, rule: nil)
      }
      return Rating(severity: rule.severity, csf: rule.csf, rule: rule.id)
    }
  }

  /// The severity of a whole drift.
  public func severity(of kind: DriftKind, changes: [Change], in id: ResourceID) -> Severity {
    rate(kind, changes: changes, in: id).severity
  }

  /// The severity the last matching `.drift.yml` policy gives `path` of `address`, if any.
  private func policySeverity(at path: FieldPath, of address: String) -> Severity? {
    for policy in policies.reversed() where PointerPattern(policy.path).covers(path) {
      if let resource = policy.resource, !Glob(resource).matches(address) { continue }
      return policy.severity
    }
    return nil
  }

  /// The policy rules a desired resource breaks, with the line of each value.
  public func violations(in resource: Resource) -> [Violation] {
    var found: [Violation] = []
    let leaves = resource.body.leaves(under: FieldPath())
    for rule in rules
    where rule.isPolicy && rule.kinds.contains(.modified) && rule.covers(type: resource.id.type) {
      for (path, value) in leaves where rule.applies(to: value, at: path) {
        let severity = policySeverity(at: path, of: resource.id.address) ?? rule.severity
        var violation = Violation(
          rule: rule, path: path, value: value, line: resource.body.line(at: path))
        violation.rule.severity = severity
        found.append(violation)
      }
    }
    return found.sorted { ($0.line ?? 0, $0.path.pointer) < ($1.line ?? 0, $1.path.pointer) }
  }
}
