import DriftModel
import Testing

@testable import DriftFormats

@Suite struct DriftIgnoreReaderTests {
  @Test func readsGlobsNegationsAndPointers() throws {
    let text = """
      # accepted differences
      Deployment.apps/prod/*

        !Deployment.apps/prod/web  	
      ConfigMap/prod/settings#/data/feature~1flag
      # trailing comment
      """
    let entries = try DriftIgnoreReader.parse(Array(text.utf8), file: "repo/.driftignore")
    #expect(
      entries.map(\.rule.resource) == [
        "Deployment.apps/prod/*", "Deployment.apps/prod/web", "ConfigMap/prod/settings",
      ])
    #expect(entries.map(\.negated) == [false, true, false])
    #expect(entries.map(\.rule.paths) == [[], [], ["/data/feature~1flag"]])
    #expect(entries.map { $0.rule.origin?.line } == [2, 4, 5])
    #expect(
      entries.allSatisfy { $0.rule.origin?.file == "repo/.driftignore" && $0.rule.managers.isEmpty }
    )
  }

  @Test func readsWindowsLineEndings() throws {
    let text = "Deployment.apps/prod/*\r\n!Deployment.apps/prod/web\r\n"
    let entries = try DriftIgnoreReader.parse(Array(text.utf8))
    #expect(
      entries.map(\.rule.resource) == ["Deployment.apps/prod/*", "Deployment.apps/prod/web"])
    #expect(entries.map(\.negated) == [false, true])
  }

  @Test(arguments: ["Service/prod/web#spec/ports", "Service/prod/web#"])
  func rejectsBadPointersWithTheirLine(line: String) throws {
    let text = "# header\nConfigMap/prod/a\n" + line + "\n"
    let error = try #require(throws: DriftError.self) {
      try DriftIgnoreReader.parse(Array(text.utf8), file: ".driftignore")
    }
    #expect(error.message.contains("is not a JSON Pointer"))
    #expect(error.location?.file == ".driftignore")
    #expect(error.location?.line == 3)
  }

  @Test func emptyFileHasNoEntries() throws {
    #expect(try DriftIgnoreReader.parse(Array("\n# nothing\n\n".utf8)).isEmpty)
  }
}
