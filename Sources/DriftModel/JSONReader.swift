/// Reads JSON into a `Value`, keeping member order and the line and column of every member.
///
/// Written for kubectl and Terraform exports of tens of megabytes: one pass over the bytes,
/// no detour through Foundation objects (which lose key order and are several times slower).
public struct JSONReader {
  /// The deepest nesting accepted; exports of real tools stay far below it.
  public static let maximumDepth = 512

  private let bytes: [UInt8]
  private let file: String
  private var offset = 0
  private var line = 1
  private var lineStart = 0
  private var depth = 0

  /// Parses one JSON text.
  ///
  /// - Throws: `DriftError` naming `file`, line and column of the first problem.
  public static func parse(_ bytes: [UInt8], file: String) throws(DriftError) -> Value {
    var reader = JSONReader(bytes: bytes, file: file)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.offset = 3 }
    reader.skipWhitespace()
    let value = try reader.parseValue()
    reader.skipWhitespace()
    guard reader.offset == bytes.count else {
      throw reader.error("unexpected text after the JSON value")
    }
    return value
  }

  private init(bytes: [UInt8], file: String) {
    self.bytes = bytes
    self.file = file
  }

  private var position: Position { Position(line: line, column: offset - lineStart + 1) }

  private func error(_ message: String) -> DriftError {
    DriftError("invalid JSON: \(message)", at: SourceLocation(file: file, position: position))
  }

  private mutating func skipWhitespace() {
    while offset < bytes.count {
      switch bytes[offset] {
      case 0x20, 0x09, 0x0D: offset += 1
      case 0x0A:
        offset += 1
        line += 1
        lineStart = offset
      default: return
      }
    }
  }

  private mutating func parseValue() throws(DriftError) -> Value {
    guard offset < bytes.count else { throw error("unexpected end of input") }
    switch bytes[offset] {
    case UInt8(ascii: "{"): return try parseObject()
    case UInt8(ascii: "["): return try parseArray()
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
    case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
    case UInt8(ascii: "n"): return try parseLiteral("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
    default: throw error("unexpected character '\(Unicode.Scalar(bytes[offset]))'")
    }
  }

  private mutating func enter() throws(DriftError) {
    depth += 1
    guard depth <= Self.maximumDepth else {
      throw error("nesting deeper than \(Self.maximumDepth) levels")
    }
  }

  private mutating func parseObject() throws(DriftError) -> Value {
    try enter()
    offset += 1
    var members: [Member] = []
    skipWhitespace()
    if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
      offset += 1
      depth -= 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
        throw error("expected a member name in quotes")
      }
      let keyPosition = position
      let key = try parseString()
      skipWhitespace()
      guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else {
        throw error("expected ':' after member name")
      }
      offset += 1
      skipWhitespace()
      members.append(Member(key, try parseValue(), at: keyPosition))
      skipWhitespace()
      guard offset < bytes.count else { throw error("unexpected end of input in an object") }
      if bytes[offset] == UInt8(ascii: ",") {
        offset += 1
        continue
      }
      guard bytes[offset] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
      offset += 1
      depth -= 1
      return .object(members)
    }
  }

  private mutating func parseArray() throws(DriftError) -> Value {
    try enter()
    offset += 1
    var elements: [Value] = []
    skipWhitespace()
    if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
      offset += 1
      depth -= 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue())
      skipWhitespace()
      guard offset < bytes.count else { throw error("unexpected end of input in an array") }
      if bytes[offset] == UInt8(ascii: ",") {
        offset += 1
        continue
      }
      guard bytes[offset] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
      offset += 1
      depth -= 1
      return .array(elements)
    }
  }

  private mutating func parseLiteral(_ word: StaticString, _ value: Value) throws(DriftError)
    -> Value
  {
    let count = word.utf8CodeUnitCount
    guard offset + count <= bytes.count else { throw error("unexpected end of input") }
    let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
    for index in 0..<count where bytes[offset + index] != expected[index] {
      throw error("unexpected word")
    }
    offset += count
    return value
  }

  private mutating func parseNumber() throws(DriftError) -> Value {
    let start = offset
    var isInteger = true
    while offset < bytes.count {
      switch bytes[offset] {
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"):
        offset += 1
      case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
        isInteger = false
        offset += 1
      default:
        return try number(from: start, isInteger: isInteger)
      }
    }
    return try number(from: start, isInteger: isInteger)
  }

  private func number(from start: Int, isInteger: Bool) throws(DriftError) -> Value {
    let text = String(decoding: bytes[start..<offset], as: UTF8.self)
    if isInteger, let integer = Int(text) { return .integer(integer) }
    guard let double = Double(text), text.last?.isNumber == true else {
      throw error("malformed number '\(text)'")
    }
    return .double(double)
  }

  private mutating func parseString() throws(DriftError) -> String {
    offset += 1
    let start = offset
    while offset < bytes.count {
      let byte = bytes[offset]
      if byte == UInt8(ascii: "\"") {
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        offset += 1
        return text
      }
      if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
      if byte < 0x20 { throw error("control character in a string") }
      offset += 1
    }
    throw error("unterminated string")
  }

  private mutating func parseEscapedString(from start: Int) throws(DriftError) -> String {
    var utf8 = Array(bytes[start..<offset])
    while offset < bytes.count {
      let byte = bytes[offset]
      if byte == UInt8(ascii: "\"") {
        offset += 1
        return String(decoding: utf8, as: UTF8.self)
      }
      if byte < 0x20 { throw error("control character in a string") }
      guard byte == UInt8(ascii: "\\") else {
        utf8.append(byte)
        offset += 1
        continue
      }
      offset += 1
      guard offset < bytes.count else { break }
      let escape = bytes[offset]
      offset += 1
      switch escape {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
      case UInt8(ascii: "b"): utf8.append(0x08)
      case UInt8(ascii: "f"): utf8.append(0x0C)
      case UInt8(ascii: "n"): utf8.append(0x0A)
      case UInt8(ascii: "r"): utf8.append(0x0D)
      case UInt8(ascii: "t"): utf8.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = try hexQuad()
        if (0xD800..<0xDC00).contains(scalar), offset + 5 < bytes.count,
          bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u")
        {
          let resume = offset
          offset += 2
          let low = try hexQuad()
          if (0xDC00..<0xE000).contains(low) {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          } else {
            offset = resume
          }
        }
        let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
        utf8.append(contentsOf: String(character).utf8)
      default: throw error("invalid escape '\\\(Unicode.Scalar(escape))'")
      }
    }
    throw error("unterminated string")
  }

  private mutating func hexQuad() throws(DriftError) -> UInt32 {
    guard offset + 4 <= bytes.count else { throw error("truncated \\u escape") }
    var scalar: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[offset]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: throw error("invalid \\u escape")
      }
      scalar = scalar << 4 | UInt32(digit)
      offset += 1
    }
    return scalar
  }
}
