import DriftTestSupport
import Foundation
import Testing

@Suite("check: a GitOps repository against kubectl exports")
struct CheckAcceptanceTests {
  static let drifts = KubernetesWorkload.Drifts(
    scaled: [3, 44], imageChanged: [7, 44], envAdded: [12, 44], configEdited: [20, 150],
    deleted: [30, 31, 299], handCreated: 2)
  static let workload = KubernetesWorkload(apps: 300, drifts: drifts, seed: 7)

  @Test("reports exactly the injected drifts, with pointers, kinds and actors")
  func reportsInjectedDrifts() throws {
    let repo = try gitOpsRepository(files: Self.workload.desiredFiles())
    let live = try writeExport(Self.workload.liveList(), in: repo)
    let result = try gitDrift("check", "--snapshot", live, "--format", "json", in: repo)
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.isEmpty)
    let json = try report(result)
    let observed = try observedDrifts(json)
    #expect(observed == Set(Self.workload.expectedDrifts()))
    let summary = try #require(json["summary"] as? [String: Any])
    #expect(summary["missing"] as? Int == 9)
    #expect(summary["unmanaged"] as? Int == 2)
    #expect(summary["modified"] as? Int == 6)
    #expect(summary["inSync"] as? Int == 300 * 3 - 9 - 6)
    let desired = try #require(json["desired"] as? [String: Any])
    #expect(desired["commit"] as? String == (try repo.git("rev-parse", "HEAD")))
  }

  @Test("an export compared as it is read reports what the export read whole reports")
  func streamedAndWholeAgree() throws {
    let repo = try gitOpsRepository(files: Self.workload.desiredFiles())
    let text = Self.workload.liveList()
    let live = try writeExport(text, in: repo)
    // Address arguments take the path that reads the whole export first; `**` matches all.
    let whole = try gitDrift("check", "--snapshot", live, "--format", "json", "**", in: repo)
    let streamed = try gitDrift("check", "--snapshot", live, "--format", "json", in: repo)
    let piped = try gitDrift("check", "--snapshot", "-", "--format", "json", in: repo, stdin: text)
    #expect(whole.status == 1 && streamed.status == 1 && piped.status == 1)
    let wholeReport = try report(whole)
    let streamedReport = try report(streamed)
    #expect(try observedDrifts(streamedReport) == Set(Self.workload.expectedDrifts()))
    for key in ["drifts", "summary"] {
      let a = try JSONSerialization.data(
        withJSONObject: try #require(wholeReport[key]), options: .sortedKeys)
      let b = try JSONSerialization.data(
        withJSONObject: try #require(streamedReport[key]), options: .sortedKeys)
      #expect(a == b, "\(key)")
    }
    #expect(try observedDrifts(try report(piped)) == Set(Self.workload.expectedDrifts()))
  }

  @Test("text output groups by kind and names file and line of each desired resource")
  func textOutput() throws {
    let repo = try gitOpsRepository(files: Self.workload.desiredFiles())
    let live = try writeExport(Self.workload.liveList(), in: repo)
    let result = try gitDrift("check", "--snapshot", live, in: repo)
    #expect(result.status == 1)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == "6 resources modified live:")
    #expect(
      lines.contains { $0.hasPrefix("  ~ Deployment.apps/prod/app-0003  apps/app-0003.yaml:") })
    #expect(lines.contains { $0.contains("~ /spec/replicas:") && $0.contains("by kubectl-scale") })
    #expect(
      lines.contains { $0.hasPrefix("  - ConfigMap/prod/app-0030-config  apps/app-0030.yaml:") })
    #expect(
      lines.contains {
        $0.hasPrefix("  + Deployment.apps/prod/hand-") && $0.contains("created by kubectl-create")
      })
    #expect(
      lines.last
        == "Drift: 6 modified, 9 missing, 2 unmanaged; 885 in sync with \(try repo.git("rev-parse", "--short=7", "HEAD")) (HEAD)."
    )
    #expect(!result.stdout.contains("\u{1B}["), "no colour when not on a terminal")
  }

  @Test("server noise and defaults alone are not drift")
  func noiseOnly() throws {
    let repo = try gitOpsRepository(files: Self.workload.desiredFiles())
    let live = try writeExport(Self.workload.liveList(noiseOnly: true), in: repo)
    let result = try gitDrift("check", "--snapshot", live, "--format", "json", in: repo)
    #expect(result.status == 0, "\(result.stdout)")
    let json = try report(result)
    #expect((json["drifts"] as? [Any])?.isEmpty == true)
    let summary = try #require(json["summary"] as? [String: Any])
    #expect(summary["inSync"] as? Int == 900)
    let text = try gitDrift("check", "--snapshot", live, in: repo)
    #expect(text.status == 0)
    #expect(text.stdout.split(separator: "\n").count == 1)
    #expect(text.stdout.hasPrefix("No drift: 900 resources in sync"))
  }

  @Test("--rev checks an older commit's desired state and names that commit")
  func olderRevision() throws {
    let workload = KubernetesWorkload(apps: 5)
    let repo = try gitOpsRepository(files: workload.desiredFiles())
    let first = try repo.git("rev-parse", "HEAD")
    let file = try #require(workload.desiredFiles().first { $0.path == "apps/app-0001.yaml" })
    let replicas = try #require(file.contents.firstMatch(of: /replicas: (\d+)/))
    let changed = file.contents.replacingOccurrences(
      of: "replicas: \(replicas.1)", with: "replicas: \(Int(replicas.1)! + 10)")
    try repo.write(file.path, changed)
    try repo.commit("scale app-0001 in git", date: "2026-11-02T10:00:00Z")
    let live = try writeExport(workload.liveList(noiseOnly: true), in: repo)

    let old = try gitDrift(
      "check", "--rev", "HEAD~1", "--snapshot", live, "--format", "json", in: repo)
    #expect(old.status == 0)
    let oldDesired = try #require(try report(old)["desired"] as? [String: Any])
    #expect(oldDesired["commit"] as? String == first)
    #expect(oldDesired["ref"] as? String == "HEAD~1")

    let head = try gitDrift("check", "--snapshot", live, "--format", "json", in: repo)
    #expect(head.status == 1)
    let observed = try observedDrifts(try report(head))
    #expect(observed.map(\.address) == ["Deployment.apps/prod/app-0001"])
    #expect(observed.first?.pointers == ["/spec/replicas"])
  }

  @Test("--output writes the whole report to a file and nothing to stdout")
  func outputFile() throws {
    let workload = KubernetesWorkload(apps: 3, drifts: .init(scaled: [1]))
    let repo = try gitOpsRepository(files: workload.desiredFiles())
    let live = try writeExport(workload.liveList(), in: repo)
    let target = repo.root + "/report.json"
    let result = try gitDrift(
      "check", "--snapshot", live, "--format", "json", "--output", target, in: repo)
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    let data = try Data(contentsOf: URL(fileURLWithPath: target))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(json["schemaVersion"] as? Int == 1)
    #expect(try repo.git("status", "--porcelain").isEmpty, "the working tree is untouched")
  }

  @Test("addresses on the command line narrow the check")
  func addressFilter() throws {
    let repo = try gitOpsRepository(files: Self.workload.desiredFiles())
    let live = try writeExport(Self.workload.liveList(), in: repo)
    let result = try gitDrift(
      "check", "--snapshot", live, "--format", "json", "Deployment.apps/prod/app-000*", in: repo)
    #expect(result.status == 1)
    let observed = try observedDrifts(try report(result))
    #expect(
      Set(observed.map(\.address)) == [
        "Deployment.apps/prod/app-0003", "Deployment.apps/prod/app-0007",
      ])
    let none = try gitDrift("check", "--snapshot", live, "Deployment.apps/prod/app-0003x", in: repo)
    #expect(none.status == 2)
    #expect(none.stderr.contains("no resource matches 'Deployment.apps/prod/app-0003x'"))
    #expect(none.stderr.contains("did you mean 'Deployment.apps/prod/app-0003'"))
  }
}
