import DriftTestSupport
import Foundation

/// `drift-bench --fuzz N [--seed N] [--from I] [--corpus DIR]`: issue 24, acceptance 1, at
/// its size (20,000 inputs), on the `git-drift` built beside the benchmark (or `GIT_DRIFT_BIN`).
///
/// Seeds come from the repository and, when it exists, the outside corpus (`--corpus`, by
/// default `/work/shared/corpus`), read in place. Prints progress every 1,000 inputs, a summary
/// and every problem with the seed and index that make its input again; exits 1 when there is
/// one.
enum FuzzBenchmark {
  static func run(arguments: [String]) throws -> Bool {
    func value(_ name: String) -> String? {
      guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else {
        return nil
      }
      return arguments[index + 1]
    }
    let count = value("--fuzz").flatMap { Int($0) } ?? 20_000
    let from = value("--from").flatMap { Int($0) } ?? 0
    let seed = value("--seed").flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64.max)
    let corpusPath = value("--corpus") ?? "/work/shared/corpus"
    let corpus =
      FileManager.default.fileExists(atPath: corpusPath)
      ? URL(fileURLWithPath: corpusPath) : nil
    let seeds = FuzzSeeds(corpus: corpus)
    let seedCount = seeds.byKind.values.map(\.count).reduce(0, +)
    print("fuzz: seed \(seed), inputs \(from)..<\(from + count), \(seedCount) seed files")
    let start = Date()
    let report = try Fuzzer(seed: seed, seeds: seeds).run(count: count, from: from) {
      index, report in
      guard (index + 1 - from) % 1_000 == 0 else { return }
      let seconds = String(format: "%.0f", Date().timeIntervalSince(start))
      print("  \(index + 1 - from) inputs, \(report.problems.count) problems, \(seconds) s")
      fflush(nil)
    }
    let seconds = Date().timeIntervalSince(start)
    let statuses = report.statuses.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
    print(
      "| fuzz | \(report.inputs) inputs, \(report.runs) runs (exit \(statuses.joined(separator: ", "))) "
        + "| \(String(format: "%.0f", seconds)) s, slowest \(String(format: "%.1f", report.slowest)) s, "
        + "peak \(report.peakBytes >> 20) MB | \(report.problems.isEmpty ? "ok" : "\(report.problems.count) PROBLEMS") |"
    )
    let kinds = report.perKind.sorted { $0.key.rawValue < $1.key.rawValue }
    print("  per kind: " + kinds.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))
    print("  slowest: \(report.slowestInput)")
    for excluded in report.excluded { print("  excluded (known, issue 24 regex): " + excluded) }
    for problem in report.problems { print("  " + problem) }
    return report.problems.isEmpty
  }
}
