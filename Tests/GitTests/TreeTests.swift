import DriftTestSupport
import Git
import Testing

@Suite struct TreeTests {
  /// `git ls-tree -r` as (mode, id, path) lines.
  private func lsTree(_ scratch: ScratchRepository, _ revision: String) throws -> [String] {
    try scratch.git("ls-tree", "-r", revision).split(separator: "\n").map(String.init)
  }

  private func line(_ entry: TreeEntry) -> String {
    let mode = String(entry.kind.mode, radix: 8)
    let type = entry.kind == .submodule ? "commit" : "blob"
    return "\(mode.count < 6 ? "0" + mode : mode) \(type) \(entry.id.hex)\t\(entry.path)"
  }

  @Test func listsFilesOfAnOlderCommitInGitOrder() throws {
    let scratch = try ScratchRepository.withHistory()
    try scratch.write("a-b/c.txt", "dash sorts before slash\n")
    try scratch.write("a/z.txt", "z\n")
    try scratch.write("a.txt", "dot\n")
    try scratch.write("tool.sh", "#!/bin/sh\n")
    try Shell.check(["chmod", "+x", scratch.path + "/tool.sh"])
    try Shell.check(["ln", "-s", "deploy/a.yaml", scratch.path + "/link"])
    try scratch.commit("more files", date: "2026-01-04T10:00:00Z")
    let repository = try scratch.open()
    for revision in ["HEAD", "HEAD~1", "HEAD~2", "HEAD~3"] {
      let files = try repository.files(inCommit: try scratch.id(revision))
      #expect(files.map(line) == (try lsTree(scratch, revision)), "at \(revision)")
    }
    let files = try repository.files(inCommit: try scratch.id("HEAD"))
    #expect(files.first { $0.path == "tool.sh" }?.kind == .executable)
    #expect(files.first { $0.path == "link" }?.kind == .symlink)
    #expect(files.first { $0.path == "deploy/app/b.yaml" }?.kind == .blob)
  }

  @Test func listsTheEntriesDirectlyInATreeAsLsTreeDoes() throws {
    let scratch = try ScratchRepository.withHistory()
    try scratch.write("a-b/c.txt", "dash sorts before slash\n")
    try scratch.write("a.txt", "dot\n")
    try scratch.commit("more files", date: "2026-01-04T10:00:00Z")
    let repository = try scratch.open()
    for revision in ["HEAD", "HEAD:deploy"] {
      let entries = try repository.entries(inTree: try scratch.id(revision))
      let listed = try scratch.git("ls-tree", revision).split(separator: "\n").map(String.init)
      #expect(
        entries.map { entry in
          let mode = String(entry.kind.mode, radix: 8)
          let type = entry.kind == .tree ? "tree" : "blob"
          return "\(mode.count < 6 ? "0" + mode : mode) \(type) \(entry.id.hex)\t\(entry.path)"
        } == listed, "at \(revision)")
    }
    let top = try repository.entries(inTree: try scratch.id("HEAD"))
    #expect(top.first { $0.path == "deploy" }?.kind == .tree)
    #expect(!top.contains { $0.path.contains("/") })
  }

  @Test func findsAnEntryByPath() throws {
    let scratch = try ScratchRepository.withHistory()
    let repository = try scratch.open()
    let head = try scratch.id("HEAD")
    let entry = try #require(try repository.entry(atPath: "deploy/app/b.yaml", inCommit: head))
    #expect(entry.path == "deploy/app/b.yaml")
    #expect(entry.id == (try scratch.id("HEAD:deploy/app/b.yaml")))
    #expect(entry.kind == .blob)
    #expect(try repository.entry(atPath: "deploy/app", inCommit: head)?.kind == .tree)
    #expect(try repository.entry(atPath: "README.md", inCommit: head) == nil)
    #expect(try repository.entry(atPath: "README.md", inCommit: scratch.id("HEAD~1")) != nil)
    #expect(try repository.entry(atPath: "deploy/nothing/here", inCommit: head) == nil)
  }

  @Test func listsSubmodulesAsCommits() throws {
    let scratch = try ScratchRepository.withHistory()
    let target = try scratch.git("rev-parse", "HEAD~1")
    try scratch.git("update-index", "--add", "--cacheinfo", "160000,\(target),vendor/lib")
    try scratch.git("commit", "--quiet", "-m", "submodule")
    let files = try scratch.open().files(inCommit: try scratch.id("HEAD"))
    #expect(files.map(line) == (try lsTree(scratch, "HEAD")))
    #expect(files.first { $0.path == "vendor/lib" }?.kind == .submodule)
  }
}
