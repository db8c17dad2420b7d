import DriftFormats
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

@testable import DriftHistory

@Suite("snapshot chain index")
struct SnapshotChainIndexTests {
  static let seed =
    ProcessInfo.processInfo.environment["GIT_DRIFT_CHAIN_SEED"].flatMap { UInt64($0) } ?? 1_907

  /// Records seeded observations (some backfilled, some unchanged, some skipped), moves the
  /// chain back, breaks the index file, and after each step reads the chain through the index
  /// and without it: both must be the same, and the index must end up holding the chain.
  @Test("a chain read through the index is the chain read from its commits")
  func indexedChainsEqualReadChains() throws {
    var random = SeededGenerator(seed: Self.seed)
    let repo = try ScratchRepository()
    try repo.write("README.md", "desired\n")
    try repo.commit("desired", date: "2026-11-01T10:00:00Z")
    let repository = try Repository(path: repo.path)
    let index = SnapshotChainIndex(directory: repository.commonDirectory + "/drift/chains")
    let format = KubernetesFormat(
      defaultNamespace: "prod", secrets: SecretDigester(key: Array(repeating: 1, count: 32)))
    let workload = KubernetesWorkload(apps: 3)
    let clean = try format.liveResources(
      Array(workload.liveList(noiseOnly: true).utf8), file: "clean.json")
    let scaled = try format.liveResources(
      Array(KubernetesWorkload(apps: 3, drifts: .init(scaled: [1])).liveList().utf8),
      file: "scaled.json")
    var latest = 1_800_000_000
    for step in 0..<40 {
      let backfilled = Int.random(in: 0..<5, using: &random) == 0
      let time = backfilled ? latest - Int.random(in: 1...3_000, using: &random) : latest + 600
      latest = max(latest, time)
      _ = try SnapshotStore(repository: repository, chainIndex: index).record(
        source: "prod-k8s", resources: Bool.random(using: &random) ? clean : scaled,
        capturedAt: Date(timeIntervalSince1970: TimeInterval(time)),
        skipUnchanged: Int.random(in: 0..<4, using: &random) == 0, adapter: KubernetesAdapter())
      switch Int.random(in: 0..<10, using: &random) {
      case 0:
        let chain = try SnapshotStore(repository: repository).chain(of: "prod-k8s")
        let back = chain[Int.random(in: 0..<chain.count, using: &random)]
        try repo.git("update-ref", "refs/drift/snapshots/prod-k8s", back.id.hex)
      case 1:
        try Data("git-drift chain 1\n\u{3}\0\0\0prod".utf8).write(
          to: URL(fileURLWithPath: index.file(of: "prod-k8s")))
      case 2:
        try? FileManager.default.removeItem(atPath: index.file(of: "prod-k8s"))
      default: break
      }
      let read = try SnapshotStore(repository: repository).snapshots(of: "prod-k8s")
      let indexed = try SnapshotStore(repository: repository, chainIndex: index)
        .snapshots(of: "prod-k8s")
      #expect(indexed == read, "seed \(Self.seed), step \(step)")
      #expect(index.entries(of: "prod-k8s").count == read.count, "seed \(Self.seed), step \(step)")
      let again = try SnapshotStore(repository: repository, chainIndex: index)
        .snapshots(of: "prod-k8s")
      #expect(again == read, "seed \(Self.seed), step \(step): read from the index alone")
    }
    try repo.fsck()
  }

  @Test("an index file of another source, or cut short, is not read")
  func foreignOrShortFilesAreIgnored() throws {
    let snapshot = Snapshot(
      id: ObjectID(bytes: ArraySlice(repeating: 7, count: 20)),
      tree: ObjectID(bytes: ArraySlice(repeating: 8, count: 20)), source: "a",
      capturedAt: Date(timeIntervalSince1970: 1_800_000_000), resourceCount: 3, parent: nil)
    let encoded = SnapshotChainIndex.encode([snapshot], source: "a")
    let entries = try #require(SnapshotChainIndex.decode(encoded, source: "a"))
    #expect(
      entries[snapshot.id]
        == SnapshotChainIndex.Entry(
          tree: snapshot.tree, parent: nil, time: 1_800_000_000, resourceCount: 3))
    #expect(SnapshotChainIndex.decode(encoded, source: "b") == nil)
    #expect(SnapshotChainIndex.decode(Array(encoded.dropLast()), source: "a") == nil)
    #expect(SnapshotChainIndex.decode(encoded + [0], source: "a") == nil)
  }

  @Test("commands keep the index in .git/drift/chains, and a check reads the chain from it")
  func commandsIndexTheirChains() throws {
    let (repo, workload) = try SnapshotRecordingTests.repository()
    let clean = try SnapshotRecordingTests.export(
      workload.liveList(noiseOnly: true), repo, "clean.json")
    for hour in 10..<13 {
      let recorded = try GitDriftExecutable.run(
        ["snapshot", "record", "--at", "2026-11-02T\(hour):00:00Z", clean], in: repo.path)
      #expect(recorded.status == 0, "\(recorded.stderr)")
    }
    let timeline = try GitDriftExecutable.run(
      ["timeline", "Deployment.apps/prod/app-0001"], in: repo.path)
    #expect(timeline.status == 0, "\(timeline.stderr)")
    let repository = try Repository(path: repo.path)
    let index = SnapshotChainIndex(directory: repository.commonDirectory + "/drift/chains")
    #expect(index.entries(of: "prod-k8s").count == 3)
    try repo.fsck()
  }
}
