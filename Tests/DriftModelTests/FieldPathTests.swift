import Testing

@testable import DriftModel

@Suite struct FieldPathTests {
  @Test(arguments: [
    (["metadata", "annotations", "drift.git/ignore"], "/metadata/annotations/drift.git~1ignore"),
    (["a~b"], "/a~0b"),
    (["~1"], "/~01"),
    (["/~"], "/~1~0"),
    (["spec", "ports", "0"], "/spec/ports/0"),
    ([""], "/"),
    ([], ""),
  ])
  func pointerEscapingRoundTrips(tokens: [String], pointer: String) throws {
    #expect(FieldPath(tokens).pointer == pointer)
    let parsed = try #require(FieldPath(pointer: pointer))
    #expect(parsed.tokens == tokens)
    #expect(parsed.description == pointer)
  }

  @Test func pointerWithoutLeadingSlashIsRejected() {
    #expect(FieldPath(pointer: "spec/replicas") == nil)
    #expect(FieldPath(pointer: "#/spec") == nil)
  }

  @Test func orderingIsNumericAware() throws {
    let pointers = ["/env/10", "/env/9", "/env/2/name", "/a", "/env/2", "/env/b", "/env/a"]
    let sorted = try pointers.map { try #require(FieldPath(pointer: $0)) }.sorted().map(\.pointer)
    #expect(sorted == ["/a", "/env/2", "/env/2/name", "/env/9", "/env/10", "/env/a", "/env/b"])
  }

  @Test func shorterPathSortsFirst() {
    #expect(FieldPath(["spec"]) < FieldPath(["spec", "replicas"]))
    #expect(!(FieldPath(["spec", "replicas"]) < FieldPath(["spec"])))
    #expect(!(FieldPath(["spec"]) < FieldPath(["spec"])))
  }

  @Test func prefixAndAppending() {
    let spec = FieldPath(["spec"])
    let port = spec.appending("ports").appending(index: 2)
    #expect(port.pointer == "/spec/ports/2")
    #expect(port.last == "2")
    #expect(port.hasPrefix(spec))
    #expect(port.hasPrefix(port))
    #expect(!spec.hasPrefix(port))
    #expect(!FieldPath(["specification"]).hasPrefix(spec))
    #expect(port.hasPrefix(FieldPath()))
  }
}
