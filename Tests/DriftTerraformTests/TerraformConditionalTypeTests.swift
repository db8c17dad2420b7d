import DriftJSON
import DriftModel
import DriftTerraform
import Testing

/// The two results of a conditional unify to one type, inside collections too (differential
/// cases seed-116, seed-191, seed-325: `true ? [1] : ["a"]` is `["1"]`); the expected values
/// are what `terraform console` 1.11.4 printed through `jsonencode`.
@Suite struct TerraformConditionalTypeTests {
  static func evaluate(_ expression: String) throws -> Value? {
    let files = [
      "infra/main.tf": "resource \"terraform_data\" \"x\" {\n  input = \(expression)\n}\n"
    ]
    let state = try TerraformEvaluator(
      secrets: SecretDigester(key: [1]), live: [:], files: TerraformFixtures.lister(files)
    ).evaluate(root: "infra")
    return state.resources.first?.body["input"]
  }

  @Test(arguments: [
    (#"true ? [1] : ["a"]"#, #"["1"]"#),
    (#"false ? ["a", "b"] : [1]"#, #"["1"]"#),
    (#"true ? { a = 1, b = true } : { a = "x", b = false }"#, #"{"a":"1","b":true}"#),
    (#"true ? { a = 1 } : { b = "x" }"#, #"{"a":"1"}"#),
    (#"true ? [[1]] : [["a"]]"#, #"[["1"]]"#),
    (#"true ? [1, true] : ["a", false]"#, #"["1",true]"#),
    (#"true ? 1 : "x""#, #""1""#),
    (#"false ? {} : { a = 1 }"#, #"{"a":1}"#),
  ])
  func resultsUnifyAsTerraformDoes(_ expression: String, _ expected: String) throws {
    #expect(try Self.evaluate(expression) == (try TerraformFixtures.json(expected)))
  }
}
