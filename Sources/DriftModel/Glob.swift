/// A shell-style pattern over `/`-separated names: `*` and `?` stay within one segment, `**`
/// spans any number of segments, `[abc]` matches one listed character.
///
/// This is what `.drift.yml` path globs and resource-address globs mean (fnmatch with
/// FNM_PATHNAME, plus `**`).
///
/// Patterns come from `.drift.yml`, `.driftignore` and the command line of other people, so a
/// match costs time linear in the name for a given pattern: the pattern is a small
/// nondeterministic automaton whose set of states is stepped once per character (a
/// backtracking matcher took seconds per name for `**************/x`).
public struct Glob: Sendable, Hashable {
  public let pattern: String
  private let characters: [Character]
  private let tokens: [Token]
  /// The characters a pattern without wildcards (once unescaped) matches, compared directly.
  private let literal: String?
  /// The tokens as bytes, when every one is ASCII and there are fewer than 64: names of ASCII
  /// characters are then matched byte by byte with the states as bits (a source's glob over
  /// 10,000 paths took 35 ms by characters).
  private let byteTokens: [ByteToken]?

  /// Creates a glob.
  public init(_ pattern: String) {
    self.pattern = pattern
    self.characters = Array(pattern)
    self.tokens = Self.tokens(of: characters)
    self.byteTokens = Self.byteTokens(of: tokens)
    var literal = ""
    for token in tokens {
      guard case .literal(let character) = token else {
        self.literal = nil
        return
      }
      literal.append(character)
    }
    self.literal = literal
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
    if let literal { return name == literal }
    if let byteTokens, let matched = Self.matchesBytes(name, byteTokens) { return matched }
    let count = tokens.count
    // `states[i]`: token `i` is next; `inside[i]`: within the folders of a `**/` at `i`.
    var states = [Bool](repeating: false, count: count + 1)
    var inside = [Bool](repeating: false, count: count)
    var next = states
    var nextInside = inside
    states[0] = true
    close(&states, &inside)
    for character in name {
      for index in 0...count {
        next[index] = false
        if index < count { nextInside[index] = false }
      }
      var any = false
      for index in 0..<count {
        if inside[index] {
          nextInside[index] = true
          if character == "/" { next[index + 1] = true }
          any = true
        }
        guard states[index] else { continue }
        switch tokens[index] {
        case .literal(let expected):
          if character == expected { next[index + 1] = true }
        case .one:
          if character != "/" { next[index + 1] = true }
        case .set(let members, let negated):
          if members.contains(character) != negated { next[index + 1] = true }
        case .star:
          if character != "/" { next[index] = true }
        case .anything:
          next[index] = true
        case .folders:
          break
        }
        any = true
      }
      guard any else { return false }
      swap(&states, &next)
      swap(&inside, &nextInside)
      close(&states, &inside)
    }
    return states[count]
  }

  /// Adds the states reached without reading a character.
  ///
  /// Those are past a `*` or `**` (matching nothing), and past or into a `**/`. Such moves only
  /// go forward, so one pass reaches them all.
  private func close(_ states: inout [Bool], _ inside: inout [Bool]) {
    for index in tokens.indices where states[index] {
      switch tokens[index] {
      case .star, .anything: states[index + 1] = true
      case .folders:
        states[index + 1] = true
        inside[index] = true
      default: break
      }
    }
  }

  /// ``matches(_:)`` over the bytes of an ASCII name, the states as bits; nil when the name
  /// holds a byte that is not a whole character by itself (non-ASCII, or the CR of a CRLF).
  private static func matchesBytes(_ name: String, _ tokens: [ByteToken]) -> Bool? {
    // Over the name's own storage: iterating its UTF-8 view took 11,000 instructions a path.
    if let matched = name.utf8.withContiguousStorageIfAvailable({ bytes in
      matchesBytes(bytes, tokens)
    }) {
      return matched
    }
    return matchesBytes(Array(name.utf8), tokens)
  }

  private static func matchesBytes(_ name: some Collection<UInt8>, _ tokens: [ByteToken]) -> Bool? {
    let count = tokens.count
    var states: UInt64 = 1
    var inside: UInt64 = 0
    closeBits(&states, &inside, tokens)
    let slash = UInt8(ascii: "/")
    for byte in name {
      guard byte < 0x80, byte != 13 else { return nil }
      var next: UInt64 = 0
      var nextInside: UInt64 = 0
      var live = states | inside
      guard live != 0 else { return false }
      while live != 0 {
        let index = live.trailingZeroBitCount
        let bit: UInt64 = 1 << UInt64(index)
        live &= live - 1
        if inside & bit != 0 {
          nextInside |= bit
          if byte == slash { next |= bit << 1 }
        }
        guard states & bit != 0, index < count else { continue }
        switch tokens[index] {
        case .literal(let expected): if byte == expected { next |= bit << 1 }
        case .one: if byte != slash { next |= bit << 1 }
        case .set(let members, let negated):
          if members.contains(byte) != negated { next |= bit << 1 }
        case .star: if byte != slash { next |= bit }
        case .anything: next |= bit
        case .folders: break
        }
      }
      // As the character matcher: no state that reads a character is left.
      guard next != 0 || nextInside != 0 else { return false }
      states = next
      inside = nextInside
      closeBits(&states, &inside, tokens)
    }
    return states & (1 << UInt64(count)) != 0
  }

  private static func closeBits(
    _ states: inout UInt64, _ inside: inout UInt64, _ tokens: [ByteToken]
  ) {
    for index in tokens.indices where states & (1 << UInt64(index)) != 0 {
      switch tokens[index] {
      case .star, .anything: states |= 1 << UInt64(index + 1)
      case .folders:
        states |= 1 << UInt64(index + 1)
        inside |= 1 << UInt64(index)
      default: break
      }
    }
  }

  /// A ``Token`` over bytes.
  private enum ByteToken: Sendable, Hashable {
    case literal(UInt8)
    case one
    case set([UInt8], negated: Bool)
    case star
    case anything
    case folders
  }

  private static func byteTokens(of tokens: [Token]) -> [ByteToken]? {
    guard tokens.count < 63 else { return nil }
    func byte(_ character: Character) -> UInt8? {
      // One byte per character: CRLF is one Character whose asciiValue is that of LF.
      guard character.utf8.count == 1, let ascii = character.asciiValue, ascii != 13 else {
        return nil
      }
      return ascii
    }
    var result: [ByteToken] = []
    for token in tokens {
      switch token {
      case .literal(let character):
        guard let value = byte(character) else { return nil }
        result.append(.literal(value))
      case .one: result.append(.one)
      case .set(let members, let negated):
        var bytes: [UInt8] = []
        for member in members {
          guard let value = byte(member) else { return nil }
          bytes.append(value)
        }
        result.append(.set(bytes, negated: negated))
      case .star: result.append(.star)
      case .anything: result.append(.anything)
      case .folders: result.append(.folders)
      }
    }
    return result
  }

  /// One step of a pattern.
  private enum Token: Sendable, Hashable {
    /// This character.
    case literal(Character)
    /// `?`: one character but `/`.
    case one
    /// `[abc]`, `[!abc]`: one character listed (or not listed).
    case set([Character], negated: Bool)
    /// `*`: any characters but `/`.
    case star
    /// `**` not followed by `/`: any characters.
    case anything
    /// `**/`: nothing, or any characters that end with `/` (whole folders).
    case folders
  }

  private static func tokens(of pattern: [Character]) -> [Token] {
    var tokens: [Token] = []
    // The first `]` at or after each position, found in one backward pass: looking for it from
    // every `[` took time quadratic in the pattern (a 50,000-byte `.driftignore` line of `[`
    // ran for minutes).
    var closing = [Int?](repeating: nil, count: pattern.count + 1)
    for index in pattern.indices.reversed() {
      closing[index] = pattern[index] == "]" ? index : closing[index + 1]
    }
    var p = 0
    while p < pattern.count {
      let c = pattern[p]
      switch c {
      case "*":
        if p + 1 < pattern.count, pattern[p + 1] == "*" {
          if p + 2 < pattern.count, pattern[p + 2] == "/" {
            tokens.append(.folders)
            p += 3
          } else {
            tokens.append(.anything)
            p += 2
          }
          continue
        }
        tokens.append(.star)
      case "?":
        tokens.append(.one)
      case "[":
        guard let close = closing[p + 1] else {
          tokens.append(.literal("["))
          break
        }
        var members = pattern[(p + 1)..<close]
        let negated = members.first == "!" || members.first == "^"
        if negated { members = members.dropFirst() }
        tokens.append(.set(Array(members), negated: negated))
        p = close
      case "\\" where p + 1 < pattern.count:
        p += 1
        tokens.append(.literal(pattern[p]))
      default:
        tokens.append(.literal(c))
      }
      p += 1
    }
    return tokens
  }
}
