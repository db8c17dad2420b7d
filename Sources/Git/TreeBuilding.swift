internal import CLibGit2

extension Repository {
  /// Writes a whole tree from scratch, with nested folders, from blob ids by path.
  ///
  /// - Parameter entries: files by full path (`deploy/app/a.yaml`), all regular files.
  /// - Returns: the root tree's id.
  ///
  /// The corresponding libgit2 function is `git_treebuilder_write`.
  public func writeTree(entries: [(path: String, blob: ObjectID)]) throws(GitError) -> ObjectID {
    try writeTree(entries: entries.map { TreeEntry(path: $0.path, id: $0.blob) })
  }

  /// Writes a whole tree from scratch, with nested folders, keeping each entry's kind.
  ///
  /// - Parameter entries: files, links and submodules by full path; `.tree` entries are
  ///   inserted as they are.
  /// - Returns: the root tree's id.
  /// - Throws: ``GitError`` with code `.invalid` for an empty path component, `.` or `..`, a
  ///   path given twice, or a path that is both a file and a folder.
  ///
  /// The corresponding libgit2 function is `git_treebuilder_write`.
  public func writeTree(entries: [TreeEntry]) throws(GitError) -> ObjectID {
    try write(try Folder(entries))
  }

  private func write(_ folder: Folder) throws(GitError) -> ObjectID {
    let builder = try make("git_treebuilder_new") { git_treebuilder_new($0, pointer, nil) }
    defer { git_treebuilder_free(builder) }
    for (name, entry) in folder.files {
      try insert(name, id: entry.id, mode: entry.kind.mode, into: builder)
    }
    for (name, subfolder) in folder.folders {
      try insert(name, id: try write(subfolder), mode: TreeEntry.Kind.tree.mode, into: builder)
    }
    var oid = git_oid()
    try check(git_treebuilder_write(&oid, builder), "git_treebuilder_write")
    return ObjectID(oid)
  }

  private func insert(
    _ name: String, id: ObjectID, mode: UInt32, into builder: OpaquePointer
  ) throws(GitError) {
    var oid = id.oid
    try check(
      git_treebuilder_insert(nil, builder, name, &oid, git_filemode_t(rawValue: mode)),
      "git_treebuilder_insert")
  }
}

/// A folder being assembled for ``Repository/writeTree(entries:)`` and
/// ``ObjectBatch/addTrees(entries:)``.
final class Folder {
  var files: [String: TreeEntry] = [:]
  var folders: [String: Folder] = [:]

  init() {}

  /// The root folder of `entries`.
  convenience init(_ entries: [TreeEntry]) throws(GitError) {
    self.init()
    for entry in entries {
      try insert(
        entry, components: entry.path.split(separator: "/", omittingEmptySubsequences: false)[...])
    }
  }

  func insert(_ entry: TreeEntry, components: ArraySlice<Substring>) throws(GitError) {
    guard let first = components.first, !first.isEmpty, first != ".", first != ".." else {
      throw invalid("path '\(entry.path)' has an empty, '.' or '..' component")
    }
    let name = String(first)
    if components.count == 1 {
      guard files[name] == nil, folders[name] == nil else {
        throw invalid("path '\(entry.path)' is given twice or is also a folder")
      }
      files[name] = entry
      return
    }
    guard files[name] == nil else {
      throw invalid("path '\(entry.path)' needs '\(name)' to be a folder, but it is a file")
    }
    let folder = folders[name] ?? Folder()
    folders[name] = folder
    try folder.insert(entry, components: components.dropFirst())
  }

  private func invalid(_ message: String) -> GitError {
    GitError(code: .invalid, function: "git_treebuilder_insert", message: message)
  }
}
