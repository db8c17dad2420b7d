/// A shell-style pattern over `/`-separated names: `*` and `?` stay within one segment, `**`
/// spans any number of segments, `[abc]` matches one listed character.
///
/// This is what `.drift.yml` path globs and resource-address globs mean (fnmatch with
/// FNM_PATHNAME, plus `**`).
public struct Glob: Sendable, Hashable {
  public let pattern: String
  private let characters: [Character]

  /// Creates a glob.
  public init(_ pattern: String) {
    self.pattern = pattern
    self.characters = Array(pattern)
  }

  /// Whether the pattern has any wildcard.
  public var isLiteral: Bool {
    !characters.contains { $0 == "*" || $0 == "?" || $0 == "[" }
  }

  /// The part of the pattern before its first wildcard segment, to prune a search.
  public var literalPrefix: String {
    guard let index = characters.firstIndex(where: { $0 == "*" || $0 == "?" || $0 == "[" }) else {
      return pattern
    }
    let head = String(characters[..<index])
    guard let slash = head.lastIndex(of: "/") else { return "" }
    return String(head[...slash])
  }

  /// Whether `name` matches the whole pattern.
  public func matches(_ name: String) -> Bool {
    Self.match(characters[...], Array(name)[...])
  }

  private static func match(_ pattern: ArraySlice<Character>, _ name: ArraySlice<Character>) -> Bool
  {
    var p = pattern.startIndex
    var n = name.startIndex
    while p < pattern.endIndex {
      let c = pattern[p]
      if c == "*" {
        let isDouble = p + 1 < pattern.endIndex && pattern[p + 1] == "*"
        if isDouble {
          let rest = p + 2
          // `**/` matches no folder or whole folders: what follows starts a path segment.
          if rest < pattern.endIndex && pattern[rest] == "/" {
            var start = n
            while true {
              if match(pattern[(rest + 1)...], name[start...]) { return true }
              guard let slash = name[start...].firstIndex(of: "/") else { return false }
              start = slash + 1
            }
          }
          var start = n
          while true {
            if match(pattern[rest...], name[start...]) { return true }
            if start == name.endIndex { return false }
            start += 1
          }
        }
        var start = n
        while true {
          if match(pattern[(p + 1)...], name[start...]) { return true }
          if start == name.endIndex || name[start] == "/" { return false }
          start += 1
        }
      }
      guard n < name.endIndex else { return false }
      switch c {
      case "?":
        guard name[n] != "/" else { return false }
      case "[":
        guard let close = pattern[(p + 1)...].firstIndex(of: "]") else {
          guard name[n] == "[" else { return false }
          break
        }
        var set = pattern[(p + 1)..<close]
        let negate = set.first == "!" || set.first == "^"
        if negate { set = set.dropFirst() }
        if set.contains(name[n]) == negate { return false }
        p = close
      case "\\" where p + 1 < pattern.endIndex:
        p += 1
        guard pattern[p] == name[n] else { return false }
      default:
        guard c == name[n] else { return false }
      }
      p += 1
      n += 1
    }
    return n == name.endIndex
  }
}
