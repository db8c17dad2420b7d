import DriftFormats
import DriftJSON
import DriftModel
import DriftTerraform
import Foundation
import Testing

/// `yamldecode` through the evaluator with the YAML reader the adapters give it; the expected
/// values are what `terraform console` 1.11.4 printed for the same text (reviewed by hand).
@Suite struct TerraformYAMLDecodeTests {
  static func evaluate(_ expression: String) throws -> Value? {
    let files = [
      "infra/main.tf": "resource \"terraform_data\" \"x\" {\n  input = \(expression)\n}\n"
    ]
    let state = try TerraformEvaluator(
      secrets: SecretDigester(key: [1]), live: [:], files: TerraformFixtures.lister(files)
    ).readingYAML().evaluate(root: "infra")
    return state.resources.first?.body["input"]
  }

  @Test func decodesAsTerraformDoes() throws {
    let decoded = try Self.evaluate(
      #"yamldecode("a: 1\nb: [x, 2]\nc: ~\nd: yes\ne: 0x10\nf: 1.0\ng: \"quoted\"\nh: |\n  block\n")"#
    )
    #expect(
      decoded
        == (try TerraformFixtures.json(
          #"{"a":1,"b":["x",2],"c":null,"d":true,"e":16,"f":1,"g":"quoted","h":"block\n"}"#)))
    let flags = try Self.evaluate(#"yamldecode("- on\n- off\n- 1e3\n- null\n- \"\"\n")"#)
    #expect(flags == (try TerraformFixtures.json(#"[true,false,1000,null,""]"#)))
  }

  /// go-yaml resolves YAML 1.1's one-letter booleans (differential case seed-13 read `y` as a
  /// string); a quoted one stays a string.
  @Test func oneLetterPlainScalarsAreBooleans() throws {
    let decoded = try Self.evaluate(
      #"yamldecode("[y, Y, n, N, yes, \"y\", NO, off, ~, Yes]")"#)
    #expect(
      decoded
        == (try TerraformFixtures.json(
          #"[true,true,false,false,true,"y",false,false,null,true]"#)))
  }

  /// The families `yaml` and `yaml numbers` of
  /// `Tests/Fixtures/terraform/functions/expectations.json`, recorded with `terraform
  /// console`: YAML 1.1's booleans and nulls, 1.2's numbers, tags, merge keys, anchors, and
  /// one document only.
  @Test(arguments: ["yaml", "yaml numbers"])
  func matchesTerraform(family: String) throws {
    let url = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent()
      .deletingLastPathComponent()
      .appendingPathComponent("Fixtures/terraform/functions/expectations.json")
    let document = try JSONReader.parse(
      Array(try Data(contentsOf: url)), file: "expectations.json")
    let cases = (document["cases"]?.elements ?? []).filter {
      $0["family"]?.stringValue == family
    }
    #expect(cases.count >= 5)
    for entry in cases {
      let expression = try #require(entry["expression"]?.stringValue)
      if let error = entry["error"]?.stringValue {
        #expect(throws: DriftError.self, "\(expression) fails: \(error)") {
          try Self.evaluate(expression)
        }
        continue
      }
      do {
        let result = try Self.evaluate(expression)
        #expect(result == entry["result"], "\(expression)")
      } catch {
        Issue.record("\(expression) threw \(error)")
      }
    }
  }

  @Test func brokenYAMLIsAnErrorAtTheCall() throws {
    #expect(throws: DriftError.self) { try Self.evaluate(#"yamldecode("a: [1, 2")"#) }
  }

  @Test func withoutAReaderItIsUnknown() throws {
    let files = [
      "infra/main.tf": "resource \"terraform_data\" \"x\" {\n  input = yamldecode(\"a: 1\")\n}\n"
    ]
    let state = try TerraformEvaluator(
      secrets: SecretDigester(key: [1]), live: [:], files: TerraformFixtures.lister(files)
    ).evaluate(root: "infra")
    #expect(state.resources.first?.body["input"] == nil)
  }
}
