import DriftTestSupport
import Git
import Testing

@Suite struct ReferenceTests {
  @Test func readsReferencesLikeGit() throws {
    let scratch = try ScratchRepository.withHistory()
    try scratch.git("tag", "-a", "v1", "-m", "one", "HEAD~1")
    try scratch.git("update-ref", "refs/drift/snapshots/main", "HEAD~2")
    try scratch.git("update-ref", "refs/drift/last", "HEAD")
    let repository = try scratch.open()
    #expect(try repository.reference(named: "refs/heads/main") == scratch.id("main"))
    #expect(try repository.reference(named: "HEAD") == scratch.id("HEAD"))
    #expect(try repository.reference(named: "refs/heads/nope") == nil)
    #expect(try repository.resolveReference("main") == scratch.id("main"))
    #expect(try repository.resolveReference("v1") == scratch.id("refs/tags/v1"))  // the tag object
    #expect(try repository.resolveReference("nope") == nil)

    let listed = try repository.references(withPrefix: "refs/drift/")
    let expected = try scratch.git(
      "for-each-ref", "--format=%(refname) %(objectname)", "refs/drift/")
    #expect(listed.map { "\($0.name) \($0.id.hex)" }.joined(separator: "\n") == expected)
  }

  @Test func compareAndSwapMovesAReference() throws {
    let scratch = try ScratchRepository.withHistory()
    let repository = try scratch.open()
    let (first, second) = (try scratch.id("HEAD~2"), try scratch.id("HEAD~1"))
    let name = "refs/drift/snapshots/main"
    try repository.updateReference(named: name, to: first, expecting: nil, message: "create")
    try repository.updateReference(named: name, to: second, expecting: first, message: "move")
    #expect(try scratch.git("rev-parse", name) == second.hex)
  }

  @Test func compareAndSwapFailsOnAStaleValue() throws {
    let scratch = try ScratchRepository.withHistory()
    let repository = try scratch.open()
    let (first, second, third) = (
      try scratch.id("HEAD~2"), try scratch.id("HEAD~1"), try scratch.id("HEAD")
    )
    let name = "refs/drift/last"
    try repository.updateReference(named: name, to: second, expecting: nil, message: "create")
    let stale = try gitError {
      try repository.updateReference(named: name, to: third, expecting: first, message: "stale")
    }
    #expect(stale.code == .modified)
    #expect(stale.function == "git_reference_create_matching")
    #expect(stale.message.contains("expected it at \(first.short) but it is at \(second.short)"))
    #expect(try scratch.git("rev-parse", name) == second.hex)

    let absent = try gitError {
      try repository.updateReference(
        named: "refs/drift/none", to: third, expecting: first, message: "")
    }
    #expect(absent.code == .modified)
    #expect(absent.message.contains("it does not exist"))
    #expect(try repository.reference(named: "refs/drift/none") == nil)
  }

  @Test func creatingWithoutExpectationRefusesToOverwrite() throws {
    let scratch = try ScratchRepository.withHistory()
    let repository = try scratch.open()
    let error = try gitError {
      try repository.updateReference(
        named: "refs/heads/main", to: try scratch.id("HEAD~1"), expecting: nil, message: "")
    }
    #expect(error.code == .exists)
    #expect(error.message.contains("cannot create 'refs/heads/main'"))
    #expect(try repository.reference(named: "refs/heads/main") == scratch.id("HEAD"))
  }

  @Test func createBranchNeverOverwritesWithoutForce() throws {
    let scratch = try ScratchRepository.withHistory()
    let repository = try scratch.open()
    let (old, new) = (try scratch.id("HEAD~2"), try scratch.id("HEAD~1"))
    #expect(try repository.createBranch(named: "drift/fix", at: old) == "refs/heads/drift/fix")
    let error = try gitError { try repository.createBranch(named: "drift/fix", at: new) }
    #expect(error.code == .exists)
    #expect(error.message.contains("'drift/fix'"))
    #expect(try scratch.git("rev-parse", "drift/fix") == old.hex)
    try repository.createBranch(named: "drift/fix", at: new, force: true)
    #expect(try scratch.git("rev-parse", "drift/fix") == new.hex)
  }

  @Test func deletesAReference() throws {
    let scratch = try ScratchRepository.withHistory()
    try scratch.git("update-ref", "refs/drift/old", "HEAD")
    let repository = try scratch.open()
    try repository.deleteReference(named: "refs/drift/old")
    #expect(try scratch.git("for-each-ref", "refs/drift/") == "")
    let error = try gitError { try repository.deleteReference(named: "refs/drift/old") }
    #expect(error.code == .notFound)
  }
}
