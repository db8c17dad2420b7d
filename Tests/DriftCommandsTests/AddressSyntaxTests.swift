import DriftTestSupport
import Foundation
import Testing

/// `ADDRESS[#POINTER]` means the same in every command: one attribute of a resource, and a
/// pointer that names nothing is an error with the closest pointers.
@Suite("one address syntax: ADDRESS[#POINTER] everywhere")
struct AddressSyntaxTests {
  static let web = "Deployment.apps/prod/web"

  /// A repository desiring web at 3 replicas, with a recorded snapshot where it was scaled to 5.
  static func scaled() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", KubernetesWorkload.configuration())
    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 3))
    try repo.commit("web at 3", date: "2026-11-01T10:00:00Z")
    let export = repo.root + "/live.json"
    try Data(
      SampleDeployment.liveList(
        replicas: 5, managers: [SampleDeployment.applier, SampleDeployment.scaler]
      ).utf8
    ).write(to: URL(fileURLWithPath: export))
    let recorded = try GitDriftExecutable.run(
      ["snapshot", "record", "--at", "2026-11-02T10:00:00Z", export], in: repo.path)
    try #require(recorded.status == 0, "\(recorded.stderr)")
    return repo
  }

  @Test("check ADDRESS#POINTER reports that attribute only; an untouched one is in sync")
  func checkOneAttribute() throws {
    let repo = try Self.scaled()
    let replicas = try GitDriftExecutable.run(
      ["check", "--format", "json", Self.web + "#/spec/replicas"], in: repo.path)
    #expect(replicas.status == 1, "\(replicas.stdout)\(replicas.stderr)")
    #expect(replicas.stdout.contains("\"/spec/replicas\""))
    let image = try GitDriftExecutable.run(
      ["check", Self.web + "#/spec/template/spec/containers/0/image"], in: repo.path)
    #expect(image.status == 0, "\(image.stdout)\(image.stderr)")
    let bisectRun = try GitDriftExecutable.run(
      ["check", "--bisect-run", Self.web + "#/spec/replicas"], in: repo.path)
    #expect(bisectRun.status == 1, "\(bisectRun.stdout)\(bisectRun.stderr)")
  }

  @Test(
    "a pointer that names nothing in desired or live is one line, exit 2, with the closest",
    arguments: [
      ["check"], ["timeline"], ["bisect"], ["explain"], ["accept", "--dry-run"],
      ["rollback"],
    ])
  func typoInPointer(command: [String]) throws {
    let repo = try Self.scaled()
    let result = try GitDriftExecutable.run(command + [Self.web + "#/spec/replica"], in: repo.path)
    #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
    #expect(
      result.stderr
        == "git-drift: no attribute '/spec/replica' in the desired or live state of '\(Self.web)' "
        + "(did you mean '/spec/replicas'?)\n")
  }

  @Test("timeline, bisect and explain take ADDRESS#POINTER")
  func historyCommandsTakeAPointer() throws {
    let repo = try Self.scaled()
    let bisect = try GitDriftExecutable.run(
      ["bisect", Self.web + "#/spec/replicas"], in: repo.path)
    #expect(bisect.status == 0, "\(bisect.stderr)")
    #expect(bisect.stdout.contains("is drifted since snapshot"), "\(bisect.stdout)")
    let explain = try GitDriftExecutable.run(
      ["explain", Self.web + "#/spec/replicas"], in: repo.path)
    #expect(explain.status == 1, "\(explain.stdout)\(explain.stderr)")
    #expect(explain.stdout.contains("/spec/replicas"), "\(explain.stdout)")
    let inSync = try GitDriftExecutable.run(
      ["explain", Self.web + "#/spec/template/spec/containers/0/image"], in: repo.path)
    #expect(inSync.status == 0, "\(inSync.stdout)\(inSync.stderr)")
  }
}
