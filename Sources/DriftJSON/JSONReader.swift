public import DriftModel
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
  /// moved out at its exact size, so nothing grows by doubling and no capacity is left unused.
  private let pendingMembers: PendingElements<Member>
  private let pendingElements: PendingElements<Value>
  /// Long strings already made, by a hash of their bytes: the keys and values that repeat in
  /// every object of an export (`f:terminationMessagePolicy`, timestamps) share one storage.
  private var interned: [String?]
  /// Short strings already made, by a hash of their bytes (see `smallString`).
  private var smallStrings: [SmallString]
  /// The bytes of the escaped string being read, kept between strings for its capacity; made
  /// at the first escaped string (the reader of a last-applied annotation seldom meets one).
  private var scratch: StringScratch?
  /// The members of each value read that are left out or shared.
  private let pruning: Pruning
  /// The objects and arrays read without positions so far, by their text (see `Pruning`).
  private var sharedValues = SharedValues()

  /// Strings up to this many bytes are stored inline by `String` and need no sharing.
  private static let inlineLength = 15
  /// Longer strings than this are seldom repeated: they are not looked up for sharing.
  private static let internedLength = 96
  private static let internSlots = 4_096

  /// Parses one JSON text; `pruning` names the members left out or shared.
  ///
  /// - Throws: `DriftError` naming `file`, line and column of the first problem.
  public static func parse(_ bytes: [UInt8], file: String, pruning: Pruning = Pruning())
    throws(DriftError) -> Value
  {
    let result = bytes.withUnsafeBufferPointer { buffer -> Result<Value, DriftError> in
      var reader = JSONReader(bytes: buffer, file: file, pruning: pruning)
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
  /// `pruning` names the members of each value that are left out or shared.
  ///
  /// - Throws: `DriftError` of the first span, in order, that is malformed or that
  ///   `transform` rejects.
  public static func parse<Output: Sendable>(
    _ bytes: [UInt8], spans: [JSONSpan], file: String, pruning: Pruning = Pruning(),
    _ transform: @Sendable (Value, Int) throws(DriftError) -> Output
  ) throws(DriftError) -> [Output] {
    let lanes = bytes.withUnsafeBufferPointer { buffer in
      nonisolated(unsafe) let buffer = buffer
      return Parallel.chunks(spans.count) { indices -> Result<[Output], DriftError> in
        var reader = JSONReader(bytes: buffer, file: file, pruning: pruning)
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

  private init(bytes: UnsafeBufferPointer<UInt8>, file: String, pruning: Pruning = Pruning()) {
    self.bytes = bytes
    self.file = file
    self.pruning = pruning
    // A member takes at least 4 bytes of text (`"":0`): a small text (a last-applied
    // annotation, ~700 bytes) needs far fewer than the 256 a List item may.
    let pending = min(256, max(16, bytes.count / 4))
    self.pendingMembers = PendingElements(capacity: pending)
    self.pendingElements = PendingElements(capacity: pending)
    self.interned = Array(repeating: nil, count: bytes.count > 4_096 ? Self.internSlots : 0)
    self.smallStrings = Array(
      repeating: SmallString(words: (0, 0), length: -1, text: ""),
      count: bytes.count > 4_096 ? Self.internSlots : 0)
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
    let value = try parseValue(pruning: Pruning.root)
    skipWhitespace()
    guard offset == bytes.count else {
      throw error("unexpected text after the JSON value")
    }
    return value
  }

  private mutating func parseDocument() throws(DriftError) -> Value {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
    skipWhitespace()
    let value = try parseValue(pruning: Pruning.root)
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
    guard offset < bytes.count, bytes[offset] <= 0x20 else { return }
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

  /// The value at the offset; `node` is its place in `pruning`, `Pruning.outside` when none.
  private mutating func parseValue(pruning node: Int = Pruning.outside) throws(DriftError)
    -> Value
  {
    guard offset < bytes.count else { throw error("unexpected end of input") }
    switch bytes[offset] {
    case UInt8(ascii: "{"): return try parseObject(pruning: node)
    case UInt8(ascii: "["): return try parseArray(pruning: node)
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

  private mutating func parseObject(pruning node: Int) throws(DriftError) -> Value {
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
      let keyPosition = node == Pruning.insideShared ? Position.unknown : position
      let key: String
      if node == Pruning.insideOmitted {
        try skipString()
        key = ""
      } else {
        key = try parseString()
      }
      skipWhitespace()
      guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else {
        throw error("expected ':' after member name")
      }
      offset += 1
      skipWhitespace()
      let child = pruning.child(of: node, named: key)
      switch pruning.treatment(of: child) {
      case .kept:
        pendingMembers.append(Member(key, try parseValue(pruning: child), at: keyPosition))
      case .omitted:
        try skipValue()
      case .shared:
        pendingMembers.append(Member(key, try parseSharedValue(), at: keyPosition))
      }
      skipWhitespace()
      guard offset < bytes.count else { throw error("unexpected end of input in an object") }
      if bytes[offset] == UInt8(ascii: ",") {
        offset += 1
        continue
      }
      guard bytes[offset] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
      offset += 1
      depth -= 1
      return .object(pendingMembers.moveOut(from: base))
    }
  }

  private mutating func parseArray(pruning node: Int) throws(DriftError) -> Value {
    try enter()
    offset += 1
    skipWhitespace()
    if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
      offset += 1
      depth -= 1
      return .array([])
    }
    let base = pendingElements.count
    let child = pruning.elementChild(of: node)
    while true {
      skipWhitespace()
      switch pruning.treatment(of: child) {
      case .kept: pendingElements.append(try parseValue(pruning: child))
      case .omitted: try skipValue()
      case .shared: pendingElements.append(try parseSharedValue())
      }
      skipWhitespace()
      guard offset < bytes.count else { throw error("unexpected end of input in an array") }
      if bytes[offset] == UInt8(ascii: ",") {
        offset += 1
        continue
      }
      guard bytes[offset] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
      offset += 1
      depth -= 1
      return .array(pendingElements.moveOut(from: base))
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
    guard Self.isNumber(UnsafeBufferPointer(rebasing: bytes[start..<offset])) else {
      throw error("malformed number '\(text)'")
    }
    if isInteger, let integer = Int(text) { return .integer(integer) }
    guard let double = Double(text) else { throw error("malformed number '\(text)'") }
    // Double reads 1e400 as infinity, which JSON cannot hold (it was written back as null).
    guard double.isFinite else { throw error("number '\(text)' is outside the range of a double") }
    return .double(double)
  }

  /// Whether `text` is a number as RFC 8259 writes one: `-? (0 | [1-9][0-9]*) (. [0-9]+)?
  /// ([eE] [+-]? [0-9]+)?` (no leading zeros, no `1.`, no `.5`, no `+1`).
  private static func isNumber(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    var index = 0
    func digits() -> Int {
      let first = index
      while index < text.count, text[index] &- UInt8(ascii: "0") < 10 { index += 1 }
      return index - first
    }
    if index < text.count, text[index] == UInt8(ascii: "-") { index += 1 }
    guard index < text.count else { return false }
    if text[index] == UInt8(ascii: "0") {
      index += 1
    } else if digits() == 0 {
      return false
    }
    if index < text.count, text[index] == UInt8(ascii: ".") {
      index += 1
      guard digits() > 0 else { return false }
    }
    if index < text.count, text[index] | 0x20 == UInt8(ascii: "e") {
      index += 1
      if index < text.count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") {
        index += 1
      }
      guard digits() > 0 else { return false }
    }
    return index == text.count
  }

  /// The integer of the digits from `start`, with an optional leading minus, when they are
  /// nothing else and too few to overflow; other numbers take the general path.
  private func plainInteger(from start: Int) -> Int? {
    var index = start
    let negative = bytes[index] == UInt8(ascii: "-")
    if negative { index += 1 }
    guard index < offset, offset - index <= 18 else { return nil }
    // A leading zero is not JSON (`01`): the general path says so.
    if bytes[index] == UInt8(ascii: "0"), offset - index > 1 { return nil }
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
    try scanPlainBytes()
    guard offset < bytes.count else { throw error("unterminated string") }
    switch bytes[offset] {
    case UInt8(ascii: "\""):
      let text = makeString(from: start)
      offset += 1
      return text
    case UInt8(ascii: "\\"): return try parseEscapedString(from: start)
    default: throw error("control character in a string")
    }
  }

  /// Moves the offset past the plain bytes of a string, to its next control character, `"`,
  /// `\` or the end, checking that the bytes above ASCII are well-formed UTF-8 (RFC 3629: no
  /// overlong forms, no surrogates, nothing above U+10FFFF), which decoding would silently
  /// replace by U+FFFD.
  @inline(__always)
  private mutating func scanPlainBytes() throws(DriftError) {
    while true {
      offset = JSONStringBytes.firstSpecialOrNonASCII(in: bytes, from: offset)
      guard offset < bytes.count, bytes[offset] >= 0x80 else { return }
      try skipMultibyteScalar()
    }
  }

  /// Moves past the UTF-8 sequence at the offset, or throws at its lead byte.
  private mutating func skipMultibyteScalar() throws(DriftError) {
    guard let length = UTF8Sequence.length(bytes, at: offset) else {
      throw error("invalid UTF-8 in a string (byte 0x\(String(bytes[offset], radix: 16)))")
    }
    offset += length
  }

  /// The string of the bytes from `start` to the current offset, shared with an equal one
  /// made before when it is long enough to be stored apart and short enough to repeat.
  private mutating func makeString(from start: Int) -> String {
    let slice = UnsafeBufferPointer(rebasing: bytes[start..<offset])
    let length = slice.count
    if length <= Self.inlineLength { return smallString(slice) }
    guard length <= Self.internedLength, !interned.isEmpty else {
      return String(decoding: slice, as: UTF8.self)
    }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in slice { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    let slot = Int(truncatingIfNeeded: hash) & (Self.internSlots - 1)
    if var known = interned[slot], known.utf8.count == length {
      let same = known.withUTF8 { text in
        guard let left = text.baseAddress, let right = slice.baseAddress else { return false }
        return memcmp(left, right, length) == 0
      }
      if same { return known }
    }
    let text = String(decoding: slice, as: UTF8.self)
    interned[slot] = text
    return text
  }

  /// The string of `slice`, at most `inlineLength` bytes, as made before from the same bytes
  /// when it is still remembered: checking and packing the bytes of the keys and short values
  /// that every object repeats costs more than finding them.
  private mutating func smallString(_ slice: UnsafeBufferPointer<UInt8>) -> String {
    guard !smallStrings.isEmpty else { return String(decoding: slice, as: UTF8.self) }
    var words: (UInt64, UInt64) = (0, 0)
    withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(slice)) }
    let hash =
      (words.0 &* 0x9E37_79B9_7F4A_7C15) ^ (words.1 &* 0xC2B2_AE3D_27D4_EB4F)
      ^ UInt64(slice.count)
    let slot = Int(truncatingIfNeeded: hash >> 40) & (Self.internSlots - 1)
    let known = smallStrings[slot]
    if known.words == words, known.length == slice.count { return known.text }
    let text = String(decoding: slice, as: UTF8.self)
    smallStrings[slot] = SmallString(words: words, length: slice.count, text: text)
    return text
  }

  /// Reads the string from `start` that holds an escape at the offset, leaving the offset after
  /// its closing quote.
  private mutating func parseEscapedString(from start: Int) throws(DriftError) -> String {
    let scratch = self.scratch ?? StringScratch()
    self.scratch = scratch
    scratch.count = 0
    var runStart = start
    while true {
      scratch.append(UnsafeBufferPointer(rebasing: bytes[runStart..<offset]))
      guard offset < bytes.count else { throw error("unterminated string") }
      switch bytes[offset] {
      case UInt8(ascii: "\""):
        offset += 1
        return scratch.text
      case UInt8(ascii: "\\"):
        // `\"` and `\\` are nearly all the escapes of a live export: the last-applied
        // annotation of every object quotes each of its ~60 keys and strings.
        if offset + 1 < bytes.count,
          bytes[offset + 1] == UInt8(ascii: "\"") || bytes[offset + 1] == UInt8(ascii: "\\")
        {
          scratch.append(bytes[offset + 1])
          offset += 2
        } else {
          scratch.append(try readEscape())
        }
        runStart = offset
        try scanPlainBytes()
      default: throw error("control character in a string")
      }
    }
  }

  /// Reads the escape whose backslash is at the offset, leaving the offset after it: the
  /// scalar it stands for, a surrogate pair as one, a lone surrogate as U+FFFD.
  private mutating func readEscape() throws(DriftError) -> Unicode.Scalar {
    offset += 1
    guard offset < bytes.count else { throw error("unterminated string") }
    let escape = bytes[offset]
    offset += 1
    switch escape {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(escape)
    case UInt8(ascii: "b"): return "\u{08}"
    case UInt8(ascii: "f"): return "\u{0C}"
    case UInt8(ascii: "n"): return "\n"
    case UInt8(ascii: "r"): return "\r"
    case UInt8(ascii: "t"): return "\t"
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
      return Unicode.Scalar(scalar) ?? "\u{FFFD}"
    default: throw error("invalid escape '\\\(Unicode.Scalar(escape))'")
    }
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

/// The bytes of a string being decoded, written through a pointer: appending each run between
/// escapes to an `Array` cost ~70 instructions a run, and the annotation of each live object
/// has ~120 runs.
private final class StringScratch {
  private var storage: UnsafeMutablePointer<UInt8>
  private var capacity = 256
  /// How many bytes are written.
  var count = 0

  init() { storage = .allocate(capacity: capacity) }

  deinit { storage.deallocate() }

  /// The string of the bytes written.
  var text: String {
    String(decoding: UnsafeBufferPointer(start: storage, count: count), as: UTF8.self)
  }

  @inline(__always)
  func append(_ run: UnsafeBufferPointer<UInt8>) {
    guard let base = run.baseAddress, !run.isEmpty else { return }
    if count + run.count > capacity { grow(to: count + run.count) }
    (storage + count).initialize(from: base, count: run.count)
    count += run.count
  }

  @inline(__always)
  func append(_ byte: UInt8) {
    if count == capacity { grow(to: count + 1) }
    storage[count] = byte
    count += 1
  }

  func append(_ scalar: Unicode.Scalar) {
    if count + 4 > capacity { grow(to: count + 4) }
    UTF8.encode(scalar) { unit in
      storage[count] = unit
      count += 1
    }
  }

  private func grow(to needed: Int) {
    let larger = max(needed, capacity * 2)
    let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
    moved.initialize(from: storage, count: count)
    storage.deallocate()
    storage = moved
    capacity = larger
  }
}

/// A short string with its bytes, as `JSONReader.smallString` remembers it.
private struct SmallString {
  var words: (UInt64, UInt64)
  var length: Int
  var text: String
}

// MARK: Pruning

extension JSONReader {
  /// Members of every value read that are left out, or read without positions with equal
  /// ones sharing one storage, named by their path from the root of the value.
  ///
  /// A member left out is still checked in full: malformed input fails as it would when read.
  public struct Pruning: Sendable {
    /// One step of a path: a member by name, or any element of an array.
    public enum Step: Sendable, Hashable {
      case member(String)
      case element
    }

    /// What becomes of the value at a place.
    enum Treatment {
      case kept
      case omitted
      case shared
    }

    private struct Node: Sendable {
      var members: [(name: String, node: Int)] = []
      var element: Int?
      var treatment = Treatment.kept
    }

    /// The place of the root of each value read.
    static let root = 0
    /// The place of everything no path reaches.
    static let outside = -1
    /// The place of everything inside a shared value: shared too, without positions.
    static let insideShared = -2
    /// The place of everything inside a value left out: checked, and left out too.
    static let insideOmitted = -3

    private var nodes = [Node()]

    /// Creates a pruning; with no paths, every value is read whole.
    ///
    /// Values at `omitted` paths are left out of the objects and arrays that hold them.
    /// Values at `shared` paths are read without member positions, and equal objects among
    /// them are stored once: for large repetitive data that is never reported on.
    public init(omitting omitted: [[Step]] = [], sharing shared: [[Step]] = []) {
      for path in omitted { add(path, .omitted) }
      for path in shared { add(path, .shared) }
    }

    private mutating func add(_ path: [Step], _ treatment: Treatment) {
      var node = Self.root
      for step in path {
        switch step {
        case .member(let name):
          if let known = nodes[node].members.first(where: { $0.name == name }) {
            node = known.node
          } else {
            nodes.append(Node())
            nodes[node].members.append((name, nodes.count - 1))
            node = nodes.count - 1
          }
        case .element:
          if let known = nodes[node].element {
            node = known
          } else {
            nodes.append(Node())
            nodes[node].element = nodes.count - 1
            node = nodes.count - 1
          }
        }
      }
      nodes[node].treatment = treatment
    }

    func child(of node: Int, named name: String) -> Int {
      guard node >= Self.root else { return node }
      for member in nodes[node].members where member.name == name { return member.node }
      return Self.outside
    }

    func elementChild(of node: Int) -> Int {
      guard node >= Self.root else { return node }
      return nodes[node].element ?? Self.outside
    }

    func treatment(of node: Int) -> Treatment {
      switch node {
      case Self.outside: return .kept
      case Self.insideShared: return .shared
      case Self.insideOmitted: return .omitted
      default: return nodes[node].treatment
      }
    }
  }

  /// Moves past the value at the offset, checking it as `parseValue` does, building nothing.
  private mutating func skipValue() throws(DriftError) {
    guard offset < bytes.count else { throw error("unexpected end of input") }
    switch bytes[offset] {
    case UInt8(ascii: "{"): _ = try parseObject(pruning: Pruning.insideOmitted)
    case UInt8(ascii: "["): _ = try parseArray(pruning: Pruning.insideOmitted)
    case UInt8(ascii: "\""): try skipString()
    default: _ = try parseValue()
    }
  }

  /// Moves past the string at the offset, checking its escapes as `parseString` does.
  private mutating func skipString() throws(DriftError) {
    offset += 1
    while true {
      try scanPlainBytes()
      guard offset < bytes.count else { throw error("unterminated string") }
      switch bytes[offset] {
      case UInt8(ascii: "\""):
        offset += 1
        return
      case UInt8(ascii: "\\"): _ = try readEscape()
      default: throw error("control character in a string")
      }
    }
  }

  /// The value at the offset without member positions; an object or array written with the
  /// same bytes as one read before is that one.
  private mutating func parseSharedValue() throws(DriftError) -> Value {
    guard offset < bytes.count else { throw error("unexpected end of input") }
    let isObject = bytes[offset] == UInt8(ascii: "{")
    guard isObject || bytes[offset] == UInt8(ascii: "[") else { return try parseValue() }
    var scanner = Scanner(bytes: bytes, offset: offset, line: line, lineStart: lineStart)
    guard scanner.skipContainer() else { return try parseSharedContainer(isObject: isObject) }
    let text = UnsafeBufferPointer(rebasing: bytes[offset..<scanner.offset])
    if let known = sharedValues.value(written: text, depth: depth) {
      (offset, line, lineStart) = (scanner.offset, scanner.line, scanner.lineStart)
      return known
    }
    let value = try parseSharedContainer(isObject: isObject)
    sharedValues.insert(value, written: text, depth: depth)
    return value
  }

  private mutating func parseSharedContainer(isObject: Bool) throws(DriftError) -> Value {
    isObject
      ? try parseObject(pruning: Pruning.insideShared)
      : try parseArray(pruning: Pruning.insideShared)
  }
}

/// The objects and arrays read without positions so far, by the bytes they are written with:
/// equal bytes make equal values, and valid ones at any depth up to that of the first.
private struct SharedValues {
  private struct Entry {
    var hash: Int
    var text: UnsafeBufferPointer<UInt8>
    var depth: Int
    var value: Value
  }

  /// Empty until the first insert: a reader of a small text (the last-applied annotation of
  /// each live object) shares nothing, and making and freeing 256 empty slots for each of the
  /// 30,000 of the benchmark was 3% of a check's samples.
  private var slots: [Entry?] = []
  private var count = 0

  /// The value read before from the same bytes at `depth` or deeper.
  func value(written text: UnsafeBufferPointer<UInt8>, depth: Int) -> Value? {
    guard !slots.isEmpty else { return nil }
    let hash = Self.hash(text)
    var slot = hash & (slots.count - 1)
    while let entry = slots[slot] {
      if entry.hash == hash, entry.depth >= depth, Self.equal(entry.text, text) {
        return entry.value
      }
      slot = (slot + 1) & (slots.count - 1)
    }
    return nil
  }

  mutating func insert(_ value: Value, written text: UnsafeBufferPointer<UInt8>, depth: Int) {
    if slots.isEmpty {
      slots = Array(repeating: nil, count: 256)
    } else if count * 2 >= slots.count {
      grow()
    }
    place(Entry(hash: Self.hash(text), text: text, depth: depth, value: value))
    count += 1
  }

  private mutating func place(_ entry: Entry) {
    var slot = entry.hash & (slots.count - 1)
    while slots[slot] != nil { slot = (slot + 1) & (slots.count - 1) }
    slots[slot] = entry
  }

  private mutating func grow() {
    let old = slots
    slots = Array(repeating: nil, count: old.count * 2)
    for case let entry? in old { place(entry) }
  }

  private static func equal(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>)
    -> Bool
  {
    guard lhs.count == rhs.count, let left = lhs.baseAddress, let right = rhs.baseAddress else {
      return lhs.isEmpty && rhs.isEmpty
    }
    return memcmp(left, right, lhs.count) == 0
  }

  /// A multiplicative hash taken a word at a time: several times faster than `Hasher` on
  /// texts of kilobytes, and equal texts are compared in full anyway.
  private static func hash(_ text: UnsafeBufferPointer<UInt8>) -> Int {
    guard let start = text.baseAddress else { return 0 }
    let raw = UnsafeRawPointer(start)
    var hash = UInt64(text.count)
    var index = 0
    while index + 8 <= text.count {
      let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      hash = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
      hash ^= hash >> 29
      index += 8
    }
    while index < text.count {
      hash = (hash ^ UInt64(text[index])) &* 0x100_0000_01b3
      index += 1
    }
    return Int(truncatingIfNeeded: hash ^ (hash >> 32))
  }
}
