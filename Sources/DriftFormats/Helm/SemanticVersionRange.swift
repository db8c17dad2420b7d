/// A chart version constraint as Flux and Helm write them (Masterminds semver): `1.2.3`,
/// `6.x`, `~1.2`, `^1.2.3`, `>=1.0.0 <2.0.0`, `>=1.0, <2`, `1.0 - 1.4`, alternatives with `||`,
/// and `*`.
public struct SemanticVersionRange: Sendable {
  private let alternatives: [[(operator: String, version: [Int], wildcard: Int?)]]

  /// Parses `text`; nil when it is not a constraint.
  public init?(_ text: String) {
    var alternatives: [[(String, [Int], Int?)]] = []
    for alternative in text.split(separator: "||", omittingEmptySubsequences: false).map(
      String.init)
    {
      var terms: [(String, [Int], Int?)] = []
      var words = alternative.replacing(",", with: " ").split(separator: " ").map(String.init)
      // A hyphen range: `1.0 - 1.4` is `>=1.0 <=1.4`.
      while let dash = words.firstIndex(of: "-"), dash > 0, dash + 1 < words.count {
        words.replaceSubrange(
          (dash - 1)...(dash + 1), with: [">=" + words[dash - 1], "<=" + words[dash + 1]])
      }
      for word in words {
        let op = String(word.prefix { "<>=!~^".contains($0) })
        var rest = word.dropFirst(op.count)
        if rest.hasPrefix("v") { rest = rest.dropFirst() }
        guard let (version, wildcard) = Self.version(String(rest)) else { return nil }
        guard ["", "=", "!=", ">", "<", ">=", "<=", "~", "~>", "^"].contains(op) else { return nil }
        terms.append((op, version, wildcard))
      }
      if terms.isEmpty { terms.append(("", [0, 0, 0], 0)) }
      alternatives.append(terms)
    }
    self.alternatives = alternatives
  }

  /// Whether `text` is one exact version, not a range.
  public static func isExact(_ text: String) -> Bool {
    let word = text.hasPrefix("v") ? String(text.dropFirst()) : text
    guard let (_, wildcard) = version(word) else { return false }
    return wildcard == nil && word.split(separator: ".").count == 3
  }

  /// Whether `text` (a released version) satisfies the constraint; pre-releases satisfy only
  /// an exact constraint, as in Masterminds semver.
  public func contains(_ text: String) -> Bool {
    let word = text.hasPrefix("v") ? String(text.dropFirst()) : text
    guard let (version, _) = Self.version(word) else { return false }
    let prerelease = word.contains("-")
    return alternatives.contains { terms in
      terms.allSatisfy { term in
        if prerelease, !(term.operator == "" || term.operator == "=") || term.wildcard != nil {
          return false
        }
        return Self.satisfies(version, term)
      }
    }
  }

  /// Major, minor, patch (missing parts 0), and the index of the first wildcard part.
  private static func version(_ text: String) -> ([Int], Int?)? {
    let core = text.split(separator: "+", maxSplits: 1).first.map(String.init) ?? text
    let main = core.split(separator: "-", maxSplits: 1).first.map(String.init) ?? core
    let parts = main.split(separator: ".", omittingEmptySubsequences: false)
    guard !parts.isEmpty, parts.count <= 3 else { return nil }
    var numbers: [Int] = []
    var wildcard: Int?
    for (index, part) in parts.enumerated() {
      if part == "x" || part == "X" || part == "*" {
        wildcard = wildcard ?? index
        numbers.append(0)
      } else if let number = Int(part), number >= 0 {
        guard wildcard == nil else { return nil }
        numbers.append(number)
      } else {
        return nil
      }
    }
    if parts.count < 3, wildcard == nil, parts.count > 0 { wildcard = parts.count }
    while numbers.count < 3 { numbers.append(0) }
    return (numbers, wildcard)
  }

  private static func compare(_ a: [Int], _ b: [Int]) -> Int {
    for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
    return 0
  }

  /// The first version above the range a partial version names (`1.2` → `1.3.0`).
  private static func bump(_ version: [Int], at index: Int) -> [Int] {
    guard index > 0 else { return [Int.max, 0, 0] }
    var next = version
    next[index - 1] += 1
    for position in index..<3 { next[position] = 0 }
    return next
  }

  private static func satisfies(
    _ v: [Int], _ term: (operator: String, version: [Int], wildcard: Int?)
  ) -> Bool {
    let base = term.version
    switch term.operator {
    case "", "=":
      guard let wildcard = term.wildcard else { return compare(v, base) == 0 }
      return compare(v, base) >= 0 && compare(v, bump(base, at: wildcard)) < 0
    case "!=": return compare(v, base) != 0
    case ">":
      return compare(v, term.wildcard.map { bump(base, at: $0) } ?? base)
        >= (term.wildcard == nil ? 1 : 0)
    case ">=": return compare(v, base) >= 0
    case "<": return compare(v, base) < 0
    case "<=":
      guard let wildcard = term.wildcard else { return compare(v, base) <= 0 }
      return compare(v, bump(base, at: wildcard)) < 0
    case "~", "~>":
      // ~1.2.3 allows patches, ~1 allows minors.
      let index = term.wildcard == 1 ? 1 : 2
      return compare(v, base) >= 0 && compare(v, bump(base, at: index)) < 0
    case "^":
      // ^1.2.3 allows what does not change the leftmost non-zero part.
      let index = base[0] > 0 ? 1 : base[1] > 0 || term.wildcard == 2 ? 2 : 3
      let upper = index == 3 ? [base[0], base[1], base[2] + 1] : bump(base, at: index)
      return compare(v, base) >= 0 && compare(v, upper) < 0
    default: return false
    }
  }
}
