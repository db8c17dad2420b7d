import DriftTestSupport
import Foundation
import Git
import Testing

@Suite struct WritingTests {
  private let author = Signature(
    name: "Drift Bot", email: "drift@example.com",
    time: Date(timeIntervalSince1970: 1_767_268_800), offsetMinutes: 60)

  @Test func writesACommitWithoutTouchingWorktreeIndexOrHead() throws {
    let scratch = try ScratchRepository.withHistory()
    try scratch.write("deploy/a.yaml", "replicas: 9\n")  // an unstaged change to keep
    let statusBefore = try scratch.git("status", "--porcelain")
    let headBefore = try scratch.git("rev-parse", "HEAD")
    let repository = try scratch.open()

    let head = try scratch.id("HEAD")
    let blob = try repository.writeBlob(Array("kind: ConfigMap\n".utf8))
    let tool = try repository.writeBlob(Array("#!/bin/sh\n".utf8))
    let tree = try repository.writeTree(
      base: head,
      updates: [
        .upsert(path: "deploy/new/c.yaml", blob: blob),
        .upsert(path: "bin/tool", blob: tool, executable: true),
        .remove(path: "deploy/app/b.yaml"),
      ])
    let commit = try repository.createCommit(
      tree: tree, parents: [head], author: author, committer: author, message: "drift: patch")

    let stat = try scratch.git(
      "show", "--stat", "--format=%an <%ae> %ad%n%s", "--date=iso", commit.hex)
    #expect(stat.contains("Drift Bot <drift@example.com> 2026-01-01 13:00:00 +0100\ndrift: patch"))
    #expect(stat.contains("bin/tool"))
    #expect(stat.contains("deploy/new/c.yaml"))
    #expect(stat.contains("deploy/app/b.yaml"))
    #expect(stat.contains("3 files changed, 2 insertions(+), 1 deletion(-)"))
    #expect(
      try scratch.git("ls-tree", "-r", "--name-only", commit.hex)
        == "bin/tool\ndeploy/a.yaml\ndeploy/new/c.yaml")
    #expect(try scratch.git("rev-parse", "\(commit.hex)^") == head.hex)
    #expect(try scratch.git("cat-file", "-p", commit.hex).hasSuffix("\n\ndrift: patch"))
    try scratch.fsck()

    #expect(try scratch.git("status", "--porcelain") == statusBefore)
    #expect(try scratch.git("rev-parse", "HEAD") == headBefore)
  }

  @Test func buildsAWholeTreeFromScratch() throws {
    let scratch = try ScratchRepository()
    let repository = try scratch.open()
    let one = try repository.writeBlob(Array("1\n".utf8))
    let two = try repository.writeBlob(Array("2\n".utf8))
    let tree = try repository.writeTree(entries: [
      (path: "z.yaml", blob: one), (path: "deploy/app/b.yaml", blob: two),
      (path: "deploy/a.yaml", blob: one), (path: "deploy-x", blob: two),
    ])
    let listing = try scratch.git("ls-tree", "-r", tree.hex)
    #expect(
      listing == """
        100644 blob \(two.hex)\tdeploy-x
        100644 blob \(one.hex)\tdeploy/a.yaml
        100644 blob \(two.hex)\tdeploy/app/b.yaml
        100644 blob \(one.hex)\tz.yaml
        """)
    let root = try repository.createCommit(
      tree: tree, parents: [], author: author, committer: author, message: "root\n")
    try repository.updateReference(named: "refs/heads/built", to: root, expecting: nil, message: "")
    #expect(
      try repository.files(inCommit: root).map(\.path) == [
        "deploy-x", "deploy/a.yaml", "deploy/app/b.yaml", "z.yaml",
      ])
    try scratch.fsck()
  }

  @Test func rejectsBadTrees() throws {
    let scratch = try ScratchRepository()
    let repository = try scratch.open()
    let blob = try repository.writeBlob([1])
    // Files in the folder of the file before them go straight there: those must be checked too.
    for paths in [
      ["a", "a"], ["a", "a/b"], ["a/../b"], ["/a"], ["a//b"], ["x", "/a"], ["a/b", "a/c", "a"],
      ["a/x", "a/b/c", "a/b"], ["a/b", "a/b"], ["a/b", "a/"], ["a/b", "a/.."],
    ] {
      let error = try gitError {
        try repository.writeTree(entries: paths.map { (path: $0, blob: blob) })
      }
      #expect(error.code == .invalid, "\(paths)")
    }
  }

  @Test func oneUpdatePerPath() throws {
    let scratch = try ScratchRepository.withHistory()
    let repository = try scratch.open()
    let blob = try repository.writeBlob([1])
    let error = try gitError {
      try repository.writeTree(
        base: try scratch.id("HEAD"),
        updates: [.remove(path: "deploy/a.yaml"), .upsert(path: "deploy/a.yaml", blob: blob)])
    }
    #expect(error.code == .invalid)
    #expect(error.message.contains("'deploy/a.yaml' appears more than once"))
  }

  @Test func updatesStartFromAnEmptyTreeWithoutBase() throws {
    let scratch = try ScratchRepository()
    let repository = try scratch.open()
    let blob = try repository.writeBlob(Array("x\n".utf8))
    let tree = try repository.writeTree(base: nil, updates: [.upsert(path: "a/b/c", blob: blob)])
    #expect(try scratch.git("ls-tree", "-r", "--name-only", tree.hex) == "a/b/c")
    let emptied = try repository.writeTree(base: tree, updates: [.remove(path: "a/b/c")])
    #expect(emptied.hex == (try scratch.git("hash-object", "-t", "tree", "/dev/null")))
  }
}
