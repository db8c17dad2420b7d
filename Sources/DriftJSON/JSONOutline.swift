public import DriftModel
import Foundation
import Parallelism

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
  ///
  /// - Parameter parallelFrom: a top-level array of at least this many bytes (the items of a
  ///   large List) is outlined on all cores.
  public init?(_ bytes: [UInt8], parallelFrom: Int = 4 << 20) {
    guard
      let members = bytes.withUnsafeBufferPointer({ buffer in
        var scanner = Scanner(bytes: buffer)
        scanner.parallelFrom = parallelFrom
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
  /// Top-level arrays of at least this many bytes are outlined on all cores.
  var parallelFrom = Int.max

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
        guard let found = elementsInParallel() ?? arrayElements() else { return nil }
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
    skipWhitespace()
    if expect(UInt8(ascii: "]")) { return [] }
    return laneElements(until: nil)?.elements
  }

  /// The spans of the elements of the top-level array at the offset, found on all cores, or
  /// nil (the offset unmoved) when the array is small or cannot be split.
  ///
  /// The bytes after the first element are cut at the start of an object that looks like a
  /// Kubernetes item (see `itemStart(from:)`); each lane outlines from its cut to the
  /// next, with lines counted from its cut. A cut counts only if the lane before ends exactly
  /// there after a `,`, so every lane starts at an element of this array, and the spans are
  /// those `arrayElements()` finds; else the array is outlined on one core as always.
  mutating func elementsInParallel() -> [JSONSpan]? {
    let lanes = ProcessInfo.processInfo.activeProcessorCount
    guard lanes > 1, bytes.count - offset >= parallelFrom else { return nil }
    var first = self
    first.offset += 1
    first.skipWhitespace()
    guard first.offset < bytes.count, bytes[first.offset] == UInt8(ascii: "{") else { return nil }
    var cuts = [first.offset]
    let length = bytes.count - first.offset
    for lane in 1..<lanes {
      let from = max(first.offset + length / lanes * lane, (cuts.last ?? 0) + 1)
      guard let cut = itemStart(from: from) else { break }
      cuts.append(cut)
    }
    guard cuts.count > 1 else { return nil }
    let scanned = cuts.withUnsafeBufferPointer { cutsBuffer in
      let base = UInt(bitPattern: bytes.baseAddress)
      let (count, cutBase, cutCount) = (
        bytes.count, UInt(bitPattern: cutsBuffer.baseAddress), cuts.count
      )
      let firstLine = (first.line, first.lineStart)
      return Parallel.chunks(cutCount) { range -> Lane? in
        let bytes = UnsafeBufferPointer(start: UnsafePointer<UInt8>(bitPattern: base), count: count)
        let cuts = UnsafeBufferPointer(
          start: UnsafePointer<Int>(bitPattern: cutBase), count: cutCount)
        let index = range.lowerBound
        let start = cuts[index]
        var lane = Scanner(
          bytes: bytes, offset: start, line: index == 0 ? firstLine.0 : 1,
          lineStart: index == 0 ? firstLine.1 : start)
        return lane.laneElements(until: index + 1 < cutCount ? cuts[index + 1] : nil)
      }
    }
    var elements: [JSONSpan] = []
    var line = first.line
    var lineStart = first.lineStart
    for (index, found) in scanned.enumerated() {
      guard let found else { return nil }
      for span in found.elements {
        var span = span
        if index > 0 {
          let relative = span.position
          span.position =
            relative.line == 1
            ? Position(line: line, column: span.range.lowerBound - lineStart + 1)
            : Position(line: line + Int(relative.line) - 1, column: Int(relative.column))
        }
        elements.append(span)
      }
      if index == 0 {
        (line, lineStart) = (found.line, found.lineStart)
      } else if found.line > 1 {
        (line, lineStart) = (line + found.line - 1, found.lineStart)
      }
      offset = found.offset
    }
    self.line = line
    self.lineStart = lineStart
    return elements
  }

  /// What one lane of `elementsInParallel()` found: its spans, and where it stopped.
  struct Lane: Sendable {
    var elements: [JSONSpan]
    var offset: Int
    var line: Int
    var lineStart: Int
  }

  /// The elements from the offset, an element of the array, to `stop` (the next lane's cut,
  /// which must be where an element starts) or past the array's `]`; nil when not so.
  mutating func laneElements(until stop: Int?) -> Lane? {
    var elements: [JSONSpan] = []
    while true {
      let start = position
      let startOffset = offset
      guard skipValue() else { return nil }
      elements.append(JSONSpan(range: startOffset..<offset, position: start, depth: 2))
      skipWhitespace()
      if expect(UInt8(ascii: ",")) {
        skipWhitespace()
        guard let stop else { continue }
        if offset == stop {
          return Lane(elements: elements, offset: offset, line: line, lineStart: lineStart)
        }
        if offset > stop { return nil }
        continue
      }
      guard stop == nil, expect(UInt8(ascii: "]")) else { return nil }
      return Lane(elements: elements, offset: offset, line: line, lineStart: lineStart)
    }
  }

  /// The offset of the first `{` at or after `from` that opens what looks like a Kubernetes
  /// item after another.
  ///
  /// kubectl sorts members, so an item reads `}` `,` `{"apiVersion": "…", "kind": "…",
  /// "metadata"`, with any whitespace; owner references and field sets, which also start with
  /// apiVersion, go on otherwise.
  func itemStart(from: Int) -> Int? {
    let key = Array(#""apiVersion""#.utf8)
    var from = from
    while from < bytes.count, let base = bytes.baseAddress {
      guard let found = memchr(base + from, Int32(UInt8(ascii: "\"")), bytes.count - from)
      else { return nil }
      let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
      from = at + 1
      guard at + key.count <= bytes.count, bytes[at..<(at + key.count)].elementsEqual(key)
      else { continue }
      guard let brace = previous(before: at), bytes[brace] == UInt8(ascii: "{"),
        let comma = previous(before: brace), bytes[comma] == UInt8(ascii: ","),
        let close = previous(before: comma), bytes[close] == UInt8(ascii: "}")
      else { continue }
      var probe = Scanner(bytes: bytes, offset: at + key.count)
      guard probe.skipStringValueAndComma(), probe.skip(#""kind""#),
        probe.skipStringValueAndComma(), probe.skip(#""metadata""#)
      else { continue }
      return brace
    }
    return nil
  }

  /// Moves past `: "…",` after a member name, and the whitespace around; false if not there.
  mutating func skipStringValueAndComma() -> Bool {
    skipWhitespace()
    guard expect(UInt8(ascii: ":")) else { return false }
    skipWhitespace()
    guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\""), skipString() else {
      return false
    }
    skipWhitespace()
    guard expect(UInt8(ascii: ",")) else { return false }
    skipWhitespace()
    return true
  }

  /// Moves past `word` when the bytes at the offset spell it.
  mutating func skip(_ word: StaticString) -> Bool {
    let count = word.utf8CodeUnitCount
    guard offset + count <= bytes.count else { return false }
    for index in 0..<count where bytes[offset + index] != word.utf8Start[index] { return false }
    offset += count
    return true
  }

  /// The offset of the last byte before `offset` that is not whitespace.
  private func previous(before offset: Int) -> Int? {
    var index = offset - 1
    while index >= 0 {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index -= 1
      default: return index
      }
    }
    return nil
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
