import DriftTestSupport
import Foundation
import Testing

/// Where the key of secret digests lives, how machines share it, and what a comparison says
/// when the key differs: the key never travels with `refs/drift`, and digests made with another
/// key are never taken for drift.
@Suite("secret digests: the key stays on the machine")
struct DigestKeyTests {
  static let pin = "493817"

  static let secret = """
    apiVersion: v1
    kind: Secret
    metadata: {name: db, namespace: prod}
    type: Opaque
    stringData:
      pin: "\(pin)"
    """

  static func export(pin: String) -> String {
    let data = Data(pin.utf8).base64EncodedString()
    return
      #"{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Secret", "#
      + #""metadata": {"name": "db", "namespace": "prod", "uid": "u1"}, "type": "Opaque", "#
      + #""data": {"pin": "\#(data)"}}]}"#
  }

  /// A repository with one recorded snapshot of the Secret, and a clone that fetched
  /// `refs/drift/*` as README says.
  static func recorded(pin: String = pin) throws -> (ScratchRepository, ScratchRepository) {
    let repo = try gitOpsRepository(files: [("apps/secret.yaml", secret)])
    let export = try writeExport(export(pin: pin), in: repo)
    let recorded = try gitDrift(
      "snapshot", "record", "--at", "2026-11-02T10:00:00Z", export, in: repo)
    try #require(recorded.status == 0, "\(recorded.stderr)")
    let clone = try ScratchRepository.clone(of: repo)
    try clone.git("fetch", "--quiet", "origin", "refs/drift/*:refs/drift/*")
    return (repo, clone)
  }

  static func check(_ repo: ScratchRepository, env: [String: String] = [:]) throws -> Shell.Result {
    try GitDriftExecutable.run(["check", "--format", "json"], in: repo.path, env: env)
  }

  @Test("the key is a 0600 file in the git folder, and no ref or object holds it")
  func keyStaysInTheGitFolder() throws {
    let (repo, clone) = try Self.recorded()
    let path = repo.path + "/.git/drift/key"
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attributes[FileAttributeKey.posixPermissions] as? Int) == 0o600)
    let key = String(decoding: try #require(repo.digestKey), as: UTF8.self)
    #expect(key.count == 64 && key.allSatisfy { $0.isHexDigit })
    #expect(
      try repo.git("for-each-ref", "--format=%(refname)", "refs/drift").split(separator: "\n")
        == ["refs/drift/snapshots/prod-k8s"])
    let objects = try repo.git("cat-file", "--batch-all-objects", "--batch")
    #expect(!objects.contains(key))
    #expect(!objects.contains(Data(Self.pin.utf8).base64EncodedString()))
    #expect(clone.digestKey == nil, "the clone fetched every ref of refs/drift, and no key")
    #expect(try Self.check(repo).status == 0, "same key: in sync")
  }

  @Test("another machine's digests are not comparable, said once, and not drift")
  func anotherKeyIsNotDrift() throws {
    let (_, clone) = try Self.recorded(pin: "000000")
    let result = try Self.check(clone)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let text = result.stdout + result.stderr
    #expect(text.contains("1 secret value was not compared"), "\(text)")
    #expect(text.contains("digest key"), "\(text)")
  }

  @Test("one key shared through GIT_DRIFT_KEY or drift.keyFile compares on every machine")
  func sharedKeyCompares() throws {
    let (repo, clone) = try Self.recorded(pin: "000000")
    let key = String(decoding: try #require(repo.digestKey), as: UTF8.self)
    let shared = try Self.check(clone, env: ["GIT_DRIFT_KEY": key])
    #expect(shared.status == 1, "the pin changed: drift, \(shared.stderr)")
    #expect(!(shared.stdout + shared.stderr).contains("not compared"))
    #expect(!(shared.stdout + shared.stderr).contains("000000"))
    let file = clone.root + "/team.key"
    try Data((key + "\n").utf8).write(to: URL(fileURLWithPath: file))
    try clone.git("config", "drift.keyFile", file)
    #expect(try Self.check(clone).status == 1)
    #expect(try Self.check(repo).status == 1)
  }

  @Test("a key too short to resist guessing, or a key file that is not there, is refused")
  func weakOrMissingKeysAreRefused() throws {
    let (repo, _) = try Self.recorded()
    let short = try Self.check(repo, env: ["GIT_DRIFT_KEY": "hunter2"])
    #expect(short.status == 2)
    #expect(short.stderr.contains("at least 32"), "\(short.stderr)")
    try repo.git("config", "drift.keyFile", repo.root + "/absent.key")
    let absent = try Self.check(repo)
    #expect(absent.status == 2)
    #expect(absent.stderr.contains("drift.keyFile"), "\(absent.stderr)")
  }

  @Test("a secret of a resource a moved block renamed is not compared, not drift")
  func movedResourcesSecretsAreNotComparable() throws {
    let repo = try hclRepository([
      (
        path: "main.tf",
        text: """
        variable "pin" {
          default   = "493817"
          sensitive = true
        }
        resource "terraform_data" "new" {
          input = var.pin
        }
        moved {
          from = terraform_data.old
          to   = terraform_data.new
        }
        """
      )
    ])
    let shown =
      #"{"format_version": "1.0", "values": {"root_module": {"resources": [{"#
      + #""address": "terraform_data.old", "mode": "managed", "type": "terraform_data", "#
      + #""name": "old", "values": {"id": "1", "input": "493817", "output": "493817"}, "#
      + #""sensitive_values": {"input": true, "output": true}}]}}}"#
    let export = try writeExport(shown, in: repo, name: "show.json")
    let result = try GitDriftExecutable.run(["check", "--snapshot", export], in: repo.path)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stderr.contains("1 secret value was not compared"), "\(result.stderr)")
    #expect(result.stderr.contains("moved block"), "\(result.stderr)")
  }
}
