internal import CLibGit2

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
    items.sort { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(items.reduce(0) { $0 + $1.sortKey.count + 28 })
    for item in items {
      bytes += String(item.mode, radix: 8).utf8
      bytes.append(UInt8(ascii: " "))
      bytes += item.isTree ? item.sortKey.dropLast() : item.sortKey[...]
      bytes.append(0)
      bytes += item.id.bytes
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
    var missing: [PackObject] = []
    for object in batch.objects {
      var oid = object.id.oid
      guard seen.insert(object.id).inserted, !Self.exists(&oid, in: database) else { continue }
      missing.append(object)
    }
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
    try pack.write(into: gitDirectory + "/objects/pack")
    try check(git_odb_refresh(database), "git_odb_refresh")
  }
}
