internal import CLibGit2

#if canImport(Glibc)
  internal import Glibc
#endif

/// New objects whose ids are computed in memory, stored together by
/// ``Repository/store(_:packingFrom:)``: a snapshot's blobs and the trees that hold them.
///
/// Nothing goes through libgit2 until the objects are stored, so nothing is hashed twice or
/// read back.
public struct ObjectBatch: Sendable {
  var objects: [PackObject] = []

  /// An empty batch.
  public init() {}

  /// How many objects the batch holds.
  public var count: Int { objects.count }

  /// Adds a blob whose id the caller computed with ``Repository/blobID(of:)``.
  public mutating func addBlob(_ bytes: [UInt8], id: ObjectID) {
    assert(Repository.blobID(of: bytes) == id, "blob id does not match its bytes")
    objects.append(PackObject(id: id, kind: GIT_OBJECT_BLOB, bytes: bytes))
  }

  /// Adds the trees of a whole tree with nested folders, the same trees as
  /// ``Repository/writeTree(entries:)`` writes for the same entries.
  ///
  /// - Returns: the root tree's id.
  /// - Throws: ``GitError`` with code `.invalid` for an empty path component, `.`, `..` or
  ///   `.git`, a NUL byte, a path given twice, or a path that is both a file and a folder.
  public mutating func addTrees(entries: [TreeEntry]) throws(GitError) -> ObjectID {
    try add(try Folder(entries))
  }

  private mutating func add(_ folder: Folder) throws(GitError) -> ObjectID {
    var items: [TreeItem] = []
    items.reserveCapacity(folder.files.count + folder.folders.count)
    for (name, entry) in folder.files {
      items.append(try TreeItem(name: name, mode: entry.kind.mode, id: entry.id))
    }
    for (name, subfolder) in folder.folders {
      items.append(try TreeItem(name: name, mode: TreeEntry.Kind.tree.mode, id: try add(subfolder)))
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(items.reduce(0) { $0 + $1.sortKey.count + 28 })
    for index in TreeItem.gitOrder(items) {
      let item = items[index]
      bytes += TreeItem.modeText(item.mode)
      bytes.append(UInt8(ascii: " "))
      bytes += item.isTree ? item.sortKey.dropLast() : item.sortKey[...]
      bytes.append(0)
      withUnsafeBytes(of: item.id.oid.id) { bytes.append(contentsOf: $0) }
    }
    let id = Repository.objectID(of: bytes[...], type: "tree")
    objects.append(PackObject(id: id, kind: GIT_OBJECT_TREE, bytes: bytes))
    return id
  }
}

/// One entry of a tree object being serialised.
private struct TreeItem {
  /// The name's bytes, a folder's followed by `/`: git orders entries so.
  var sortKey: [UInt8]
  var mode: UInt32
  var id: ObjectID

  init(name: String, mode: UInt32, id: ObjectID) throws(GitError) {
    guard !name.utf8.contains(0), name.utf8.count != 4 || name.lowercased() != ".git" else {
      throw GitError(
        code: .invalid, function: "git_treebuilder_insert",
        message: "invalid tree entry name '\(name)'")
    }
    self.mode = mode
    self.id = id
    sortKey = Array(name.utf8)
    if isTree { sortKey.append(UInt8(ascii: "/")) }
  }

  var isTree: Bool { mode == TreeEntry.Kind.tree.mode }

  /// The indices of `items` in git's order of tree entries: by the bytes of their sort keys.
  ///
  /// The keys are packed into one buffer first, so that the comparisons (half a million for a
  /// snapshot folder of 30,000 files) compare bytes without counting references.
  static func gitOrder(_ items: [TreeItem]) -> [Int] {
    var keys: [UInt8] = []
    var ranges: [Range<Int>] = []
    ranges.reserveCapacity(items.count)
    for item in items {
      let start = keys.count
      keys += item.sortKey
      ranges.append(start..<keys.count)
    }
    var order = Array(items.indices)
    keys.withUnsafeBufferPointer { keys in
      ranges.withUnsafeBufferPointer { ranges in
        order.sort { precedes(keys, ranges[$0], ranges[$1]) }
      }
    }
    return order
  }

  private static func precedes(
    _ keys: UnsafeBufferPointer<UInt8>, _ left: Range<Int>, _ right: Range<Int>
  ) -> Bool {
    let common = min(left.count, right.count)
    if common > 0, let base = keys.baseAddress {
      let order = memcmp(base + left.lowerBound, base + right.lowerBound, common)
      if order != 0 { return order < 0 }
    }
    return left.count < right.count
  }

  /// The octal mode as a tree writes it: `100644`, `40000` for a folder.
  static func modeText(_ mode: UInt32) -> [UInt8] {
    switch mode {
    case 0o100644: return fileMode
    case 0o040000: return folderMode
    default: return Array(String(mode, radix: 8).utf8)
    }
  }

  private static let fileMode = Array("100644".utf8)
  private static let folderMode = Array("40000".utf8)
}

extension Repository {
  /// Stores the objects of `batch` that the repository lacks, each once: as loose objects when
  /// fewer than `minimum`, else as one pack with its index.
  ///
  /// Thousands of loose files cost more in the file system than in git; a pack costs two. The
  /// pack is written without deltas, its objects compressed on every core, and its index
  /// computed from what is already known, so that nothing is read back.
  ///
  /// The objects are on disk when this returns, so a reference may then point at them.
  ///
  /// The corresponding libgit2 functions are `git_odb_exists_ext` and `git_odb_write`.
  public func store(_ batch: ObjectBatch, packingFrom minimum: Int) throws(GitError) {
    let database = try make("git_repository_odb") { git_repository_odb($0, pointer) }
    defer { git_odb_free(database) }
    var seen: Set<ObjectID> = []
    seen.reserveCapacity(batch.objects.count)
    let distinct = batch.objects.filter { seen.insert($0.id).inserted }
    var missing = try lacking(distinct, in: database)
    guard missing.count >= minimum else {
      for object in missing {
        var oid = git_oid()
        let code = object.bytes.withUnsafeBytes { buffer in
          git_odb_write(
            &oid, database, buffer.baseAddress, buffer.count,
            git_object_t(rawValue: Int32(object.type)))
        }
        try check(code, "git_odb_write")
      }
      return
    }
    var pack = PackFile(count: missing.count, level: packCompressionLevel)
    pack.append(missing)
    missing = []
    try pack.write(into: commonDirectory + "/objects/pack")
    try check(git_odb_refresh(database), "git_odb_refresh")
  }

  /// The objects the repository lacks, in their order.
  ///
  /// Many objects are looked up in the packs alone, after one listing of the loose objects:
  /// asking the whole database about an absent object costs a file system call, 30,000 of
  /// them for a snapshot. Objects only an alternate holds are then stored again, which git
  /// allows.
  private func lacking(_ objects: [PackObject], in database: OpaquePointer) throws(GitError)
    -> [PackObject]
  {
    guard objects.count >= 1_024 else {
      return objects.filter { object in
        var oid = object.id.oid
        return !Self.exists(&oid, in: database)
      }
    }
    let packs = try make("git_odb_new") { git_odb_new($0) }
    defer { git_odb_free(packs) }
    var backend: UnsafeMutablePointer<git_odb_backend>?
    try check(
      git_odb_backend_pack(&backend, commonDirectory + "/objects"), "git_odb_backend_pack")
    let added = git_odb_add_backend(packs, backend, 1)
    if added != 0, let backend { backend.pointee.free(backend) }
    try check(added, "git_odb_add_backend")
    let loose = looseObjects()
    return objects.filter { object in
      guard !loose.contains(object.id) else { return false }
      var oid = object.id.oid
      return !Self.exists(&oid, in: packs)
    }
  }

  /// The ids of the loose objects, from the names in `objects/00` to `objects/ff`.
  private func looseObjects() -> Set<ObjectID> {
    var found: Set<ObjectID> = []
    let digits = Array("0123456789abcdef")
    for byte in 0..<256 {
      let folder = String([digits[byte >> 4], digits[byte & 0x0f]])
      guard let directory = opendir(commonDirectory + "/objects/" + folder) else { continue }
      defer { closedir(directory) }
      while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
          String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if name.utf8.count == 38, let id = ObjectID(hex: folder + name) { found.insert(id) }
      }
    }
    return found
  }
}
