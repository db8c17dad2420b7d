import DriftModel

/// Reads the block-style subset of YAML that manifests are written in, without libyaml: block
/// mappings and sequences, plain and single-line quoted scalars, `|` and `|-` literal scalars,
/// comments and `---` between documents, in printable ASCII.
///
/// libyaml spends most of a check's desired-state time scanning characters into tokens and
/// events one allocation at a time; this reader walks lines once. It gives up (nil) on anything
/// outside the subset and on anything libyaml would reject, so the caller reads the file with
/// libyaml instead: the values, positions and error messages stay libyaml's (the tests compare
/// the two on fixtures, on the benchmark workload and on thousands of mutated files).
enum BlockYAMLReader {
  /// The documents of `bytes`, or nil when the file is not in the subset.
  static func documents(_ bytes: [UInt8]) -> [YAMLReader.Document]? {
    bytes.withUnsafeBufferPointer { buffer in
      guard var scanner = LineScanner(buffer) else { return nil }
      return try? scanner.documents()
    }
  }
}

/// Something outside the subset: the file is left to libyaml.
private struct Unsupported: Error {}

private struct LineScanner {
  let text: UnsafeBufferPointer<UInt8>
  /// Each line's byte range, without its line break.
  var lines: [Range<Int>] = []
  /// The line being read.
  var line = 0
  var depth = 0
  /// The members and elements of the collections being read, innermost last: each collection
  /// is copied out once, into an array of its size, instead of growing its own.
  var openMembers: [Member] = []
  var openElements: [Value] = []

  static let space = UInt8(ascii: " ")
  static let hash = UInt8(ascii: "#")
  static let colon = UInt8(ascii: ":")
  static let dash = UInt8(ascii: "-")
  static let newline = UInt8(ascii: "\n")
  /// Deeper files are left to libyaml, which reports its own limit.
  static let maximumDepth = 64
  /// libyaml's limit on the length of an implicit key.
  static let maximumKeyLength = 1024

  /// Whether the last line ends with a line break.
  var endsWithLineBreak = true

  /// Splits `text` into lines; nil when it holds a byte outside printable ASCII and the line
  /// feed (tabs, carriage returns and UTF-8 are left to libyaml).
  init?(_ text: UnsafeBufferPointer<UInt8>) {
    self.text = text
    var start = 0
    lines.reserveCapacity(text.count / 24)
    let raw = UnsafeRawBufferPointer(text)
    var index = 0
    while index < text.count {
      // Eight bytes at a time up to the next line feed or outside byte: a byte loop was 1.4%
      // of a check's instructions, every manifest byte being looked at here first.
      while index + 8 <= text.count,
        !Self.holdsLineFeedOrOutside(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
      {
        index += 8
      }
      let end = min(index + 8, text.count)
      while index < end {
        let byte = text[index]
        if byte == Self.newline {
          lines.append(start..<index)
          start = index + 1
        } else if byte < Self.space || byte > 0x7E {
          return nil
        }
        index += 1
      }
    }
    if start < text.count {
      lines.append(start..<text.count)
      endsWithLineBreak = false
    }
  }

  /// Whether one of the eight bytes of `word` is below a space (the line feed among them) or
  /// above `~`: exact for each byte, as neither test lets a carry cross into the next byte
  /// that decides.
  @inline(__always)
  static func holdsLineFeedOrOutside(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let below = (word &- ones &* 0x20) & ~word & highs
    let above = ((word & ~highs) &+ ones &* (0x7F - 0x7E)) | word
    return (below | above & highs) != 0
  }

  // MARK: Documents

  mutating func documents() throws(Unsupported) -> [YAMLReader.Document] {
    var documents: [YAMLReader.Document] = []
    while true {
      skipBlankLines()
      guard line < lines.count else { break }
      let range = lines[line]
      if isMarker(line, "---") {
        guard isBlank(from: range.lowerBound + 3, in: range) else { throw Unsupported() }
        line += 1
        continue
      }
      if text[range.lowerBound] == UInt8(ascii: "%") || isMarker(line, "...") {
        throw Unsupported()
      }
      let indent = indentation(of: line)
      let position = Position(line: line + 1, column: indent + 1)
      let value = try node(indent: indent)
      skipBlankLines()
      if line < lines.count, !isMarker(line, "---") { throw Unsupported() }
      if case .null = value { continue }
      documents.append(YAMLReader.Document(value: value, position: position))
    }
    return documents
  }

  /// The block collection that starts on the current line at column `indent`.
  private mutating func node(indent: Int) throws(Unsupported) -> Value {
    depth += 1
    defer { depth -= 1 }
    guard depth <= Self.maximumDepth else { throw Unsupported() }
    if isSequenceEntry(line, at: indent) { return try sequence(indent: indent) }
    return try mapping(indent: indent, firstKeyAt: lines[line].lowerBound + indent)
  }

  // MARK: Collections

  /// A block mapping whose keys sit at column `indent`; the first key is at byte `firstKey` of
  /// the current line (after `- ` for a mapping that starts inside a sequence entry).
  private mutating func mapping(indent: Int, firstKeyAt firstKey: Int) throws(Unsupported)
    -> Value
  {
    let base = openMembers.count
    defer { openMembers.removeSubrange(base...) }
    var keys: Set<String> = []
    var keyStart = firstKey
    while true {
      if openMembers.count > base {
        skipBlankLines()
        guard line < lines.count else { break }
        let found = indentation(of: line)
        if found < indent || isMarker(line, "---") || isMarker(line, "...") { break }
        guard found == indent else { throw Unsupported() }
        keyStart = lines[line].lowerBound + indent
      }
      let range = lines[line]
      if isSequenceEntry(line, at: keyStart - range.lowerBound) { throw Unsupported() }
      guard let (key, afterColon) = try mappingKey(at: keyStart, in: range) else {
        throw Unsupported()
      }
      // A YAML 1.1 merge key is applied by the libyaml composer only.
      if key == "<<" { throw Unsupported() }
      // Duplicate keys are an error libyaml's reader reports.
      if openMembers.count - base < 16 {
        if openMembers[base...].contains(where: { $0.key == key }) { throw Unsupported() }
      } else {
        if keys.isEmpty { keys = Set(openMembers[base...].map(\.key)) }
        guard keys.insert(key).inserted else { throw Unsupported() }
      }
      let position = Position(line: line + 1, column: keyStart - range.lowerBound + 1)
      let value = try value(after: afterColon, parentIndent: indent, inMapping: true)
      openMembers.append(Member(key, value, at: position))
    }
    return .object(Array(openMembers[base...]))
  }

  /// A block sequence whose `-` indicators sit at column `indent`.
  private mutating func sequence(indent: Int) throws(Unsupported) -> Value {
    let base = openElements.count
    defer { openElements.removeSubrange(base...) }
    while true {
      skipBlankLines()
      guard line < lines.count else { break }
      let found = indentation(of: line)
      if found < indent { break }
      guard found == indent else { throw Unsupported() }
      guard isSequenceEntry(line, at: indent) else { break }
      let range = lines[line]
      let content = skipSpaces(from: range.lowerBound + indent + 1, in: range)
      if content < range.upperBound, text[content] != Self.hash {
        if isSequenceEntry(line, at: content - range.lowerBound) { throw Unsupported() }
        if try mappingKey(at: content, in: range) != nil {
          let column = content - range.lowerBound
          depth += 1
          defer { depth -= 1 }
          guard depth <= Self.maximumDepth else { throw Unsupported() }
          let element = try mapping(indent: column, firstKeyAt: content)
          openElements.append(element)
          continue
        }
      }
      let element = try value(
        after: range.lowerBound + indent + 1, parentIndent: indent, inMapping: false)
      openElements.append(element)
    }
    return .array(Array(openElements[base...]))
  }

  // MARK: Values

  /// The value after a `:` or `-` indicator that ends at byte `start` of the current line:
  /// inline on this line, or a nested collection on the following lines.
  private mutating func value(after start: Int, parentIndent: Int, inMapping: Bool)
    throws(Unsupported) -> Value
  {
    let range = lines[line]
    let content = skipSpaces(from: start, in: range)
    guard content < range.upperBound, text[content] != Self.hash else {
      line += 1
      return try nested(parentIndent: parentIndent, sequenceAtSameIndent: inMapping)
    }
    let value: Value
    switch text[content] {
    case UInt8(ascii: "|"):
      return try literal(header: content, in: range, parentIndent: parentIndent)
    case UInt8(ascii: "\""), UInt8(ascii: "'"):
      let (scalar, end) = try quoted(at: content, in: range)
      guard isBlank(from: end, in: range) else { throw Unsupported() }
      value = .string(scalar)
    default:
      guard startsPlain(at: content, in: range) else { throw Unsupported() }
      let end = try plainEnd(from: content, in: range)
      value = ScalarResolver.resolvePlain(string(content..<end))
    }
    line += 1
    // A more indented line would continue a multi-line scalar.
    skipBlankLines()
    if line < lines.count, indentation(of: line) > parentIndent { throw Unsupported() }
    return value
  }

  /// A collection on the lines after an indicator with nothing after it, or null.
  private mutating func nested(parentIndent: Int, sequenceAtSameIndent: Bool)
    throws(Unsupported) -> Value
  {
    skipBlankLines()
    guard line < lines.count, !isMarker(line, "---"), !isMarker(line, "...") else {
      return .null
    }
    let indent = indentation(of: line)
    if indent > parentIndent { return try node(indent: indent) }
    if indent == parentIndent, sequenceAtSameIndent, isSequenceEntry(line, at: indent) {
      depth += 1
      defer { depth -= 1 }
      guard depth <= Self.maximumDepth else { throw Unsupported() }
      return try sequence(indent: indent)
    }
    return .null
  }

  /// A `|` or `|-` literal scalar whose header is at byte `header`; its lines follow, indented
  /// deeper than `parentIndent`.
  private mutating func literal(header: Int, in range: Range<Int>, parentIndent: Int)
    throws(Unsupported) -> Value
  {
    var index = header + 1
    let strips = index < range.upperBound && text[index] == Self.dash
    if strips { index += 1 }
    guard isBlank(from: index, in: range) else { throw Unsupported() }
    line += 1
    // Leading blank lines and an empty scalar are left to libyaml.
    guard line < lines.count, !isWhitespace(line) else { throw Unsupported() }
    let indent = indentation(of: line)
    guard indent > parentIndent else { throw Unsupported() }
    var bytes: [UInt8] = []
    var blankLines = 0
    while line < lines.count {
      let current = lines[line]
      if isWhitespace(line) {
        guard current.count <= indent else { throw Unsupported() }
        blankLines += 1
        line += 1
        continue
      }
      if indentation(of: line) < indent { break }
      if !bytes.isEmpty {
        bytes.append(contentsOf: repeatElement(Self.newline, count: 1 + blankLines))
      }
      blankLines = 0
      bytes.append(contentsOf: text[(current.lowerBound + indent)..<current.upperBound])
      line += 1
    }
    // Without a final line break, clipping keeps none: left to libyaml.
    if line == lines.count, !endsWithLineBreak, blankLines == 0 { throw Unsupported() }
    if !strips { bytes.append(Self.newline) }
    return .string(String(decoding: bytes, as: UTF8.self))
  }

  // MARK: Scalars

  /// The key of a mapping entry at byte `start` and the byte after its `:`, or nil when the
  /// line holds no `key:` there.
  private func mappingKey(at start: Int, in range: Range<Int>) throws(Unsupported) -> (
    String, Int
  )? {
    let first = text[start]
    if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
      let (key, end) = try quoted(at: start, in: range)
      guard end < range.upperBound, text[end] == Self.colon, isSeparated(after: end, in: range)
      else { return nil }
      return (key, end + 1)
    }
    guard startsPlain(at: start, in: range) else { return nil }
    var index = start
    while index < range.upperBound {
      let byte = text[index]
      if byte == Self.colon, isSeparated(after: index, in: range) {
        guard text[index - 1] != Self.space, index - start <= Self.maximumKeyLength else {
          throw Unsupported()
        }
        return (string(start..<index), index + 1)
      }
      if byte == Self.hash, text[index - 1] == Self.space { return nil }
      index += 1
    }
    return nil
  }

  /// Where a plain scalar that starts at `start` ends: before a comment and trailing spaces.
  private func plainEnd(from start: Int, in range: Range<Int>) throws(Unsupported) -> Int {
    var index = start
    var end = start
    while index < range.upperBound {
      let byte = text[index]
      if byte == Self.hash, text[index - 1] == Self.space { break }
      // `a: b: c` is an error, `- a: b` a mapping the caller has read already.
      if byte == Self.colon, isSeparated(after: index, in: range) { throw Unsupported() }
      if byte != Self.space { end = index + 1 }
      index += 1
    }
    return end
  }

  /// Whether a plain scalar may start at `start` (YAML's indicators may not start one, `-`,
  /// `?` and `:` only when a non-space follows).
  private func startsPlain(at start: Int, in range: Range<Int>) -> Bool {
    switch text[start] {
    case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
      return start + 1 < range.upperBound && text[start + 1] != Self.space
    case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
      UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"),
      UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
      UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
      return false
    default:
      return true
    }
  }

  /// A quoted scalar on one line starting at `start`, and the byte after its closing quote.
  private func quoted(at start: Int, in range: Range<Int>) throws(Unsupported) -> (String, Int) {
    let quote = text[start]
    var bytes: [UInt8] = []
    var index = start + 1
    while index < range.upperBound {
      let byte = text[index]
      if byte == quote {
        if quote == UInt8(ascii: "'"), index + 1 < range.upperBound, text[index + 1] == quote {
          bytes.append(quote)
          index += 2
          continue
        }
        return (String(decoding: bytes, as: UTF8.self), index + 1)
      }
      if byte == UInt8(ascii: "\\"), quote == UInt8(ascii: "\"") {
        index += 1
        guard index < range.upperBound else { throw Unsupported() }
        switch text[index] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(text[index])
        case UInt8(ascii: "n"): bytes.append(Self.newline)
        case UInt8(ascii: "t"): bytes.append(UInt8(ascii: "\t"))
        case UInt8(ascii: "r"): bytes.append(UInt8(ascii: "\r"))
        case UInt8(ascii: "0"): bytes.append(0)
        case UInt8(ascii: "u"):
          guard index + 4 < range.upperBound,
            text[(index + 1)..<(index + 5)].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }
            ),
            let code = UInt32(string((index + 1)..<(index + 5)), radix: 16),
            let scalar = Unicode.Scalar(code)
          else { throw Unsupported() }
          bytes.append(contentsOf: String(Character(scalar)).utf8)
          index += 4
        default: throw Unsupported()
        }
        index += 1
        continue
      }
      bytes.append(byte)
      index += 1
    }
    throw Unsupported()
  }

  // MARK: Lines

  private func string(_ range: Range<Int>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: text[range]), as: UTF8.self)
  }

  private func indentation(of line: Int) -> Int {
    let range = lines[line]
    return skipSpaces(from: range.lowerBound, in: range) - range.lowerBound
  }

  private func skipSpaces(from start: Int, in range: Range<Int>) -> Int {
    var index = start
    while index < range.upperBound, text[index] == Self.space { index += 1 }
    return index
  }

  /// Whether only spaces, then nothing or a comment, follow byte `start`; a comment needs a
  /// space before it.
  private func isBlank(from start: Int, in range: Range<Int>) -> Bool {
    let content = skipSpaces(from: start, in: range)
    return content == range.upperBound || (text[content] == Self.hash && content > start)
  }

  /// Whether the current position is followed by a space or the end of the line.
  private func isSeparated(after index: Int, in range: Range<Int>) -> Bool {
    index + 1 == range.upperBound || text[index + 1] == Self.space
  }

  private func isWhitespace(_ line: Int) -> Bool {
    let range = lines[line]
    return skipSpaces(from: range.lowerBound, in: range) == range.upperBound
  }

  /// Whether `line` starts with the document marker `marker` followed by a space or nothing.
  private func isMarker(_ line: Int, _ marker: StaticString) -> Bool {
    let range = lines[line]
    guard range.count >= 3 else { return false }
    let bytes = marker.utf8Start
    for offset in 0..<3 where text[range.lowerBound + offset] != bytes[offset] { return false }
    return range.count == 3 || text[range.lowerBound + 3] == Self.space
  }

  private func isSequenceEntry(_ line: Int, at column: Int) -> Bool {
    let range = lines[line]
    let index = range.lowerBound + column
    return index < range.upperBound && text[index] == Self.dash
      && (index + 1 == range.upperBound || text[index + 1] == Self.space)
  }

  /// Moves past empty lines, lines of spaces and comment lines.
  private mutating func skipBlankLines() {
    while line < lines.count {
      let range = lines[line]
      let content = skipSpaces(from: range.lowerBound, in: range)
      guard content == range.upperBound || text[content] == Self.hash else { return }
      line += 1
    }
  }
}
