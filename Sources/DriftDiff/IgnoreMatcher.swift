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

  private var entries: [Entry] = []
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
      self.entries.append(entry)
    }
  }

  /// Whether the whole resource is ignored: the last rule without paths or managers that
  /// matches its address decides.
  public func ignoresResource(_ address: String) -> Bool {
    var ignored = false
    for entry in entries where entry.rule.paths.isEmpty && entry.rule.managers.isEmpty {
      if Glob(entry.rule.resource).matches(address) { ignored = !entry.negated }
    }
    return ignored
  }

  /// Whether `change` of the resource at `address` is covered; `annotationPaths` are the
  /// resource's own ignore annotation.
  public func ignores(_ change: Change, of address: String, annotationPaths: [String] = []) -> Bool
  {
    if annotationPaths.contains(where: { Self.pattern($0, covers: change.path) }) { return true }
    var ignored = false
    for entry in entries where !(entry.rule.paths.isEmpty && entry.rule.managers.isEmpty) {
      let rule = entry.rule
      guard Glob(rule.resource).matches(address) else { continue }
      if !rule.paths.isEmpty, !rule.paths.contains(where: { Self.pattern($0, covers: change.path) })
      {
        continue
      }
      if !rule.managers.isEmpty {
        guard let manager = change.actor?.manager, rule.managers.contains(manager) else { continue }
      }
      ignored = !entry.negated
    }
    return ignored
  }

  /// Whether a JSON Pointer pattern (`*` matches one token) names `path` or one of its parents.
  public static func pattern(_ pattern: String, covers path: FieldPath) -> Bool {
    guard let tokens = FieldPath(pointer: pattern)?.tokens, tokens.count <= path.tokens.count else {
      return false
    }
    return zip(tokens, path.tokens).allSatisfy { $0 == "*" || $0 == $1 }
  }
}
