import DriftTestSupport
import Foundation
import Testing

@Suite("check: formats for other tools")
struct CheckFormatTests {
  @Test("SARIF of the core scenario validates against the schema and points at the drifted lines")
  func sarif() throws {
    let repo = try gitOpsRepository(files: CheckAcceptanceTests.workload.desiredFiles())
    let live = try writeExport(CheckAcceptanceTests.workload.liveList(), in: repo)
    let result = try gitDrift("check", "--snapshot", live, "--format", "sarif", in: repo)
    #expect(result.status == 1)
    let schema = Golden.root.deletingLastPathComponent().appendingPathComponent(
      "shared/corpus/sarif/sarif-schema-2.1.0.json")
    let validation = try SARIFValidation.validate(result.stdout, schema: schema.path)
    #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
    let log = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    let results = try #require(run["results"] as? [[String: Any]])
    let replicas = try #require(
      results.first {
        ($0["properties"] as? [String: Any])?["address"] as? String
          == "Deployment.apps/prod/app-0003"
      })
    let location = try #require(
      (replicas["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
    let file = try #require((location["artifactLocation"] as? [String: Any])?["uri"] as? String)
    let line = try #require((location["region"] as? [String: Any])?["startLine"] as? Int)
    #expect(file == "apps/app-0003.yaml")
    let text = try repo.git("show", "HEAD:" + file).split(
      separator: "\n", omittingEmptySubsequences: false)
    #expect(
      text[line - 1].trimmingCharacters(in: .whitespaces).hasPrefix("replicas:"),
      "line \(line): \(text[line - 1])")
    #expect(replicas["ruleId"] as? String == "drift/modified/replicas")
    #expect(replicas["level"] as? String == "note")
  }

  @Test("markdown and junit render the same scenario")
  func markdownAndJUnit() throws {
    let repo = try gitOpsRepository(files: CheckAcceptanceTests.workload.desiredFiles())
    let live = try writeExport(CheckAcceptanceTests.workload.liveList(), in: repo)
    let markdown = try gitDrift("check", "--snapshot", live, "--format", "markdown", in: repo)
    #expect(markdown.stdout.hasPrefix("### git-drift: drift found in `prod-k8s`"))
    #expect(markdown.stdout.components(separatedBy: "<details>").count - 1 == 17)
    let junit = try gitDrift("check", "--snapshot", live, "--format", "junit", in: repo)
    #expect(
      junit.stdout.contains("<testsuite name=\"prod-k8s\" tests=\"902\" failures=\"17\">"),
      "\(junit.stdout.prefix(300))")
  }
}
