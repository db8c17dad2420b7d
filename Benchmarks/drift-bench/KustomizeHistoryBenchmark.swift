import DriftFormats
import DriftHistory
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Git

/// Timeline of one resource of a kustomize overlay over a long history.
///
/// `commits` commits, of which every `changeEvery`th changes the overlay's replicas and the rest touch a file no
/// build reads, and a snapshot every `snapshotEvery` commits. Renders are counted, so the
/// benchmark shows that each distinct set of inputs is rendered once.
struct KustomizeHistoryBenchmark {
  var commits = 1_000
  var changeEvery = 50
  var snapshotEvery = 10
  static let address = "Deployment.apps/prod/web"
  static let start = 1_790_000_000

  static let base = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 1
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
            - name: web
              image: registry.example.com/web:1.0

    """

  static func overlay(replicas: Int) -> String {
    """
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    namespace: prod
    resources:
      - ../../base
    replicas:
      - name: web
        count: \(replicas)
    images:
      - name: registry.example.com/web
        newTag: "1.4"

    """
  }

  /// The repository, with its snapshots recorded; live stays as the first commit rendered.
  func prepare() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    let configuration = """
      version: 1
      sources:
        - name: prod
          format: kustomize
          paths: ["overlays/prod"]

      """
    func data(_ text: String) -> String { "data \(text.utf8.count)\n\(text)\n" }
    var stream = ""
    for index in 0..<commits {
      let time = Self.start + index * 60
      stream += "commit refs/heads/main\nmark :\(index + 1)\n"
      stream += "author Dev <dev@example.com> \(time) +0000\n"
      stream += "committer Dev <dev@example.com> \(time) +0000\n" + data("change \(index)")
      if index == 0 {
        stream += "M 100644 inline .drift.yml\n" + data(configuration)
        stream += "M 100644 inline base/deployment.yaml\n" + data(Self.base)
        stream +=
          "M 100644 inline base/kustomization.yaml\n" + data("resources:\n  - deployment.yaml\n")
      } else {
        stream += "from :\(index)\n"
      }
      if index % changeEvery == 0 {
        stream +=
          "M 100644 inline overlays/prod/kustomization.yaml\n"
          + data(Self.overlay(replicas: 2 + index / changeEvery))
      }
      stream += "M 100644 inline NOTES\n" + data("entry \(index)\n")
    }
    try Shell.check(
      ["git", "fast-import", "--quiet"], cwd: repo.path, env: repo.environment, stdin: stream)
    try repo.git("reset", "--quiet", "--hard", "main")
    let first = try repo.git("rev-list", "--max-parents=0", "main")
    try repo.git("checkout", "--quiet", first)
    let export = try Shell.check(["kubectl", "kustomize", "overlays/prod"], cwd: repo.path)
    try repo.git("checkout", "--quiet", "main")

    let repository = try Repository(path: repo.path)
    let store = SnapshotStore(repository: repository)
    let source = SourceConfiguration(name: "prod", format: "kustomize", paths: ["overlays/prod"])
    let live = try KustomizeAdapter().live(
      Array(export.utf8), name: "live.yaml", source: source,
      secrets: SecretDigester(key: Array(repeating: UInt8(1), count: 32)))
    for index in stride(from: 0, to: commits, by: snapshotEvery) {
      let time = Date(timeIntervalSince1970: TimeInterval(Self.start + index * 60 + 30))
      _ = try store.record(
        source: "prod", resources: live, capturedAt: time,
        adapter: KustomizeAdapter())
    }
    return repo
  }

  /// The timeline's transitions and how many renders it took, from a cold render cache.
  func timeline(_ path: String) throws -> (transitions: Int, renders: Int) {
    let repository = try Repository(path: path)
    let store = SnapshotStore(repository: repository)
    let cache = KustomizeRenderCache()
    let history = DesiredHistory(
      repository: repository, tip: try repository.resolveCommit("main"),
      secrets: SecretDigester(key: Array(repeating: UInt8(1), count: 32)),
      formats: FormatRegistry.standard.adding(KustomizeAdapter(cache: cache)))
    let evaluator = Evaluator(
      store: store, history: history, source: "prod",
      today: CalendarDate(year: 2026, month: 11, day: 27))
    let timeline = try Timeline.build(
      address: Self.address, pointer: nil, snapshots: try store.snapshots(of: "prod"),
      evaluator: evaluator)
    return (timeline.transitions.count, cache.renders)
  }
}
