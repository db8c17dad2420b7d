import DriftFormats
import DriftHistory
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

@Suite("history of a commit whose manifest does not parse")
struct DesiredParseErrorTests {
  private static let configuration = """
    version: 1
    sources:
      - name: prod
        format: kubernetes
        paths: ["apps/*.yaml"]
        namespace: prod

    """
  private static let manifest = """
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: web
      namespace: prod
    data:
      mode: fast

    """

  @Test("a resource of an unparsable commit is unknown with the reason, not unmanaged")
  func unparsableCommitIsUnknown() throws {
    let repo = try ScratchRepository()
    defer { repo.remove() }
    try repo.write(".drift.yml", Self.configuration)
    try repo.write("apps/web.yaml", Self.manifest)
    _ = try repo.commit("Web", date: "2026-11-01T10:00:00Z")
    try repo.write("apps/web.yaml", "apiVersion: v1\nkind: [ConfigMap\n")
    let broken = try repo.commit("Break the manifest", date: "2026-11-02T10:00:00Z")
    let repository = try Repository(path: repo.path)
    let store = SnapshotStore(repository: repository)
    let secrets = SecretDigester(key: Array(repeating: UInt8(1), count: 32))
    let source = SourceConfiguration(
      name: "prod", format: "kubernetes", paths: ["apps/*.yaml"], namespace: "prod")
    let live = try KubernetesAdapter().live(
      Array(
        #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web","namespace":"prod"},"data":{"mode":"fast"}}"#
          .utf8), name: "live.json", source: source, secrets: secrets)
    _ = try store.record(
      source: "prod", resources: live, capturedAt: Date(timeIntervalSince1970: 1_793_700_000),
      adapter: KubernetesAdapter())
    let snapshot = try store.latest(of: "prod")
    let history = DesiredHistory(
      repository: repository, tip: try repository.resolveCommit(broken), secrets: secrets)
    let evaluator = Evaluator(
      store: store, history: history, source: "prod",
      today: CalendarDate(year: 2026, month: 12, day: 1))
    let verdict = try evaluator.verdict(of: "ConfigMap/prod/web", in: snapshot)
    guard case .unknown(let reason) = verdict.state else {
      Issue.record("expected unknown, got \(verdict.state)")
      return
    }
    #expect(reason.contains("apps/web.yaml:"), "\(reason)")
    #expect(reason.contains("does not parse"), "\(reason)")
    try repo.fsck()
  }
}
