import Testing

@testable import DriftModel

/// The backtracking matcher `Glob` had before it became an automaton (exponential on
/// `**************/x`), kept as the reference of the differential test.
enum BacktrackingGlob {
  static func matches(_ pattern: String, _ name: String) -> Bool {
    match(Array(pattern)[...], Array(name)[...])
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

@Suite struct GlobDifferentialTests {
  /// Patterns and names from a small alphabet that holds every special character.
  @Test func agreesWithTheBacktrackingMatcherOnSeededInputs() {
    var random = SeededRandom(seed: 24)
    let patternAlphabet: [Character] = ["a", "b", "/", "*", "*", "?", "[", "]", "!", "\\", "."]
    let nameAlphabet: [Character] = ["a", "b", "/", "*", "[", "]", "!", ".", "\\"]
    for _ in 0..<20_000 {
      let pattern = String(
        (0..<random.below(9)).map { _ in patternAlphabet[random.below(patternAlphabet.count)] })
      let name = String(
        (0..<random.below(9)).map { _ in nameAlphabet[random.below(nameAlphabet.count)] })
      #expect(
        Glob(pattern).matches(name) == BacktrackingGlob.matches(pattern, name),
        "\(pattern.debugDescription) on \(name.debugDescription)")
    }
  }

  @Test("many stars cost time linear in the name")
  func manyStars() {
    let stars = String(repeating: "*", count: 40)
    let name = String(repeating: "ab/", count: 200) + "debug-tb"
    let clock = ContinuousClock()
    let elapsed = clock.measure {
      for pattern in [
        stars + "/debug-ta", "**************/debug-ta", stars + "x", "*a*a*a*a*a*a*a*b",
      ] {
        #expect(!Glob(pattern).matches(name))
      }
    }
    #expect(elapsed < .seconds(2), "\(elapsed)")
    #expect(Glob(stars + "/debug-tb").matches(name))
  }

  @Test("a long pattern of unclosed brackets is read in time linear in its length")
  func unclosedBrackets() {
    // Found by the fuzz suite (a `.driftignore` line of 54,000 `[`): each `[` looked for its
    // `]` through the rest of the pattern.
    let pattern = String(repeating: "[", count: 50_000) + "x"
    let clock = ContinuousClock()
    var glob: Glob?
    let elapsed = clock.measure { glob = Glob(pattern) }
    #expect(elapsed < .seconds(2), "\(elapsed)")
    #expect(glob?.matches(String(repeating: "[", count: 50_000) + "x") == true)
    #expect(Glob("[[ab]").matches("a") && Glob("[[ab]").matches("["))
    #expect(Glob("[a[b]x").matches("[x") && Glob("[a[b]x").matches("bx"))
    #expect(!Glob("[a[b]x").matches("cx"))
  }
}

/// A small deterministic generator (splitmix64), so that failures reproduce.
struct SeededRandom {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func below(_ bound: Int) -> Int {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return Int((z ^ (z >> 31)) % UInt64(bound))
  }
}
