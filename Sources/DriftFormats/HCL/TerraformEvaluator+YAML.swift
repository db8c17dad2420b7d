import DriftModel
public import DriftTerraform

extension TerraformEvaluator {
  /// The evaluator with `yamldecode` reading YAML as Terraform's go-yaml does (YAML 1.1,
  /// where a plain `y` or `n` is a boolean too).
  public func readingYAML() -> TerraformEvaluator {
    var evaluator = self
    evaluator.yamlDecoder = { (bytes) throws(DriftError) in
      let content = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
      let documents = try YAMLReader.libyamlDocuments(
        content, file: "yamldecode", shortBooleans: true)
      guard documents.count <= 1 else {
        throw DriftError(
          "expected one YAML document, found \(documents.count)",
          at: SourceLocation(file: "yamldecode", position: documents[1].position))
      }
      return documents.first?.value ?? .null
    }
    return evaluator
  }
}
