import DriftTestSupport
import Foundation
import Git
import Testing

@Suite struct ConcurrencyTests {
  /// Appends one commit to `name` with compare-and-swap, re-reading and retrying when raced.
  private static func append(_ label: String, to name: String, in path: String) throws -> Int {
    let repository = try Repository(path: path)
    let signature = Signature(name: "Task", email: "task@example.com")
    for attempt in 1...1_000 {
      let current = try repository.reference(named: name)
      let blob = try repository.writeBlob(Array(label.utf8))
      let tree = try repository.writeTree(
        base: current, updates: [.upsert(path: label, blob: blob)])
      let commit = try repository.createCommit(
        tree: tree, parents: current.map { [$0] } ?? [], author: signature, committer: signature,
        message: label)
      do {
        try repository.updateReference(named: name, to: commit, expecting: current, message: label)
        return attempt
      } catch {
        // Another task moved the reference (or holds its lock) since it was read: retry.
        guard [.modified, .exists, .locked].contains(error.code) else { throw error }
      }
    }
    throw GitError(code: .modified, function: "test", message: "\(label) never landed")
  }

  @Test func parallelCompareAndSwapUpdatesAllLand() async throws {
    let scratch = try ScratchRepository.withHistory()
    let path = scratch.path
    let name = "refs/drift/log"
    let perTask = 5
    let labels = (0..<4).flatMap { task in (0..<perTask).map { "task\(task)-\($0)" } }
    try await withThrowingTaskGroup(of: Void.self) { group in
      for task in 0..<4 {
        group.addTask {
          for index in 0..<perTask {
            _ = try Self.append("task\(task)-\(index)", to: name, in: path)
          }
        }
      }
      try await group.waitForAll()
    }
    let repository = try scratch.open()
    let head = try #require(try repository.reference(named: name))
    let history = try repository.firstParentHistory(from: head)
    #expect(history.count == labels.count)
    #expect(Set(history.map(\.summary)) == Set(labels))
    #expect(try repository.files(inCommit: head).count == labels.count)
    try scratch.fsck()
  }
}
