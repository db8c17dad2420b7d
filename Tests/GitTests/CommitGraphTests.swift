import DriftTestSupport
import Foundation
import Git
import Testing

@Suite struct CommitGraphTests {
  /// A history with a merge, so first parents matter, and commits newer than the graph.
  static func history() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    for day in 1...5 {
      try repo.write("a.txt", "\(day)\n")
      try repo.commit("day \(day)", date: "2026-01-0\(day)T10:00:00Z")
    }
    _ = try repo.git("checkout", "-q", "-b", "side", "HEAD~2")
    try repo.write("b.txt", "side\n")
    try repo.commit("side", date: "2026-01-06T10:00:00Z")
    _ = try repo.git("checkout", "-q", "main")
    _ = try repo.git(
      "-c", "user.name=x", "-c", "user.email=x@example.com", "merge", "-q", "--no-ff",
      "-m", "merge side", "side", env: ["GIT_COMMITTER_DATE": "2026-01-07T10:00:00Z"])
    return repo
  }

  @Test(arguments: [["--reachable"], ["--reachable", "--split"]])
  func headersFromTheGraphEqualHeadersFromTheObjects(options: [String]) throws {
    let repo = try Self.history()
    let repository = try repo.open()
    let tip = try repo.id("HEAD")
    let fromObjects = try repository.firstParentHeaders(from: tip)
    _ = try repo.git(arguments: ["commit-graph", "write"] + options)
    try repo.write("a.txt", "after the graph\n")
    try repo.commit("after the graph", date: "2026-01-08T10:00:00Z")
    let newTip = try repo.id("HEAD")
    let fromGraph = try Repository(path: repo.path).firstParentHeaders(from: newTip)
    #expect(fromGraph.count == fromObjects.count + 1)
    #expect(Array(fromGraph.dropFirst()) == fromObjects)
    #expect(fromGraph.first?.firstParent == tip)
    #expect(
      fromObjects.map { $0.time.timeIntervalSince1970 }.first
        == ISO8601DateFormatter().date(from: "2026-01-07T10:00:00Z")?.timeIntervalSince1970)
    try repo.fsck()
  }

  @Test func aDamagedGraphIsNotUsed() throws {
    let repo = try Self.history()
    let tip = try repo.id("HEAD")
    let expected = try repo.open().firstParentHeaders(from: tip)
    _ = try repo.git("commit-graph", "write", "--reachable")
    let path = repo.path + "/.git/objects/info/commit-graph"
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    bytes[4] = 9  // an unknown version
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    #expect(try Repository(path: repo.path).firstParentHeaders(from: tip) == expected)
  }

  @Test func theGraphIsReadInsteadOfTheCommitObjects() throws {
    let repo = try Self.history()
    let tip = try repo.id("HEAD")
    let expected = try repo.open().firstParentHeaders(from: tip)
    _ = try repo.git("commit-graph", "write", "--reachable")
    // Without its object, a middle commit can be read only from the graph.
    let middle = try repo.git("rev-parse", "HEAD~2")
    let object = "\(repo.path)/.git/objects/\(middle.prefix(2))/\(middle.dropFirst(2))"
    try FileManager.default.removeItem(atPath: object)
    #expect(try Repository(path: repo.path).firstParentHeaders(from: tip) == expected)
  }
}
