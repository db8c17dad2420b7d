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

  /// The repository's commit-graph, or nil when it has none (or one this reader does not
  /// understand, which is then simply not used).
  init?(objectsDirectory: String) {
    let info = objectsDirectory + "/info"
    var paths: [String] = []
    if let chain = FileManager.default.contents(atPath: info + "/commit-graphs/commit-graph-chain")
    {
      let hashes = String(decoding: chain, as: UTF8.self).split(separator: "\n")
      paths = hashes.map { info + "/commit-graphs/graph-\($0).graph" }
    } else {
      paths = [info + "/commit-graph"]
    }
    var layers: [Layer] = []
    for path in paths {
      guard let data = FileManager.default.contents(atPath: path),
        let layer = Self.layer([UInt8](data), base: layers.last.map { $0.base + $0.count } ?? 0)
      else { return nil }
      layers.append(layer)
    }
    guard !layers.isEmpty else { return nil }
    self.layers = layers
  }

  private static func layer(_ bytes: [UInt8], base: Int) -> Layer? {
    guard bytes.count >= 8, bytes[0..<4].elementsEqual("CGPH".utf8), bytes[4] == 1,
      bytes[5] == 1
    else { return nil }
    let chunkCount = Int(bytes[6])
    var chunks: [String: Int] = [:]
    for index in 0..<chunkCount {
      let entry = 8 + index * 12
      guard entry + 12 <= bytes.count else { return nil }
      let name = String(decoding: bytes[entry..<entry + 4], as: UTF8.self)
      chunks[name] = Int(read64(bytes, entry + 4))
    }
    guard let fanout = chunks["OIDF"], let ids = chunks["OIDL"], let data = chunks["CDAT"],
      fanout + 1024 <= bytes.count
    else { return nil }
    let count = Int(read32(bytes, fanout + 255 * 4))
    guard ids + count * 20 <= bytes.count, data + count * 36 <= bytes.count else { return nil }
    return Layer(bytes: bytes, fanout: fanout, ids: ids, data: data, count: count, base: base)
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
