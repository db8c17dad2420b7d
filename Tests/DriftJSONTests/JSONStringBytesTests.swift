import DriftTestSupport
import Testing

@testable import DriftJSON

@Suite("JSON string bytes: the eight-bytes-at-a-time scans find what a byte loop finds")
struct JSONStringBytesTests {
  @Test func scansAgreeWithAByteLoop() {
    var random = SeededGenerator(seed: 0x5CA7)
    let alphabet: [UInt8] = Array("abc {}:,\"\\".utf8) + [0x00, 0x1F, 0x20, 0x7F, 0x80, 0xC3, 0xFF]
    for _ in 0..<3_000 {
      let count = Int(random.next() % 40)
      let bytes = (0..<count).map { _ in
        random.next() % 3 == 0
          ? alphabet[Int(random.next() % UInt64(alphabet.count))] : UInt8(ascii: "x")
      }
      let start = count == 0 ? 0 : Int(random.next() % UInt64(count))
      let special = bytes[start...].firstIndex { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } ?? count
      let nonASCII =
        bytes[start...].firstIndex { $0 < 0x20 || $0 >= 0x80 || $0 == 0x22 || $0 == 0x5C }
        ?? count
      bytes.withUnsafeBufferPointer { buffer in
        #expect(JSONStringBytes.firstSpecial(in: buffer, from: start) == special, "\(bytes)")
        #expect(
          JSONStringBytes.firstSpecialOrNonASCII(in: buffer, from: start) == nonASCII, "\(bytes)")
      }
    }
  }
}
