import DriftFormats
import DriftHistory
import DriftJSON
import DriftModel
import DriftTestSupport
import Git
import Testing

@Suite struct DesiredPrimingTests {
  static func configMap(_ name: String, _ value: String) -> String {
    """
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: \(name)
    data:
      key: "\(value)"
    """
  }

  @Test func primedFilesAreServedAsGivenAndOtherFilesAreStillRead() throws {
    let repo = try ScratchRepository()
    try repo.write("apps/a.yaml", Self.configMap("a", "from-file"))
    try repo.write("apps/b.yaml", Self.configMap("b", "from-file"))
    _ = try repo.commit("manifests")
    let repository = try Repository(path: repo.path)
    let secrets = SecretDigester(key: Array(repeating: 1, count: 32))
    let history = DesiredHistory(
      repository: repository, tip: try repository.resolveCommit("main"), secrets: secrets)
    let source = SourceConfiguration(
      name: "k8s", format: "kubernetes", paths: ["apps/**/*.yaml"], namespace: "prod")
    let format = KubernetesFormat(defaultNamespace: "prod", secrets: secrets)
    // What check would have parsed, marked so that a second parse would show.
    var primed = try format.desiredResources(
      Array(Self.configMap("a", "from-check").utf8), file: "apps/a.yaml")
    #expect(primed.count == 1)
    primed[0].location = SourceLocation(file: "apps/a.yaml", line: 1, column: 1)
    let header = try #require(try history.header(age: 0))
    try history.prime(primed, source: source, at: header)

    let index = try history.index(of: source, at: header)
    #expect(index.keys.sorted() == ["ConfigMap/prod/a", "ConfigMap/prod/b"])
    let a = try #require(index["ConfigMap/prod/a"])
    #expect(a.resource.body.value(at: FieldPath(["data", "key"])) == .string("from-check"))
    #expect(a.file == "apps/a.yaml")
    let b = try #require(index["ConfigMap/prod/b"])
    #expect(b.resource.body.value(at: FieldPath(["data", "key"])) == .string("from-file"))
  }
}
