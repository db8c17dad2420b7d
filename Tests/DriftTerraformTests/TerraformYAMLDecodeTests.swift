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
