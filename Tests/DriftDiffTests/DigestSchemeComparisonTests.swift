import DriftDiff
import DriftJSON
import DriftModel
import Testing

/// Secrets whose digests cannot be compared (another machine's key, or the salted SHA-256 of
/// snapshots recorded before keyed digests) are neither drift nor silently in sync: one
/// warning says how many and why.
@Suite struct DigestSchemeComparisonTests {
  private let harness = DiffHarness()
  private let address = "Secret/prod/db"

  private func secret(_ digest: String) -> Resource {
    Resource(
      id: ResourceID(type: "Secret", address: address),
      body: [
        "apiVersion": "v1", "kind": "Secret",
        "metadata": ["name": "db", "namespace": "prod"],
        "data": ["pin": .sensitive(digest: digest), "user": .sensitive(digest: digest)],
      ])
  }

  private func mine(_ value: String) -> String {
    SecretDigester(key: Array("unit".utf8)).digest(
      Array(value.utf8), address: address, path: "/data/pin")
  }

  @Test func theSaltedDigestsOfOldSnapshotsAreNotComparedAndSaySo() throws {
    let old = String(repeating: "0f", count: 32)
    let analysis = try harness.compare(desired: [secret(mine("1234"))], live: [secret(old)])
    #expect(analysis.drifts.isEmpty)
    let warnings = analysis.diagnostics.filter {
      $0.level == .warning && $0.message.contains("not compared")
    }
    #expect(warnings.count == 1)
    #expect(warnings.first?.message.contains("2 secret values were not compared") == true)
    #expect(warnings.first?.message.contains("salted SHA-256") == true)
  }

  @Test func anotherKeyIsNamedByItsFingerprint() throws {
    let other = SecretDigester(key: Array("other".utf8))
    let theirs = other.digest(Array("1234".utf8), address: address, path: "/data/pin")
    let analysis = try harness.compare(desired: [secret(mine("1234"))], live: [secret(theirs)])
    #expect(analysis.drifts.isEmpty)
    let message = analysis.diagnostics.map(\.message).joined()
    #expect(message.contains("digest key \(other.fingerprint) in live state"), "\(message)")
  }

  @Test func digestsOfOneKeyStillCompare() throws {
    let analysis = try harness.compare(
      desired: [secret(mine("1234"))], live: [secret(mine("9999"))])
    #expect(analysis.drifts.map(\.id.address) == [address])
    #expect(!analysis.diagnostics.contains { $0.message.contains("not compared") })
  }
}
