import DriftFormats
import DriftJSON
import DriftTestSupport
import Foundation
import Git
import Testing

@testable import DriftHistory

@Suite struct DesiredHistoryTests {
  static let secrets = SecretDigester(key: Array(repeating: 1, count: 32))

  @Test("the commit in force at a date is found by age, the tip being 0")
  func commitInForceByAge() throws {
    let fixture = try HistoryFixture(commits: 12, apps: 1)
    let repository = try Repository(path: fixture.repo.path)
    let history = DesiredHistory(
      repository: repository, tip: try repository.resolveCommit("main"), secrets: Self.secrets)
    // Commit 9 of 12 (oldest first) is 2 commits before the tip.
    let age = try #require(
      try history.age(inForceAt: fixture.date(ofCommit: 9).addingTimeInterval(60)))
    #expect(age == 2)
    #expect(try history.header(age: age)?.id.hex == fixture.commits[9])
    #expect(try history.commit(age: age).id.hex == fixture.commits[9])
    #expect(try history.age(inForceAt: fixture.date(ofCommit: 9)) == 2)
    #expect(try history.age(inForceAt: fixture.date(ofCommit: 0).addingTimeInterval(-1)) == nil)
    #expect(try history.header(age: 11)?.id.hex == fixture.commits[0])
    #expect(try history.header(age: 12) == nil)
    #expect(try history.age(of: try #require(ObjectID(hex: fixture.commits[4]))) == 7)
    #expect(!history.isTruncated)
  }

  @Test(
    "history is read back only as far as a question needs: a shallow clone is truncated only for older dates"
  )
  func readsBackOnlyAsFarAsNeeded() throws {
    let fixture = try HistoryFixture(commits: 30, apps: 1)
    let clone = try ScratchRepository.clone(of: fixture.repo, depth: 5)
    let repository = try Repository(path: clone.path)
    let history = DesiredHistory(
      repository: repository, tip: try repository.resolveCommit("HEAD"), secrets: Self.secrets)
    #expect(try history.age(inForceAt: fixture.date(ofCommit: 28)) == 1)
    #expect(!history.isTruncated)
    #expect(history.oldestRead?.id.hex == fixture.commits[28])

    #expect(try history.age(inForceAt: fixture.date(ofCommit: 2)) == nil)
    #expect(history.isTruncated)
    #expect(history.oldestRead?.id.hex == fixture.commits[25])
  }
}
