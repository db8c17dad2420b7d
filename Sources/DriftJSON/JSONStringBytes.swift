import DriftModel

/// Finds the bytes that end a run of plain bytes in a JSON string.
///
/// Those are control characters, `"` and `\`: the writer escapes them, the reader stops at
/// them to end the string or decode an escape.
public enum JSONStringBytes {
  /// The index of the first byte from `start` on that is a control character, `"` or `\`, or
  /// the end.
  ///
  /// Eight bytes are tested at once, and the first match in them found from the bits of the
  /// test: scanning byte by byte was a third of serialising a snapshot, and most of reading the
  /// strings of a live export.
  @inline(__always)
  static func firstSpecial(in utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var index = start
    let raw = UnsafeRawBufferPointer(utf8)
    while index + 8 <= utf8.count {
      let matches = specialBytes(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
      if matches != 0 { return index + matches.trailingZeroBitCount / 8 }
      index += 8
    }
    while index < utf8.count {
      let byte = utf8[index]
      if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { break }
      index += 1
    }
    return index
  }

  /// The index of the first byte from `start` on that is a control character, `"`, `\` or
  /// not ASCII (0x80 and above), or the end: where a copy of a string's bytes must look
  /// closer.
  @inline(__always)
  public static func firstSpecialOrNonASCII(in utf8: UnsafeBufferPointer<UInt8>, from start: Int)
    -> Int
  {
    var index = start
    let raw = UnsafeRawBufferPointer(utf8)
    let highs: UInt64 = 0x8080_8080_8080_8080
    while index + 8 <= utf8.count {
      let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      let matches = specialBytes(word) | word & highs
      if matches != 0 { return index + matches.trailingZeroBitCount / 8 }
      index += 8
    }
    while index < utf8.count {
      let byte = utf8[index]
      if byte < 0x20 || byte >= 0x80 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
        break
      }
      index += 1
    }
    return index
  }

  /// The high bit set in each byte of `word` (read little-endian) that is below 0x20, `"` or
  /// `\`, by the classic "has less" and "has zero byte" bit tricks.
  ///
  /// Bytes above a match may be marked too (a borrow carries into them), but never one below
  /// the first: the lowest bit set is exactly the first match.
  private static func specialBytes(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    func zeroBytes(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
    let controls = (word &- ones &* 0x20) & ~word & highs
    return controls | zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C))
  }
}
