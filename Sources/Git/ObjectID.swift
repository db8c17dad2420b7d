internal import CLibGit2

/// The 20-byte SHA-1 name of a git object, held by value.
public struct ObjectID: Hashable, Sendable, Comparable, CustomStringConvertible {
  // Big-endian words, so that comparing them compares the bytes (and the hex) in order.
  private let high: UInt64
  private let middle: UInt64
  private let low: UInt32

  /// Reads a full 40-character hexadecimal id; `nil` for anything else.
  ///
  /// Upper- and lowercase digits are accepted. Short ids need a repository: see
  /// ``Repository/resolveCommit(_:)``.
  public init?(hex: String) {
    let digits = Array(hex.utf8)
    guard digits.count == 40 else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(20)
    for index in stride(from: 0, to: 40, by: 2) {
      guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else {
        return nil
      }
      bytes.append(high << 4 | low)
    }
    self.init(bytes: bytes)
  }

  /// Copies libgit2's `git_oid`.
  init(_ oid: git_oid) {
    self = withUnsafeBytes(of: oid.id) { ObjectID(bytes: $0) }
  }

  /// The id made of the first 20 of `bytes`, the raw form ``bytes`` gives.
  public init(bytes: ArraySlice<UInt8>) {
    self.init(rawBytes: bytes)
  }

  init(bytes: some RandomAccessCollection<UInt8>) {
    self.init(rawBytes: bytes)
  }

  private init(rawBytes bytes: some RandomAccessCollection<UInt8>) {
    var high: UInt64 = 0
    var middle: UInt64 = 0
    var low: UInt32 = 0
    for (index, byte) in bytes.prefix(20).enumerated() {
      switch index {
      case 0..<8: high = high << 8 | UInt64(byte)
      case 8..<16: middle = middle << 8 | UInt64(byte)
      default: low = low << 8 | UInt32(byte)
      }
    }
    self.high = high
    self.middle = middle
    self.low = low
  }

  /// The 20 raw bytes.
  public var bytes: [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(20)
    append(to: &result)
    return result
  }

  /// Appends the 20 raw bytes to `bytes`, without making an array of them.
  public func append(to bytes: inout [UInt8]) {
    withUnsafeBytes(of: oid.id) { bytes.append(contentsOf: $0) }
  }

  /// The id as libgit2's `git_oid`, for calls into libgit2.
  var oid: git_oid {
    var result = git_oid()
    withUnsafeMutableBytes(of: &result.id) { raw in
      raw.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
      raw.storeBytes(of: middle.bigEndian, toByteOffset: 8, as: UInt64.self)
      raw.storeBytes(of: low.bigEndian, toByteOffset: 16, as: UInt32.self)
    }
    return result
  }

  /// The 40 lowercase hexadecimal digits.
  public var hex: String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(40)
    for byte in bytes {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
  }

  /// The first 7 hexadecimal digits, as `git log --oneline` shows them.
  public var short: String { String(hex.prefix(7)) }

  /// The 40 hexadecimal digits.
  public var description: String { hex }

  /// Orders ids by their bytes, the same order as their hexadecimal text.
  public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
    (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
  }

  private static func nibble(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}
