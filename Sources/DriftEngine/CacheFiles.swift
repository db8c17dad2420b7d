import Foundation
import Git

/// Appends numbers (LEB128), texts (length, then UTF-8) and object ids to bytes.
struct ByteWriter {
  var bytes: [UInt8]

  mutating func number(_ value: Int) { unsigned(UInt(max(0, value))) }

  /// A number of either sign, zigzag-coded.
  mutating func signed(_ value: Int) {
    unsigned(UInt(bitPattern: (value << 1) ^ (value >> (Int.bitWidth - 1))))
  }

  mutating func flag(_ value: Bool) { bytes.append(value ? 1 : 0) }

  private mutating func unsigned(_ value: UInt) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(rest & 0x7f) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  mutating func text(_ value: String) {
    number(value.utf8.count)
    bytes += value.utf8
  }

  /// A count, then each text.
  mutating func texts(_ values: [String]) {
    number(values.count)
    for value in values { text(value) }
  }

  mutating func optionalText(_ value: String?) {
    guard let value else { return bytes.append(0) }
    bytes.append(1)
    text(value)
  }

  mutating func id(_ value: ObjectID) { value.append(to: &bytes) }
}

/// Reads what ``ByteWriter`` wrote; nil for anything truncated or malformed.
struct ByteReader: Sendable {
  let bytes: [UInt8]
  var offset = 0
  /// Where what this reader reads ends.
  var end: Int

  init(bytes: [UInt8], offset: Int = 0, end: Int? = nil) {
    self.bytes = bytes
    self.offset = offset
    self.end = min(end ?? bytes.count, bytes.count)
  }

  var atEnd: Bool { offset == end }

  mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
    guard count >= 0, end - offset >= count else { return nil }
    defer { offset += count }
    return bytes[offset..<offset + count]
  }

  mutating func number() -> Int? { unsigned().flatMap { Int(exactly: $0) } }

  mutating func signed() -> Int? {
    unsigned().map { value in
      let magnitude = Int(bitPattern: value >> 1)
      return value & 1 == 0 ? magnitude : ~magnitude
    }
  }

  mutating func flag() -> Bool? {
    guard let byte = take(1)?.first, byte <= 1 else { return nil }
    return byte == 1
  }

  private mutating func unsigned() -> UInt? {
    var value: UInt = 0
    var shift: UInt = 0
    while offset < end, shift < 64 {
      let byte = bytes[offset]
      offset += 1
      value |= UInt(byte & 0x7f) << shift
      if byte < 0x80 { return value }
      shift += 7
    }
    return nil
  }

  /// What ``ByteWriter/texts(_:)`` wrote.
  mutating func texts() -> [String]? {
    guard let count = number(), count <= end - offset else { return nil }
    var values: [String] = []
    values.reserveCapacity(count)
    for _ in 0..<count {
      guard let value = text() else { return nil }
      values.append(value)
    }
    return values
  }

  mutating func text() -> String? {
    guard let count = number(), let slice = take(count) else { return nil }
    return String(validating: slice, as: UTF8.self)
  }

  /// `.some(nil)` for an absent text, nil when unreadable.
  mutating func optionalText() -> String?? {
    guard let flag = take(1)?.first else { return nil }
    guard flag == 1 else { return flag == 0 ? .some(nil) : nil }
    guard let value = text() else { return nil }
    return .some(value)
  }

  mutating func id() -> ObjectID? {
    take(20).map { ObjectID(bytes: $0) }
  }
}

/// Texts that recur (sources, types, files) numbered in order of first use, so that a list of
/// tens of thousands of entries names each once.
struct TextTable {
  private var numbers: [String: Int] = [:]
  private(set) var texts: [String] = []

  /// The number of `text`, given one if it has none.
  mutating func number(of text: String) -> Int {
    if let known = numbers[text] { return known }
    numbers[text] = texts.count
    texts.append(text)
    return texts.count - 1
  }
}
