import DriftFormats
import DriftHistory
import DriftJSON
import DriftTestSupport
import Foundation
import Git

/// The benchmark: `swift run -c release drift-bench [--quick] [--history-only] [--apps N,M]
/// [--keep DIR] [--profile] [--helm-only] [--kustomize-only] [--terraform-only] [--check-only]`, or the soak of issue 24:
/// `drift-bench --soak [--apps N] [--kills N] [--seed N]` (see `SoakBenchmark`), or its fuzz: `drift-bench --fuzz N
/// [--seed N]` (see `FuzzBenchmark`).
///
/// Builds generated workloads, then prints a table of medians of three runs (wall time) and
/// peak resident memory.
if CommandLine.arguments.contains("--fuzz") {
  do {
    exit(try FuzzBenchmark.run(arguments: CommandLine.arguments) ? 0 : 1)
  } catch {
    print("fuzz failed: \(error)")
    exit(1)
  }
}
if CommandLine.arguments.contains("--soak") {
  do {
    exit(try SoakBenchmark.run(arguments: CommandLine.arguments) ? 0 : 1)
  } catch {
    print("soak failed: \(error)")
    exit(1)
  }
}
let quick = CommandLine.arguments.contains("--quick")
let benchmark = HistoryBenchmark(
  commits: quick ? 1_000 : 10_000, snapshots: quick ? 100 : 1_000, apps: quick ? 50 : 50)

func measure(_ body: () throws -> Void) rethrows -> Double {
  var times: [Double] = []
  for _ in 0..<3 {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }
  return times.sorted()[1]
}

/// Copies a generated workload to `--keep DIR`/`name`, for profiling, when asked to.
func keep(_ repo: ScratchRepository, as name: String) throws {
  guard let index = CommandLine.arguments.firstIndex(of: "--keep"),
    index + 1 < CommandLine.arguments.count
  else { return }
  let target = CommandLine.arguments[index + 1] + "/" + name
  try? FileManager.default.removeItem(atPath: target)
  try FileManager.default.copyItem(atPath: repo.root, toPath: target)
  print("kept \(target)")
}

func peakMegabytes() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Double(usage.ru_maxrss) / 1024
}

/// `check --rev` and `timeline` of one drifted Terraform attribute over 500 commits, then
/// `check --rev` over 500 commits that each change `main.tf`; fails unless the drift (out of
/// band) and its two transitions are found.
func terraformHistory() throws {
  let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    .appendingPathComponent("git-drift").path
  let expected = [
    "\(TerraformHistoryBenchmark.address)#\(TerraformHistoryBenchmark.pointer) out-of-band"
  ]
  for changesMain in [false, true] {
    var terraform = TerraformHistoryBenchmark()
    terraform.changesMainEveryCommit = changesMain
    let (repo, export) = try terraform.prepare(binary: binary)
    try keep(repo, as: changesMain ? "terraform-history-main" : "terraform-history")
    let found = try terraform.answer(binary: binary, repo, export)
    let transitions = try terraform.transitions(binary: binary, repo)
    guard found == expected, transitions == 2 else {
      print("wrong answer: Terraform drift \(found), \(transitions) transitions")
      exit(1)
    }
    let check = try (0..<3).map { _ in
      try timed(binary, ["check", "--rev", "main", "--snapshot", export], in: repo.path).0
    }.sorted()[1]
    let shape = "\(terraform.commits) commits, \(terraform.resources) resources"
    guard !changesMain else {
      print(
        row(
          "check --rev of it, \(shape), every commit changing main.tf (\(terraform.commits) "
            + "configurations)", check, 2.0) + " |")
      continue
    }
    let timeline = try (0..<3).map { _ in
      try timed(
        binary,
        ["timeline", TerraformHistoryBenchmark.address + "#" + TerraformHistoryBenchmark.pointer],
        in: repo.path, status: 0
      ).0
    }.sorted()[1]
    print(
      row("check --rev of one drifted Terraform attribute (provenance), \(shape)", check, 2.0)
        + " |")
    print(
      row(
        "timeline of it, \(terraform.commits / terraform.snapshotEvery) snapshots x \(shape)",
        timeline, 2.0) + " |")
  }
}

func row(_ name: String, _ seconds: Double, _ target: Double) -> String {
  let verdict = seconds <= target ? "ok" : "MISSED"
  return "| \(name) | \(String(format: "%.3f", seconds)) s | < \(target) s | \(verdict)"
}

do {
  print("| operation | median of 3 | target | |")
  print("|---|---|---|---|")
  let sizesOption = CommandLine.arguments.firstIndex(of: "--apps").flatMap { index in
    index + 1 < CommandLine.arguments.count
      ? CommandLine.arguments[index + 1].split(separator: ",").compactMap { Int($0) } : nil
  }
  let checkSizes =
    CommandLine.arguments.contains("--history-only")
      || CommandLine.arguments.contains("--helm-only")
      || CommandLine.arguments.contains("--terraform-only")
      || CommandLine.arguments.contains("--kustomize-only")
    ? [] : sizesOption ?? (quick ? [1_000] : [1_000, 10_000, 33_334])
  for apps in checkSizes {
    if CommandLine.arguments.contains("--profile") { try profileManifests(apps: apps) }
    let check = CheckBenchmark(apps: apps)
    let (repo, export) = try check.prepare()
    try keep(repo, as: "check-\(apps)")
    var runs: [(Double, Double)] = []
    var peer: [(Double, Double)] = []
    for _ in 0..<3 {
      runs.append(try check.run(repo, export))
      peer.append(try check.runPeer(repo, export))
    }
    let median = runs.map(\.0).sorted()[1]
    let peerMedian = peer.map(\.0).sorted()[1]
    let size = (try FileManager.default.attributesOfItem(atPath: export)[.size] as? Int) ?? 0
    let megabytes = Double(size) / 1_048_576
    print(
      row(
        "check, \(apps * 3) resources (\(String(format: "%.0f", megabytes)) MB export)", median,
        apps > 10_000 ? 1.5 : apps > 1_000 ? 0.5 : 0.2)
        + " \(String(format: "%.0f", megabytes / median)) MB/s, peak \(String(format: "%.0f", runs.map(\.1).max() ?? 0)) MB"
        + " (\(String(format: "%.1f", (runs.map(\.1).max() ?? 0) / Double(apps * 3) * 1_000)) MB per 1,000) |"
    )
    let ratio = String(format: "%.1f", peerMedian / median)
    let peerPeak = String(format: "%.0f", peer.map(\.1).max() ?? 0)
    print(
      "| Python peer (PyYAML C loader + json), \(apps * 3) resources | \(String(format: "%.3f", peerMedian)) s "
        + "| | git-drift \(ratio)x faster; peer peak \(peerPeak) MB |")
    if apps == (quick ? 1_000 : 10_000) {
      let (first, second, objects) = try check.record(repo, export)
      print(row("snapshot record, \(apps * 3) resources", first, 1.0) + " |")
      print(
        row("snapshot record, 1% of them changed", second, 0.3)
          + " \(objects) new objects |")
      for (name, seconds, peak) in try check.againstSnapshots(repo) {
        let target =
          name.hasPrefix("0% changed since") ? 0.1 : name.hasPrefix("1%") ? 0.15 : 0.5
        print(
          row("check against a recorded snapshot, \(apps * 3) resources, \(name)", seconds, target)
            + " peak \(String(format: "%.0f", peak)) MB |")
      }
      print(row("accept of 100 drifts, \(apps * 3) resources", try check.accept(repo), 5.0) + " |")
    }
  }
  // --check-only stops after the checks of exports and snapshots (and their peer).
  if CommandLine.arguments.contains("--check-only") { exit(0) }
  if CommandLine.arguments.contains("--terraform-only") {
    try terraformHistory()
    exit(0)
  }
  // --history-only measures the history commands alone (Helm's check runs the git-drift
  // executable, which would need a release build of its own).
  if !CommandLine.arguments.contains("--history-only"),
    !CommandLine.arguments.contains("--kustomize-only")
  {
    let helm = HelmBenchmark()
    let (helmRepo, helmExport) = try helm.prepare()
    try keep(helmRepo, as: "helm")
    var helmRuns: [(Double, Double)] = []
    for _ in 0..<3 {
      let (seconds, memory, drifted) = try helm.run(helmRepo, helmExport)
      guard drifted == helm.expected else {
        print("wrong answer: Helm drift \(drifted.sorted()), expected \(helm.expected.sorted())")
        exit(1)
      }
      helmRuns.append((seconds, memory))
    }
    print(
      row(
        "check, \(helm.releases) Helm releases x \(helm.objects) objects (release Secrets decoded)",
        helmRuns.map(\.0).sorted()[1], 0.5)
        + " peak \(String(format: "%.0f", helmRuns.map(\.1).max() ?? 0)) MB |")
  }
  if CommandLine.arguments.contains("--helm-only") { exit(0) }
  if !CommandLine.arguments.contains("--history-only") {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("git-drift").path
    let kustomize = KustomizeCheckBenchmark()
    let kustomizeRepo = try kustomize.prepare(binary: binary)
    try keep(kustomizeRepo, as: "kustomize-check")
    for (name, seconds, peak) in try kustomize.run(kustomizeRepo, binary: binary) {
      print(
        row(
          "check of \(kustomize.overlays) Kustomize overlays against a snapshot, \(name)", seconds,
          name.hasPrefix("nothing kept") ? 30 : 0.5)
          + " peak \(String(format: "%.0f", peak)) MB |")
    }
  }
  if CommandLine.arguments.contains("--kustomize-only") { exit(0) }
  let setupStart = Date()
  let repo = try benchmark.prepare()
  let setup = Date().timeIntervalSince(setupStart)
  try keep(repo, as: "history")
  var transitions = 0
  var boundary: Int?
  let timeline = try measure { transitions = try benchmark.timeline(repo.path) }
  let bisect = try measure { boundary = try benchmark.bisect(repo.path) }
  if CommandLine.arguments.contains("--profile") {
    let sessionTime = try measure { _ = try benchmark.session(repo.path) }
    print("session setup alone: \(sessionTime) s")
    // Each step on a fresh repository handle, as one command invocation meets it (cold caches).
    let tip = try Repository(path: repo.path).resolveCommit("main")
    let headers = try measure { _ = try Repository(path: repo.path).firstParentHeaders(from: tip) }
    let walk = try measure {
      _ = try Repository(path: repo.path).walk(from: tip, firstParent: true)
    }
    let chain = try measure {
      _ = try SnapshotStore(repository: Repository(path: repo.path)).snapshots(of: "prod-k8s")
    }
    print("headers \(headers) s, revwalk \(walk) s, snapshot chain \(chain) s")
    let salt = Array(repeating: UInt8(1), count: 32)
    let desired = try measure {
      _ = try DesiredHistory(
        repository: Repository(path: repo.path), tip: tip, secrets: .init(key: salt)
      ).header(age: benchmark.commits)
    }
    let open = try measure { _ = try Repository(path: repo.path) }
    print("whole desired history \(desired) s, open \(open) s")
  }
  guard transitions == 2, boundary == benchmark.driftFrom else {
    print("wrong answer: \(transitions) transitions, boundary \(String(describing: boundary))")
    exit(1)
  }
  // What `git gc` and `git maintenance` keep up to date: the commit-graph.
  _ = try repo.git("commit-graph", "write", "--reachable")
  let timelineWithGraph = try measure { transitions = try benchmark.timeline(repo.path) }
  let bisectWithGraph = try measure { boundary = try benchmark.bisect(repo.path) }
  guard transitions == 2, boundary == benchmark.driftFrom else {
    print("wrong answer with a commit-graph")
    exit(1)
  }
  let shape = "\(benchmark.snapshots) snapshots x \(benchmark.commits) commits"
  print(row("timeline of one resource, \(shape)", timeline, 1.0) + " |")
  print(row("bisect of one resource, \(shape)", bisect, 0.1) + " |")
  print(row("timeline, same, with a commit-graph", timelineWithGraph, 1.0) + " |")
  print(row("bisect, same, with a commit-graph", bisectWithGraph, 0.1) + " |")
  print(
    "(history setup: \(String(format: "%.1f", setup)) s; \(benchmark.apps * 3) resources a snapshot)"
  )
  // Every export an observation (issue 19): each snapshot followed by nine unchanged ones.
  var observed = benchmark
  observed.unchangedEach = quick ? 4 : 9
  let observedStart = Date()
  let observedRepo = try observed.prepare()
  let observedSetup = Date().timeIntervalSince(observedStart)
  try keep(observedRepo, as: "observations")
  _ = try observedRepo.git("commit-graph", "write", "--reachable")
  let observedTimeline = try measure { transitions = try observed.timeline(observedRepo.path) }
  let observedBisect = try measure { boundary = try observed.bisect(observedRepo.path) }
  guard transitions == 2, boundary == observed.firstDriftedObservation else {
    print(
      "wrong answer over observations: \(transitions) transitions, boundary "
        + "\(String(describing: boundary)), expected \(observed.firstDriftedObservation)")
    exit(1)
  }
  let observedShape =
    "\(observed.observations) observations (\(observed.observations - observed.snapshots) "
    + "unchanged) x \(observed.commits) commits"
  // Observations are commits written loose; git's automatic gc packs them.
  _ = try observedRepo.git("gc", "--quiet")
  let packedTimeline = try measure { transitions = try observed.timeline(observedRepo.path) }
  let packedBisect = try measure { boundary = try observed.bisect(observedRepo.path) }
  let unindexedBisect = try measure {
    try observed.dropChainIndex(observedRepo.path)
    boundary = try observed.bisect(observedRepo.path)
  }
  guard transitions == 2, boundary == observed.firstDriftedObservation else {
    print("wrong answer over packed observations")
    exit(1)
  }
  print(row("timeline of one resource, \(observedShape)", observedTimeline, 1.0) + " |")
  print(row("bisect of one resource, \(observedShape)", observedBisect, 0.1) + " |")
  print(row("timeline, same, after git gc", packedTimeline, 1.0) + " |")
  print(row("bisect, same, after git gc", packedBisect, 0.1) + " |")
  print(
    row("bisect, same, first command (chain index written)", unindexedBisect, 0.2)
      + " reads every observation commit once |")
  print("(observations setup: \(String(format: "%.1f", observedSetup)) s)")
  let overlays = KustomizeHistoryBenchmark()
  let overlayRepo = try overlays.prepare()
  try keep(overlayRepo, as: "kustomize-history")
  var rendered = (transitions: 0, renders: 0)
  let overlayTimeline = try measure { rendered = try overlays.timeline(overlayRepo.path) }
  let distinct = overlays.commits / overlays.changeEvery
  guard rendered.renders == distinct, rendered.transitions == 2 else {
    print("wrong answer: \(rendered.renders) renders, \(rendered.transitions) transitions")
    exit(1)
  }
  print(
    row(
      "timeline of a kustomize overlay's resource, \(overlays.commits / overlays.snapshotEvery) "
        + "snapshots x \(overlays.commits) commits", overlayTimeline, 3.0)
      + " \(rendered.renders) renders (one per distinct input set) |")
  try terraformHistory()
  print("peak memory (whole run): \(String(format: "%.0f", peakMegabytes())) MB")
} catch {
  print("drift-bench: \(error)")
  exit(2)
}
