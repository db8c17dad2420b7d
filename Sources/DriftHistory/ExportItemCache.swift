public import DriftFormats
public import DriftJSON
public import DriftModel
import Foundation
public import Git

/// What the latest snapshot of a source made of each item of the kubectl List it recorded, by
/// the id of the item's bytes: the next `snapshot record` of a mostly unchanged export parses
/// and serialises only the items whose bytes changed (a watcher records every few minutes).
///
/// Kept in the git directory all working trees share (`drift/items/`), never in a working tree. It
/// answers only for the snapshot it was written with (the source's ref must still point at
/// it) and only while a probe object still serialises to the same blob (the same digest key and
/// normalisation); a damaged or foreign file is ignored.
public struct ExportItemCache: Sendable {
  /// A recorded item: where its blob is in the snapshot tree, the blob, and the type.
  struct Entry: Sendable {
    var path: String
    var id: ObjectID
    var type: String
  }

  private let entries: [ObjectID: Entry]
  /// The blobs of the snapshot the entries were recorded in, by path.
  private let latest: [String: ObjectID]

  /// How the items were read and stored: the cache is valid only for the same adapter, source
  /// options and digest key.
  public struct ItemFormat: Sendable {
    public var adapter: any FormatAdapter
    public var source: SourceConfiguration
    public var secrets: SecretDigester

    /// Creates the description.
    public init(adapter: any FormatAdapter, source: SourceConfiguration, secrets: SecretDigester) {
      self.adapter = adapter
      self.source = source
      self.secrets = secrets
    }
  }

  private static let magic = Array("git-drift export items 1\n".utf8)

  /// The cache of `source` if it describes `tip`, the source's latest snapshot; else empty.
  ///
  /// - Parameter latest: the blobs of `tip` by path (``SnapshotStore/latestBlobs(of:)``).
  public static func load(
    repository: Repository, source: String, tip: ObjectID?, latest: [String: ObjectID],
    format: ItemFormat
  ) -> ExportItemCache {
    guard let tip,
      let data = FileManager.default.contents(atPath: path(of: source, in: repository))
    else { return ExportItemCache(entries: [:], latest: latest) }
    let entries = parse(Array(data), key: key(tip: tip, format: format)) ?? [:]
    return ExportItemCache(entries: entries, latest: latest)
  }

  /// What the latest snapshot made of the item whose bytes have the blob id `item`; nil when it
  /// did not record one.
  public func stored(forItemID item: ObjectID) -> SnapshotStore.StoredResource? {
    guard let entry = entries[item], latest[entry.path] == entry.id else { return nil }
    return SnapshotStore.StoredResource(
      path: entry.path, id: entry.id, bytes: nil, type: entry.type, item: item)
  }

  /// Remembers the items of `stored` (those read from a List) as recorded in `snapshot`.
  ///
  /// Best effort: a cache that cannot be written costs the next record its speed, nothing
  /// else.
  public static func write(
    _ stored: [SnapshotStore.StoredResource], snapshot: ObjectID, repository: Repository,
    source: String, format: ItemFormat
  ) {
    var bytes = magic
    bytes += key(tip: snapshot, format: format).bytes
    let items = stored.filter { $0.item != nil }
    bytes.reserveCapacity(bytes.count + items.count * 128)
    append(UInt32(items.count), to: &bytes)
    for item in items {
      guard let digest = item.item else { continue }
      digest.append(to: &bytes)
      item.id.append(to: &bytes)
      append(UInt32(item.path.utf8.count), to: &bytes)
      bytes.append(contentsOf: item.path.utf8)
      append(UInt32(item.type.utf8.count), to: &bytes)
      bytes.append(contentsOf: item.type.utf8)
    }
    let file = path(of: source, in: repository)
    let folder = (file as NSString).deletingLastPathComponent
    let temporary = file + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
    do {
      try FileManager.default.createDirectory(
        atPath: folder, withIntermediateDirectories: true)
      try Data(bytes).write(to: URL(fileURLWithPath: temporary))
      guard rename(temporary, file) == 0 else {
        try? FileManager.default.removeItem(atPath: temporary)
        return
      }
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
    }
  }

  static func path(of source: String, in repository: Repository) -> String {
    repository.commonDirectory + "/drift/items/" + Repository.blobID(of: Array(source.utf8)).hex
  }

  /// What the entries are valid for: the snapshot, and the blob a probe object serialises to
  /// (it changes with the digest key and with any change to what snapshots keep).
  static func key(tip: ObjectID, format: ItemFormat) -> ObjectID {
    var probe = Array(tip.hex.utf8)
    if let resources = try? format.adapter.live(
      Array(probeExport.utf8), name: "probe", source: format.source, secrets: format.secrets)
    {
      for resource in resources {
        let stored = SnapshotStore.stored(resource, adapter: format.adapter, latest: [:])
        probe += Array((stored.path + " " + stored.id.hex + "\n").utf8)
      }
    }
    return Repository.blobID(of: probe)
  }

  /// A List with what normalisation touches: a Secret, status, managedFields, defaults.
  private static let probeExport = """
    {"apiVersion":"v1","kind":"List","items":[
    {"apiVersion":"v1","kind":"Secret","metadata":{"name":"probe","resourceVersion":"7",
    "managedFields":[{"manager":"kubectl","operation":"Apply","fieldsType":"FieldsV1",
    "fieldsV1":{"f:data":{"f:token":{}}}},{"manager":"k","subresource":"status"}]},
    "data":{"token":"c2VjcmV0"},"type":"Opaque"},
    {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"probe","uid":"u",
    "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}},
    "spec":{"replicas":1.5e3,"template":{"spec":{"containers":[{"name":"a\\u00e9"}]}}},
    "status":{"replicas":1}}]}
    """

  private static func parse(_ bytes: [UInt8], key: ObjectID) -> [ObjectID: Entry]? {
    var reader = ByteReader(bytes: bytes)
    guard reader.take(magic.count).map(Array.init) == magic,
      reader.take(20).map({ ObjectID(bytes: $0) }) == key, let count = reader.integer()
    else { return nil }
    var entries: [ObjectID: Entry] = [:]
    entries.reserveCapacity(Int(count))
    for _ in 0..<count {
      guard let item = reader.take(20).map({ ObjectID(bytes: $0) }),
        let id = reader.take(20).map({ ObjectID(bytes: $0) }), let path = reader.text(),
        let type = reader.text()
      else { return nil }
      entries[item] = Entry(path: path, id: id, type: type)
    }
    return reader.isAtEnd ? entries : nil
  }

  private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
  }
}

/// Reads the cache file, refusing to read past its end.
private struct ByteReader {
  let bytes: [UInt8]
  var offset = 0

  var isAtEnd: Bool { offset == bytes.count }

  mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
    guard count >= 0, count <= bytes.count - offset else { return nil }
    defer { offset += count }
    return bytes[offset..<(offset + count)]
  }

  mutating func integer() -> UInt32? {
    take(4).map { slice in slice.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
  }

  mutating func text() -> String? {
    guard let count = integer(), let utf8 = take(Int(count)) else { return nil }
    return String(decoding: utf8, as: UTF8.self)
  }
}
