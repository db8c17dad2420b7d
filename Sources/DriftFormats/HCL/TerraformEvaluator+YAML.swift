import DriftModel
public import DriftTerraform

extension TerraformEvaluator {
  /// The evaluator with `yamldecode` reading YAML as kubectl and go-yaml do.
  public func readingYAML() -> TerraformEvaluator {
    var evaluator = self
    evaluator.yamlDecoder = { (bytes) throws(DriftError) in
      try YAMLReader.value(bytes, file: "yamldecode")
    }
    return evaluator
  }
}
