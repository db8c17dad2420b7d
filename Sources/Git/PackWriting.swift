internal import CLibGit2

extension Repository {
  /// Runs `body` on a second handle of this repository whose new objects are kept in memory,
  /// then stores those that `body`'s returned tree reaches, and that the repository lacks, as
  /// one pack with its index.
  ///
  /// Writing thousands of objects one loose file each costs more in the file system than in
  /// git; a pack costs two files. The objects are on disk when this returns, so a reference
  /// may then point at them. Nothing is stored when `body` throws.
  ///
  /// The corresponding libgit2 functions are `git_mempack_new`, `git_packbuilder_insert` and
  /// `git_packbuilder_write`.
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
    let tree = try body(batch)
    let disk = try make("git_repository_odb") { git_repository_odb($0, pointer) }
    defer { git_odb_free(disk) }
    let builder = try make("git_packbuilder_new") { git_packbuilder_new($0, batch.pointer) }
    defer { git_packbuilder_free(builder) }
    // The delta search dominates: give it every core (0 asks libgit2 to count them).
    git_packbuilder_set_threads(builder, 0)
    try batch.insertMissing(tree: tree, into: builder, absentFrom: disk)
    if git_packbuilder_object_count(builder) > 0 {
      try check(git_packbuilder_write(builder, nil, 0, nil, nil), "git_packbuilder_write")
    }
    return tree
  }

  /// Adds the tree and what it reaches to `builder`, down to what `disk` already has.
  private func insertMissing(
    tree id: ObjectID, into builder: OpaquePointer, absentFrom disk: OpaquePointer
  ) throws(GitError) {
    var oid = id.oid
    guard !Self.exists(&oid, in: disk) else { return }
    try check(git_packbuilder_insert(builder, &oid, nil), "git_packbuilder_insert")
    let tree = try make("git_tree_lookup") { git_tree_lookup($0, pointer, &oid) }
    defer { git_tree_free(tree) }
    for index in 0..<git_tree_entrycount(tree) {
      guard let entry = git_tree_entry_byindex(tree, index) else { continue }
      var child = git_tree_entry_id(entry).pointee
      switch git_tree_entry_type(entry) {
      case GIT_OBJECT_TREE:
        try insertMissing(tree: ObjectID(child), into: builder, absentFrom: disk)
      case GIT_OBJECT_BLOB:
        if !Self.exists(&child, in: disk) {
          try check(git_packbuilder_insert(builder, &child, nil), "git_packbuilder_insert")
        }
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
