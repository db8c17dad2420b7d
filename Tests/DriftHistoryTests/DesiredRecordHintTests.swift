import DriftFormats
import DriftHistory
import DriftJSON
import DriftModel
import DriftTestSupport
import Git
import Testing

@Suite struct DesiredRecordHintTests {
  @Test func aHintForAnotherResourceOfTheSameFileIsNotTakenForThisOne() throws {
    let repo = try ScratchRepository()
    try repo.write(
      "apps/both.yaml",
      DesiredPrimingTests.configMap("a", "one") + "\n---\n"
        + DesiredPrimingTests.configMap("b", "two"))
    _ = try repo.commit("two ConfigMaps in one file")
    let repository = try Repository(path: repo.path)
    let history = DesiredHistory(
      repository: repository, tip: try repository.resolveCommit("main"),
      secrets: SecretDigester(key: Array(repeating: 1, count: 32)))
    let source = SourceConfiguration(
      name: "k8s", format: "kubernetes", paths: ["apps/**/*.yaml"], namespace: "prod")
    let header = try #require(try history.header(age: 0))
    let first = try #require(try history.record(of: "ConfigMap/prod/a", source: source, at: header))
    let second = try #require(
      try history.record(of: "ConfigMap/prod/b", source: source, at: header, hint: first))
    #expect(second.resource.id.address == "ConfigMap/prod/b")
    #expect(second.resource.body["data"]?["key"] == .string("two"))
  }
}
