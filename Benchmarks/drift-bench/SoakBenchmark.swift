import DriftTestSupport
import Foundation

/// `drift-bench --soak [--apps N] [--kills N] [--seed N]`: issue 24, acceptance 2, at its
/// size, on the `git-drift` built beside the benchmark (or `GIT_DRIFT_BIN`).
///
/// 16 recorders × 20 rounds, then `--kills` (50) SIGKILLs at random moments of a record of
/// `--apps` × 3 resources (10,000 apps: 30,000) and of `accept` on the same workload. Prints
/// one line per part and every problem; exits 1 when there is one.
enum SoakBenchmark {
  static func run(arguments: [String]) throws -> Bool {
    func number(_ name: String, _ fallback: Int) -> Int {
      guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else {
        return fallback
      }
      return Int(arguments[index + 1]) ?? fallback
    }
    let apps = number("--apps", 10_000)
    let kills = number("--kills", 50)
    let seed = UInt64(number("--seed", Int.random(in: 1...Int.max)))
    let soak = SnapshotSoak(seed: seed)
    print("soak: seed \(seed), \(apps * 3) resources, \(kills) kills")
    var problems: [String] = []
    let parts: [(String, () throws -> SnapshotSoak.Report)] = [
      (
        "16 concurrent recorders x 20 rounds",
        {
          try soak.concurrentRecorders(recorders: 16, rounds: 20)
        }
      ),
      (
        "kills of snapshot record, \(apps * 3) resources",
        {
          try soak.killedRecords(apps: apps, kills: kills)
        }
      ),
      (
        "kills of accept, \(apps * 3) resources",
        {
          try soak.killedAccepts(apps: apps, kills: kills)
        }
      ),
    ]
    for (name, part) in parts {
      let start = Date()
      let report = try part()
      let seconds = String(format: "%.0f", Date().timeIntervalSince(start))
      let verdict = report.problems.isEmpty ? "ok" : "\(report.problems.count) PROBLEMS"
      print(
        "| \(name) | \(report.attempts) runs, \(report.killedInFlight) killed in flight "
          + "| \(seconds) s | \(verdict) |")
      problems += report.problems
    }
    for problem in problems { print("  " + problem) }
    return problems.isEmpty
  }
}
