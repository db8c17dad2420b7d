import DriftFormats
import DriftHistory
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

/// Control characters in what a snapshot commit's message and ref name are made of: a source
/// name is refused before anything is written; kinds and watch events are escaped, so that no
/// trailer can be forged and libgit2 never cuts the message at a NUL.
@Suite("history: control characters in snapshot messages and refs")
struct SnapshotMessageTests {
  static let capturedAt = Date(timeIntervalSince1970: 1_793_613_600)

  /// A repository with one commit and a snapshot of `prod` recorded.
  static func recorded() throws -> (ScratchRepository, SnapshotStore) {
    let repo = try ScratchRepository()
    try repo.commit("empty", date: "2026-11-01T10:00:00Z")
    let store = SnapshotStore(repository: try Repository(path: repo.path))
    _ = try store.record(
      source: "prod", resources: [Self.resource(type: "ConfigMap")], capturedAt: Self.capturedAt,
      adapter: KubernetesAdapter())
    return (repo, store)
  }

  /// A resource of `type` at `address`; a Terraform resource's type is not its address.
  static func resource(type: String, address: String = "ConfigMap/prod/web") -> Resource {
    Resource(id: ResourceID(type: type, address: address), body: ["kind": .string(type)])
  }

  /// Every line of the tip commit's message of `source`.
  static func messageLines(_ repo: ScratchRepository, source: String) throws -> [Substring] {
    try repo.git("log", "-1", "--format=%B", "refs/drift/snapshots/\(source)")
      .split(separator: "\n", omittingEmptySubsequences: false)
  }

  @Test(
    "a source name with a control character is refused before any object or ref is written",
    arguments: [
      "prod\nDrift-Source: evil", "prod\0evil", "staging\0evil", "prod\r", "prod\u{1B}[1m",
      "\u{7F}",
    ])
  func sourceNamesWithControlCharactersAreRefused(source: String) throws {
    let (repo, store) = try Self.recorded()
    let refs = try repo.git("for-each-ref", "refs/drift")
    let objects = try repo.git("count-objects")
    do {
      _ = try store.record(
        source: source, resources: [Self.resource(type: "Service", address: "Service/prod/web")],
        capturedAt: Date(), adapter: KubernetesAdapter())
      Issue.record("\(source.debugDescription) was recorded")
    } catch {
      #expect(
        error.description
          == "source name \(source.debugDescription) has a control character, which a ref "
          + "name and a commit message cannot hold")
    }
    #expect(try repo.git("for-each-ref", "refs/drift") == refs, "no ref moved")
    #expect(try repo.git("count-objects") == objects, "nothing written")
    try repo.fsck()
  }

  @Test("a kind and watch events with control characters forge no trailer and cut nothing")
  func kindsAndEventsAreEscaped() throws {
    let (repo, store) = try Self.recorded()
    // The type and address the Kubernetes reader gives an object of that kind.
    let type = KubernetesFormat.type(
      kind: "Deployment\nDrift-Source: evil", apiVersion: "apps/v1")
    let live = [
      Self.resource(
        type: type, address: KubernetesFormat.address(type: type, namespace: "prod", name: "web")),
      Self.resource(type: "Secret\0\r\nDrift-Resources: 99", address: "Secret/prod/db"),
    ]
    let events = ["drifted web\nDrift-Source: evil", "cut\0here", "bell\u{07}", "next\u{85}line"]
    let outcome = try store.record(
      source: "prod", resources: live, capturedAt: Self.capturedAt.addingTimeInterval(60),
      watch: WatchRecord(state: Array("{}".utf8), events: events), adapter: KubernetesAdapter())
    guard case .recorded(let snapshot) = outcome else {
      Issue.record("not recorded: \(outcome)")
      return
    }
    #expect(snapshot.source == "prod")
    #expect(snapshot.resourceCount == 2)

    let lines = try Self.messageLines(repo, source: "prod")
    #expect(lines.filter { $0.hasPrefix("Drift-Source") } == ["Drift-Source: prod"])
    #expect(lines.filter { $0.hasPrefix("Drift-Resources") } == ["Drift-Resources: 2"])
    #expect(
      lines.contains(
        #"2 resources: 1 Deployment\nDrift-Source: evil.apps, 1 Secret\0\r\nDrift-Resources: 99"#
      ), "\(lines)")
    let trailers = try repo.git(
      "log", "-1", "--format=%(trailers:key=Drift-Source,valueonly)", "refs/drift/snapshots/prod")
    #expect(trailers == "prod")
    #expect(
      try store.events(of: snapshot)
        == [
          #"drifted web\nDrift-Source: evil"#, #"cut\0here"#, #"bell\u{07}"#, #"next\u{0085}line"#,
        ])
    #expect(try store.snapshots(of: "prod").count == 2, "the chain reads back")
    try repo.fsck()
  }
}
