import Foundation

/// Where one JSON value lies in a text: its bytes and the line and column of its first byte.
public struct JSONSpan: Sendable, Equatable {
  /// The value's bytes, from its first to its last (no surrounding whitespace).
  public var range: Range<Int>
  /// The line and column of the value's first byte.
  public var position: Position
  /// How many objects and arrays enclose the value.
  public var depth: Int

  /// Creates a span.
  public init(range: Range<Int>, position: Position, depth: Int) {
    self.range = range
    self.position = position
    self.depth = depth
  }
}

/// The top-level members of a JSON object text, found by a byte scan that reads no value:
/// a large export (a kubectl `List`) can then be read element by element on all cores.
///
/// The scan only follows strings and brackets; `JSONReader.parse(_:span:file:)` checks each
/// span in full. A text the scan cannot outline is not an object, or malformed.
public struct JSONOutline: Sendable {
  /// One top-level member: where its name and its value lie.
  public struct Member: Sendable {
    /// The member name in quotes, as written.
    public var name: JSONSpan
    /// The member's value.
    public var value: JSONSpan
    /// The spans of the elements when the value is an array.
    public var elements: [JSONSpan]?
  }

  /// The top-level members, in order.
  public var members: [Member]

  /// The outline of `bytes`, or nil when they are not one JSON object (a byte order mark
  /// and surrounding whitespace allowed) whose brackets and strings balance.
  public init?(_ bytes: [UInt8]) {
    guard
      let members = bytes.withUnsafeBufferPointer({ buffer in
        var scanner = Scanner(bytes: buffer)
        return scanner.topLevelMembers()
      })
    else { return nil }
    self.members = members
  }
}

/// A scan that follows only strings and brackets, counting lines.
struct Scanner {
  let bytes: UnsafeBufferPointer<UInt8>
  var offset = 0
  var line = 1
  var lineStart = 0

  init(bytes: UnsafeBufferPointer<UInt8>, offset: Int = 0, line: Int = 1, lineStart: Int = 0) {
    self.bytes = bytes
    self.offset = offset
    self.line = line
    self.lineStart = lineStart
  }

  var position: Position { Position(line: line, column: offset - lineStart + 1) }

  mutating func skipWhitespace() {
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

  mutating func expect(_ byte: UInt8) -> Bool {
    guard offset < bytes.count, bytes[offset] == byte else { return false }
    offset += 1
    return true
  }

  mutating func topLevelMembers() -> [JSONOutline.Member]? {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
    skipWhitespace()
    guard expect(UInt8(ascii: "{")) else { return nil }
    var members: [JSONOutline.Member] = []
    skipWhitespace()
    if expect(UInt8(ascii: "}")) { return finished() ? members : nil }
    while true {
      skipWhitespace()
      guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { return nil }
      let nameStart = position
      let nameOffset = offset
      guard skipString() else { return nil }
      let name = JSONSpan(range: nameOffset..<offset, position: nameStart, depth: 1)
      skipWhitespace()
      guard expect(UInt8(ascii: ":")) else { return nil }
      skipWhitespace()
      let valueStart = position
      let valueOffset = offset
      var elements: [JSONSpan]?
      if offset < bytes.count, bytes[offset] == UInt8(ascii: "[") {
        guard let found = arrayElements() else { return nil }
        elements = found
      } else {
        guard skipValue() else { return nil }
      }
      let value = JSONSpan(range: valueOffset..<offset, position: valueStart, depth: 1)
      members.append(JSONOutline.Member(name: name, value: value, elements: elements))
      skipWhitespace()
      if expect(UInt8(ascii: ",")) { continue }
      guard expect(UInt8(ascii: "}")) else { return nil }
      return finished() ? members : nil
    }
  }

  mutating func finished() -> Bool {
    skipWhitespace()
    return offset == bytes.count
  }

  /// The spans of the elements of the array at the offset, which is left after it.
  mutating func arrayElements() -> [JSONSpan]? {
    offset += 1
    var elements: [JSONSpan] = []
    skipWhitespace()
    if expect(UInt8(ascii: "]")) { return elements }
    while true {
      skipWhitespace()
      let start = position
      let startOffset = offset
      guard skipValue() else { return nil }
      elements.append(JSONSpan(range: startOffset..<offset, position: start, depth: 2))
      skipWhitespace()
      if expect(UInt8(ascii: ",")) { continue }
      return expect(UInt8(ascii: "]")) ? elements : nil
    }
  }

  /// Moves past one value: a container to its matching bracket, a string to its closing
  /// quote, anything else to the next delimiter.
  mutating func skipValue() -> Bool {
    guard offset < bytes.count else { return false }
    switch bytes[offset] {
    case UInt8(ascii: "\""): return skipString()
    case UInt8(ascii: "{"), UInt8(ascii: "["): return skipContainer()
    default:
      let start = offset
      while offset < bytes.count {
        switch bytes[offset] {
        case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D:
          return offset > start
        default: offset += 1
        }
      }
      return offset > start
    }
  }

  /// Moves past the string whose opening quote is at the offset: to the next quote that an
  /// even run of backslashes precedes.
  mutating func skipString() -> Bool {
    guard let base = bytes.baseAddress else { return false }
    offset += 1
    while offset < bytes.count {
      guard let found = memchr(base + offset, Int32(UInt8(ascii: "\"")), bytes.count - offset)
      else { break }
      let quote = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
      var backslashes = 0
      while quote - backslashes > offset, bytes[quote - backslashes - 1] == UInt8(ascii: "\\") {
        backslashes += 1
      }
      offset = quote + 1
      if backslashes % 2 == 0 { return true }
    }
    offset = bytes.count
    return false
  }

  /// Moves past the object or array whose opening bracket is at the offset.
  mutating func skipContainer() -> Bool {
    var depth = 0
    while offset < bytes.count {
      switch bytes[offset] {
      case UInt8(ascii: "\""):
        guard skipString() else { return false }
        continue
      case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        depth -= 1
        if depth == 0 {
          offset += 1
          return true
        }
      case 0x0A:
        line += 1
        lineStart = offset + 1
      default: break
      }
      offset += 1
    }
    return false
  }
}
