import DriftFormats
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
    try Data(workload.liveList(indented: false).utf8).write(to: URL(fileURLWithPath: export))
    return (repo, export)
  }

  /// Runs the Python peer (`Benchmarks/peers/check.py`) once on the same repository and export.
  func runPeer(_ repo: ScratchRepository, _ export: String) throws -> (Double, Double) {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .appendingPathComponent("peers/check.py").path
    return try timed("/usr/bin/env", ["python3", script, repo.path, export, "prod"], in: repo.path)
  }

  /// Medians of `check` against recorded snapshots as hooks run it, after ``record(_:_:)``
  /// left two snapshots (the export, then 1% of it changed): with nothing kept, then with the
  /// verdicts and report of a check of the first snapshot kept and 0%, 1% and 10% of the
  /// resources changed since (each run starts from what that check kept again), and with 0%
  /// changed but only its verdicts kept.
  func againstSnapshots(_ repo: ScratchRepository) throws -> [(String, Double, Double)] {
    // What a check keeps: verdicts and its report (see VerdictCache and ReportMemo).
    let kept = ["verdicts", "reports"].map {
      (repo.path + "/.git/drift/" + $0, repo.root + "/kept-" + $0)
    }
    let first = try Shell.check(
      ["git", "rev-parse", "refs/drift/snapshots/prod-k8s~1"], cwd: repo.path
    ).trimmingCharacters(in: .whitespacesAndNewlines)
    let report = ["--format", "json", "--output", repo.root + "/report.json"]
    func median(_ arguments: [String], before: () throws -> Void) throws -> (Double, Double) {
      var runs: [(Double, Double)] = []
      for _ in 0..<3 {
        try before()
        runs.append(try timed(gitDrift, ["check"] + arguments + report, in: repo.path))
      }
      return (runs.map(\.0).sorted()[1], runs.map(\.1).max() ?? 0)
    }
    func forget() {
      for (folder, _) in kept { try? FileManager.default.removeItem(atPath: folder) }
    }
    /// Back to what the check of the first snapshot kept; without its report, when asked.
    func restore(report keepsReport: Bool = true) throws {
      forget()
      for (folder, copy) in kept where keepsReport || !folder.hasSuffix("reports") {
        try FileManager.default.copyItem(atPath: copy, toPath: folder)
      }
    }
    /// The report the last run wrote (from what the first check kept: patched, for 1% and
    /// 10%) must be a fresh check's, to the byte.
    func expectFreshReport() throws {
      let fresh = repo.root + "/report-fresh.json"
      forget()
      _ = try timed(gitDrift, ["check", "--format", "json", "--output", fresh], in: repo.path)
      guard FileManager.default.contentsEqual(atPath: fresh, andPath: repo.root + "/report.json")
      else {
        throw WrongAnswer(
          description: "wrong answer: the check that started from the last one's report "
            + "differs from a fresh check (\(repo.root)/report.json, \(fresh))")
      }
    }
    var rows: [(String, Double, Double)] = []
    let cold = try median([], before: forget)
    rows.append(("nothing kept (the first check)", cold.0, cold.1))
    forget()
    _ = try timed(gitDrift, ["check", "--snapshot", first] + report, in: repo.path)
    for (folder, copy) in kept {
      try? FileManager.default.removeItem(atPath: copy)
      try FileManager.default.copyItem(atPath: folder, toPath: copy)
    }
    let same = try median(["--snapshot", first]) { try restore() }
    rows.append(("0% changed since the last check", same.0, same.1))
    let verdictsOnly = try median(["--snapshot", first]) { try restore(report: false) }
    rows.append(("0% changed, its report deleted (verdicts only)", verdictsOnly.0, verdictsOnly.1))
    let one = try median([]) { try restore() }
    try expectFreshReport()
    rows.append(("1% changed since the last check", one.0, one.1))
    let tenth = KubernetesWorkload(
      apps: apps,
      drifts: .init(
        scaled: Array(stride(from: 0, to: apps, by: 10)),
        imageChanged: Array(stride(from: 3, to: apps, by: 10)),
        configEdited: Array(stride(from: 5, to: apps, by: 10))))
    let tenthExport = repo.root + "/live-10-percent.json"
    try Data(tenth.liveList(indented: false).utf8).write(to: URL(fileURLWithPath: tenthExport))
    _ = try timed(
      gitDrift, ["snapshot", "record", "--at", "2026-09-22T12:00:00Z", tenthExport], in: repo.path,
      status: 0)
    let ten = try median([]) { try restore() }
    try expectFreshReport()
    rows.append(("10% changed since the last check", ten.0, ten.1))
    return rows
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

  /// `snapshot record` of the export, then of an export with 1% of its resources changed,
  /// three times: twice in copies of the repository as it is before, then in it.
  ///
  /// - Returns: the median wall times of both, and how many objects the second snapshot added
  ///   to the repository (its changed blobs, their trees and the commit).
  func record(_ repo: ScratchRepository, _ export: String) throws -> (Double, Double, Int) {
    let changed = KubernetesWorkload(
      apps: apps, drifts: .init(scaled: Array(stride(from: 0, to: apps, by: 33))))
    let second = repo.root + "/live-1-percent.json"
    try Data(changed.liveList(indented: false).utf8).write(to: URL(fileURLWithPath: second))
    let copies = try (0..<2).map { run -> String in
      let copy = repo.root + "/record-copy-\(run)"
      try Shell.check(["cp", "-a", repo.path, copy])
      return copy
    }
    var firsts: [Double] = []
    var seconds: [Double] = []
    var added = 0
    for path in copies + [repo.path] {
      // The copies' pages are flushed first, so that no record waits for the benchmark's
      // own writes to reach the disk.
      try Shell.check(["sync"])
      firsts.append(
        try timed(
          gitDrift, ["snapshot", "record", "--at", "2026-09-22T10:00:00Z", export], in: path,
          status: 0
        ).0)
      let before = try objectCount(path)
      try Shell.check(["sync"])
      seconds.append(
        try timed(
          gitDrift, ["snapshot", "record", "--at", "2026-09-22T11:00:00Z", second], in: path,
          status: 0
        ).0)
      added = try objectCount(path) - before
    }
    for copy in copies { try FileManager.default.removeItem(atPath: copy) }
    return (firsts.sorted()[1], seconds.sorted()[1], added)
  }

  /// `accept` of 100 drifted Deployments, as a branch; returns the median wall time of 3.
  func accept(_ repo: ScratchRepository) throws -> Double {
    let scaled = Array(stride(from: 0, to: apps, by: max(1, apps / 100)).prefix(100))
    let export = repo.root + "/live-100-drifts.json"
    try Data(
      KubernetesWorkload(apps: apps, drifts: .init(scaled: scaled)).liveList(indented: false).utf8
    )
    .write(to: URL(fileURLWithPath: export))
    var times: [Double] = []
    for run in 0..<3 {
      let arguments = ["accept", "--snapshot", export, "--branch", "bench/accept-\(run)"]
      times.append(try timed(gitDrift, arguments, in: repo.path, status: 0).0)
    }
    return times.sorted()[1]
  }

  private var gitDrift: String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("git-drift").path
  }

  private func objectCount(_ path: String) throws -> Int {
    let report = try Shell.check(["git", "count-objects", "-v"], cwd: path)
    let counts = report.split(separator: "\n").compactMap { line -> Int? in
      let parts = line.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
      guard parts.count == 2, parts[0] == "count" || parts[0] == "in-pack" else { return nil }
      return Int(parts[1])
    }
    return counts.reduce(0, +)
  }
}

/// Runs a program that must exit with `expected`; returns wall seconds and its peak memory
/// in MB, measured by GNU time for that one process.
func timed(
  _ program: String, _ arguments: [String], in folder: String, status expected: Int32 = 1
) throws -> (Double, Double) {
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
  guard process.terminationStatus == expected, fields.count >= 2,
    let memory = Double(fields[fields.count - 1]),
    let seconds = Double(fields[fields.count - 2])
  else {
    throw Shell.Failure(
      arguments: [program] + arguments,
      result: Shell.Result(
        status: process.terminationStatus, stdout: fields.joined(separator: " "),
        stderr: "expected exit \(expected)"))
  }
  return (seconds, memory / 1024)
}

/// The manifests of `apps` apps parsed on one core by the line reader and by libyaml alone:
/// what the desired side of a check costs, reader by reader.
func profileManifests(apps: Int) throws {
  let files = KubernetesWorkload(apps: apps).desiredFiles().map { Array($0.contents.utf8) }
  let megabytes = Double(files.reduce(0) { $0 + $1.count }) / 1_048_576
  func time(_ read: ([UInt8]) throws -> [YAMLReader.Document]) rethrows -> Double {
    let start = Date()
    for file in files { _ = try read(file) }
    return Date().timeIntervalSince(start)
  }
  let lines = try time { try YAMLReader.documents($0, file: "manifest.yaml") }
  let libyaml = try time { try YAMLReader.libyamlDocuments($0, file: "manifest.yaml") }
  print(
    "manifests of \(apps) apps (\(String(format: "%.1f", megabytes)) MB) on one core: "
      + "line reader \(String(format: "%.3f", lines)) s, libyaml \(String(format: "%.3f", libyaml)) s"
  )
}
