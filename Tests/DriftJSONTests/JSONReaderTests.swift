import DriftModel
import DriftTestSupport
import Foundation
import Testing

@testable import DriftJSON

@Suite struct JSONReaderTests {
  private func parse(_ text: String) throws(DriftError) -> Value {
    try JSONReader.parse(Array(text.utf8), file: "live.json")
  }

  @Test func keepsMemberOrder() throws {
    let value = try parse(#"{"zeta": 1, "alpha": 2, "mid": {"b": 1, "a": 2}}"#)
    #expect(value.members?.map(\.key) == ["zeta", "alpha", "mid"])
    #expect(value["mid"]?.members?.map(\.key) == ["b", "a"])
  }

  @Test func recordsLineAndColumnOfMembers() throws {
    let text = "{\n  \"kind\": \"Pod\",\n  \"metadata\": {\n      \"name\": \"p\"\n  }\n}\n"
    let value = try parse(text)
    #expect(value.member("kind")?.position == Position(line: 2, column: 3))
    #expect(value.member("metadata")?.position == Position(line: 3, column: 3))
    #expect(value["metadata"]?.member("name")?.position == Position(line: 4, column: 7))
  }

  @Test func readsScalars() throws {
    let value = try parse(#"[1, -20, 1.5, -2e3, true, false, null, "x", 9007199254740993]"#)
    #expect(
      value.elements == [
        1, -20, 1.5, -2000.0, true, false, nil, "x", .integer(9_007_199_254_740_993),
      ])
    guard case .integer(1)? = value.elements?.first, case .double(1.5)? = value.elements?[2] else {
      Issue.record("integers and fractions must keep their kinds: \(value)")
      return
    }
  }

  @Test func decodesEscapesAndSurrogatePairs() throws {
    let value = try parse(
      #"["caf\u00e9", "\ud83d\ude00", "a\"b\\c\/d\n\t", "naïve ✓", "\u0041\u00DF"]"#)
    #expect(value.elements == ["café", "😀", "a\"b\\c/d\n\t", "naïve ✓", "Aß"])
  }

  @Test func skipsByteOrderMark() throws {
    #expect(
      try JSONReader.parse([0xEF, 0xBB, 0xBF] + Array("{\"a\":1}".utf8), file: "f") == ["a": 1])
  }

  @Test(arguments: [
    (#"{"a": 1"#, 1, 8, "unexpected end of input"),
    ("{\n  \"a\": 1\n} x", 3, 3, "unexpected text after the JSON value"),
    ("[1,]", 1, 4, "unexpected character"),
    (#"{"a" 1}"#, 1, 6, "expected ':'"),
    (#"{"a": 1 "b": 2}"#, 1, 9, "expected ',' or '}'"),
    ("{a: 1}", 1, 2, "expected a member name"),
    ("", 1, 1, "unexpected end of input"),
    ("[tru]", 1, 2, "unexpected word"),
    ("\"abc", 1, 5, "unterminated string"),
    ("[\"\\u12\"]", 1, 7, "invalid \\u escape"),
    ("[1.]", 1, 4, "malformed number"),
    ("[01]", 1, 4, "malformed number '01'"),
    ("[-01]", 1, 5, "malformed number '-01'"),
    ("{\"a\":\n 2.e3}", 2, 6, "malformed number '2.e3'"),
    ("[1e]", 1, 4, "malformed number '1e'"),
    ("[1e400]", 1, 7, "number '1e400' is outside the range of a double"),
    ("[-1e400]", 1, 8, "outside the range of a double"),
    ("[00.5]", 1, 6, "malformed number"),
    ("[1-2]", 1, 5, "malformed number"),
  ])
  func reportsErrorsWithLineAndColumn(text: String, line: Int, column: Int, message: String) {
    #expect {
      try parse(text)
    } throws: { error in
      guard let error = error as? DriftError else { return false }
      return error.location == SourceLocation(file: "live.json", line: line, column: column)
        && error.message.contains(message)
    }
  }

  @Test(
    "invalid UTF-8 in a string is an error at its byte, not a silent U+FFFD",
    arguments: [
      [0xFF], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
      [0xC3], [0xE2, 0x82], [0x80],
    ] as [[UInt8]])
  func invalidUTF8(sequence: [UInt8]) {
    for prefix in ["{\"k\": \"ab", "[\"\\n", "{\"a\": 1, \"x"] {
      let bytes = Array(prefix.utf8) + sequence + Array("z\"]}".utf8)
      #expect {
        try JSONReader.parse(bytes, file: "live.json")
      } throws: { error in
        guard let error = error as? DriftError else { return false }
        return error.message.contains("invalid UTF-8") && error.location?.line == 1
          && (error.location?.column ?? 0) > prefix.utf8.count
      }
    }
  }

  @Test func validUTF8AndNumbersStillRead() throws {
    let value = try parse(#"["é€😀", 0, -0, 0.5, -1.25e-3, 1E+2, 9223372036854775808, 1e-400]"#)
    #expect(value.elements?.first == .string("é€😀"))
    #expect(value.elements?[1] == .integer(0))
    #expect(value.elements?[4] == .double(-1.25e-3))
    #expect(value.elements?[6] == .double(9_223_372_036_854_775_808))
  }

  @Test func badEscapeNamesTheEscapeAndItsLine() throws {
    let error = try #require(throws: DriftError.self) {
      try parse("[\n  \"ok\",\n  \"bad \\q\"\n]")
    }
    #expect(error.message.contains("invalid escape '\\q'"))
    #expect(error.location?.file == "live.json")
    #expect(error.location?.line == 3)
    // The backslash is at column 8, the `q` at 9; the reader reports the column just after it.
    #expect((8...10).contains(error.location?.column ?? 0))
  }

  @Test func acceptsNestingUpToMaximumDepth() throws {
    let depth = JSONReader.maximumDepth
    let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    #expect(throws: Never.self) { try parse(text) }
  }

  @Test(arguments: [JSONReader.maximumDepth + 1, 200_000])
  func rejectsDeeperNestingCleanly(depth: Int) throws {
    let text = String(repeating: "[{\"a\":", count: depth / 2 + 1)
    let error = try #require(throws: DriftError.self) { try parse(text) }
    #expect(error.message.contains("nesting deeper than \(JSONReader.maximumDepth) levels"))
    #expect(error.location?.line == 1)
  }
}

@Suite struct JSONReaderSurrogateTests {
  @Test func loneHighSurrogateBecomesReplacementCharacter() throws {
    let value = try JSONReader.parse(Array(#"["\ud83d", "\ud83dx"]"#.utf8), file: "f.json")
    #expect(value == ["\u{FFFD}", "\u{FFFD}x"])
  }

  /// `\ud83d\u0041`: a high surrogate followed by an escape that is not a low surrogate must not
  /// swallow the `A`, and must certainly not trap on an overflow in the surrogate arithmetic.
  @Test func highSurrogateFollowedByANonSurrogateEscape() async {
    await #expect(processExitsWith: .success) {
      let value = try? JSONReader.parse(Array(#"["\ud83d\u0041"]"#.utf8), file: "f.json")
      guard value == ["\u{FFFD}A"] else { fatalError("decoded as \(String(describing: value))") }
    }
  }
}

/// Pruned reading leaves values out or shares them, and fails on malformed input exactly as a
/// whole reading does.
@Suite struct JSONReaderPruningTests {
  private let pruning = JSONReader.Pruning(
    omitting: [[.member("status")], [.member("meta"), .member("notes"), .member("big")]],
    sharing: [[.member("meta"), .member("owners"), .element, .member("fields")]])

  private func items(_ text: String, pruning: JSONReader.Pruning) throws(DriftError) -> [Value] {
    let bytes = Array(text.utf8)
    guard let spans = JSONOutline(bytes)?.members.first(where: { $0.elements != nil })?.elements
    else { return [] }
    return try JSONReader.parse(bytes, spans: spans, file: "live.json", pruning: pruning) {
      (value, _) throws(DriftError) in value
    }
  }

  private let list = """
    {"items": [
      {"kind": "A", "status": {"x": [1, "\\u00e9"]},
       "meta": {"notes": {"big": "{\\"a\\": 1}", "small": "s"},
         "owners": [{"who": "me", "fields": {"f:a": {}, "f:b": {".": {}, "f:c": {}}}},
                    {"who": "you", "fields": {"f:b": {".": {}, "f:c": {}}, "f:a": {}}}]}},
      {"kind": "B", "meta": {"owners": [{"fields": {"f:a": {}, "f:b": {".": {}, "f:c": {}}}}]}}
    ]}
    """

  @Test func omittedMembersAreLeftOut() throws {
    let values = try items(list, pruning: pruning)
    #expect(values[0]["status"] == nil)
    #expect(values[0]["kind"] == "A")
    #expect(values[0]["meta"]?["notes"] == ["small": "s"])
  }

  @Test func sharedValuesEqualWholeOnesWithoutPositions() throws {
    let whole = try items(list, pruning: JSONReader.Pruning())
    let pruned = try items(list, pruning: pruning)
    for (item, wholeItem) in zip(pruned, whole) {
      let owners = try #require(item["meta"]?["owners"]?.elements)
      let wholeOwners = try #require(wholeItem["meta"]?["owners"]?.elements)
      for (owner, wholeOwner) in zip(owners, wholeOwners) {
        #expect(owner == wholeOwner)
        #expect(owner.member("fields")?.position != .unknown)
        let fields = try #require(owner["fields"]?.members)
        #expect(fields.map(\.key) == wholeOwner["fields"]?.members?.map(\.key))
        #expect(fields.allSatisfy { $0.position == .unknown })
      }
    }
  }

  @Test(arguments: [
    ("{\"x\": [1, \"\\u00e9\"]}", "{\"x\": [1, \"\\u00g9\"]}"),
    ("{\"x\": [1, \"\\u00e9\"]}", "{\"x\": [1., \"\"]}"),
    ("{\"x\": [1, \"\\u00e9\"]}", "{\"x\": [1 \"\"]}"),
    ("{\"x\": [1, \"\\u00e9\"]}", "{\"x\": [tru]}"),
    ("{\"x\": [1, \"\\u00e9\"]}", "{\"x\": [1, \"\u{1}\"]}"),
    ("{\"x\": [1, \"\\u00e9\"]}", "{\"x\" [1]}"),
    ("{\"x\": [1, \"\\u00e9\"]}", "{x: [1]}"),
    ("\"{\\\"a\\\": 1}\"", "\"{\\q\\\"a\\\": 1}\""),
    ("\"f:c\": {}}, \"f:a\"", "\"f:c\": {}}, \"f:a\" {}"),
    ("\"f:c\": {}}, \"f:a\"", "\"f:c\": {]}, \"f:a\""),
  ])
  func malformedPartsFailAsWhenReadWhole(original: String, broken: String) throws {
    let damaged = list.replacingOccurrences(of: original, with: broken)
    #expect(damaged != list)
    let whole = try #require(throws: DriftError.self) {
      try items(damaged, pruning: JSONReader.Pruning())
    }
    let pruned = try #require(throws: DriftError.self) { try items(damaged, pruning: pruning) }
    #expect(pruned == whole)
  }

  @Test func sharedValuesRespectTheNestingLimit() throws {
    let depth = JSONReader.maximumDepth
    let deep = String(repeating: "[", count: depth - 6) + String(repeating: "]", count: depth - 6)
    let text = """
      {"items": [{"meta": {"owners": [{"fields": \(deep)}]}},
                 {"meta": {"owners": [{"fields": [\(deep)]}]}}]}
      """
    let whole = try #require(throws: DriftError.self) {
      try items(text, pruning: JSONReader.Pruning())
    }
    let pruned = try #require(throws: DriftError.self) { try items(text, pruning: pruning) }
    #expect(pruned == whole)
  }
}

/// Strings are scanned eight bytes at a time up to a quote, backslash or control character:
/// each of those at every offset of a long string is read, skipped and reported as it is when
/// the scan goes byte by byte.
@Suite struct JSONReaderStringScanTests {
  private let plain = "0123456789abcdefghijklmnop"

  private func text(_ inserted: String, at offset: Int) -> String {
    let index = plain.index(plain.startIndex, offsetBy: offset)
    return plain[..<index] + inserted + plain[index...]
  }

  /// The values of `{"items": [{"s": <string>, "k": 1}]}`, read whole and with `s` skipped.
  private func readBothWays(_ string: String) throws(DriftError) -> (whole: Value, pruned: Value) {
    let bytes = Array(#"{"items": [{"s": "\#(string)", "k": 1}]}"#.utf8)
    let spans = JSONOutline(bytes)?.members.first?.elements ?? []
    let skipping = JSONReader.Pruning(omitting: [[.member("s")]])
    let whole = try JSONReader.parse(bytes, spans: spans, file: "f.json") {
      (value, _) throws(DriftError) in value
    }
    let pruned = try JSONReader.parse(bytes, spans: spans, file: "f.json", pruning: skipping) {
      (value, _) throws(DriftError) in value
    }
    return (whole[0], pruned[0])
  }

  @Test(arguments: [#"\""#, #"\\"#, #"\/"#, #"\n"#, #"\u00e9"#, #"\ud83d\ude00"#, "é", #"\"\\"#])
  func escapesAtEveryOffset(escape: String) throws {
    for offset in 0...plain.count {
      let string = text(escape, at: offset)
      let expected = try JSONDecoder().decode(String.self, from: Data("\"\(string)\"".utf8))
      let (whole, pruned) = try readBothWays(string)
      #expect(whole["s"] == .string(expected), "\(offset)")
      #expect(pruned == ["k": 1], "\(offset)")
    }
  }

  /// Quoted JSON in a string (a last-applied annotation) takes the reader's shortcut for `\"`
  /// and `\\`; mixed with every other escape, back to back or apart, it decodes as Foundation
  /// does.
  @Test func seededRunsOfEscapesDecodeAsFoundationDoes() throws {
    let seed: UInt64 = 0xE5CA_9E
    var random = SeededGenerator(seed: seed)
    let pieces = [
      #"\""#, #"\\"#, #"\/"#, #"\n"#, #"\t"#, #"\b"#, #"\f"#, #"\r"#, #"\u00e9"#, #"\ud83d\ude00"#,
      "é", "x", "{", ":", " ", #"\"\\"#,
    ]
    for round in 0..<2_000 {
      let string = (0..<Int(random.next() % 24)).map { _ in
        pieces[Int(random.next() % UInt64(pieces.count))]
      }.joined()
      let expected = try JSONDecoder().decode(String.self, from: Data("\"\(string)\"".utf8))
      let (whole, pruned) = try readBothWays(string)
      #expect(whole["s"] == .string(expected), "seed \(seed), round \(round): \(string)")
      #expect(pruned == ["k": 1], "seed \(seed), round \(round): \(string)")
    }
  }

  @Test(arguments: [
    ("\u{1}", "control character in a string", 0),
    ("\u{1F}", "control character in a string", 0),
    (#"\q"#, "invalid escape '\\q'", 2),
    (#"\u12x4"#, "invalid \\u escape", 4),
    (#"\ud83d\u12x4"#, "invalid \\u escape", 10),
  ])
  func malformedStringsFailAtTheSamePlaceAtEveryOffset(
    inserted: String, message: String, column: Int
  ) throws {
    for offset in 0...plain.count {
      let string = text(inserted, at: offset)
      let whole = try #require(throws: DriftError.self) {
        try JSONReader.parse(Array("[\"\(string)\"]".utf8), file: "f.json")
      }
      #expect(whole.message.contains(message), "\(offset)")
      #expect(whole.location?.column == 3 + offset + column, "\(offset)")
      let inList = try #require(throws: DriftError.self) { try readBothWays(string) }
      let skipped = try #require(throws: DriftError.self) {
        let bytes = Array(#"{"items": [{"s": "\#(string)", "k": 1}]}"#.utf8)
        let spans = JSONOutline(bytes)?.members.first?.elements ?? []
        _ = try JSONReader.parse(
          bytes, spans: spans, file: "f.json",
          pruning: JSONReader.Pruning(omitting: [[.member("s")]])
        ) { (value, _) throws(DriftError) in value }
      }
      #expect(skipped == inList, "\(offset)")
    }
  }

  @Test func unterminatedStringsEndAtTheEnd() throws {
    for length in 0...plain.count {
      for tail in ["", "\\", "\\u12"] {
        let input = "\"" + plain.prefix(length) + tail
        let error = try #require(throws: DriftError.self) {
          try JSONReader.parse(Array(input.utf8), file: "f.json")
        }
        let expected = tail == "\\u12" ? "truncated \\u escape" : "unterminated string"
        #expect(error.message.contains(expected), "\(input)")
      }
    }
  }
}
