import DriftTestSupport
import Foundation
import Testing

/// Issue 24, acceptance 1, at a size for `swift test`: mutated inputs of every kind through the
/// built `git-drift`; `drift-bench --fuzz 20000` runs the issue's size (see README, "Fuzz").
@Suite("fuzz: hostile inputs end in 0, 1 or one line of error", .serialized)
struct FuzzTests {
  /// The run's seed: fixed, so that `swift test` is repeatable; `GIT_DRIFT_FUZZ_SEED` sets
  /// another, and `GIT_DRIFT_FUZZ_ONLY=i` runs only input `i` of it.
  static let seed =
    ProcessInfo.processInfo.environment["GIT_DRIFT_FUZZ_SEED"].flatMap { UInt64($0) } ?? 24

  /// Inputs of the small size: 25 of each kind (about 35 s of a debug build on 2 cores).
  static let count =
    ProcessInfo.processInfo.environment["GIT_DRIFT_FUZZ_COUNT"].flatMap { Int($0) }
    ?? FuzzKind.allCases.count * 25

  @Test("every mutated input: no signal, no runtime error, no hang, bounded memory, one line")
  func mutatedInputsKeepTheContract() throws {
    let only = ProcessInfo.processInfo.environment["GIT_DRIFT_FUZZ_ONLY"].flatMap { Int($0) }
    let fuzzer = Fuzzer(seed: Self.seed)
    let report = try fuzzer.run(count: only == nil ? Self.count : 1, from: only ?? 0)
    #expect(report.problems.isEmpty, "\(report.problems.joined(separator: "\n"))")
    #expect(report.perKind.count == (only == nil ? FuzzKind.allCases.count : 1))
    // Valid and invalid inputs both: the mutations reach past the readers and stop at them.
    if only == nil {
      #expect(
        report.statuses[2, default: 0] > 0
          && report.statuses[0, default: 0]
            + report.statuses[1, default: 0] > 0,
        "\(report.statuses)")
    }
  }

  @Test("inputs follow the seed alone")
  func inputsAreRepeatable() {
    let first = Fuzzer(seed: 7)
    let second = Fuzzer(seed: 7)
    for index in [0, 5, 17, 123] {
      #expect(first.input(index).bytes == second.input(index).bytes)
      #expect(first.input(index).mutations == second.input(index).mutations)
    }
    #expect(Fuzzer(seed: 8).input(3).bytes != first.input(3).bytes)
  }

  @Test("every kind has seeds to start from")
  func everyKindHasSeeds() {
    let seeds = FuzzSeeds()
    for kind in FuzzKind.allCases { #expect(!(seeds.byKind[kind] ?? []).isEmpty, "\(kind)") }
  }
}
