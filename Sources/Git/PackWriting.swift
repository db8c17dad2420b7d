internal import CLibGit2
internal import CZlib
internal import Crypto
internal import Parallelism

#if canImport(FoundationEssentials)
  internal import FoundationEssentials
#else
  internal import Foundation
#endif

extension Repository {
  /// Runs `body` on a second handle of this repository whose new objects are kept in memory,
  /// then stores those that `body`'s returned tree reaches, and that the repository lacks, as
  /// one pack with its index.
  ///
  /// Writing thousands of objects one loose file each costs more in the file system than in
  /// git; a pack costs two files. The pack is written without deltas, its objects compressed
  /// on every core, and its index computed from what is already known, so that nothing is
  /// read back. The objects are on disk when this returns, so a reference may then point at
  /// them. Nothing is stored when `body` throws.
  ///
  /// The corresponding libgit2 functions are `git_mempack_new` and `git_odb_read`.
  public func writingPack(
    _ body: (Repository) throws(GitError) -> ObjectID
  ) throws(GitError) -> ObjectID {
    let batch = try Repository(path: gitDirectory)
    let memory = try make("git_repository_odb") { git_repository_odb($0, batch.pointer) }
    defer { git_odb_free(memory) }
    var backend: UnsafeMutablePointer<git_odb_backend>?
    try check(git_mempack_new(&backend), "git_mempack_new")
    guard let backend else {
      throw GitError(code: .invalid, function: "git_mempack_new", message: "no backend")
    }
    // The object database owns the backend from here on, and frees it with the handle.
    try check(git_odb_add_backend(memory, backend, 1_000), "git_odb_add_backend")
    batch.memoryBackend = backend
    let tree = try body(batch)
    let disk = try make("git_repository_odb") { git_repository_odb($0, pointer) }
    defer { git_odb_free(disk) }
    var missing: [ObjectID] = []
    var seen: Set<ObjectID> = []
    try batch.collectMissing(tree: tree, into: &missing, seen: &seen, absentFrom: disk)
    guard !missing.isEmpty else { return tree }
    var pack = PackFile(count: missing.count)
    // Read and compressed a slice at a time, so that only the slice is held twice.
    for slice in stride(from: 0, to: missing.count, by: 4_096) {
      var objects: [PackObject] = []
      objects.reserveCapacity(4_096)
      for id in missing[slice..<min(missing.count, slice + 4_096)] {
        var oid = id.oid
        let object = try make("git_odb_read") { git_odb_read($0, memory, &oid) }
        defer { git_odb_object_free(object) }
        let size = git_odb_object_size(object)
        let data = git_odb_object_data(object)
        let bytes =
          size == 0 || data == nil ? [] : Array(UnsafeRawBufferPointer(start: data, count: size))
        objects.append(PackObject(id: id, kind: git_odb_object_type(object), bytes: bytes))
      }
      pack.append(objects)
    }
    try check(git_mempack_reset(backend), "git_mempack_reset")
    try pack.write(into: gitDirectory + "/objects/pack")
    try check(git_odb_refresh(disk), "git_odb_refresh")
    return tree
  }

  /// Stores bytes as a blob whose id the caller already computed with ``blobID(of:)``.
  ///
  /// Inside ``writingPack(_:)`` the blob goes straight into memory, without hashing it again
  /// and without looking for it on disk first (a miss there makes libgit2 rescan its packs);
  /// elsewhere this is ``writeBlob(_:)``.
  public func writeBlob(_ bytes: [UInt8], id: ObjectID) throws(GitError) {
    guard let backend = memoryBackend, let write = backend.pointee.write, !bytes.isEmpty else {
      _ = try writeBlob(bytes)
      return
    }
    assert((try? Repository.blobID(of: bytes)) == id, "blob id does not match its bytes")
    var oid = id.oid
    let code = bytes.withUnsafeBytes { buffer in
      write(backend, &oid, buffer.baseAddress, buffer.count, GIT_OBJECT_BLOB)
    }
    try check(code, "git_odb_backend.write")
  }

  /// Lists the tree and what it reaches, down to what `disk` already has, each object once.
  private func collectMissing(
    tree id: ObjectID, into missing: inout [ObjectID], seen: inout Set<ObjectID>,
    absentFrom disk: OpaquePointer
  ) throws(GitError) {
    var oid = id.oid
    guard seen.insert(id).inserted, !Self.exists(&oid, in: disk) else { return }
    missing.append(id)
    let tree = try make("git_tree_lookup") { git_tree_lookup($0, pointer, &oid) }
    defer { git_tree_free(tree) }
    for index in 0..<git_tree_entrycount(tree) {
      guard let entry = git_tree_entry_byindex(tree, index) else { continue }
      var child = git_tree_entry_id(entry).pointee
      switch git_tree_entry_type(entry) {
      case GIT_OBJECT_TREE:
        try collectMissing(tree: ObjectID(child), into: &missing, seen: &seen, absentFrom: disk)
      case GIT_OBJECT_BLOB:
        let blob = ObjectID(child)
        if seen.insert(blob).inserted, !Self.exists(&child, in: disk) { missing.append(blob) }
      default: continue
      }
    }
  }

  /// Whether `disk` holds the object, without rescanning its packs on a miss: most objects
  /// of a new snapshot are new, and a rescan per object costs more than a duplicate in the
  /// pack when another writer stored the same object meanwhile.
  private static func exists(_ oid: inout git_oid, in disk: OpaquePointer) -> Bool {
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

/// A version 2 pack of whole (undeltified) objects and its version 2 index, as git's
/// `Documentation/gitformat-pack.txt` describes them, built in memory as objects are appended.
struct PackFile {
  private let count: Int
  private var pack: [UInt8]
  private var ids: [ObjectID] = []
  private var crcs: [UInt32] = []
  private var offsets: [UInt64] = []

  /// Starts a pack of `count` objects.
  init(count: Int) {
    self.count = count
    pack = Array("PACK".utf8)
    Self.append(UInt32(2), to: &pack)
    Self.append(UInt32(count), to: &pack)
    ids.reserveCapacity(count)
    crcs.reserveCapacity(count)
    offsets.reserveCapacity(count)
  }

  /// Compresses `objects` on every core and appends them.
  mutating func append(_ objects: [PackObject]) {
    let entries = Parallel.map(objects) { Self.entry($0) }
    for (object, entry) in zip(objects, entries) {
      ids.append(object.id)
      crcs.append(entry.crc)
      offsets.append(UInt64(pack.count))
      pack += entry.bytes
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
        try Data(bytes).write(to: URL(fileURLWithPath: name + suffix), options: .atomic)
        try FileManager.default.setAttributes(
          [.posixPermissions: 0o444], ofItemAtPath: name + suffix)
      }
    } catch {
      throw GitError(code: .generic, function: "write pack", message: "\(name): \(error)")
    }
  }

  /// An object as the pack stores it: type and size, then the zlib-compressed content.
  private static func entry(_ object: PackObject) -> (bytes: [UInt8], crc: UInt32) {
    var header: [UInt8] = []
    var size = object.bytes.count
    var byte = object.type << 4 | UInt8(size & 0x0f)
    size >>= 4
    while size > 0 {
      header.append(byte | 0x80)
      byte = UInt8(size & 0x7f)
      size >>= 7
    }
    header.append(byte)
    var length = compressBound(uLong(object.bytes.count))
    var bytes = header + [UInt8](repeating: 0, count: Int(length))
    let code = bytes.withUnsafeMutableBufferPointer { output in
      object.bytes.withUnsafeBufferPointer { input in
        guard let start = output.baseAddress else { return Z_BUF_ERROR }
        return compress2(
          start + header.count, &length, input.baseAddress, uLong(input.count),
          Z_DEFAULT_COMPRESSION)
      }
    }
    precondition(code == Z_OK, "zlib compress2 failed with \(code)")
    bytes.removeLast(bytes.count - header.count - Int(length))
    let crc = bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
    return (bytes, UInt32(truncatingIfNeeded: crc))
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
