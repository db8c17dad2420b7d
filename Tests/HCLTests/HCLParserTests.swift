import DriftModel
import HCL
import Testing

@Suite struct HCLParserTests {
  @Test func rejectsWhatItCannotParse() {
    #expect(throws: DriftError.self) { try HCLParser.parse(Array("a = ".utf8), file: "x.tf") }
  }
}
