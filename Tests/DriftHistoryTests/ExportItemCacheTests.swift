import DriftFormats
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

@testable import DriftHistory

@Suite("snapshot record: the items of the latest export, remembered")
struct ExportItemCacheTests {
  static let source = "prod-k8s"

  private func record(
    _ export: String, at time: String, in repo: ScratchRepository, force: Bool = false
  ) throws {
    let result = try GitDriftExecutable.run(
      ["snapshot", "record", "--at", time] + (force ? ["--force"] : []) + [export], in: repo.path)
    try #require(result.status == 0, "\(result.stderr)")
  }

  private func tree(_ repo: ScratchRepository, _ snapshot: String = "") throws -> String {
    try rev(repo, "refs/drift/snapshots/\(Self.source)\(snapshot)^{tree}")
  }

  private func rev(_ repo: ScratchRepository, _ revision: String) throws -> String {
    try repo.git("rev-parse", revision).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  private func cacheFile(_ repo: ScratchRepository) throws -> String {
    let folder = repo.path + "/.git/drift/items"
    let files = try FileManager.default.contentsOfDirectory(atPath: folder)
    try #require(files.count == 1, "\(files)")
    return folder + "/" + files[0]
  }

  /// The cache of the source's latest snapshot, as the next record loads it.
  private func load(_ repo: ScratchRepository, salt: [UInt8]? = nil) throws -> ExportItemCache {
    let repository = try Repository(path: repo.path)
    let store = SnapshotStore(repository: repository)
    let latest = try #require(try store.latestBlobs(of: Self.source))
    return ExportItemCache.load(
      repository: repository, source: Self.source, tip: latest.tip, latest: latest.blobs,
      format: ExportItemCache.ItemFormat(
        adapter: KubernetesAdapter(),
        source: SourceConfiguration(
          name: Self.source, format: "kubernetes", paths: [], namespace: "prod"),
        secrets: SecretDigester(key: salt ?? repo.digestKey ?? [])))
  }

  /// The bytes of each item of a kubectl List.
  private func items(_ export: String) throws -> [ArraySlice<UInt8>] {
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: export)))
    let outline = try #require(JSONOutline(bytes))
    let items = try #require(
      outline.members.first { Array(bytes[$0.name.range]) == Array(#""items""#.utf8) })
    return try #require(items.elements).map { bytes[$0.range] }
  }

  @Test("a record after a change stores what a record without remembered items stores")
  func rememberedItemsGiveTheSameSnapshot() throws {
    let (repo, workload) = try SnapshotRecordingTests.repository(apps: 6)
    let clean = try SnapshotRecordingTests.export(
      workload.liveList(noiseOnly: true), repo, "clean.json")
    let scaled = try SnapshotRecordingTests.export(
      KubernetesWorkload(apps: 6, drifts: .init(scaled: [2])).liveList(), repo, "scaled.json")
    try record(clean, at: "2026-11-02T10:00:00Z", in: repo)
    let first = try rev(repo, "refs/drift/snapshots/\(Self.source)")
    _ = try cacheFile(repo)
    try record(scaled, at: "2026-11-02T11:00:00Z", in: repo)
    let remembered = try tree(repo)
    #expect(remembered != (try rev(repo, "\(first)^{tree}")))

    // Back to the first snapshot: the cache now describes another one and must not answer.
    _ = try repo.git("update-ref", "refs/drift/snapshots/\(Self.source)", first)
    #expect(
      try items(scaled).allSatisfy {
        try load(repo).stored(forItemID: Repository.blobID(of: $0)) == nil
      })
    try record(scaled, at: "2026-11-02T11:00:00Z", in: repo, force: true)
    #expect(try tree(repo) == remembered)
    #expect(try repo.git("status", "--porcelain").isEmpty)
    try repo.fsck()
  }

  @Test("the latest export's items are known by their bytes, changed items are not")
  func knownItems() throws {
    let (repo, workload) = try SnapshotRecordingTests.repository(apps: 4)
    let clean = try SnapshotRecordingTests.export(
      workload.liveList(noiseOnly: true), repo, "clean.json")
    let scaled = try SnapshotRecordingTests.export(
      KubernetesWorkload(apps: 4, drifts: .init(scaled: [1])).liveList(noiseOnly: false), repo,
      "scaled.json")
    try record(clean, at: "2026-11-02T10:00:00Z", in: repo)
    let cache = try load(repo)
    let recorded = try repo.git("ls-tree", "-r", "refs/drift/snapshots/\(Self.source)")
    for item in try items(clean) {
      let stored = try #require(cache.stored(forItemID: Repository.blobID(of: item)))
      #expect(stored.bytes == nil)
      #expect(recorded.contains("\(stored.id.hex)\t\(stored.path)"))
    }
    let answers = try items(scaled).map { cache.stored(forItemID: Repository.blobID(of: $0))?.path }
    #expect(answers.filter { $0 == nil }.count == 1)
    #expect(!answers.contains("Deployment.apps/prod/app-0001.json"))

    // Another salt (or normalisation) is another key.
    let salt = Array(repeating: UInt8(7), count: 32)
    #expect(
      try items(clean).allSatisfy {
        try load(repo, salt: salt).stored(forItemID: Repository.blobID(of: $0)) == nil
      })
    // A damaged file is ignored.
    let file = try cacheFile(repo)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
    try bytes.prefix(bytes.count - 7).write(to: URL(fileURLWithPath: file))
    #expect(
      try items(clean).allSatisfy {
        try load(repo).stored(forItemID: Repository.blobID(of: $0)) == nil
      })
  }

  @Test("a record takes a remembered item from the cache without parsing it")
  func recordTakesRememberedItems() throws {
    let (repo, workload) = try SnapshotRecordingTests.repository(apps: 3)
    let clean = try SnapshotRecordingTests.export(
      workload.liveList(noiseOnly: true), repo, "clean.json")
    try record(clean, at: "2026-11-02T10:00:00Z", in: repo)
    // Tamper with the cache: the first item now claims the second item's path and blob, which
    // only a record that trusts the cache instead of parsing the item can repeat.
    let cache = try load(repo)
    var stored = try items(clean).map {
      try #require(cache.stored(forItemID: Repository.blobID(of: $0)))
    }
    let (lost, claimed) = (stored[0].path, stored[1])
    stored[0].path = claimed.path
    stored[0].id = claimed.id
    let repository = try Repository(path: repo.path)
    let store = SnapshotStore(repository: repository)
    let tip = try #require(try store.latestBlobs(of: Self.source)).tip
    ExportItemCache.write(
      stored, snapshot: tip, repository: repository, source: Self.source,
      format: ExportItemCache.ItemFormat(
        adapter: KubernetesAdapter(),
        source: SourceConfiguration(
          name: Self.source, format: "kubernetes", paths: [], namespace: "prod"),
        secrets: SecretDigester(key: repo.digestKey ?? [])))
    let result = try GitDriftExecutable.run(
      ["snapshot", "record", "--force", "--at", "2026-11-02T11:00:00Z", clean], in: repo.path)
    let tree = try repo.git("ls-tree", "-r", "--name-only", "refs/drift/snapshots/\(Self.source)")
    #expect(result.status != 0 || !tree.contains(lost), "\(result.stderr)")
  }

  @Test("the cache holds no secret value, and the snapshot after it still digests secrets")
  func noSecretInTheCache() throws {
    let (repo, _) = try SnapshotRecordingTests.repository(apps: 1)
    let secret = { (token: String) in
      """
      {"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Secret",
      "metadata":{"name":"db","namespace":"prod"},"data":{"password":"\(token)"},"type":"Opaque"},
      {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"prod"},
      "data":{"k":"v"}}]}
      """
    }
    let first = try SnapshotRecordingTests.export(secret("aHVudGVyMg=="), repo, "one.json")
    try record(first, at: "2026-11-02T10:00:00Z", in: repo)
    let cache = try String(
      decoding: Data(contentsOf: URL(fileURLWithPath: cacheFile(repo))), as: UTF8.self)
    #expect(!cache.contains("aHVudGVyMg"))
    #expect(!cache.contains("hunter2"))
    let second = try SnapshotRecordingTests.export(secret("c3dvcmRmaXNo"), repo, "two.json")
    try record(second, at: "2026-11-02T11:00:00Z", in: repo)
    let log = try repo.git("log", "-p", "refs/drift/snapshots/\(Self.source)")
    for clear in ["aHVudGVyMg", "hunter2", "c3dvcmRmaXNo", "swordfish"] {
      #expect(!log.contains(clear))
    }
    #expect(try tree(repo) != (try tree(repo, "~1")))
  }
}

@Suite("snapshot record: what is left out while reading")
struct RecordReadingTests {
  @Test(
    "status left out while the export is read gives the snapshot that dropping it afterwards gives")
  func statusOmittedWhileReading() throws {
    let (repo, _) = try SnapshotRecordingTests.repository(apps: 3)
    let text = KubernetesWorkload(apps: 3, drifts: .init(scaled: [1])).liveList()
    #expect(text.contains("\"status\""))
    let export = try SnapshotRecordingTests.export(text, repo, "live.json")
    let result = try GitDriftExecutable.run(
      ["snapshot", "record", "--at", "2026-11-02T10:00:00Z", export], in: repo.path)
    try #require(result.status == 0, "\(result.stderr)")
    let recorded = try repo.git("rev-parse", "refs/drift/snapshots/prod-k8s^{tree}")

    let (other, _) = try SnapshotRecordingTests.repository(apps: 3)
    let store = SnapshotStore(repository: try Repository(path: other.path))
    let format = KubernetesFormat(
      defaultNamespace: "prod", secrets: SecretDigester(key: repo.digestKey ?? []))
    let resources = try format.liveResources(Array(text.utf8), file: "live.json")
    #expect(resources.contains { $0.body["status"] != nil })
    _ = try store.record(
      source: "prod-k8s", resources: resources,
      capturedAt: Date(timeIntervalSince1970: 1_793_613_600), adapter: KubernetesAdapter())
    #expect(try other.git("rev-parse", "refs/drift/snapshots/prod-k8s^{tree}") == recorded)
  }
}
