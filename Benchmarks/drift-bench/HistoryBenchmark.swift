import DriftFormats
import DriftHistory
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Git

/// Timeline and bisect of one resource over many snapshots and commits.
struct HistoryBenchmark {
  var commits: Int
  var snapshots: Int
  var apps: Int
  /// How many unchanged observations follow each snapshot (an export equal to the one
  /// before, recorded as a commit reusing its tree).
  var unchangedEach = 0
  /// The snapshot from which the tracked resource stays drifted.
  var driftFrom: Int { snapshots * 7 / 10 }
  /// All observations: the snapshots and their unchanged repeats.
  var observations: Int { snapshots * (1 + unchangedEach) }
  /// The index, among all observations, of the first drifted one.
  var firstDriftedObservation: Int { driftFrom * (1 + unchangedEach) }
  static let address = "Deployment.apps/prod/app-0001"
  static let start = 1_790_000_000

  /// Builds the repository: `commits` commits a minute apart, and `snapshots` snapshots spread
  /// over the same time, each with one other Deployment scaled, the tracked one drifted from
  /// `driftFrom` on.
  func prepare() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    let workload = KubernetesWorkload(apps: apps)
    let configuration = KubernetesWorkload.configuration()
    try LinearHistory.write(
      into: repo, commits: commits,
      files: [(".drift.yml", configuration)] + workload.desiredFiles(),
      start: Self.start, spacing: 60)
    let repository = try Repository(path: repo.path)
    let store = SnapshotStore(repository: repository)
    let format = KubernetesFormat(
      defaultNamespace: "prod", secrets: SecretDigester(key: Array(repeating: UInt8(1), count: 32)))
    let clean = try format.liveResources(
      Array(workload.liveList(noiseOnly: true).utf8), file: "clean.json")
    let everyScaled = KubernetesWorkload(apps: apps, drifts: .init(scaled: Array(0..<apps)))
      .liveList()
    let scaled = try format.liveResources(Array(everyScaled.utf8), file: "scaled.json")
    let scaledByAddress = Dictionary(
      scaled.map { ($0.id.address, $0) }, uniquingKeysWith: { a, _ in a })
    let spacing = commits * 60 / snapshots
    for index in 0..<snapshots {
      let other = String(format: "Deployment.apps/prod/app-%04d", 2 + index % (apps - 2))
      let resources = clean.map { resource -> Resource in
        let address = resource.id.address
        if address == other || (address == Self.address && index >= driftFrom) {
          return scaledByAddress[address] ?? resource
        }
        return resource
      }
      let time = Date(timeIntervalSince1970: TimeInterval(Self.start + index * spacing + 30))
      _ = try store.record(
        source: "prod-k8s", resources: resources, capturedAt: time,
        adapter: KubernetesAdapter())
      guard unchangedEach > 0 else { continue }
      // The same export again, as `snapshot record` stores it: every blob is known already.
      let latest = try store.latestBlobs(of: "prod-k8s")?.blobs ?? [:]
      let stored = resources.map {
        SnapshotStore.stored($0, adapter: KubernetesAdapter(), latest: latest)
      }
      let step = spacing / (unchangedEach + 1)
      for repeat_ in 1...unchangedEach {
        let again = time.addingTimeInterval(TimeInterval(repeat_ * step))
        _ = try store.record(source: "prod-k8s", stored: stored, capturedAt: again)
      }
    }
    return repo
  }

  /// Where the commands keep the chain index (see `Workspace.snapshotStore()`).
  static func chainIndex(of repository: Repository) -> SnapshotChainIndex {
    SnapshotChainIndex(directory: repository.commonDirectory + "/drift/chains")
  }

  /// Removes the chain index, as before the first command after `snapshot record` by an
  /// older git-drift.
  func dropChainIndex(_ path: String) throws {
    try? FileManager.default.removeItem(
      atPath: Self.chainIndex(of: try Repository(path: path)).directory)
  }

  /// Opens everything anew (cold caches), as one command invocation does.
  func session(_ path: String) throws -> (Evaluator, [Snapshot]) {
    let repository = try Repository(path: path)
    let store = SnapshotStore(
      repository: repository, chainIndex: Self.chainIndex(of: repository))
    let history = DesiredHistory(
      repository: repository, tip: try repository.resolveCommit("main"),
      secrets: SecretDigester(key: Array(repeating: UInt8(1), count: 32)))
    let evaluator = Evaluator(
      store: store, history: history, source: "prod-k8s",
      today: CalendarDate(year: 2026, month: 11, day: 27))
    return (evaluator, try store.snapshots(of: "prod-k8s"))
  }

  func timeline(_ path: String) throws -> Int {
    let (evaluator, snapshots) = try session(path)
    let timeline = try Timeline.build(
      address: Self.address, pointer: nil, snapshots: snapshots, evaluator: evaluator)
    return timeline.transitions.count
  }

  func bisect(_ path: String) throws -> Int? {
    let (evaluator, snapshots) = try session(path)
    let episode = try Episode.find(
      address: Self.address, pointer: nil, snapshots: snapshots, evaluator: evaluator)
    return episode.flatMap { found in snapshots.firstIndex(of: found.firstDrifted.snapshot) }
  }
}
