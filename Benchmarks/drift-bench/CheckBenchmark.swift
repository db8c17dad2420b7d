import DriftTestSupport
import Foundation

/// `git drift check` of a generated GitOps repository against a kubectl List, run as the
/// built `git-drift` executable beside this benchmark.
struct CheckBenchmark {
  var apps: Int

  /// The repository (one commit) and the export, with a few drifts of every kind.
  func prepare() throws -> (ScratchRepository, String) {
    let drifts = KubernetesWorkload.Drifts(
      scaled: [1, 10], imageChanged: [2], envAdded: [3], configEdited: [4], deleted: [5],
      handCreated: 2)
    let workload = KubernetesWorkload(apps: apps, drifts: drifts)
    let configuration = KubernetesWorkload.configuration()
    let repo = try ScratchRepository()
    try LinearHistory.write(
      into: repo, commits: 1, files: [(".drift.yml", configuration)] + workload.desiredFiles(),
      start: 1_790_000_000, spacing: 60)
    let export = repo.root + "/live.json"
    try Data(workload.liveList().utf8).write(to: URL(fileURLWithPath: export))
    return (repo, export)
  }

  /// Runs the check once; returns wall seconds and the child's peak memory in MB.
  func run(_ repo: ScratchRepository, _ export: String) throws -> (Double, Double) {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("git-drift").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = [
      "check", "--snapshot", export, "--format", "json", "--output", repo.root + "/report.json",
    ]
    process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
    let start = DispatchTime.now().uptimeNanoseconds
    try process.run()
    process.waitUntilExit()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    guard process.terminationStatus == 1 else {
      throw Shell.Failure(
        arguments: [binary, "check"],
        result: Shell.Result(
          status: process.terminationStatus, stdout: "", stderr: "expected drift (exit 1)"))
    }
    var usage = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    return (seconds, Double(usage.ru_maxrss) / 1024)
  }
}
