/// A JSON-like tree that keeps the order of object members and where each member was written.
///
/// Objects compare without regard to member order or source positions: two values are equal
/// when they state the same data.
public enum Value: Sendable, Codable {
  case null
  case bool(Bool)
  case integer(Int)
  case double(Double)
  case string(String)
  case array([Value])
  case object([Member])
  /// A secret, kept only as a keyed digest of its bytes (see `DigestScheme`).
  case sensitive(digest: String)
}

/// One member of an object: its key, its value, and where the key was written.
///
/// The position is packed into the seven bytes that follow the value, so that a member takes
/// 40 bytes instead of 48: members are most of the memory of a large export. It keeps lines
/// up to 2^26 - 1 (67 million) and columns up to 2^30 - 1 (a billion); larger ones are
/// clamped to those.
public struct Member: Sendable, Equatable, Codable {
  public var key: String
  public var value: Value
  private var positionTop: UInt8
  private var positionHigh: UInt16
  private var positionMiddle: UInt16
  private var positionLow: UInt16

  private static let columnBits = 30
  private static let maximumLine = (1 << 26) - 1
  private static let maximumColumn = (1 << columnBits) - 1

  /// Creates a member; the position defaults to unknown.
  public init(_ key: String, _ value: Value, at position: Position = .unknown) {
    self.key = key
    self.value = value
    (positionTop, positionHigh, positionMiddle, positionLow) = (0, 0, 0, 0)
    self.position = position
  }

  /// Where the key was written.
  public var position: Position {
    get {
      let packed =
        UInt64(positionTop) << 48 | UInt64(positionHigh) << 32 | UInt64(positionMiddle) << 16
        | UInt64(positionLow)
      return Position(
        line: Int(packed >> Self.columnBits), column: Int(packed) & Self.maximumColumn)
    }
    set {
      let line = UInt64(min(max(Int(newValue.line), 0), Self.maximumLine))
      let column = UInt64(min(max(Int(newValue.column), 0), Self.maximumColumn))
      let packed = line << Self.columnBits | column
      positionTop = UInt8(truncatingIfNeeded: packed >> 48)
      positionHigh = UInt16(truncatingIfNeeded: packed >> 32)
      positionMiddle = UInt16(truncatingIfNeeded: packed >> 16)
      positionLow = UInt16(truncatingIfNeeded: packed)
    }
  }

  /// Members are equal when their keys and values are; where they were written does not matter.
  public static func == (lhs: Member, rhs: Member) -> Bool {
    lhs.key == rhs.key && lhs.value == rhs.value
  }
}

/// A line and column in a source file, both counted from 1; zero means unknown.
public struct Position: Sendable, Hashable {
  public var line: Int32
  public var column: Int32

  /// Creates a position.
  public init(line: Int, column: Int) {
    self.line = Int32(clamping: line)
    self.column = Int32(clamping: column)
  }

  /// A position that was not recorded.
  public static let unknown = Position(line: 0, column: 0)

  /// Whether the position was recorded.
  public var isKnown: Bool { line > 0 }
}

extension Value {
  /// The member named `key` when this is an object.
  public subscript(key: String) -> Value? {
    guard case .object(let members) = self else { return nil }
    return members.value(of: key)
  }

  /// The member named `key`, with its position, when this is an object.
  public func member(_ key: String) -> Member? {
    guard case .object(let members) = self else { return nil }
    return members.firstIndex(named: key).map { members[$0] }
  }

  /// The string, when this is a string.
  public var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  /// The members, when this is an object.
  public var members: [Member]? {
    if case .object(let members) = self { return members }
    return nil
  }

  /// The elements, when this is an array.
  public var elements: [Value]? {
    if case .array(let elements) = self { return elements }
    return nil
  }

  /// Whether the value states nothing: null, an empty object or an empty array.
  ///
  /// Kubernetes drops such values on the server, so they are never drift on their own.
  public var isEmpty: Bool {
    switch self {
    case .null: return true
    case .array(let elements): return elements.isEmpty
    case .object(let members): return members.isEmpty
    default: return false
    }
  }

  /// The name of the value's JSON type, for messages.
  public var typeName: String {
    switch self {
    case .null: return "null"
    case .bool: return "boolean"
    case .integer, .double: return "number"
    case .string, .sensitive: return "string"
    case .array: return "array"
    case .object: return "object"
    }
  }

  /// Returns the value with the member `key` set, appended when it was not there.
  public func setting(_ key: String, to value: Value) -> Value {
    guard case .object(var members) = self else { return self }
    if let index = members.firstIndex(named: key) {
      members[index].value = value
    } else {
      members.append(Member(key, value))
    }
    return .object(members)
  }

  /// Returns the value without the member `key`.
  public func removing(_ key: String) -> Value {
    guard case .object(let members) = self else { return self }
    return .object(members.filter { $0.key != key })
  }
}

extension Value: Equatable {
  /// Structural equality: objects are equal when they have the same keys with equal values,
  /// in any order; numbers are equal by value.
  public static func == (lhs: Value, rhs: Value) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.integer(let a), .integer(let b)): return a == b
    case (.double(let a), .double(let b)): return a == b
    case (.integer(let a), .double(let b)), (.double(let b), .integer(let a)):
      return Double(a) == b
    case (.string(let a), .string(let b)): return a == b
    case (.sensitive(let a), .sensitive(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      guard a.count == b.count else { return false }
      if zip(a, b).allSatisfy({ $0.key == $1.key }) {
        return zip(a, b).allSatisfy { $0.value == $1.value }
      }
      var byKey: [String: Value] = [:]
      byKey.reserveCapacity(b.count)
      for member in b { byKey[member.key] = member.value }
      return a.allSatisfy { byKey[$0.key] == $0.value }
    default: return false
    }
  }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByBooleanLiteral,
  ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int) { self = .integer(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(nilLiteral: ()) { self = .null }
  public init(floatLiteral value: Double) { self = .double(value) }
}

extension Value: ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
  public init(arrayLiteral elements: Value...) { self = .array(elements) }
  public init(dictionaryLiteral elements: (String, Value)...) {
    self = .object(elements.map { Member($0.0, $0.1) })
  }
}

extension Value: Hashable {
  /// Hashes consistently with `==`: object members in any order, numbers by value.
  public func hash(into hasher: inout Hasher) {
    switch self {
    case .null: hasher.combine(0)
    case .bool(let flag): hasher.combine(flag)
    case .integer(let number): hasher.combine(Double(number))
    case .double(let number): hasher.combine(number)
    case .string(let text): hasher.combine(text)
    case .sensitive(let digest): hasher.combine(digest)
    case .array(let elements):
      hasher.combine(elements.count)
      for element in elements { hasher.combine(element) }
    case .object(let members):
      var combined = 0
      for member in members {
        var inner = Hasher()
        inner.combine(member.key)
        inner.combine(member.value)
        combined ^= inner.finalize()
      }
      hasher.combine(members.count)
      hasher.combine(combined)
    }
  }
}

extension [Member] {
  /// The value of the member named `key`.
  public func value(of key: String) -> Value? {
    firstIndex(named: key).map { self[$0].value }
  }

  /// The index of the member named `key`.
  ///
  /// Most keys differ in length: comparing lengths first skips most calls into string
  /// comparison, which was a third of the time of finding members during a comparison.
  public func firstIndex(named key: String) -> Int? {
    let length = key.utf8.count
    return firstIndex { $0.key.utf8.count == length && $0.key == key }
  }
}
