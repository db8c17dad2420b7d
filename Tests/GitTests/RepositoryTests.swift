import DriftTestSupport
import Foundation
import Git
import Testing

@Suite struct RepositoryTests {
  @Test func discoversFromASubfolder() throws {
    let scratch = try ScratchRepository.withHistory()
    let repository = try Repository.discover(from: scratch.path + "/deploy/app")
    #expect(repository.gitDirectory == (try scratch.git("rev-parse", "--absolute-git-dir")))
    #expect(repository.workingDirectory == (try scratch.git("rev-parse", "--show-toplevel")))
    #expect(!repository.isBare)
    #expect(!repository.isShallow)
    #expect(repository.shallowRoots.isEmpty)
  }

  @Test func openDoesNotWalkUp() throws {
    let scratch = try ScratchRepository.withHistory()
    let error = try gitError { try Repository(path: scratch.path + "/deploy") }
    #expect(error.code == .notFound)
    #expect(error.function == "git_repository_open")
  }

  @Test func discoverOutsideAnyRepositoryIsNotFound() throws {
    let scratch = try ScratchRepository()
    let outside = scratch.root + "/home"
    let error = try gitError { try Repository.discover(from: outside) }
    #expect(error.code == .notFound)
    #expect(error.description.hasPrefix("git_repository_discover: "))
  }

  @Test func bareRepository() throws {
    let scratch = try ScratchRepository(bare: true)
    let repository = try scratch.open()
    #expect(repository.isBare)
    #expect(repository.workingDirectory == nil)
    #expect(repository.gitDirectory == scratch.path)
  }

  @Test(.enabled(if: getuid() == 0, "needs root to hand the repository to another user"))
  func repositoryOwnedByAnotherUserSaysSo() throws {
    let scratch = try ScratchRepository.withHistory()
    try Shell.check(["chown", "-R", "nobody", scratch.path])
    defer { _ = try? Shell.run(["chown", "-R", "root", scratch.path]) }
    let error = try gitError { try Repository.discover(from: scratch.path) }
    #expect(error.code == .owner)
    #expect(error.message.contains("safe.directory '\(scratch.path)'"))
    #expect(error.message.contains("owned by another user"))
    #expect(error.message.contains("safe.directory"))
  }

  @Test func readsConfiguration() throws {
    let scratch = try ScratchRepository.withHistory()
    try scratch.git("config", "drift.prePush", "true")
    try scratch.git("config", "drift.format", "json")
    let repository = try scratch.open()
    #expect(try repository.configBool("drift.prePush") == true)
    #expect(try repository.configString("drift.format") == "json")
    #expect(try repository.configString("drift.missing") == nil)
    #expect(try repository.configBool("drift.missing") == nil)
    let error = try gitError { try repository.configBool("drift.format") }
    #expect(error.function == "git_config_get_bool")
  }

  @Test func defaultSignatureComesFromConfig() throws {
    let scratch = try ScratchRepository()
    try scratch.git("config", "user.name", "Config Person")
    try scratch.git("config", "user.email", "config@example.com")
    let signature = try scratch.open().defaultSignature()
    #expect(signature.name == "Config Person")
    #expect(signature.email == "config@example.com")
    #expect(abs(signature.time.timeIntervalSinceNow) < 60)
  }
}
