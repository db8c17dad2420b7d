import DriftModel
public import DriftTerraform

extension TerraformEvaluator {
  /// The evaluator with `yamldecode` reading YAML as Terraform's go-cty-yaml does (YAML 1.1
  /// booleans such as `y` and `off`, YAML 1.2 numbers such as `0o17`; see
  /// `YAMLReader.terraformValue(_:file:)`).
  public func readingYAML() -> TerraformEvaluator {
    var evaluator = self
    evaluator.yamlDecoder = { (bytes) throws(DriftError) in
      let content = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
      return try YAMLReader.terraformValue(content, file: "yamldecode")
    }
    return evaluator
  }
}
