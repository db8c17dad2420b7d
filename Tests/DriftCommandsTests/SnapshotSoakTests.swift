import DriftTestSupport
import Foundation
import Testing

/// Issue 24, acceptance 2, at a size for `swift test`; `swift run -c release drift-bench
/// --soak` runs the size (see README, "Soak").
@Suite("concurrent and killed recorders leave a whole snapshot chain", .serialized)
struct SnapshotSoakTests {
  /// The seed of the kill moments: set `GIT_DRIFT_SOAK_SEED` to repeat a failing run.
  static let seed =
    ProcessInfo.processInfo.environment["GIT_DRIFT_SOAK_SEED"].flatMap { UInt64($0) }
    ?? UInt64.random(in: 1...UInt64.max)

  @Test("16 recorders at once lose no observation")
  func concurrentRecordersLoseNothing() throws {
    let report = try SnapshotSoak(seed: Self.seed).concurrentRecorders(recorders: 16, rounds: 3)
    #expect(report.problems.isEmpty, "\(report.problems)")
    #expect(report.attempts == 48)
  }

  @Test("a record killed at any moment leaves a readable ref, fsck clean, HEAD alone")
  func killedRecordsLeaveAWholeChain() throws {
    // 900 resources take long enough in a debug build (about half a second) to be killed
    // part of the way.
    let report = try SnapshotSoak(seed: Self.seed).killedRecords(apps: 300, kills: 6)
    #expect(report.problems.isEmpty, "seed \(Self.seed): \(report.problems)")
    #expect(report.attempts == 6)
  }

  @Test("an accept killed at any moment leaves no half branch and nothing checked out")
  func killedAcceptsLeaveNoHalfBranch() throws {
    let report = try SnapshotSoak(seed: Self.seed).killedAccepts(apps: 30, kills: 6)
    #expect(report.problems.isEmpty, "seed \(Self.seed): \(report.problems)")
  }
}
