import DriftTestSupport
import Git
import Testing

@Suite struct RevisionWalkTests {
  /// main: c1 - c2 - M - c5, where M merges a side branch with s1 - s2 forked at c1.
  private func mergedHistory() throws -> ScratchRepository {
    let scratch = try ScratchRepository()
    try scratch.write("a.yaml", "1\n")
    try scratch.commit("c1", date: "2026-01-01T10:00:00Z")
    try scratch.git("checkout", "-q", "-b", "side")
    try scratch.write("side.yaml", "1\n")
    try scratch.commit("s1", date: "2026-01-02T10:00:00Z")
    try scratch.write("side.yaml", "2\n")
    try scratch.commit("s2", date: "2026-01-04T10:00:00Z")
    try scratch.git("checkout", "-q", "main")
    try scratch.write("a.yaml", "2\n")
    try scratch.commit("c2", date: "2026-01-03T10:00:00Z")
    try scratch.git(
      "merge", "--no-ff", "-q", "-m", "merge side", "side",
      env: [
        "GIT_AUTHOR_DATE": "2026-01-05T10:00:00Z", "GIT_COMMITTER_DATE": "2026-01-05T10:00:00Z",
      ])
    try scratch.write("a.yaml", "3\n")
    try scratch.commit("c5", date: "2026-01-06T10:00:00Z")
    return scratch
  }

  private func revList(_ scratch: ScratchRepository, _ arguments: String...) throws -> [ObjectID] {
    try scratch.git(arguments: ["rev-list"] + arguments).split(separator: "\n")
      .compactMap { ObjectID(hex: String($0)) }
  }

  @Test func firstParentWalkSkipsTheMergedBranch() throws {
    let scratch = try mergedHistory()
    let repository = try scratch.open()
    let head = try scratch.id("HEAD")
    let expected = try revList(scratch, "--first-parent", "HEAD")
    #expect(expected.count == 4)
    #expect(try repository.walk(from: head, firstParent: true) == expected)
    let history = try repository.firstParentHistory(from: head)
    #expect(history.map(\.id) == expected)
    #expect(history.map(\.summary) == ["c5", "merge side", "c2", "c1"])
    #expect(history[1].parents.count == 2)
    #expect(
      try repository.firstParentHistory(from: head, limit: 2).map(\.summary) == [
        "c5", "merge side",
      ])
  }

  @Test func fullWalkReachesEveryCommitNewestFirst() throws {
    let scratch = try mergedHistory()
    let repository = try scratch.open()
    let ids = try repository.walk(from: try scratch.id("HEAD"))
    #expect(Set(ids) == Set(try revList(scratch, "HEAD")))
    #expect(ids.count == 6)
    #expect(ids.first == (try scratch.id("HEAD")))
    #expect(ids.last == (try scratch.id("HEAD~1~2")))
    #expect(try repository.walk(from: try scratch.id("HEAD"), limit: 3).count == 3)
  }

  @Test func shallowCloneIsDetectedAndItsBoundaryIsAnError() throws {
    let source = try mergedHistory()
    let clone = try ScratchRepository.clone(of: source, depth: 1)
    let repository = try clone.open()
    let head = try clone.id("HEAD")
    #expect(repository.isShallow)
    #expect(repository.shallowRoots == [head])

    let walkError = try gitError { try repository.walk(from: head) }
    #expect(walkError.code == .shallowBoundary)
    #expect(walkError.message.contains("shallow clone"))
    #expect(walkError.message.contains("git fetch --unshallow"))

    let historyError = try gitError { try repository.firstParentHistory(from: head) }
    #expect(historyError.code == .shallowBoundary)
    #expect(historyError.message.contains(head.short))

    let truncated = try repository.firstParentHistory(from: head, stopAtShallowBoundary: true)
    #expect(truncated.map(\.id) == [head])
  }
}

@Suite struct FirstParentWalkTests {
  @Test("a walk yields the first-parent headers one at a time, newest first, then nil")
  func yieldsHeadersInOrder() throws {
    let scratch = try ScratchRepository()
    for index in 0..<4 {
      try scratch.write("file", "\(index)\n")
      _ = try scratch.commit("commit \(index)")
    }
    let repository = try scratch.open()
    let head = try scratch.id("HEAD")
    var walk = FirstParentWalk(repository: repository, from: head)
    var ids: [ObjectID] = []
    while let header = try walk.next() { ids.append(header.id) }
    #expect(ids == (try repository.firstParentHeaders(from: head)).map(\.id))
    #expect(
      ids == [
        try scratch.id("HEAD"), try scratch.id("HEAD~1"), try scratch.id("HEAD~2"),
        try scratch.id("HEAD~3"),
      ])
    #expect(try walk.next() == nil)
  }
}
