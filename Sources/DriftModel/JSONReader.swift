import Foundation
import Parallelism

/// Reads JSON into a `Value`, keeping member order and the line and column of every member.
///
/// Written for kubectl and Terraform exports of tens of megabytes: one pass over the bytes,
/// no detour through Foundation objects (which lose key order and are several times slower).
public struct JSONReader {
  /// The deepest nesting accepted; exports of real tools stay far below it.
  public static let maximumDepth = 512

  private var bytes: UnsafeBufferPointer<UInt8>
  private let file: String
  private var offset = 0
  private var line = 1
  private var lineStart = 0
  private var depth = 0
  /// Members and elements of the containers being read, innermost last: each container is
  /// copied out at its exact size, so nothing grows by doubling and no capacity is left unused.
  private var pendingMembers: [Member] = []
  private var pendingElements: [Value] = []
  /// Long strings already made, by a hash of their bytes: the keys and values that repeat in
  /// every object of an export (`f:terminationMessagePolicy`, timestamps) share one storage.
  private var interned: [String?]
  /// The bytes of the escaped string being read, kept between strings for its capacity.
  private var scratch: [UInt8] = []

  /// Strings up to this many bytes are stored inline by `String` and need no sharing.
  private static let inlineLength = 15
  /// Longer strings than this are seldom repeated: they are not looked up for sharing.
  private static let internedLength = 96
  private static let internSlots = 4_096

  /// Parses one JSON text.
  ///
  /// - Throws: `DriftError` naming `file`, line and column of the first problem.
  public static func parse(_ bytes: [UInt8], file: String) throws(DriftError) -> Value {
    let result = bytes.withUnsafeBufferPointer { buffer -> Result<Value, DriftError> in
      var reader = JSONReader(bytes: buffer, file: file)
      do throws(DriftError) {
        return .success(try reader.parseDocument())
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// Parses the values at `spans` of one JSON text (found by `JSONOutline`) on all cores.
  ///
  /// Each value is turned by `transform` as soon as it is read, so that the values of all
  /// spans never exist at once unless `transform` keeps them. Positions are those in the
  /// whole text.
  ///
  /// - Throws: `DriftError` of the first span, in order, that is malformed or that
  ///   `transform` rejects.
  public static func parse<Output: Sendable>(
    _ bytes: [UInt8], spans: [JSONSpan], file: String,
    _ transform: @Sendable (Value, Int) throws(DriftError) -> Output
  ) throws(DriftError) -> [Output] {
    let lanes = bytes.withUnsafeBufferPointer { buffer in
      nonisolated(unsafe) let buffer = buffer
      return Parallel.chunks(spans.count) { indices -> Result<[Output], DriftError> in
        var reader = JSONReader(bytes: buffer, file: file)
        var outputs: [Output] = []
        outputs.reserveCapacity(indices.count)
        for index in indices {
          do throws(DriftError) {
            let value = try reader.parseSpan(spans[index])
            outputs.append(try transform(value, index))
          } catch {
            return .failure(error)
          }
        }
        return .success(outputs)
      }
    }
    var outputs: [Output] = []
    outputs.reserveCapacity(spans.count)
    for lane in lanes { outputs += try lane.get() }
    return outputs
  }

  /// Parses the value at `span` of a JSON text, positions counted as in the whole text.
  ///
  /// - Throws: `DriftError` at the first problem in the span.
  public static func parse(_ bytes: [UInt8], span: JSONSpan, file: String) throws(DriftError)
    -> Value
  {
    let result = bytes.withUnsafeBufferPointer { buffer -> Result<Value, DriftError> in
      var reader = JSONReader(bytes: buffer, file: file)
      do throws(DriftError) {
        return .success(try reader.parseSpan(span))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  private init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
    self.bytes = bytes
    self.file = file
    self.interned = Array(repeating: nil, count: bytes.count > 4_096 ? Self.internSlots : 0)
  }

  /// The value of `span` alone: the reader sees the text up to the span's end.
  private mutating func parseSpan(_ span: JSONSpan) throws(DriftError) -> Value {
    let whole = bytes
    bytes = UnsafeBufferPointer(rebasing: whole[..<span.range.upperBound])
    defer { bytes = whole }
    offset = span.range.lowerBound
    line = Int(span.position.line)
    lineStart = offset - Int(span.position.column) + 1
    depth = span.depth
    let value = try parseValue()
    skipWhitespace()
    guard offset == bytes.count else {
      throw error("unexpected text after the JSON value")
    }
    return value
  }

  private mutating func parseDocument() throws(DriftError) -> Value {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
    skipWhitespace()
    let value = try parseValue()
    skipWhitespace()
    guard offset == bytes.count else {
      throw error("unexpected text after the JSON value")
    }
    return value
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
    skipWhitespace()
    if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
      offset += 1
      depth -= 1
      return .object([])
    }
    let base = pendingMembers.count
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
      let value = try parseValue()
      pendingMembers.append(Member(key, value, at: keyPosition))
      skipWhitespace()
      guard offset < bytes.count else { throw error("unexpected end of input in an object") }
      if bytes[offset] == UInt8(ascii: ",") {
        offset += 1
        continue
      }
      guard bytes[offset] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
      offset += 1
      depth -= 1
      let members = Array(pendingMembers[base...])
      pendingMembers.removeSubrange(base...)
      return .object(members)
    }
  }

  private mutating func parseArray() throws(DriftError) -> Value {
    try enter()
    offset += 1
    skipWhitespace()
    if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
      offset += 1
      depth -= 1
      return .array([])
    }
    let base = pendingElements.count
    while true {
      skipWhitespace()
      let element = try parseValue()
      pendingElements.append(element)
      skipWhitespace()
      guard offset < bytes.count else { throw error("unexpected end of input in an array") }
      if bytes[offset] == UInt8(ascii: ",") {
        offset += 1
        continue
      }
      guard bytes[offset] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
      offset += 1
      depth -= 1
      let elements = Array(pendingElements[base...])
      pendingElements.removeSubrange(base...)
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
    if isInteger, let integer = plainInteger(from: start) { return .integer(integer) }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
    if isInteger, let integer = Int(text) { return .integer(integer) }
    guard let double = Double(text), text.last?.isNumber == true else {
      throw error("malformed number '\(text)'")
    }
    return .double(double)
  }

  /// The integer of the digits from `start`, with an optional leading minus, when they are
  /// nothing else and too few to overflow; other numbers take the general path.
  private func plainInteger(from start: Int) -> Int? {
    var index = start
    let negative = bytes[index] == UInt8(ascii: "-")
    if negative { index += 1 }
    guard index < offset, offset - index <= 18 else { return nil }
    var magnitude = 0
    while index < offset {
      let digit = bytes[index] &- UInt8(ascii: "0")
      guard digit < 10 else { return nil }
      magnitude = magnitude &* 10 &+ Int(digit)
      index += 1
    }
    return negative ? -magnitude : magnitude
  }

  private mutating func parseString() throws(DriftError) -> String {
    offset += 1
    let start = offset
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    while offset < bytes.count {
      let byte = bytes[offset]
      if byte == UInt8(ascii: "\"") {
        let text = makeString(from: start, hash: hash)
        offset += 1
        return text
      }
      if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
      if byte < 0x20 { throw error("control character in a string") }
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
      offset += 1
    }
    throw error("unterminated string")
  }

  /// The string of the bytes from `start` to the current offset, shared with an equal one
  /// made before when it is long enough to be stored apart and short enough to repeat.
  private mutating func makeString(from start: Int, hash: UInt64) -> String {
    let slice = UnsafeBufferPointer(rebasing: bytes[start..<offset])
    let length = slice.count
    guard length > Self.inlineLength, length <= Self.internedLength, !interned.isEmpty else {
      return String(decoding: slice, as: UTF8.self)
    }
    let slot = Int(truncatingIfNeeded: hash) & (Self.internSlots - 1)
    if var known = interned[slot], known.utf8.count == length {
      if known.withUTF8({ $0.elementsEqual(slice) }) { return known }
    }
    let text = String(decoding: slice, as: UTF8.self)
    interned[slot] = text
    return text
  }

  private mutating func parseEscapedString(from start: Int) throws(DriftError) -> String {
    var utf8 = scratch
    scratch = []
    defer { scratch = utf8 }
    utf8.removeAll(keepingCapacity: true)
    utf8.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<offset]))
    while offset < bytes.count {
      let byte = bytes[offset]
      if byte == UInt8(ascii: "\"") {
        offset += 1
        return String(decoding: utf8, as: UTF8.self)
      }
      if byte < 0x20 { throw error("control character in a string") }
      guard byte == UInt8(ascii: "\\") else {
        let run = offset
        offset += 1
        while offset < bytes.count, bytes[offset] >= 0x20, bytes[offset] != UInt8(ascii: "\""),
          bytes[offset] != UInt8(ascii: "\\")
        {
          offset += 1
        }
        utf8.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<offset]))
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
