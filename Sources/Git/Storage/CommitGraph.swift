#if canImport(FoundationEssentials)
  internal import FoundationEssentials
#else
  internal import Foundation
#endif

/// git's commit-graph (`objects/info/commit-graph`, or the split chain in
/// `objects/info/commit-graphs/`), read directly: each commit's tree, parents and committer
/// time without inflating and parsing the commit object.
///
/// libgit2 1.5 can write commit-graphs but exports no reader. `git gc`, `git maintenance` and
/// `git commit-graph write --reachable` write the file; commits newer than it are read from the
/// object database as usual. Format: git's Documentation/gitformat-commit-graph.txt.
struct CommitGraph {
  /// One file of the chain, base first; parent positions count across all of them.
  private struct Layer {
    var bytes: [UInt8]
    var fanout: Int
    var ids: Int
    var data: Int
    var count: Int
    /// How many commits the layers below this one hold.
    var base: Int
  }

  private static let noParent: UInt32 = 0x7000_0000
  private let layers: [Layer]

  /// The commit-graph of `repository`, or nil where git would read none: `core.commitGraph` is
  /// false, or there is no graph this reader can trust (see ``init(objectsDirectory:)``).
  init?(repository: Repository) {
    // A value that is no boolean makes git fail; the graph only saves time, so go without it.
    do {
      guard try repository.configBool("core.commitGraph") ?? true else { return nil }
    } catch {
      return nil
    }
    self.init(objectsDirectory: repository.commonDirectory + "/objects")
  }

  /// The repository's commit-graph, or nil when it has none (or one this reader does not
  /// understand, or one that is damaged, which is then simply not used).
  init?(objectsDirectory: String) {
    let info = objectsDirectory + "/info"
    var paths: [String] = []
    var chain: [ObjectID] = []
    if let file = FileManager.default.contents(atPath: info + "/commit-graphs/commit-graph-chain") {
      let hashes = String(decoding: file, as: UTF8.self).split(separator: "\n")
      // Each layer's BASE chunk must list the layers below by these ids.
      chain = hashes.compactMap { ObjectID(hex: String($0)) }
      guard chain.count == hashes.count else { return nil }
      paths = hashes.map { info + "/commit-graphs/graph-\($0).graph" }
    } else {
      paths = [info + "/commit-graph"]
    }
    var layers: [Layer] = []
    for path in paths {
      guard let data = FileManager.default.contents(atPath: path),
        let layer = Self.layer(
          [UInt8](data), bases: chain.prefix(layers.count),
          base: layers.last.map { $0.base + $0.count } ?? 0)
      else { return nil }
      layers.append(layer)
    }
    guard !layers.isEmpty else { return nil }
    self.layers = layers
  }

  /// One file of the graph, or nil unless its chunks lie in order inside it with the sizes its
  /// commit count gives, and every parent it names is a commit of it or of the layers below:
  /// the lookups then never read outside the file, nor a parent that is not there.
  ///
  /// - Parameters:
  ///   - bases: the ids of the layers below, which its BASE chunk must list.
  ///   - base: how many commits those layers hold.
  private static func layer(_ bytes: [UInt8], bases: ArraySlice<ObjectID>, base: Int) -> Layer? {
    guard bytes.count >= 8 + 20, bytes[0..<4].elementsEqual("CGPH".utf8), bytes[4] == 1,
      bytes[5] == 1, Int(bytes[7]) == bases.count
    else { return nil }
    // Each entry of the table names a chunk and where it starts; the chunk ends where the next
    // one starts, the last where the terminating entry (id 0) says, before the checksum.
    let chunkCount = Int(bytes[6])
    let end = bytes.count - 20
    var start = 8 + (chunkCount + 1) * 12
    guard start <= end else { return nil }
    var chunks: [String: Range<Int>] = [:]
    var name: String?
    for index in 0...chunkCount {
      let entry = 8 + index * 12
      let offset = read64(bytes, entry + 4)
      guard offset >= UInt64(start), offset <= UInt64(end) else { return nil }
      if let name {
        guard chunks.updateValue(start..<Int(offset), forKey: name) == nil else { return nil }
      }
      let id = bytes[entry..<entry + 4]
      guard id.allSatisfy({ $0 == 0 }) == (index == chunkCount) else { return nil }
      name = String(decoding: id, as: UTF8.self)
      start = Int(offset)
    }
    guard let fanout = chunks["OIDF"], fanout.count == 256 * 4, let ids = chunks["OIDL"],
      let data = chunks["CDAT"]
    else { return nil }
    // The fanout bounds each binary search, so it must rise to the number of ids.
    var count: UInt32 = 0
    for index in 0..<256 {
      let next = read32(bytes, fanout.lowerBound + index * 4)
      guard next >= count else { return nil }
      count = next
    }
    guard ids.count == Int(count) * 20, data.count == Int(count) * 36 else { return nil }
    if !bases.isEmpty {
      guard let list = chunks["BASE"], bytes[list].elementsEqual(bases.flatMap(\.bytes)) else {
        return nil
      }
    }
    // Parents are positions in this layer or those below; a second parent with the high bit
    // set is an index into the extra edges, a list of positions whose last has the high bit.
    let limit = base + Int(count)
    let edges = chunks["EDGE"] ?? end..<end
    guard edges.count % 4 == 0 else { return nil }
    for offset in stride(from: edges.lowerBound, to: edges.upperBound, by: 4) {
      guard Int(read32(bytes, offset) & 0x7FFF_FFFF) < limit else { return nil }
    }
    if !edges.isEmpty, read32(bytes, edges.upperBound - 4) & 0x8000_0000 == 0 { return nil }
    for entry in stride(from: data.lowerBound, to: data.upperBound, by: 36) {
      let first = read32(bytes, entry + 20)
      let second = read32(bytes, entry + 24)
      guard first == noParent || Int(first) < limit,
        second == noParent || Int(second) < limit
          || (second & 0x8000_0000 != 0 && Int(second & 0x7FFF_FFFF) < edges.count / 4)
      else { return nil }
    }
    return Layer(
      bytes: bytes, fanout: fanout.lowerBound, ids: ids.lowerBound, data: data.lowerBound,
      count: Int(count), base: base)
  }

  /// The header of commit `id`, or nil when the graph does not hold it.
  func header(of id: ObjectID) -> CommitHeader? {
    let key = id.bytes
    for layer in layers {
      guard let position = Self.position(of: key, in: layer) else { continue }
      let entry = layer.data + position * 36
      let bytes = layer.bytes
      let tree = ObjectID(bytes: bytes[entry..<entry + 20])
      let parent = Self.read32(bytes, entry + 20)
      let high = UInt64(Self.read32(bytes, entry + 28) & 0x3)
      let time = high << 32 | UInt64(Self.read32(bytes, entry + 32))
      var firstParent: ObjectID?
      if parent != Self.noParent {
        guard let parentID = self.id(at: Int(parent)) else { return nil }
        firstParent = parentID
      }
      return CommitHeader(
        id: id, tree: tree, firstParent: firstParent,
        time: Date(timeIntervalSince1970: TimeInterval(time)))
    }
    return nil
  }

  private func id(at position: Int) -> ObjectID? {
    for layer in layers where position >= layer.base && position < layer.base + layer.count {
      let start = layer.ids + (position - layer.base) * 20
      return ObjectID(bytes: layer.bytes[start..<start + 20])
    }
    return nil
  }

  private static func position(of key: [UInt8], in layer: Layer) -> Int? {
    let first = Int(key[0])
    var low = first == 0 ? 0 : Int(read32(layer.bytes, layer.fanout + (first - 1) * 4))
    var high = Int(read32(layer.bytes, layer.fanout + first * 4))
    while low < high {
      let middle = (low + high) / 2
      let start = layer.ids + middle * 20
      var order = 0
      for index in 0..<20 where layer.bytes[start + index] != key[index] {
        order = layer.bytes[start + index] < key[index] ? -1 : 1
        break
      }
      if order == 0 { return middle }
      if order < 0 { low = middle + 1 } else { high = middle }
    }
    return nil
  }

  private static func read32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
    bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
  }

  private static func read64(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
    bytes[offset..<offset + 8].reduce(0) { $0 << 8 | UInt64($1) }
  }
}
