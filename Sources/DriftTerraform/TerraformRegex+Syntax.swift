/// Why a pattern is not evaluated.
enum TerraformRegexError: Error, Equatable {
  /// Go's `regexp` rejects the pattern too; the words follow its `syntax` package.
  case invalid(String)
  /// Valid RE2 that this engine does not implement (Unicode scripts); the call is unknown.
  case unsupported(String)
  /// Matching would take more steps than the budget allows.
  case tooCostly
}

/// A parsed pattern.
indirect enum RegexNode {
  case empty
  case scalar(Unicode.Scalar, fold: Bool)
  case set(ScalarSet)
  case any(newline: Bool)
  case assertion(RegexAssertion)
  case group(RegexNode, capture: Int?)
  case concat([RegexNode])
  case alternate([RegexNode])
  case repetition(RegexNode, min: Int, max: Int?, greedy: Bool)
}

extension RegexNode {
  /// Whether the node can match the empty text.
  var isNullable: Bool {
    switch self {
    case .empty, .assertion: return true
    case .scalar, .set, .any: return false
    case .group(let inner, _): return inner.isNullable
    case .concat(let items): return items.allSatisfy(\.isNullable)
    case .alternate(let branches): return branches.contains(where: \.isNullable)
    case .repetition(let inner, let minimum, _, _): return minimum == 0 || inner.isNullable
    }
  }
}

/// A zero-width test between two scalars.
enum RegexAssertion: Equatable {
  case textStart, textEnd, lineStart, lineEnd, wordBoundary, notWordBoundary
}

/// A character class: ranges of scalar values, maybe negated, maybe case-folded.
struct ScalarSet {
  var ranges: [ClosedRange<UInt32>] = []
  var categories: [Unicode.GeneralCategory] = []
  var negatedCategories: [Unicode.GeneralCategory] = []
  var negated = false
  var fold = false

  func contains(_ scalar: Unicode.Scalar) -> Bool {
    var found = raw(scalar)
    if !found, fold {
      let lower = scalar.properties.lowercaseMapping.unicodeScalars
      let upper = scalar.properties.uppercaseMapping.unicodeScalars
      found = [lower, upper].contains { $0.count == 1 && $0.first.map(raw) == true }
    }
    return found != negated
  }

  private func raw(_ scalar: Unicode.Scalar) -> Bool {
    if ranges.contains(where: { $0.contains(scalar.value) }) { return true }
    let category = scalar.properties.generalCategory
    return categories.contains(category)
      || (!negatedCategories.isEmpty && !negatedCategories.contains(category))
  }

  mutating func add(_ other: ScalarSet) {
    guard other.negated else {
      ranges += other.ranges
      categories += other.categories
      negatedCategories += other.negatedCategories
      return
    }
    // A negated set inside a class: its complement as ranges (categories are never negated
    // with ranges, RE2's \P classes arrive as negatedCategories).
    var start: UInt32 = 0
    for range in other.ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
      if range.lowerBound > start { ranges.append(start...range.lowerBound - 1) }
      start = max(start, range.upperBound &+ 1)
    }
    if start <= 0x10FFFF { ranges.append(start...0x10FFFF) }
  }

  static let digit = ScalarSet(ranges: [0x30...0x39])
  static let word = ScalarSet(ranges: [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
  static let space = ScalarSet(ranges: [0x09...0x0A, 0x0C...0x0D, 0x20...0x20])
}

/// RE2's syntax, as Go's `regexp/syntax` parses it with `Perl` flags: the subset Terraform's
/// `regex`, `regexall` and `replace` accept.
struct RegexParser {
  private var scalars: [Unicode.Scalar]
  private var position = 0
  private var fold = false
  private var multiline = false
  private var dotNewline = false
  private var ungreedy = false
  private(set) var captures = 0
  private(set) var names: [String: Int] = [:]
  /// Go rejects a repeat count above 1000, and nests repeats only to that product.
  static let maximumRepeat = 1000

  init(_ pattern: String) {
    scalars = Array(pattern.unicodeScalars)
  }

  mutating func parse() throws(TerraformRegexError) -> RegexNode {
    let node = try alternation(depth: 0)
    guard position == scalars.count else { throw .invalid("unexpected )") }
    return node
  }

  private var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

  private mutating func alternation(depth: Int) throws(TerraformRegexError) -> RegexNode {
    // Go stops at 1000 nested groups; the parser recurses once a level.
    guard depth < 1000 else { throw .invalid("expression nests too deeply") }
    var branches = [try sequence(depth: depth)]
    while peek == "|" {
      position += 1
      branches.append(try sequence(depth: depth))
    }
    return branches.count == 1 ? branches[0] : .alternate(branches)
  }

  private mutating func sequence(depth: Int) throws(TerraformRegexError) -> RegexNode {
    // A flag group such as `(?i)` holds to the end of its enclosing group, across `|`.
    var items: [RegexNode] = []
    while let scalar = peek, scalar != "|", scalar != ")" {
      if scalar == "*" || scalar == "+" || scalar == "?" || (scalar == "{" && isRepeat()) {
        guard let last = items.popLast(), !isRepetition(last) else {
          throw .invalid(
            items.isEmpty
              ? "missing argument to repetition operator"
              : "invalid nested repetition operator")
        }
        items.append(try repetition(of: last))
        continue
      }
      if let atom = try atom(depth: depth) { items.append(atom) }
    }
    return items.count == 1 ? items[0] : items.isEmpty ? .empty : .concat(items)
  }

  private func isRepetition(_ node: RegexNode) -> Bool {
    if case .repetition = node { return true }
    return false
  }

  private func isRepeat() -> Bool {
    var index = position + 1
    var digits = 0
    while index < scalars.count, ("0"..."9").contains(scalars[index]) {
      index += 1
      digits += 1
    }
    guard digits > 0, index < scalars.count else { return false }
    if scalars[index] == "}" { return true }
    guard scalars[index] == "," else { return false }
    index += 1
    while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
    return index < scalars.count && scalars[index] == "}"
  }

  private mutating func repetition(of node: RegexNode) throws(TerraformRegexError) -> RegexNode {
    let scalar = scalars[position]
    position += 1
    var minimum = 0
    var maximum: Int?
    switch scalar {
    case "*": break
    case "+": minimum = 1
    case "?": maximum = 1
    default:
      minimum = number()
      maximum = minimum
      if peek == "," {
        position += 1
        maximum = peek == "}" ? nil : number()
      }
      position += 1
      guard minimum <= Self.maximumRepeat, (maximum ?? 0) <= Self.maximumRepeat,
        minimum <= (maximum ?? minimum)
      else { throw .invalid("invalid repeat count") }
    }
    var greedy = true
    if peek == "?" {
      position += 1
      greedy = false
    }
    if ungreedy { greedy.toggle() }
    return .repetition(node, min: minimum, max: maximum, greedy: greedy)
  }

  private mutating func number() -> Int {
    var value = 0
    while let scalar = peek, ("0"..."9").contains(scalar) {
      value = min(value * 10 + Int(scalar.value - 48), 100_000)
      position += 1
    }
    return value
  }

  /// One atom, or nil for a flag group that only changes flags.
  private mutating func atom(depth: Int) throws(TerraformRegexError) -> RegexNode? {
    let scalar = scalars[position]
    position += 1
    switch scalar {
    case "(": return try group(depth: depth)
    case "[": return .set(try characterClass())
    case ".": return .any(newline: dotNewline)
    case "^": return .assertion(multiline ? .lineStart : .textStart)
    case "$": return .assertion(multiline ? .lineEnd : .textEnd)
    case "\\": return try escape()
    default: return .scalar(scalar, fold: fold)
    }
  }

  private mutating func group(depth: Int) throws(TerraformRegexError) -> RegexNode? {
    var capture: Int? = nil
    if peek == "?" {
      position += 1
      if peek == "P" || peek == "<" {
        if peek == "P" { position += 1 }
        guard peek == "<" else { throw .invalid("invalid or unsupported Perl syntax") }
        position += 1
        var name = ""
        while let scalar = peek, scalar != ">" {
          name.unicodeScalars.append(scalar)
          position += 1
        }
        guard peek == ">", !name.isEmpty,
          name.unicodeScalars.allSatisfy({ ScalarSet.word.contains($0) })
        else { throw .invalid("invalid named capture") }
        guard names[name] == nil else { throw .invalid("duplicate capture group name") }
        position += 1
        captures += 1
        names[name] = captures
        capture = captures
      } else {
        var on = true
        var changed = false
        while let scalar = peek, scalar != ")", scalar != ":" {
          position += 1
          switch scalar {
          case "i": fold = on
          case "m": multiline = on
          case "s": dotNewline = on
          case "U": ungreedy = on
          case "-" where on: on = false
          default: throw .invalid("invalid or unsupported Perl syntax")
          }
          changed = true
        }
        guard let end = peek, changed || end == ":" else {
          throw .invalid("invalid or unsupported Perl syntax")
        }
        position += 1
        if end == ")" { return nil }
      }
    } else {
      captures += 1
      capture = captures
    }
    let saved = (fold, multiline, dotNewline, ungreedy)
    let inner = try alternation(depth: depth + 1)
    (fold, multiline, dotNewline, ungreedy) = saved
    guard peek == ")" else { throw .invalid("missing closing )") }
    position += 1
    return .group(inner, capture: capture)
  }

  private mutating func escape() throws(TerraformRegexError) -> RegexNode {
    guard let scalar = peek else { throw .invalid("trailing backslash at end of expression") }
    switch scalar {
    case "A":
      position += 1
      return .assertion(.textStart)
    case "z":
      position += 1
      return .assertion(.textEnd)
    case "b":
      position += 1
      return .assertion(.wordBoundary)
    case "B":
      position += 1
      return .assertion(.notWordBoundary)
    case "Q":
      position += 1
      var items: [RegexNode] = []
      while position < scalars.count {
        if scalars[position] == "\\", position + 1 < scalars.count, scalars[position + 1] == "E" {
          position += 2
          break
        }
        items.append(.scalar(scalars[position], fold: fold))
        position += 1
      }
      return .concat(items)
    default:
      var set = ScalarSet()
      if let single = try classEscape(into: &set) { return .scalar(single, fold: fold) }
      set.fold = fold
      return .set(set)
    }
  }

  /// An escape after `\`: a single scalar, or nil when it added a class to `set`.
  private mutating func classEscape(into set: inout ScalarSet) throws(TerraformRegexError)
    -> Unicode.Scalar?
  {
    guard let scalar = peek else { throw .invalid("trailing backslash at end of expression") }
    position += 1
    switch scalar {
    case "d", "D", "w", "W", "s", "S":
      var named: ScalarSet =
        switch scalar {
        case "d", "D": .digit
        case "w", "W": .word
        default: .space
        }
      named.negated = scalar.properties.isUppercase
      set.add(named)
      return nil
    case "p", "P":
      var name = ""
      if peek == "{" {
        position += 1
        while let next = peek, next != "}" {
          name.unicodeScalars.append(next)
          position += 1
        }
        guard peek == "}" else { throw .invalid("invalid character class range") }
        position += 1
      } else if let next = peek {
        name = String(next)
        position += 1
      }
      var negated = scalar == "P"
      if name.hasPrefix("^") {
        negated.toggle()
        name.removeFirst()
      }
      guard let categories = Self.categories[name] else {
        throw .unsupported("Unicode class \\p{\(name)}")
      }
      if negated { set.negatedCategories += categories } else { set.categories += categories }
      return nil
    case "a": return "\u{07}"
    case "f": return "\u{0C}"
    case "t": return "\t"
    case "n": return "\n"
    case "r": return "\r"
    case "v": return "\u{0B}"
    case "x":
      var digits = ""
      if peek == "{" {
        position += 1
        while let next = peek, next != "}" {
          digits.unicodeScalars.append(next)
          position += 1
        }
        position += 1
      } else {
        for _ in 0..<2 {
          guard let next = peek else { break }
          digits.unicodeScalars.append(next)
          position += 1
        }
      }
      guard digits.count <= 8, let value = UInt32(digits, radix: 16),
        let result = Unicode.Scalar(value), digits.count >= 1
      else { throw .invalid("invalid escape sequence") }
      return result
    case "0"..."7":
      // Go takes octal only as \0 or three digits \123; \1 to \7 alone are backreferences.
      var digits = String(scalar)
      while digits.count < 3, let next = peek, ("0"..."7").contains(next) {
        digits.unicodeScalars.append(next)
        position += 1
      }
      guard scalar == "0" || digits.count == 3, let value = UInt32(digits, radix: 8),
        let result = Unicode.Scalar(value)
      else { throw .invalid("invalid escape sequence") }
      return result
    default:
      guard scalar.isASCII, !ScalarSet.word.contains(scalar) else {
        throw .invalid("invalid escape sequence")
      }
      return scalar
    }
  }

  private mutating func characterClass() throws(TerraformRegexError) -> ScalarSet {
    var set = ScalarSet()
    set.fold = fold
    if peek == "^" {
      position += 1
      // Go's Perl flags include ClassNL: `[^a]` matches a newline too.
      set.negated = true
    }
    var first = true
    while true {
      guard let scalar = peek else { throw .invalid("missing closing ]") }
      if scalar == "]", !first { break }
      first = false
      if scalar == "[", position + 1 < scalars.count, scalars[position + 1] == ":" {
        if let posix = posixClass() {
          set.add(posix)
          continue
        }
      }
      guard let low = try classScalar(into: &set) else { continue }
      if peek == "-", position + 1 < scalars.count, scalars[position + 1] != "]" {
        position += 1
        guard let high = try classScalar(into: &set), low <= high else {
          throw .invalid("invalid character class range")
        }
        set.ranges.append(low.value...high.value)
      } else {
        set.ranges.append(low.value...low.value)
      }
    }
    position += 1
    return set
  }

  private mutating func classScalar(into set: inout ScalarSet) throws(TerraformRegexError)
    -> Unicode.Scalar?
  {
    let scalar = scalars[position]
    position += 1
    guard scalar == "\\" else { return scalar }
    return try classEscape(into: &set)
  }

  private mutating func posixClass() -> ScalarSet? {
    let rest = scalars[position...]
    guard let close = rest.indices.first(where: { $0 > position + 1 && scalars[$0] == "]" }),
      scalars[close - 1] == ":"
    else { return nil }
    var name = String(String.UnicodeScalarView(scalars[(position + 2)..<(close - 1)]))
    var negated = false
    if name.hasPrefix("^") {
      negated = true
      name.removeFirst()
    }
    guard var set = Self.posix[name] else { return nil }
    position = close + 1
    set.negated = negated
    return set
  }

  private static let posix: [String: ScalarSet] = [
    "alnum": ScalarSet(ranges: [0x30...0x39, 0x41...0x5A, 0x61...0x7A]),
    "alpha": ScalarSet(ranges: [0x41...0x5A, 0x61...0x7A]),
    "ascii": ScalarSet(ranges: [0...0x7F]),
    "blank": ScalarSet(ranges: [0x09...0x09, 0x20...0x20]),
    "cntrl": ScalarSet(ranges: [0...0x1F, 0x7F...0x7F]),
    "digit": .digit,
    "graph": ScalarSet(ranges: [0x21...0x7E]),
    "lower": ScalarSet(ranges: [0x61...0x7A]),
    "print": ScalarSet(ranges: [0x20...0x7E]),
    "punct": ScalarSet(ranges: [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E]),
    "space": ScalarSet(ranges: [0x09...0x0D, 0x20...0x20]),
    "upper": ScalarSet(ranges: [0x41...0x5A]),
    "word": .word,
    "xdigit": ScalarSet(ranges: [0x30...0x39, 0x41...0x46, 0x61...0x66]),
  ]

  private static let categories: [String: [Unicode.GeneralCategory]] = [
    "L": [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter],
    "Lu": [.uppercaseLetter], "Ll": [.lowercaseLetter], "Lt": [.titlecaseLetter],
    "Lm": [.modifierLetter], "Lo": [.otherLetter],
    "N": [.decimalNumber, .letterNumber, .otherNumber], "Nd": [.decimalNumber],
    "Nl": [.letterNumber], "No": [.otherNumber],
    "P": [
      .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
      .initialPunctuation, .finalPunctuation, .otherPunctuation,
    ],
    "S": [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol],
    "Z": [.spaceSeparator, .lineSeparator, .paragraphSeparator], "Zs": [.spaceSeparator],
    "M": [.nonspacingMark, .spacingMark, .enclosingMark],
    "C": [.control, .format, .surrogate, .privateUse, .unassigned], "Cc": [.control],
  ]
}
