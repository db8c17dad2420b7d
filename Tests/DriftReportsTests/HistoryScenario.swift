import DriftFormats
import DriftHistory
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

/// A real repository with a short, fixed history for the history renderers: two desired
/// commits and six snapshots, every date fixed, so every id in the goldens is the same on
/// every machine.
///
/// `web` (`Deployment.apps/prod/web`) desires 2 replicas from 2026-11-01T10:00Z and 3 from
/// 2026-11-02T10:00Z. The snapshots, captured at:
/// 0. 2026-10-31T12:00Z, before any commit: judged with the first one (saying so), in sync
/// 1. 2026-11-01T11:00Z, 2 replicas: in sync
/// 2. 2026-11-01T13:00Z, scaled to 5 by kubectl-scale: drifted
/// 3. 2026-11-02T12:00Z, 3 replicas: in sync again
/// 4. 2026-11-05T09:00Z, image edited to web:9.9, and an unmanaged ConfigMap `debug`: drifted;
///    a watcher recorded its events in this snapshot
/// 5. 2026-11-06T09:00Z, replicas back at the older commit's 2: drifted twice
final class HistoryScenario {
  static let source = "prod-k8s"
  static let web = "Deployment.apps/prod/web"
  static let debug = "ConfigMap/prod/debug"
  /// The events the watcher recorded in snapshot 4.
  static let events = [
    #"drift prod-k8s ConfigMap/prod/debug: unmanaged (kubectl-create)"#,
    #"drift prod-k8s Deployment.apps/prod/web#/spec/template/spec/containers/0/image: "web:1.0" -> "web:9.9" (kubectl-edit)"#,
  ]

  let repo: ScratchRepository
  let repository: Repository
  let store: SnapshotStore
  /// The desired commits, oldest first.
  let commits: [Commit]
  /// The snapshots, oldest first.
  let snapshots: [Snapshot]
  let evaluator: Evaluator

  init() throws {
    let repo = try ScratchRepository()
    // Snapshot commits are signed by libgit2 from the repository's configuration.
    try repo.git("config", "user.name", ScratchRepository.authorName)
    try repo.git("config", "user.email", ScratchRepository.authorEmail)
    try repo.write(".drift.yml", KubernetesWorkload.configuration())
    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 2))
    let first = try repo.commit("web at 2 replicas", date: "2026-11-01T10:00:00Z")
    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 3))
    let second = try repo.commit("web at 3", date: "2026-11-02T10:00:00Z")
    let repository = try Repository(path: repo.path)
    let store = SnapshotStore(repository: repository)
    let format = KubernetesFormat(defaultNamespace: "prod", secrets: SecretDigester(key: []))
    let applier = SampleDeployment.applier
    let exports: [(time: String, export: String)] = [
      ("2026-10-31T12:00:00Z", Self.export(replicas: 2, managers: [applier])),
      ("2026-11-01T11:00:00Z", Self.export(replicas: 2, managers: [applier])),
      (
        "2026-11-01T13:00:00Z",
        Self.export(replicas: 5, managers: [applier, SampleDeployment.scaler])
      ),
      ("2026-11-02T12:00:00Z", Self.export(replicas: 3, managers: [applier])),
      (
        "2026-11-05T09:00:00Z",
        Self.export(
          replicas: 3, image: "web:9.9", managers: [applier, SampleDeployment.editor], debug: true)
      ),
      (
        "2026-11-06T09:00:00Z",
        Self.export(
          replicas: 2, image: "web:9.9", managers: [applier, SampleDeployment.editor], debug: true)
      ),
    ]
    var snapshots: [Snapshot] = []
    for (index, item) in exports.enumerated() {
      let resources = try format.liveResources(Array(item.export.utf8), file: "live.json")
      let watch = index == 4 ? WatchRecord(state: Array("{}\n".utf8), events: Self.events) : nil
      let outcome = try store.record(
        source: Self.source, resources: resources, capturedAt: try Self.date(item.time),
        watch: watch, adapter: KubernetesAdapter())
      if case .recorded(let snapshot) = outcome { snapshots.append(snapshot) }
    }
    self.repo = repo
    self.repository = repository
    self.store = store
    self.commits = [
      try repository.commit(try Self.id(first)), try repository.commit(try Self.id(second)),
    ]
    self.snapshots = snapshots
    let history = DesiredHistory(
      repository: repository, tip: try Self.id(second), secrets: SecretDigester(key: []))
    evaluator = Evaluator(
      store: store, history: history, source: Self.source,
      today: CalendarDate(year: 2026, month: 11, day: 27))
  }

  /// The watch events recorded in each snapshot, by snapshot id, as the timeline command reads
  /// them.
  func events() throws -> [ObjectID: [String]] {
    var events: [ObjectID: [String]] = [:]
    for snapshot in snapshots { events[snapshot.id] = try store.events(of: snapshot) }
    return events
  }

  /// A kubectl List with `web` and, when `debug`, a ConfigMap nobody desired.
  static func export(
    replicas: Int, image: String = "web:1.0", managers: [String], debug: Bool = false
  ) -> String {
    let web = """
      {"apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "prod", "uid": "u1", "resourceVersion": "7",
          "managedFields": [\(managers.joined(separator: ", "))]},
        "spec": {"replicas": \(replicas), "selector": {"matchLabels": {"app": "web"}},
          "template": {"metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "web", "image": "\(image)"}]}}}}
      """
    let configMap = """
      {"apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "debug", "namespace": "prod", "managedFields": [{"manager":
          "kubectl-create", "operation": "Update", "time": "2026-11-03T09:00:00Z",
          "fieldsV1": {"f:data": {}}}]},
        "data": {"level": "trace"}}
      """
    let items = debug ? [web, configMap] : [web]
    return #"{"apiVersion": "v1", "kind": "List", "items": ["# + items.joined(separator: ", ")
      + "]}"
  }

  private static func date(_ text: String) throws -> Date {
    try #require(Timestamp.parse(text), "\(text) is a time")
  }

  private static func id(_ hex: String) throws -> ObjectID {
    try #require(ObjectID(hex: hex), "\(hex) is an object id")
  }
}
