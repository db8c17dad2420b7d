/// Well-formed UTF-8, as Unicode's table 3-7 defines it.
///
/// No overlong forms, no surrogates, nothing above U+10FFFF. The one table the JSON reader, the snapshot transcoder and the HCL
/// lexer check bytes against.
public enum UTF8Sequence {
  /// The length of the well-formed sequence that starts at `index` with a byte of 0x80 or
  /// more, or nil when it is not one (a bad lead byte, a bad or missing continuation byte).
  @inlinable
  public static func length(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
    let length: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch bytes[index] {
    case 0xC2...0xDF: length = 2
    case 0xE0:
      length = 3
      low = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED:
      length = 3
      high = 0x9F
    case 0xF0:
      length = 4
      low = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4:
      length = 4
      high = 0x8F
    default: return nil
    }
    guard index + length <= bytes.count, (low...high).contains(bytes[index + 1]) else {
      return nil
    }
    for next in (index + 2)..<(index + length) where !(0x80...0xBF).contains(bytes[next]) {
      return nil
    }
    return length
  }
}
