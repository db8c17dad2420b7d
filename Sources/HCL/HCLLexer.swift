import DriftJSON
import DriftModel

/// Cuts the bytes of a file into tokens on demand, and turns byte offsets into lines and
/// columns (counted in unicode scalars) without going over any byte twice.
///
/// The bytes must be valid UTF-8 (see `UTF8Check`). Template literals are not tokens: the
/// template parser reads them straight from `bytes`, moving `offset` itself.
struct HCLLexer {
  let bytes: UnsafeBufferPointer<UInt8>
  let file: String
  /// Where the source starts: 3 after a UTF-8 byte order mark, else 0.
  let contentStart: Int
  /// The next byte to read.
  var offset: Int
  private var cursorOffset: Int
  private var cursorLine = 1
  private var cursorColumn = 1

  init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
    self.bytes = bytes
    self.file = file
    let hasByteOrderMark =
      bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    contentStart = hasByteOrderMark ? 3 : 0
    offset = contentStart
    cursorOffset = contentStart
  }

  // MARK: Positions

  /// The line and column of the byte at `target`.
  mutating func position(at target: Int) -> Position {
    if target < cursorOffset {
      cursorOffset = contentStart
      cursorLine = 1
      cursorColumn = 1
    }
    var line = cursorLine
    var column = cursorColumn
    var index = cursorOffset
    while index < target {
      let byte = bytes[index]
      if byte == 0x0A {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
      index += 1
    }
    cursorOffset = target
    cursorLine = line
    cursorColumn = column
    return Position(line: line, column: column)
  }

  /// The range of the bytes `start..<end`.
  mutating func range(_ start: Int, _ end: Int) -> HCLRange {
    let startPosition = position(at: start)
    return HCLRange(
      start: startPosition, end: position(at: end), startOffset: start, endOffset: end)
  }

  /// An error at the byte `offset`.
  mutating func error(_ message: String, at offset: Int) -> DriftError {
    let position = position(at: offset)
    return DriftError(
      message,
      at: SourceLocation(file: file, line: Int(position.line), column: Int(position.column)))
  }

  /// An error at the start of `range`.
  func error(_ message: String, at range: HCLRange) -> DriftError {
    DriftError(message, at: SourceLocation(file: file, position: range.start))
  }

  // MARK: Bytes

  /// The byte at `index`, or 0 past the end.
  func byte(at index: Int) -> UInt8 {
    index < bytes.count ? bytes[index] : 0
  }

  /// The text of `start..<end`.
  func text(_ start: Int, _ end: Int) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
  }

  /// The text of a token.
  func text(_ range: HCLRange) -> String {
    text(range.startOffset, range.endOffset)
  }

  /// Whether the bytes of `range` spell `word`.
  func spells(_ range: HCLRange, _ word: StaticString) -> Bool {
    guard range.endOffset - range.startOffset == word.utf8CodeUnitCount else { return false }
    let pointer = word.utf8Start
    for index in 0..<word.utf8CodeUnitCount where bytes[range.startOffset + index] != pointer[index]
    {
      return false
    }
    return true
  }

  /// The unicode scalar starting at `index` and its length in bytes; the bytes are valid UTF-8.
  func scalar(at index: Int) -> (Unicode.Scalar, length: Int) {
    let lead = UInt32(bytes[index])
    var value: UInt32
    let length: Int
    switch lead {
    case 0..<0x80: return (Unicode.Scalar(UInt8(lead)), 1)
    case 0xC0..<0xE0: (value, length) = (lead & 0x1F, 2)
    case 0xE0..<0xF0: (value, length) = (lead & 0x0F, 3)
    default: (value, length) = (lead & 0x07, 4)
    }
    for next in 1..<length {
      value = value << 6 | UInt32(bytes[index + next] & 0x3F)
    }
    return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
  }

  /// The length of the identifier starting at `index`, or 0 when none starts there.
  func identifierLength(at index: Int) -> Int {
    guard index < bytes.count else { return 0 }
    var end = index
    let first = bytes[index]
    if first < 0x80 {
      guard Self.isASCIIIdentifierStart(first) else { return 0 }
      end += 1
    } else {
      let (scalar, length) = scalar(at: index)
      guard scalar.properties.isIDStart else { return 0 }
      end += length
    }
    while end < bytes.count {
      let byte = bytes[end]
      if byte < 0x80 {
        guard Self.isASCIIIdentifierStart(byte) || Self.isDigit(byte) || byte == UInt8(ascii: "-")
        else { break }
        end += 1
      } else {
        let (scalar, length) = scalar(at: end)
        guard scalar.properties.isIDContinue else { break }
        end += length
      }
    }
    return end - index
  }

  static func isASCIIIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
  }

  static func isDigit(_ byte: UInt8) -> Bool {
    byte >= 0x30 && byte <= 0x39
  }

  // MARK: Tokens

  /// The next token; spaces, tabs and comments are skipped, newlines are tokens.
  mutating func next() throws(DriftError) -> HCLToken {
    try skipSpacesAndComments()
    let start = offset
    guard start < bytes.count else { return token(.endOfFile, start, start) }
    let byte = bytes[start]
    let following = self.byte(at: start + 1)
    switch byte {
    case UInt8(ascii: "\n"): return token(.newline, start, start + 1)
    case UInt8(ascii: "\r") where following == UInt8(ascii: "\n"):
      return token(.newline, start, start + 2)
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return token(.number, start, numberEnd(from: start))
    case UInt8(ascii: "\""): return token(.quote, start, start + 1)
    case UInt8(ascii: "{"): return token(.openBrace, start, start + 1)
    case UInt8(ascii: "}"): return token(.closeBrace, start, start + 1)
    case UInt8(ascii: "["): return token(.openBracket, start, start + 1)
    case UInt8(ascii: "]"): return token(.closeBracket, start, start + 1)
    case UInt8(ascii: "("): return token(.openParenthesis, start, start + 1)
    case UInt8(ascii: ")"): return token(.closeParenthesis, start, start + 1)
    case UInt8(ascii: ","): return token(.comma, start, start + 1)
    case UInt8(ascii: "*"): return token(.star, start, start + 1)
    case UInt8(ascii: "/"): return token(.slash, start, start + 1)
    case UInt8(ascii: "%"): return token(.percent, start, start + 1)
    case UInt8(ascii: "+"): return token(.plus, start, start + 1)
    case UInt8(ascii: "-"): return token(.minus, start, start + 1)
    case UInt8(ascii: "?"): return token(.question, start, start + 1)
    case UInt8(ascii: "."):
      if following == UInt8(ascii: "."), self.byte(at: start + 2) == UInt8(ascii: ".") {
        return token(.ellipsis, start, start + 3)
      }
      return token(.dot, start, start + 1)
    case UInt8(ascii: "="):
      if following == UInt8(ascii: "=") { return token(.equalEqual, start, start + 2) }
      if following == UInt8(ascii: ">") { return token(.fatArrow, start, start + 2) }
      return token(.equals, start, start + 1)
    case UInt8(ascii: "!"):
      if following == UInt8(ascii: "=") { return token(.notEqual, start, start + 2) }
      return token(.bang, start, start + 1)
    case UInt8(ascii: "<"):
      if following == UInt8(ascii: "<"), let heredoc = heredocIntroducer(at: start) {
        return heredoc
      }
      if following == UInt8(ascii: "=") { return token(.lessOrEqual, start, start + 2) }
      return token(.less, start, start + 1)
    case UInt8(ascii: ">"):
      if following == UInt8(ascii: "=") { return token(.greaterOrEqual, start, start + 2) }
      return token(.greater, start, start + 1)
    case UInt8(ascii: ":"):
      if following == UInt8(ascii: ":") { return token(.doubleColon, start, start + 2) }
      return token(.colon, start, start + 1)
    case UInt8(ascii: "~"):
      if following == UInt8(ascii: "}") { return token(.tildeCloseBrace, start, start + 2) }
      return token(.tilde, start, start + 1)
    case UInt8(ascii: "&"):
      if following == UInt8(ascii: "&") { return token(.and, start, start + 2) }
      throw error("Unsupported operator", at: start)
    case UInt8(ascii: "|"):
      if following == UInt8(ascii: "|") { return token(.or, start, start + 2) }
      throw error("Unsupported operator", at: start)
    case UInt8(ascii: "^"):
      throw error("Unsupported operator", at: start)
    default:
      let length = identifierLength(at: start)
      guard length > 0 else { throw error("Invalid character", at: start) }
      return token(.identifier, start, start + length)
    }
  }

  private mutating func token(_ kind: HCLToken.Kind, _ start: Int, _ end: Int) -> HCLToken {
    if kind != .heredoc { offset = end }
    return HCLToken(kind: kind, range: range(start, end))
  }

  /// Skips spaces, tabs, `/* */` comments and the text of `#` and `//` comments (not the
  /// newline that ends them, which is a token).
  private mutating func skipSpacesAndComments() throws(DriftError) {
    while offset < bytes.count {
      switch bytes[offset] {
      case UInt8(ascii: " "), UInt8(ascii: "\t"):
        offset += 1
      case UInt8(ascii: "#"):
        skipLineComment()
      case UInt8(ascii: "/") where byte(at: offset + 1) == UInt8(ascii: "/"):
        skipLineComment()
      case UInt8(ascii: "/") where byte(at: offset + 1) == UInt8(ascii: "*"):
        let start = offset
        offset += 2
        while true {
          guard offset + 1 < bytes.count else {
            throw error("Unterminated comment", at: start)
          }
          if bytes[offset] == UInt8(ascii: "*") && bytes[offset + 1] == UInt8(ascii: "/") {
            offset += 2
            break
          }
          offset += 1
        }
      default:
        return
      }
    }
  }

  private mutating func skipLineComment() {
    while offset < bytes.count && bytes[offset] != UInt8(ascii: "\n") {
      if bytes[offset] == UInt8(ascii: "\r") && byte(at: offset + 1) == UInt8(ascii: "\n") {
        return
      }
      offset += 1
    }
  }

  /// The end of the number literal at `start`: digits, a fraction and an exponent, as HCL's
  /// scanner takes them (a `.` not followed by a digit is not part of the number).
  private func numberEnd(from start: Int) -> Int {
    var end = start + 1
    while end < bytes.count {
      let byte = bytes[end]
      if Self.isDigit(byte) {
        end += 1
      } else if byte == UInt8(ascii: "."), Self.isDigit(self.byte(at: end + 1)) {
        end += 2
      } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
        let sign = self.byte(at: end + 1)
        if Self.isDigit(sign) {
          end += 2
        } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
          Self.isDigit(self.byte(at: end + 2))
        {
          end += 3
        } else {
          break
        }
      } else {
        break
      }
    }
    return end
  }

  /// `<<EOT` or `<<-EOT` directly followed by a newline, which is consumed; nil when the
  /// bytes at `start` are not a heredoc introducer.
  private mutating func heredocIntroducer(at start: Int) -> HCLToken? {
    var markerStart = start + 2
    if byte(at: markerStart) == UInt8(ascii: "-") { markerStart += 1 }
    let length = identifierLength(at: markerStart)
    guard length > 0 else { return nil }
    let end = markerStart + length
    var afterNewline = end
    if byte(at: afterNewline) == UInt8(ascii: "\r") { afterNewline += 1 }
    guard byte(at: afterNewline) == UInt8(ascii: "\n") else { return nil }
    offset = afterNewline + 1
    return token(.heredoc, start, end)
  }
}

/// Finds the first byte that is not part of valid UTF-8.
enum UTF8Check {
  /// The offset of the first byte of the first invalid sequence, or nil.
  static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = 0
    while index < bytes.count {
      if bytes[index] < 0x80 {
        index += 1
        continue
      }
      guard let length = UTF8Sequence.length(bytes, at: index) else { return index }
      index += length
    }
    return nil
  }
}
