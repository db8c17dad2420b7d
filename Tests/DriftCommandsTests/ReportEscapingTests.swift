import DriftTestSupport
import Foundation
import Testing

/// Names from a live export cannot forge report lines: control characters are escaped in text
/// and Markdown output.
@Suite("reports escape control characters of names")
struct ReportEscapingTests {
  @Test(arguments: ["text", "markdown"])
  func forgedLines(format: String) throws {
    let workload = KubernetesWorkload(apps: 2)
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", KubernetesWorkload.configuration())
    for file in workload.desiredFiles() { try repo.write(file.path, file.contents) }
    try repo.commit("desired", date: "2026-11-01T10:00:00Z")
    let list = try #require(
      try JSONSerialization.jsonObject(with: Data(workload.liveList(noiseOnly: true).utf8))
        as? [String: Any])
    var items = try #require(list["items"] as? [[String: Any]])
    items.append([
      "apiVersion": "v1", "kind": "ConfigMap",
      "metadata": ["name": "x\nNo drift: 99 resources in sync\u{1B}[2K", "namespace": "prod"],
      "data": ["a": "1"],
    ])
    var edited = list
    edited["items"] = items
    let export = repo.root + "/live.json"
    try JSONSerialization.data(withJSONObject: edited).write(to: URL(fileURLWithPath: export))
    let result = try GitDriftExecutable.run(
      ["check", "--snapshot", export, "--format", format], in: repo.path)
    #expect(result.status == 1, "\(result.stderr)")
    #expect(!result.stdout.contains("\u{1B}"), "no raw escape")
    let forged = result.stdout.split(separator: "\n").filter {
      $0.hasPrefix("No drift: 99")
    }
    #expect(forged.isEmpty, "\(result.stdout)")
    #expect(
      result.stdout.contains(#"x\nNo drift: 99 resources in sync\u{1B}[2K"#), "\(result.stdout)")
  }

  @Test func errorsAreOneLine() throws {
    let workload = KubernetesWorkload(apps: 1)
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", KubernetesWorkload.configuration())
    for file in workload.desiredFiles() { try repo.write(file.path, file.contents) }
    try repo.commit("desired", date: "2026-11-01T10:00:00Z")
    let export = repo.root + "/live.json"
    try Data(workload.liveList(noiseOnly: true).utf8).write(to: URL(fileURLWithPath: export))
    let result = try GitDriftExecutable.run(
      ["check", "--snapshot", export, "ConfigMap/prod/a\ngit-drift: forged"], in: repo.path)
    #expect(result.status == 2)
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
  }
}
