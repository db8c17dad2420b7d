import Testing

@testable import DriftModel

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
