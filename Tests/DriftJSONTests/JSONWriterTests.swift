import DriftModel
import Testing

@testable import DriftJSON

@Suite struct JSONWriterTests {
  private let sample: Value = [
    "kind": "ConfigMap",
    "metadata": ["name": "web", "labels": ["z": "1", "a": "2"]],
    "data": [
      "quote": "say \"hi\"\\", "lines": "a\nb\tc\r", "control": "\u{01}\u{1F}", "unicode": "é😀",
    ],
    "numbers": [0, -7, 1.5, 1e20, 3.0],
    "flags": [true, false, nil],
    "empty": ["list": [], "object": [:]],
  ]

  @Test(arguments: [false, true])
  func roundTripsThroughReader(pretty: Bool) throws {
    let text = JSONWriter(pretty: pretty).string(sample)
    let back = try JSONReader.parse(Array(text.utf8), file: "out.json")
    #expect(back == sample)
    #expect(back.members?.map(\.key) == sample.members?.map(\.key))
    #expect(back["metadata"]?["labels"]?.members?.map(\.key) == ["z", "a"])
    #expect(text.contains("\n") == pretty)
  }

  @Test func compactOutputIsExact() {
    let value: Value = ["b": [1, "x"], "a": nil, "e": [:]]
    #expect(JSONWriter().string(value) == #"{"b":[1,"x"],"a":null,"e":{}}"#)
  }

  @Test func prettyOutputIndentsByTwoSpaces() {
    let value: Value = ["a": [1]]
    #expect(JSONWriter(pretty: true).string(value) == "{\n  \"a\": [\n    1\n  ]\n}")
  }

  @Test func sensitiveValuesAreNeverWritten() {
    let digest = "5f4dcc3b5aa765d61d8327deb882cf99"
    let value: Value = ["data": ["password": .sensitive(digest: digest)]]
    for pretty in [false, true] {
      let text = JSONWriter(pretty: pretty).string(value)
      #expect(text.contains("\"(sensitive)\""))
      #expect(!text.contains(digest))
    }
  }

  @Test(arguments: [
    (1.0, "1"), (-3.0, "-3"), (1.5, "1.5"), (1e20, "1e+20"), (Double.infinity, "null"),
    (Double.nan, "null"),
  ])
  func formatsNumbers(number: Double, text: String) {
    #expect(JSONWriter.format(number) == text)
  }

  /// Strings are scanned eight bytes at a time for what needs an escape: an escape at every
  /// offset of a long string, and bytes just outside the escaped ranges, read back unchanged.
  @Test(arguments: [0x00, 0x0A, 0x1F, 0x20, 0x21, 0x22, 0x5B, 0x5C, 0x5D, 0x7F, 0xA2])
  func escapesAtEveryOffsetOfLongStrings(byte: UInt8) throws {
    for offset in 0..<20 {
      var bytes = Array("0123456789abcdefghijklm".utf8)
      bytes[offset] = byte == 0xA2 ? 0xC2 : byte
      if byte == 0xA2 { bytes[offset + 1] = 0xA2 }
      let text = String(decoding: bytes, as: UTF8.self)
      let written = JSONWriter().bytes(.string(text))
      #expect(try JSONReader.parse(written, file: "out.json") == .string(text), "\(offset)")
      let escaped = byte < 0x20 || byte == 0x22 || byte == 0x5C
      #expect(
        written.count == bytes.count + 2 + (escaped ? (byte == 0x0A || byte >= 0x22 ? 1 : 5) : 0))
    }
  }

  @Test(arguments: [0, 7, -1, 10, -10, 1_000_000, Int.max, Int.min])
  func writesIntegersAsStringDoes(number: Int) {
    #expect(JSONWriter().bytes(.integer(number)) == Array(String(number).utf8))
  }

  @Test func escapesControlCharacters() {
    var output = ""
    JSONWriter.quote("a\u{01}\u{08}\u{0C}\"", into: &output)
    #expect(output == #""a\u0001\b\f\"""#)
  }
}
