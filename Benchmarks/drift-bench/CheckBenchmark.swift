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

  /// Runs the Python peer (`Benchmarks/peers/check.py`) once on the same repository and export.
  func runPeer(_ repo: ScratchRepository, _ export: String) throws -> (Double, Double) {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .appendingPathComponent("peers/check.py").path
    return try timed("/usr/bin/env", ["python3", script, repo.path, export, "prod"], in: repo.path)
  }

  /// Runs the check once; returns wall seconds and its peak memory in MB.
  func run(_ repo: ScratchRepository, _ export: String) throws -> (Double, Double) {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("git-drift").path
    return try timed(
      binary,
      ["check", "--snapshot", export, "--format", "json", "--output", repo.root + "/report.json"],
      in: repo.path)
  }

  /// Runs a program that must report drift (exit 1); returns wall seconds and its peak memory
  /// in MB, measured by GNU time for that one process.
  private func timed(_ program: String, _ arguments: [String], in folder: String) throws -> (
    Double, Double
  ) {
    let report = FileManager.default.temporaryDirectory.appendingPathComponent(
      "drift-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: report) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    process.arguments = ["-f", "%e %M", "-o", report.path, program] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    let fields = (try String(contentsOf: report, encoding: .utf8)).split(whereSeparator: {
      $0 == " " || $0 == "\n"
    })
    guard process.terminationStatus == 1, fields.count >= 2,
      let memory = Double(fields[fields.count - 1]),
      let seconds = Double(fields[fields.count - 2])
    else {
      throw Shell.Failure(
        arguments: [program] + arguments,
        result: Shell.Result(
          status: process.terminationStatus, stdout: fields.joined(separator: " "),
          stderr: "expected drift (exit 1)"))
    }
    return (seconds, memory / 1024)
  }
}
