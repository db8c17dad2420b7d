import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Testing

@testable import DriftFormats

@Suite struct YAMLReaderTests {
  private func documents(_ text: String) throws(DriftError) -> [YAMLReader.Document] {
    try YAMLReader.documents(text.bytes, file: "k8s/app.yaml")
  }

  private func scalar(_ text: String) throws -> Value? {
    try YAMLReader.value("key: \(text)\n".bytes, file: "s.yaml")["key"]
  }

  @Test func readsMultiDocumentStreamsSkippingEmptyDocuments() throws {
    let text = """
      # leading comment
      ---
      a: 1  # trailing comment
      ---
      # a document holding only a comment
      ---
      ---
      b:
        - x
        - y
      ...
      ---
      null
      """
    let docs = try documents(text)
    #expect(docs.map(\.value) == [["a": 1], ["b": ["x", "y"]]])
    #expect(docs.map(\.position.line) == [3, 8])
    #expect(docs.map(\.position.column) == [1, 1])
  }

  @Test func recordsPositionsOfMembers() throws {
    let text = "metadata:\n  name: web\n  labels:\n    app: web\nspec: {replicas: 2}\n"
    let value = try YAMLReader.value(text.bytes, file: "f.yaml")
    #expect(value.member("metadata")?.position == Position(line: 1, column: 1))
    #expect(value["metadata"]?.member("labels")?.position == Position(line: 3, column: 3))
    #expect(value["metadata"]?["labels"]?.member("app")?.position == Position(line: 4, column: 5))
    #expect(value["spec"]?.member("replicas")?.position == Position(line: 5, column: 8))
    #expect(value.members?.map(\.key) == ["metadata", "spec"])
  }

  @Test(arguments: [
    ("on", Value.bool(true)), ("yes", true), ("Yes", true), ("ON", true), ("true", true),
    ("off", false), ("no", false), ("False", false),
    ("'on'", "on"), ("\"yes\"", "yes"), ("!!str true", "true"),
    ("42", 42), ("-17", -17), ("+12", 12), ("1_000", 1000), ("0x1F", 31), ("017", 15), ("0b101", 5),
    ("'42'", "42"), ("0", 0), ("08", 8),
    ("3.25", 3.25), ("-0.5", -0.5), ("1e3", 1000.0), ("6.02e+23", 6.02e23), (".5", 0.5),
    ("~", nil), ("null", nil), ("", nil), ("'null'", "null"),
    ("2024-01-31", "2024-01-31"), ("1.2.3", "1.2.3"), ("1Gi", "1Gi"), ("500m", "500m"),
    ("onion", "onion"), ("e3", "e3"), ("-x", "-x"),
    ("-0x1f", -31), ("0x-5", "0x-5"), ("0B1", "0B1"), ("0x", "0x"), ("_", "_"), ("0_7", 7),
    ("9223372036854775807", 9_223_372_036_854_775_807), ("1_0.5", 10.5), ("1e", "1e"),
    ("١٢", "١٢"),
  ])
  func resolvesScalarsLikeKubernetes(text: String, expected: Value) throws {
    let value = try scalar(text)
    #expect(value == expected, "\(text)")
    if case .string = expected { #expect(value?.stringValue != nil, "\(text) must stay a string") }
  }

  @Test func resolvesInfinityAndNaN() throws {
    #expect(try scalar(".inf") == .double(.infinity))
    #expect(try scalar("-.Inf") == .double(-.infinity))
    guard case .double(let nan)? = try scalar(".nan") else {
      Issue.record(".nan must be a double")
      return
    }
    #expect(nan.isNaN)
  }

  @Test func reportsMalformedYAMLWithFileLineAndColumn() throws {
    let error = try #require(throws: DriftError.self) {
      try documents("metadata:\n  name: web\n labels: x\n")
    }
    #expect(error.message.hasPrefix("invalid YAML"))
    #expect(error.location?.file == "k8s/app.yaml")
    #expect(error.location?.line == 3)
    #expect((error.location?.column ?? 0) > 0)
  }

  /// Bytes libyaml's reader rejects (a bad leading octet, a lone continuation byte, a C0
  /// control, a truncated sequence) planted at a seeded place in a manifest with multi-byte
  /// text and CRLF lines: the error names the line and column of the planted byte.
  @Test func readerErrorsNameTheOffendingByte() throws {
    let lines = [
      "apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: caf\u{E9}-\u{1F600}",
      "data:", "  greeting: \"gr\u{FC}\u{DF}e\"", "  note: plain text here",
    ]
    let bad: [[UInt8]] = [[0xFF], [0x80], [0x01], [0xC3, 0x28]]
    var generator = SeededGenerator(seed: 24)
    for round in 0..<200 {
      let separator = round % 2 == 0 ? "\n" : "\r\n"
      let text = lines.joined(separator: separator) + separator
      var bytes = Array(text.utf8)
      let starts = bytes.indices.filter { bytes[$0] & 0xC0 != 0x80 && bytes[$0] != 0x0A }
      let offset = starts.randomElement(using: &generator)!
      let planted = bad.randomElement(using: &generator)!
      bytes.insert(contentsOf: planted, at: offset)
      let prefix = String(decoding: bytes[..<offset], as: UTF8.self)
        .replacingOccurrences(of: "\r\n", with: "\n")
      let expectedLine = prefix.split(separator: "\n", omittingEmptySubsequences: false).count
      let expectedColumn =
        (prefix.split(separator: "\n", omittingEmptySubsequences: false).last?.unicodeScalars
          .count ?? 0) + 1
      let error = try #require(throws: DriftError.self, "seed 24 round \(round)") {
        try YAMLReader.documents(bytes, file: "k8s/app.yaml")
      }
      #expect(
        error.location?.line == expectedLine && error.location?.column == expectedColumn,
        "seed 24 round \(round): \(error.message) at \(String(describing: error.location))")
    }
  }

  /// YAML 1.1 merge keys, as kubectl (go-yaml) and PyYAML apply them; PyYAML is the oracle.
  @Test(arguments: [
    "base: &b {app: web, tier: front}\nlabels:\n  <<: *b\n  tier: back\n",
    "a: &a {x: 1}\nb: &b {x: 2, y: 3}\nm:\n  <<: [*a, *b]\n  z: 4\n",
    "m:\n  k: 0\n  <<: {k: 1, j: 2}\n",
    "list: &l\n  - &one {n: 1}\nm:\n  <<: *one\n",
  ])
  func mergeKeysAgreeWithPyYAML(text: String) throws {
    let ours = try YAMLReader.value(text.bytes, file: "m.yaml")
    let script = "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))"
    let python = try Shell.run(["python3", "-c", script], stdin: text)
    try #require(python.status == 0, "\(python.stderr)")
    let theirs = try JSONReader.parse(Array(python.stdout.utf8), file: "pyyaml")
    #expect(ours.canonicalText == theirs.canonicalText, "\(text)")
  }

  @Test func mergeKeyOfAScalarIsAnErrorAtItsLine() throws {
    let error = try #require(throws: DriftError.self) { try documents("a: 1\nm:\n  <<: 3\n") }
    #expect(error.location?.line == 3)
    #expect(error.message.contains("merge key"))
  }

  @Test func reportsUnterminatedQuoteAtItsLine() throws {
    let error = try #require(throws: DriftError.self) { try documents("a: 1\nb: \"open\nc: 2\n") }
    #expect(error.location?.file == "k8s/app.yaml")
    #expect((2...4).contains(error.location?.line ?? 0))
  }

  @Test func rejectsDuplicateKeys() throws {
    let error = try #require(throws: DriftError.self) {
      try documents("metadata:\n  name: a\n  name: b\n")
    }
    #expect(error.message.contains("duplicate key 'name'"))
    #expect(error.location?.file == "k8s/app.yaml")
    #expect((error.location?.line ?? 0) >= 1)
  }

  @Test func expandsOrdinaryAliases() throws {
    let value = try YAMLReader.value("base: &b {cpu: 1}\nother: *b\n".bytes, file: "f.yaml")
    #expect(value["other"] == ["cpu": 1])
  }

  @Test func aliasBombFailsFastWithAClearError() throws {
    var lines = [
      "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]"
    ]
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
    for (previous, name) in zip(names, names.dropFirst()) {
      let refs = Array(repeating: "*\(previous)", count: 9).joined(separator: ", ")
      lines.append("\(name): &\(name) [\(refs)]")
    }
    let text = lines.joined(separator: "\n") + "\n"
    let clock = ContinuousClock()
    var caught: DriftError?
    let elapsed = clock.measure {
      do { _ = try YAMLReader.documents(text.bytes, file: "bomb.yaml") } catch {
        caught = error as? DriftError
      }
    }
    let error = try #require(caught)
    #expect(error.message.contains("alias"))
    #expect(error.location?.file == "bomb.yaml")
    #expect(elapsed < .seconds(5))
  }

  @Test func rejectsNestingBeyondMaximumDepth() throws {
    let deep = YAMLReader.maximumDepth + 20
    let text =
      "a: " + String(repeating: "[", count: deep) + String(repeating: "]", count: deep) + "\n"
    let error = try #require(throws: DriftError.self) { try documents(text) }
    #expect(error.message.contains("nested deeper than \(YAMLReader.maximumDepth)"))
    #expect(error.location?.file == "k8s/app.yaml")
    let shallow =
      "a: " + String(repeating: "[", count: 50) + String(repeating: "]", count: 50) + "\n"
    #expect(throws: Never.self) { try documents(shallow) }
  }

  @Test func singleValueRejectsSeveralDocuments() throws {
    let error = try #require(throws: DriftError.self) {
      try YAMLReader.value("a: 1\n---\nb: 2\n".bytes, file: "one.yaml")
    }
    #expect(error.message.contains("expected one YAML document, found 2"))
    #expect(error.location?.line == 3)
    #expect(try YAMLReader.value("# nothing\n".bytes, file: "e.yaml") == .null)
  }

  @Test func rejectsNonScalarKeys() throws {
    let error = try #require(throws: DriftError.self) { try documents("? [a, b]\n: 1\n") }
    #expect(error.message.contains("mapping keys must be scalars"))
    #expect(error.location?.line == 1)
  }
}
