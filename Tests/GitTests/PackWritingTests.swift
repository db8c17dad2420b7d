import DriftTestSupport
import Foundation
import Git
import Testing

@Suite struct PackWritingTests {
  @Test func objectsWrittenInABatchLandInOnePackReadableByGit() throws {
    let repo = try ScratchRepository.withHistory()
    let repository = try repo.open()
    let contents = (0..<200).map { Array("resource \($0)\n".utf8) }
    let tree = try Self.store(contents, in: repository)
    let counts = try repo.git("count-objects", "-v")
    #expect(counts.contains("in-pack: 202"), "200 blobs and 2 trees in the pack: \(counts)")
    #expect(counts.contains("packs: 1"))
    #expect(try repository.blob(Repository.blobID(of: contents[7])) == contents[7])
    #expect(try repo.git("cat-file", "-p", "\(tree.hex):r/199.json") == "resource 199")
    try repo.fsck()
  }

  @Test func nothingIsStoredBeforeTheBatchIs() throws {
    let repo = try ScratchRepository.withHistory()
    let before = try repo.git("count-objects", "-v")
    var batch = ObjectBatch()
    let lost = Array("lost\n".utf8)
    batch.addBlob(lost, id: Repository.blobID(of: lost))
    let failure = try gitError {
      try batch.addTrees(entries: [TreeEntry(path: "a/../b", id: Repository.blobID(of: lost))])
    }
    #expect(failure.code == .invalid)
    #expect(try repo.git("count-objects", "-v") == before)
  }

  @Test func blobsStoredWithTheirKnownIdsLandInAPackThatGitVerifies() throws {
    let repo = try ScratchRepository.withHistory()
    let repository = try repo.open()
    let onDisk = Array("already stored\n".utf8)
    _ = try repository.writeBlob(onDisk)
    let large = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
    let contents =
      [onDisk, large, [], Array("twice\n".utf8), Array("twice\n".utf8)]
      + (0..<100).map { Array("resource \($0)\n".utf8) }
    let tree = try Self.store(contents, in: repository)
    let counts = try repo.git("count-objects", "-v")
    #expect(counts.contains("in-pack: 105"), "103 new blobs and 2 trees, once each: \(counts)")
    #expect(try repository.blob(Repository.blobID(of: large)) == large)
    #expect(try repository.blob(Repository.blobID(of: [])) == [])
    #expect(try repo.git("cat-file", "-p", "\(tree.hex):r/104.json") == "resource 99")
    let pack = repository.gitDirectory + "/objects/pack"
    let index = try #require(
      try FileManager.default.contentsOfDirectory(atPath: pack).first { $0.hasSuffix(".idx") })
    let verified = try repo.git("verify-pack", "-v", pack + "/" + index)
    #expect(verified.contains("non delta: 105 objects"), "\(verified)")
    try repo.fsck()
  }

  @Test func batchTreesAreTheTreesLibgit2Writes() throws {
    let repo = try ScratchRepository.withHistory()
    let repository = try repo.open()
    let paths = [
      "a.json", "a/b.json", "a-b.json", "a/b/c.json", "Z.json", "é/x.json", "a.b/c.json", "ab",
      "a/b-c.json",
    ]
    var batch = ObjectBatch()
    var entries: [TreeEntry] = []
    for (index, path) in paths.enumerated() {
      let bytes = Array("file \(index)\n".utf8)
      let id = Repository.blobID(of: bytes)
      batch.addBlob(bytes, id: id)
      entries.append(TreeEntry(path: path, id: id))
    }
    let tree = try batch.addTrees(entries: entries)
    try repository.store(batch, packingFrom: 1)
    #expect(tree == (try repository.writeTree(entries: entries)))
    #expect(try repo.git("cat-file", "-p", "\(tree.hex):a/b/c.json") == "file 3")
    try repo.fsck()
  }

  @Test func storingSkipsWhatTheRepositoryHasAndWritesFewObjectsLoose() throws {
    let repo = try ScratchRepository.withHistory()
    let repository = try repo.open()
    let onDisk = Array("already stored\n".utf8)
    _ = try repository.writeBlob(onDisk)
    let before = try Self.looseCount(repo)
    var batch = ObjectBatch()
    var entries: [TreeEntry] = []
    for (index, bytes) in [onDisk, Array("new\n".utf8), Array("new\n".utf8)].enumerated() {
      let id = Repository.blobID(of: bytes)
      batch.addBlob(bytes, id: id)
      entries.append(TreeEntry(path: "r/\(index).json", id: id))
    }
    let tree = try batch.addTrees(entries: entries)
    try repository.store(batch, packingFrom: 64)
    #expect(try Self.looseCount(repo) == before + 3, "the new blob once, and its two trees")
    #expect(try repo.git("cat-file", "-p", "\(tree.hex):r/2.json") == "new")
    #expect(throws: GitError.self) {
      var invalid = ObjectBatch()
      _ = try invalid.addTrees(entries: [TreeEntry(path: "x/.git", id: entries[0].id)])
    }
    try repo.fsck()
  }

  @Test func manyObjectsAreLookedUpInPacksAndLooseFilesAndOnlyTheMissingOnesPacked() throws {
    let repo = try ScratchRepository.withHistory()
    let repository = try repo.open()
    let contents = (0..<1_500).map { Array("{\"resource\":\($0)}\n".utf8) }
    _ = try Self.store(Array(contents[0..<500]), in: repository)
    for bytes in contents[500..<520] { _ = try repository.writeBlob(bytes) }
    let tree = try Self.store(contents, in: repository)
    let folder = repository.gitDirectory + "/objects/pack"
    let indexes = try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(".idx") }.sorted()
    var counts: [Int] = []
    for index in indexes {
      let statistics = try repo.git("verify-pack", "-s", folder + "/" + index)
      let line = try #require(
        statistics.split(separator: "\n").first { $0.hasPrefix("non delta: ") })
      counts.append(Int(line.split(separator: " ")[2]) ?? -1)
    }
    // The first pack: 500 blobs, their folder and the root; the second: the 980 blobs neither
    // that pack nor a loose file holds, and two new trees.
    #expect(counts.sorted() == [502, 982])
    #expect(try repo.git("cat-file", "-p", "\(tree.hex):r/1499.json") == "{\"resource\":1499}")
    #expect(try repo.git("cat-file", "-p", "\(tree.hex):r/510.json") == "{\"resource\":510}")
    try repo.fsck()
  }

  /// zlib writes its level class into each stream's header (FLEVEL: 0 for levels 0–1, 1 for
  /// 2–5, 2 for 6, 3 for 7–9): packs are written at level 1 unless git's configuration says
  /// otherwise, `pack.compression` before `core.compression`.
  @Test(
    arguments: [
      (nil, nil, 0), ("9", nil, 3), (nil, "6", 2), ("3", "9", 1), ("-1", nil, 2),
    ] as [(String?, String?, UInt8)])
  func packsAreCompressedAtTheConfiguredLevel(pack: String?, core: String?, levelClass: UInt8)
    throws
  {
    let repo = try ScratchRepository.withHistory()
    if let pack { try repo.git("config", "pack.compression", pack) }
    if let core { try repo.git("config", "core.compression", core) }
    let repository = try repo.open()
    let text = (0..<200).map { "line \($0) of a compressible blob\n" }.joined()
    _ = try Self.store([Array(text.utf8)], in: repository)
    let folder = repository.gitDirectory + "/objects/pack"
    let name = try #require(
      try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".pack") })
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
    var offset = 12
    while bytes[offset] & 0x80 != 0 { offset += 1 }
    offset += 1
    #expect(bytes[offset] == 0x78, "a zlib stream with a 32 KiB window")
    #expect(bytes[offset + 1] >> 6 == levelClass)
    try repo.fsck()
  }

  /// Stores `contents` as `r/INDEX.json` in one batch, packed; returns the root tree.
  private static func store(_ contents: [[UInt8]], in repository: Repository) throws -> ObjectID {
    var batch = ObjectBatch()
    var entries: [TreeEntry] = []
    for (index, bytes) in contents.enumerated() {
      let id = Repository.blobID(of: bytes)
      batch.addBlob(bytes, id: id)
      entries.append(TreeEntry(path: "r/\(index).json", id: id))
    }
    let tree = try batch.addTrees(entries: entries)
    try repository.store(batch, packingFrom: 1)
    return tree
  }

  private static func looseCount(_ repo: ScratchRepository) throws -> Int {
    let first = try repo.git("count-objects", "-v").split(separator: "\n").first ?? ""
    return Int(first.dropFirst("count: ".count)) ?? -1
  }
}
