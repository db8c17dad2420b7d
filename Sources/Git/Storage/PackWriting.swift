internal import CLibDeflate
internal import CLibGit2
internal import Crypto
internal import Parallelism

#if canImport(FoundationEssentials)
  internal import FoundationEssentials
#else
  internal import Foundation
#endif

extension Repository {
  /// The zlib level of the packs written here: git's `pack.compression`, else
  /// `core.compression`, else 1, the fastest (-1 is zlib's default, 6).
  ///
  /// Level 1 is what git uses for loose objects (`core.looseCompression`), which these packs
  /// stand in for. On the 30,000 small JSON blobs of a snapshot it costs a third less CPU time
  /// than the default level 6 for a pack 6% larger.
  var packCompressionLevel: Int32 {
    for key in ["pack.compression", "core.compression"] {
      if let level = try? configInt(key), (-1...9).contains(level) {
        return level == -1 ? 6 : Int32(level)
      }
    }
    return 1
  }

  /// Whether `disk` holds the object, without rescanning its packs on a miss: most objects
  /// of a new snapshot are new, and a rescan per object costs more than a duplicate in the
  /// pack when another writer stored the same object meanwhile.
  static func exists(_ oid: inout git_oid, in disk: OpaquePointer) -> Bool {
    git_odb_exists_ext(disk, &oid, GIT_ODB_LOOKUP_NO_REFRESH.rawValue) != 0
  }
}

/// An object to store in a pack: its id, libgit2 type and uncompressed content.
struct PackObject: Sendable {
  var id: ObjectID
  var type: UInt8
  var bytes: [UInt8]

  init(id: ObjectID, kind: git_object_t, bytes: [UInt8]) {
    self.id = id
    self.type = UInt8(truncatingIfNeeded: kind.rawValue)
    self.bytes = bytes
  }
}

/// Pack entries compressed one after the other: each object's type and size, then its
/// zlib-compressed content.
private struct CompressedObjects {
  var bytes: [UInt8] = []
  /// Where each entry ends in `bytes`.
  var ends: [Int] = []
  /// The CRC-32 of each entry, which the pack index keeps.
  var crcs: [UInt32] = []

  mutating func append(_ object: PackObject, with deflater: Deflater) {
    let start = bytes.count
    var size = object.bytes.count
    var byte = object.type << 4 | UInt8(size & 0x0f)
    size >>= 4
    while size > 0 {
      bytes.append(byte | 0x80)
      byte = UInt8(size & 0x7f)
      size >>= 7
    }
    bytes.append(byte)
    deflater.compress(object.bytes, appendingTo: &bytes)
    let crc = bytes.withUnsafeBufferPointer { entry in
      libdeflate_crc32(0, entry.baseAddress.map { $0 + start }, entry.count - start)
    }
    ends.append(bytes.count)
    crcs.append(crc)
  }
}

/// A libdeflate compressor reused for object after object.
///
/// Setting one up allocates its hash tables (with zlib and a new stream per object, the 30,000
/// blobs of a snapshot took 3.6 s of CPU time instead of 1.0 s). libdeflate compresses whole
/// buffers about twice as fast as zlib at the same level, into the same zlib format, but it
/// still clears a 128 KiB table on every call: most of the time for blobs of a few kilobytes.
private final class Deflater {
  private let compressor: OpaquePointer

  init(level: Int32) {
    guard let compressor = libdeflate_alloc_compressor(level) else {
      preconditionFailure("libdeflate has no compression level \(level) or no memory")
    }
    self.compressor = compressor
  }

  deinit {
    libdeflate_free_compressor(compressor)
  }

  /// Appends the zlib stream of `input` to `output`.
  func compress(_ input: [UInt8], appendingTo output: inout [UInt8]) {
    let start = output.count
    let bound = libdeflate_zlib_compress_bound(compressor, input.count)
    output.append(contentsOf: repeatElement(0, count: bound))
    let written = input.withUnsafeBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        libdeflate_zlib_compress(
          compressor, source.baseAddress, source.count, target.baseAddress.map { $0 + start },
          bound)
      }
    }
    precondition(written > 0, "libdeflate wrote nothing within its own bound")
    output.removeLast(bound - written)
  }
}

/// A version 2 pack of whole (undeltified) objects and its version 2 index, as git's
/// `Documentation/gitformat-pack.txt` describes them, built in memory as objects are appended.
struct PackFile {
  private let count: Int
  private let level: Int32
  private var pack: [UInt8]
  private var ids: [ObjectID] = []
  private var crcs: [UInt32] = []
  private var offsets: [UInt64] = []

  /// Starts a pack of `count` objects compressed at zlib `level`.
  init(count: Int, level: Int32) {
    self.count = count
    self.level = level
    pack = Array("PACK".utf8)
    Self.append(UInt32(2), to: &pack)
    Self.append(UInt32(count), to: &pack)
    ids.reserveCapacity(count)
    crcs.reserveCapacity(count)
    offsets.reserveCapacity(count)
  }

  /// Compresses `objects` on every core and appends them.
  mutating func append(_ objects: [PackObject]) {
    let level = level
    let lanes = Parallel.chunks(objects.count) { range in
      var lane = CompressedObjects()
      let deflater = Deflater(level: level)
      for index in range { lane.append(objects[index], with: deflater) }
      return lane
    }
    pack.reserveCapacity(pack.count + lanes.reduce(0) { $0 + $1.bytes.count } + 20)
    var index = objects.startIndex
    for lane in lanes {
      var start = 0
      for (end, crc) in zip(lane.ends, lane.crcs) {
        ids.append(objects[index].id)
        crcs.append(crc)
        offsets.append(UInt64(pack.count + start))
        start = end
        index += 1
      }
      pack += lane.bytes
    }
  }

  /// Writes `pack-<checksum>.pack` then its `.idx` into `folder`; readers look for the index,
  /// so they never see a pack without its objects.
  mutating func write(into folder: String) throws(GitError) {
    precondition(ids.count == count, "a pack of \(count) objects holds \(ids.count)")
    let checksum = Array(Insecure.SHA1.hash(data: pack))
    pack += checksum
    let index = Self.index(ids: ids, crcs: crcs, offsets: offsets, checksum: checksum)
    let name = folder + "/pack-" + checksum.map { Self.hex($0) }.joined()
    do {
      // Read-only, as git and libgit2 leave the packs they write.
      for (suffix, bytes) in [(".pack", pack), (".idx", index)] {
        // Lent, not copied: a pack of a 30,000-resource snapshot is 23 MB. Neither file is
        // ever empty, both start with a header.
        try bytes.withUnsafeBytes { buffer in
          guard let start = buffer.baseAddress else { return }
          let data = Data(
            bytesNoCopy: UnsafeMutableRawPointer(mutating: start), count: buffer.count,
            deallocator: .none)
          try data.write(to: URL(fileURLWithPath: name + suffix), options: .atomic)
        }
        try FileManager.default.setAttributes(
          [.posixPermissions: 0o444], ofItemAtPath: name + suffix)
      }
    } catch {
      throw GitError(code: .generic, function: "write pack", message: "\(name): \(error)")
    }
  }

  /// The index: ids sorted, with a fan-out table by first byte, CRCs and offsets.
  private static func index(
    ids: [ObjectID], crcs: [UInt32], offsets: [UInt64], checksum: [UInt8]
  ) -> [UInt8] {
    let order = ids.indices.sorted { ids[$0] < ids[$1] }
    let names = order.map { index in withUnsafeBytes(of: ids[index].oid.id) { Array($0) } }
    var index: [UInt8] = [0xff, 0x74, 0x4f, 0x63]
    append(UInt32(2), to: &index)
    var fanout = [UInt32](repeating: 0, count: 256)
    for name in names { fanout[Int(name[0])] += 1 }
    var total: UInt32 = 0
    for count in fanout {
      total += count
      append(total, to: &index)
    }
    for name in names { index += name }
    for position in order { append(crcs[position], to: &index) }
    var large: [UInt64] = []
    for position in order {
      let offset = offsets[position]
      if offset < 0x8000_0000 {
        append(UInt32(offset), to: &index)
      } else {
        append(0x8000_0000 | UInt32(large.count), to: &index)
        large.append(offset)
      }
    }
    for offset in large {
      append(UInt32(offset >> 32), to: &index)
      append(UInt32(truncatingIfNeeded: offset), to: &index)
    }
    index += checksum
    index += Array(Insecure.SHA1.hash(data: index))
    return index
  }

  private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
    bytes += [
      UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff),
      UInt8(value & 0xff),
    ]
  }

  private static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
  }
}
