import DriftTestSupport
import Foundation
import Git
import Testing

@Suite struct RevisionTests {
  @Test func resolvesRevisionsLikeGit() throws {
    let scratch = try ScratchRepository.withHistory()
    try scratch.commit("fourth", date: "2026-01-04T10:00:00Z")
    try scratch.git("tag", "-a", "v1", "-m", "release one", "HEAD~1")
    try scratch.git("tag", "light", "HEAD~2")
    try scratch.git("branch", "feature", "HEAD~3")
    let repository = try scratch.open()
    for revision in ["HEAD", "HEAD~3", "main", "feature", "v1", "light", "refs/tags/v1"] {
      #expect(try repository.resolveCommit(revision) == scratch.id(revision + "^{commit}"))
    }
    let head = try scratch.git("rev-parse", "HEAD")
    #expect(try repository.resolveCommit(String(head.prefix(8))) == scratch.id("HEAD"))
    #expect(try repository.resolveCommit(head) == scratch.id("HEAD"))
  }

  @Test func unknownRevisionIsNotFoundAndNamed() throws {
    let scratch = try ScratchRepository.withHistory()
    let repository = try scratch.open()
    let error = try gitError { try repository.resolveCommit("nope") }
    #expect(error.code == .notFound)
    #expect(error.function == "git_revparse_single")
    #expect(error.message.contains("'nope'"))
    #expect(error.description == "git_revparse_single: revspec 'nope' not found")
  }

  @Test func revisionOfATreeIsNotACommit() throws {
    let scratch = try ScratchRepository.withHistory()
    let repository = try scratch.open()
    let error = try gitError { try repository.resolveCommit("HEAD^{tree}") }
    #expect(error.function == "git_object_peel", "\(error)")
    #expect(error.message.contains("'HEAD^{tree}'"))
  }

  @Test func emptyRepositoryHasNoHead() throws {
    let scratch = try ScratchRepository()
    let repository = try scratch.open()
    let error = try gitError { try repository.resolveCommit("HEAD") }
    #expect(error.code == .notFound || error.code == .unbornBranch)
  }

  @Test func commitIsCopiedOut() throws {
    let scratch = try ScratchRepository.withHistory()
    let id = try scratch.id("HEAD")
    let commit = try scratch.open().commit(id)
    #expect(commit.id == id)
    #expect(commit.tree == (try scratch.id("HEAD^{tree}")))
    #expect(commit.parents == [try scratch.id("HEAD~1")])
    #expect(commit.summary == "third")
    #expect(commit.message == "third\n\nwith a body\n")
    #expect(commit.author.name == ScratchRepository.authorName)
    #expect(commit.committer.email == ScratchRepository.authorEmail)
    #expect(commit.author.time.timeIntervalSince1970 == 1_767_434_400)
    #expect(commit.author.offsetMinutes == 0)
  }

  @Test func commitsKeepTheirTimeZone() throws {
    let scratch = try ScratchRepository()
    try scratch.commit("zoned", date: "2026-03-01T12:00:00+02:00")
    let commit = try scratch.open().commit(try scratch.id("HEAD"))
    #expect(commit.author.offsetMinutes == 120)
    #expect(commit.parents.isEmpty)
    let seconds = try scratch.git("log", "-1", "--format=%at")
    #expect(Int(commit.author.time.timeIntervalSince1970) == Int(seconds))
  }
}
