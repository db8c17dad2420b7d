public import DriftModel

/// Decides which differences ignore rules cover.
///
/// Rules come from `.drift.yml`, `.driftignore` lines and a resource's own ignore annotation.
/// Expired rules do not apply and are reported.
public struct IgnoreMatcher: Sendable {
  /// A rule that applies, and whether it takes a match back (`!` in `.driftignore`).
  public struct Entry: Sendable {
    public var rule: IgnoreRule
    public var negated: Bool

    /// Creates an entry.
    public init(rule: IgnoreRule, negated: Bool = false) {
      self.rule = rule
      self.negated = negated
    }
  }

  /// A rule with its globs and patterns parsed once.
  private struct Compiled: Sendable {
    var entry: Entry
    var resource: Glob
    var paths: [PointerPattern]
    var isWholeResource: Bool { entry.rule.paths.isEmpty && entry.rule.managers.isEmpty }
  }

  private var entries: [Compiled] = []
  /// Expired rules, as warnings at the place they were written.
  public private(set) var diagnostics: [Diagnostic] = []

  /// Creates a matcher from rules in the order they apply; rules that expired before `today`
  /// are dropped and reported.
  public init(_ entries: [Entry], today: CalendarDate) {
    for entry in entries {
      if let expires = entry.rule.expires, expires < today {
        let reason = entry.rule.reason.map { " (\($0))" } ?? ""
        diagnostics.append(
          Diagnostic(
            .warning,
            "ignore rule for '\(entry.rule.resource)'\(reason) expired on \(expires); "
              + "its differences are reported as drift again",
            at: entry.rule.origin))
        continue
      }
      self.entries.append(
        Compiled(
          entry: entry, resource: Glob(entry.rule.resource),
          paths: entry.rule.paths.map(PointerPattern.init)))
    }
  }

  /// Whether the whole resource is ignored: the last rule without paths or managers that
  /// matches its address decides.
  public func ignoresResource(_ address: String) -> Bool {
    var ignored = false
    for compiled in entries where compiled.isWholeResource {
      if compiled.resource.matches(address) { ignored = !compiled.entry.negated }
    }
    return ignored
  }

  /// Whether `change` of the resource at `address` is covered; `annotationPaths` are the
  /// resource's own ignore annotation.
  public func ignores(_ change: Change, of address: String, annotationPaths: [String] = []) -> Bool
  {
    if annotationPaths.contains(where: { PointerPattern($0).covers(change.path) }) { return true }
    var ignored = false
    for compiled in entries where !compiled.isWholeResource {
      let rule = compiled.entry.rule
      guard compiled.resource.matches(address) else { continue }
      if !compiled.paths.isEmpty, !compiled.paths.contains(where: { $0.covers(change.path) }) {
        continue
      }
      if !rule.managers.isEmpty {
        guard let manager = change.actor?.manager, rule.managers.contains(manager) else { continue }
      }
      ignored = !compiled.entry.negated
    }
    return ignored
  }
}
