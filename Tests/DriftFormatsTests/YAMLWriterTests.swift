import DriftFormats
import DriftModel
import Testing

@Suite("YAMLWriter")
struct YAMLWriterTests {
  @Test(arguments: [
    ("web", true), ("on", false), ("yes", false), ("true", false), ("null", false), ("", false),
    ("1.10", false), ("0755", false), ("2026-11-01", false), ("a: b", false), ("a #b", false),
    ("-x", true), ("- x", false), ("*alias", false), ("registry.example.com/web:1.0", true),
  ])
  func plainOnlyWhenItReadsBackAsTheSameString(text: String, plain: Bool) throws {
    #expect(YAMLWriter.isPlainSafe(text) == plain)
    let written = YAMLWriter().scalar(.string(text))
    let read = try YAMLReader.value(Array("k: \(written)\n".utf8), file: "t.yaml")
    #expect(read["k"] == .string(text), "\(written)")
  }

  @Test func blocksReadBackAsTheValue() throws {
    let value: Value = [
      "name": "web", "ports": [["containerPort": 8080, "protocol": "TCP"]], "empty": [],
      "script": "line one\nline two\n", "flag": "on",
    ]
    let text = YAMLWriter().block(value, indent: 0).joined(separator: "\n") + "\n"
    #expect(try YAMLReader.value(Array(text.utf8), file: "t.yaml") == value, "\(text)")
    #expect(text.contains("ports:\n  - containerPort: 8080\n    protocol: TCP\n"))
  }
}
