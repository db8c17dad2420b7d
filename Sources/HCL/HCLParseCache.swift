public import DriftModel

/// Parsed files by their exact bytes, so that evaluations of many commits of one configuration
/// parse each distinct file once.
///
/// A body is reused only for the same path and the same bytes (compared in full, not by a
/// digest), so it is the body `HCLParser.parse` would give. The cache is bounded by the bytes of
/// the files it holds and by their number; past either, the least recently used half is
/// dropped until half of each bound is held. Syntax errors are not cached. Not for concurrent use: one evaluation at a time.
public final class HCLParseCache {
  private struct Key: Hashable {
    var file: String
    var bytes: [UInt8]

    func hash(into hasher: inout Hasher) {
      hasher.combine(file)
      bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
  }

  private struct Entry {
    var body: HCLBody
    var used: Int
  }

  /// The most bytes of source the cache holds.
  public let maximumBytes: Int
  /// The most files the cache holds.
  public let maximumFiles: Int
  private var entries: [Key: Entry] = [:]
  private var bytes = 0
  private var clock = 0
  /// How many parses were answered from the cache.
  public private(set) var hits = 0
  /// How many files were parsed.
  public private(set) var misses = 0

  /// The number of files held.
  public var count: Int { entries.count }

  /// Creates an empty cache holding at most `maximumBytes` of source in `maximumFiles` files.
  public init(maximumBytes: Int = 16 << 20, maximumFiles: Int = 4_096) {
    self.maximumBytes = maximumBytes
    self.maximumFiles = maximumFiles
  }

  /// The body of the file at `file` whose contents are `bytes`, parsed once.
  ///
  /// - Throws: the syntax error `HCLParser.parse` throws.
  public func body(_ bytes: [UInt8], file: String) throws(DriftError) -> HCLBody {
    clock += 1
    let key = Key(file: file, bytes: bytes)
    if let entry = entries[key] {
      hits += 1
      entries[key]?.used = clock
      return entry.body
    }
    misses += 1
    let body = try HCLParser.parse(bytes, file: file)
    guard bytes.count <= maximumBytes / 2, maximumFiles > 1 else { return body }
    entries[key] = Entry(body: body, used: clock)
    self.bytes += bytes.count
    if self.bytes > maximumBytes || entries.count > maximumFiles { evict() }
    return body
  }

  /// The body of `bytes` from `cache`, or parsed when there is no cache.
  public static func body(_ bytes: [UInt8], file: String, in cache: HCLParseCache?)
    throws(DriftError) -> HCLBody
  {
    if let cache { return try cache.body(bytes, file: file) }
    return try HCLParser.parse(bytes, file: file)
  }

  /// Drops the least recently used entries until at most half of each bound is held.
  private func evict() {
    for (key, _) in entries.sorted(by: { $0.value.used < $1.value.used }) {
      guard bytes > maximumBytes / 2 || entries.count > maximumFiles / 2 else { break }
      entries[key] = nil
      bytes -= key.bytes.count
    }
  }
}
