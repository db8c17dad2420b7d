import DriftTestSupport
import Foundation
import Git
import Testing

@Suite struct CommitGraphTests {
  /// A history with a merge, so first parents matter, and commits newer than the graph.
  static func history() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    for day in 1...5 {
      try repo.write("a.txt", "\(day)\n")
      try repo.commit("day \(day)", date: "2026-01-0\(day)T10:00:00Z")
    }
    _ = try repo.git("checkout", "-q", "-b", "side", "HEAD~2")
    try repo.write("b.txt", "side\n")
    try repo.commit("side", date: "2026-01-06T10:00:00Z")
    _ = try repo.git("checkout", "-q", "main")
    _ = try repo.git(
      "-c", "user.name=x", "-c", "user.email=x@example.com", "merge", "-q", "--no-ff",
      "-m", "merge side", "side", env: ["GIT_COMMITTER_DATE": "2026-01-07T10:00:00Z"])
    return repo
  }

  @Test(arguments: [["--reachable"], ["--reachable", "--split"]])
  func headersFromTheGraphEqualHeadersFromTheObjects(options: [String]) throws {
    let repo = try Self.history()
    let repository = try repo.open()
    let tip = try repo.id("HEAD")
    let fromObjects = try repository.firstParentHeaders(from: tip)
    _ = try repo.git(arguments: ["commit-graph", "write"] + options)
    try repo.write("a.txt", "after the graph\n")
    try repo.commit("after the graph", date: "2026-01-08T10:00:00Z")
    let newTip = try repo.id("HEAD")
    let fromGraph = try Repository(path: repo.path).firstParentHeaders(from: newTip)
    #expect(fromGraph.count == fromObjects.count + 1)
    #expect(Array(fromGraph.dropFirst()) == fromObjects)
    #expect(fromGraph.first?.firstParent == tip)
    #expect(
      fromObjects.map { $0.time.timeIntervalSince1970 }.first
        == ISO8601DateFormatter().date(from: "2026-01-07T10:00:00Z")?.timeIntervalSince1970)
    try repo.fsck()
  }

  @Test func aDamagedGraphIsNotUsed() throws {
    let repo = try Self.history()
    let tip = try repo.id("HEAD")
    let expected = try repo.open().firstParentHeaders(from: tip)
    _ = try repo.git("commit-graph", "write", "--reachable")
    let path = repo.path + "/.git/objects/info/commit-graph"
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    bytes[4] = 9  // an unknown version
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    #expect(try Repository(path: repo.path).firstParentHeaders(from: tip) == expected)
  }

  @Test func theGraphIsReadInsteadOfTheCommitObjects() throws {
    let repo = try Self.history()
    let tip = try repo.id("HEAD")
    let expected = try repo.open().firstParentHeaders(from: tip)
    _ = try repo.git("commit-graph", "write", "--reachable")
    // Without its object, a middle commit can be read only from the graph.
    let middle = try repo.git("rev-parse", "HEAD~2")
    let object = "\(repo.path)/.git/objects/\(middle.prefix(2))/\(middle.dropFirst(2))"
    try FileManager.default.removeItem(atPath: object)
    #expect(try Repository(path: repo.path).firstParentHeaders(from: tip) == expected)
  }
}

/// Damaged and lying commit-graphs: the history read through the public API is always the one
/// the commit objects hold, whatever the graph says, and a damaged graph never traps.
@Suite struct DamagedCommitGraphTests {
  /// ``CommitGraphTests/history()`` and an octopus merge (its third parent is in the graph's
  /// extra-edge list), with the graph written over all of it; with `split`, as two layers
  /// whose parents cross from the top one into the base.
  static func damageable(split: Bool) throws -> (repo: ScratchRepository, files: [String]) {
    let repo = try CommitGraphTests.history()
    if split { _ = try repo.git("commit-graph", "write", "--reachable", "--split") }
    for (day, name) in [(8, "left"), (9, "right")] {
      _ = try repo.git("checkout", "-q", "-b", name, "main")
      try repo.write("\(name).txt", "\(name)\n")
      try repo.commit(name, date: "2026-01-0\(day)T10:00:00Z")
    }
    _ = try repo.git("checkout", "-q", "main")
    let date = "2026-01-10T10:00:00Z"
    _ = try repo.git(
      "merge", "-q", "--no-ff", "-m", "octopus", "left", "right",
      env: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
    try repo.write("a.txt", "after the octopus\n")
    try repo.commit("after the octopus", date: "2026-01-11T10:00:00Z")
    let info = repo.path + "/.git/objects/info"
    if split {
      _ = try repo.git("commit-graph", "write", "--reachable", "--split=no-merge")
      let chain = try String(
        contentsOfFile: info + "/commit-graphs/commit-graph-chain", encoding: .utf8)
      let files = chain.split(separator: "\n").map { info + "/commit-graphs/graph-\($0).graph" }
      try #require(files.count == 2, "two layers")
      return (repo, files)
    }
    _ = try repo.git("commit-graph", "write", "--reachable")
    return (repo, [info + "/commit-graph"])
  }

  /// The history from `tip` as the public API reads it: first-parent headers and a full walk.
  struct Reading: Equatable {
    var headers: [CommitHeader]
    var walk: [ObjectID]

    init(_ path: String, from tip: ObjectID) throws {
      let repository = try Repository(path: path)
      headers = try repository.firstParentHeaders(from: tip)
      walk = try repository.walk(from: tip)
    }
  }

  @Test(arguments: [false, true])
  func intactGraphsAreRead(split: Bool) throws {
    let (repo, _) = try Self.damageable(split: split)
    let tip = try repo.id("HEAD")
    let expected = try repo.open().firstParentHeaders(from: tip)
    // Without their objects, a commit of each layer can be read only from the graph, so the
    // damage below is judged against graphs that are read when intact.
    for revision in ["HEAD~1", "HEAD~3"] {
      let id = try repo.git("rev-parse", revision)
      try FileManager.default.removeItem(
        atPath: "\(repo.path)/.git/objects/\(id.prefix(2))/\(id.dropFirst(2))")
    }
    #expect(try Repository(path: repo.path).firstParentHeaders(from: tip) == expected)
  }

  @Test(arguments: [false, true])
  func damagedGraphsReadLikeNoGraph(split: Bool) throws {
    func hex(_ seed: UInt64) -> String { "0x" + String(seed, radix: 16, uppercase: true) }
    let (repo, files) = try Self.damageable(split: split)
    let tip = try repo.id("HEAD")
    let originals = try files.map { try [UInt8](Data(contentsOf: URL(fileURLWithPath: $0))) }
    for file in files {
      try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
    }
    let info = repo.path + "/.git/objects/info"
    let moved = info + "/aside"
    try FileManager.default.moveItem(
      atPath: info + (split ? "/commit-graphs" : "/commit-graph"), toPath: moved)
    let expected = try Reading(repo.path, from: tip)
    try FileManager.default.moveItem(
      atPath: moved, toPath: info + (split ? "/commit-graphs" : "/commit-graph"))
    #expect(try Reading(repo.path, from: tip) == expected, "an intact graph reads alike")
    #expect(expected.walk.count == 11)

    let layouts = try originals.map { try #require(GraphLayout($0)) }
    for round in 0..<300 {
      // Each round has its own seed, so a failure names the one round to replay.
      let seed = 0xC6_0000 + UInt64(round) + (split ? 0x1_0000 : 0)
      var random = SeededGenerator(seed: seed)
      let layer = Int(random.next() % UInt64(files.count))
      let limit = layouts[...layer].map(\.count).reduce(0, +)
      var damaged = layouts[layer]
      let damage = damaged.damage(layer: layer, limit: limit, random: &random)
      try Data(damaged.bytes).write(to: URL(fileURLWithPath: files[layer]))
      do {
        let read = try Reading(repo.path, from: tip)
        #expect(read == expected, "seed \(hex(seed)): \(damage) of layer \(layer)")
      } catch {
        Issue.record("seed \(hex(seed)): \(damage) of layer \(layer): \(error)")
      }
      try Data(originals[layer]).write(to: URL(fileURLWithPath: files[layer]))
    }
    try repo.fsck()
  }

  @Test func coreCommitGraphFalseLeavesAWellFormedButLyingGraphUnread() throws {
    let repo = try CommitGraphTests.history()
    let tip = try repo.id("HEAD")
    let expected = try repo.open().firstParentHeaders(from: tip)
    _ = try repo.git("commit-graph", "write", "--reachable")
    let path = repo.path + "/.git/objects/info/commit-graph"
    var graph = try #require(GraphLayout(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))))
    // Well formed, but it says the tip was committed at the epoch.
    let entry = try #require(graph.entry(of: tip))
    graph.put32(graph.read32(entry + 28) & ~0x3, at: entry + 28)
    graph.put32(0, at: entry + 32)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
    try Data(graph.bytes).write(to: URL(fileURLWithPath: path))
    let lying = try Repository(path: repo.path).firstParentHeaders(from: tip)
    #expect(lying.first?.time == Date(timeIntervalSince1970: 0), "the graph is read by default")

    _ = try repo.git("config", "core.commitGraph", "false")
    #expect(try Repository(path: repo.path).firstParentHeaders(from: tip) == expected)
    // Nor is a damaged one read.
    try Data(graph.bytes.prefix(100)).write(to: URL(fileURLWithPath: path))
    #expect(try Repository(path: repo.path).firstParentHeaders(from: tip) == expected)
  }
}

/// A commit-graph file read as git's gitformat-commit-graph describes it, to damage it where
/// it matters.
private struct GraphLayout {
  var bytes: [UInt8]
  /// The chunk table, its terminating entry included: each chunk's id and where its offset is.
  var table: [(id: String, offsetAt: Int)]
  /// How many commits the file holds.
  var count: Int

  init?(_ bytes: [UInt8]) {
    guard bytes.count > 8 else { return nil }
    self.bytes = bytes
    table = (0...Int(bytes[6])).map { index in
      let entry = 8 + index * 12
      return (String(decoding: bytes[entry..<entry + 4], as: UTF8.self), entry + 4)
    }
    count = 0
    guard let fanout = chunk("OIDF") else { return nil }
    count = Int(read32(fanout + 255 * 4))
  }

  /// Where chunk `id` starts.
  func chunk(_ id: String) -> Int? {
    table.first { $0.id == id }.map { Int(read64($0.offsetAt)) }
  }

  /// Where the commit data of `id` starts.
  func entry(of id: ObjectID) -> Int? {
    guard let ids = chunk("OIDL"), let data = chunk("CDAT") else { return nil }
    let key = id.bytes
    let position = (0..<count).first {
      bytes[(ids + $0 * 20)..<(ids + $0 * 20 + 20)].elementsEqual(key)
    }
    return position.map { data + $0 * 36 }
  }

  func read32(_ at: Int) -> UInt32 { bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
  func read64(_ at: Int) -> UInt64 { bytes[at..<at + 8].reduce(0) { $0 << 8 | UInt64($1) } }

  mutating func put32(_ value: UInt32, at: Int) {
    for index in 0..<4 { bytes[at + index] = UInt8(truncatingIfNeeded: value >> (24 - 8 * index)) }
  }

  mutating func put64(_ value: UInt64, at: Int) {
    for index in 0..<8 { bytes[at + index] = UInt8(truncatingIfNeeded: value >> (56 - 8 * index)) }
  }

  /// Damages the file one way picked by `random`; says how.
  ///
  /// - Parameters:
  ///   - layer: the file's place in a split chain (0 for a lone file).
  ///   - limit: how many commits this file and the layers below it hold, which is the first
  ///     parent position out of range.
  mutating func damage(layer: Int, limit: Int, random: inout SeededGenerator) -> String {
    func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
    let noParent: UInt32 = 0x7000_0000
    let outOfRange = [
      UInt32(limit) + UInt32(below(Int(noParent) - limit)),
      noParent + 1 + UInt32(below(0x0FFF_FFFF)),
    ]
    switch below(8) {
    case 0:
      let length = below(bytes.count)
      bytes.removeSubrange(length...)
      return "truncated to \(length) bytes"
    case 1:
      guard let fanout = chunk("OIDF") else { return "nothing" }
      let at = fanout + below(1024)
      bytes[at] ^= 1 << below(8)
      return "fanout byte \(at - fanout) flipped"
    case 2:
      let entry = table[below(table.count)]
      let old = read64(entry.offsetAt)
      let new: UInt64
      switch below(3) {
      case 0: new = old ^ 1 << UInt64(below(64))
      case 1: new = random.next()
      default: new = below(2) == 0 ? old &+ UInt64(1 + below(64)) : old &- UInt64(1 + below(64))
      }
      put64(new, at: entry.offsetAt)
      return "offset of \(entry.id.debugDescription) \(old) → \(new)"
    case 3, 4:
      guard let data = chunk("CDAT") else { return "nothing" }
      let commit = below(count)
      let second = below(2) == 1
      // Out of range, or an extra-edge index: never allowed in a first parent, and past the
      // end of the list in a second one.
      var value = outOfRange[below(2)]
      if below(3) == 0 { value = 0x8000_0000 | UInt32(below(0x7FFF_FFFF)) }
      let edges = chunk("EDGE").flatMap { edge in
        table.firstIndex { $0.id == "EDGE" }.map {
          (Int(read64(table[$0 + 1].offsetAt)) - edge) / 4
        }
      }
      if second, below(2) == 0 { value = 0x8000_0000 | UInt32((edges ?? 0) + below(1000)) }
      put32(value, at: data + commit * 36 + (second ? 24 : 20))
      return "parent \(second ? 2 : 1) of commit \(commit) set to \(value)"
    case 5:
      guard let edge = chunk("EDGE"), let index = table.firstIndex(where: { $0.id == "EDGE" })
      else { return "no extra-edge list" }
      let entries = (Int(read64(table[index + 1].offsetAt)) - edge) / 4
      if below(2) == 0 {
        // The list's last entry no longer ends it, so it runs past the chunk.
        let last = edge + (entries - 1) * 4
        put32(read32(last) & 0x7FFF_FFFF, at: last)
        return "extra-edge list unterminated"
      }
      let at = edge + below(entries) * 4
      put32(read32(at) & 0x8000_0000 | outOfRange[0], at: at)
      return "extra edge \((at - edge) / 4) set to \(outOfRange[0])"
    case 6:
      let old = bytes[7]
      bytes[7] = old &+ UInt8(1 + below(255))
      return "base count \(old) → \(bytes[7]) in layer \(layer)"
    default:
      let old = bytes[6]
      bytes[6] = old &+ UInt8(1 + below(255))
      return "chunk count \(old) → \(bytes[6])"
    }
  }
}
