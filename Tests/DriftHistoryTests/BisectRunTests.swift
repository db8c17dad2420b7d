import DriftTestSupport
import Foundation
import Testing

@Suite("check --bisect-run under git bisect run")
struct BisectRunTests {
  @Test(
    "git bisect run finds the commit whose desired state drifted from live, skipping untestable ones"
  )
  func gitBisectRun() throws {
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", HistoryFixture.configuration)
    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 3))
    let good = try repo.commit("web at 3", date: "2026-11-01T10:00:00Z")
    try repo.write("apps/web.yaml", "apiVersion: apps/v1\nkind: [broken\n")
    try repo.commit("a broken manifest", date: "2026-11-02T10:00:00Z")
    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 3))
    try repo.commit("fix the manifest", date: "2026-11-03T10:00:00Z")
    for day in 4...5 {
      try repo.write("NOTES", "day \(day)\n")
      try repo.commit("notes \(day)", date: "2026-11-0\(day)T10:00:00Z")
    }
    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 5))
    let bad = try repo.commit("web at 5", date: "2026-11-06T10:00:00Z")
    try repo.write("NOTES", "later\n")
    try repo.commit("later notes", date: "2026-11-07T10:00:00Z")

    let export = repo.root + "/live.json"
    try Data(
      SampleDeployment.liveList(replicas: 3, managers: [SampleDeployment.applier]).utf8
    )
    .write(to: URL(fileURLWithPath: export))
    #expect(
      try GitDriftExecutable.run(
        ["snapshot", "record", "--at", "2026-11-07T12:00:00Z", export], in: repo.path
      ).status == 0)

    try repo.git("bisect", "start", "main", good)
    let binary = try GitDriftExecutable.path()
    let result = try Shell.run(
      ["git", "bisect", "run", binary, "check", "--bisect-run", "Deployment.apps/prod/web"],
      cwd: repo.path, env: repo.environment)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("\(bad) is the first bad commit"), "\(result.stdout)")
    try repo.git("bisect", "reset")

    let skipped = try GitDriftExecutable.run(
      ["check", "--bisect-run", "--rev", "main~5"], in: repo.path)
    #expect(skipped.status == 125)
    #expect(skipped.stderr.contains("untestable"))
  }

  /// `text` with the sample Deployment renamed from web to api.
  static func api(_ text: String) -> String {
    text.replacingOccurrences(of: "web", with: "api")
  }

  @Test("git bisect run with ADDRESS#POINTER finds the commit that introduced the image drift")
  func gitBisectRunOnOneAttribute() throws {
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", HistoryFixture.configuration)
    try repo.write("apps/api.yaml", Self.api(SampleDeployment.manifest(replicas: 3)))
    let good = try repo.commit("api at 3", date: "2026-11-01T10:00:00Z")
    // Drifts the replicas, not the image: good for the image, bad for the whole resource.
    try repo.write("apps/api.yaml", Self.api(SampleDeployment.manifest(replicas: 4)))
    let replicas = try repo.commit("api at 4", date: "2026-11-02T10:00:00Z")
    try repo.write("NOTES", "notes\n")
    try repo.commit("notes", date: "2026-11-03T10:00:00Z")
    try repo.write(
      "apps/api.yaml", Self.api(SampleDeployment.manifest(replicas: 4, image: "web:2.0")))
    let image = try repo.commit("api image 2.0", date: "2026-11-04T10:00:00Z")
    try repo.write("NOTES", "later\n")
    try repo.commit("later notes", date: "2026-11-05T10:00:00Z")

    let export = repo.root + "/live.json"
    try Data(
      Self.api(SampleDeployment.liveList(replicas: 3, managers: [SampleDeployment.applier])).utf8
    )
    .write(to: URL(fileURLWithPath: export))
    let recorded = try GitDriftExecutable.run(
      ["snapshot", "record", "--at", "2026-11-05T12:00:00Z", export], in: repo.path)
    try #require(recorded.status == 0, "\(recorded.stderr)")
    let target = "Deployment.apps/prod/api#/spec/template/spec/containers/0/image"

    let one = try GitDriftExecutable.run(
      ["check", "--bisect-run", "--rev", replicas, target], in: repo.path)
    #expect(
      one.status == 0, "the image is in sync at the replicas commit: \(one.stdout)\(one.stderr)")

    try repo.git("bisect", "start", "main", good)
    let binary = try GitDriftExecutable.path()
    let result = try Shell.run(
      ["git", "bisect", "run", binary, "check", "--bisect-run", target],
      cwd: repo.path, env: repo.environment)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("\(image) is the first bad commit"), "\(result.stdout)")
    try repo.git("bisect", "reset")

    // The whole resource drifted first at the replicas commit.
    try repo.git("bisect", "start", "main", good)
    let whole = try Shell.run(
      ["git", "bisect", "run", binary, "check", "--bisect-run", "Deployment.apps/prod/api"],
      cwd: repo.path, env: repo.environment)
    #expect(whole.stdout.contains("\(replicas) is the first bad commit"), "\(whole.stdout)")
    try repo.git("bisect", "reset")
    try repo.fsck()
  }
}
