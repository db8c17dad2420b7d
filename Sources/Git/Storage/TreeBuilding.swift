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
  ///
  /// Paths are split by their UTF-8 bytes, and an entry in the same folder as the one before
  /// it goes straight there: a snapshot puts tens of thousands of files in a few folders.
  convenience init(_ entries: [TreeEntry]) throws(GitError) {
    self.init()
    // The folder's path with its slash, so that `/name` never passes for `name`.
    var parent: (prefix: [UInt8], folder: Folder)?
    for entry in entries {
      var path = entry.path
      let (slash, name, sameFolder) = path.withUTF8 { bytes -> (Int?, String, Bool) in
        var index = bytes.count - 1
        while index >= 0, bytes[index] != UInt8(ascii: "/") { index -= 1 }
        let name = String(decoding: bytes[(index + 1)...], as: UTF8.self)
        guard let parent, parent.prefix.count == index + 1 else {
          return (index >= 0 ? index : nil, name, false)
        }
        let same = parent.prefix.elementsEqual(bytes[..<(index + 1)])
        return (index >= 0 ? index : nil, name, same)
      }
      let folder: Folder
      if sameFolder, let parent {
        folder = parent.folder
      } else {
        let utf8 = Array(entry.path.utf8)
        let folderPath = slash.map { String(decoding: utf8[..<$0], as: UTF8.self) } ?? ""
        folder = try self.folder(at: folderPath[...], isRoot: slash == nil, for: entry)
        parent = (slash.map { Array(utf8[...$0]) } ?? [], folder)
      }
      try folder.addFile(entry, named: name)
    }
  }

  /// The folder at `path` (components separated by `/`), made as needed.
  private func folder(at path: Substring, isRoot: Bool, for entry: TreeEntry) throws(GitError)
    -> Folder
  {
    if isRoot { return self }
    var folder = self
    for component in path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
    {
      let name = String(Substring(component))
      try Self.checkComponent(name, of: entry)
      guard folder.files[name] == nil else {
        throw invalid("path '\(entry.path)' needs '\(name)' to be a folder, but it is a file")
      }
      if let existing = folder.folders[name] {
        folder = existing
      } else {
        let made = Folder()
        folder.folders[name] = made
        folder = made
      }
    }
    return folder
  }

  private func addFile(_ entry: TreeEntry, named name: String) throws(GitError) {
    try Self.checkComponent(name, of: entry)
    guard files[name] == nil, folders[name] == nil else {
      throw invalid("path '\(entry.path)' is given twice or is also a folder")
    }
    files[name] = entry
  }

  private static func checkComponent(_ name: String, of entry: TreeEntry) throws(GitError) {
    guard !name.isEmpty, name != ".", name != ".." else {
      throw GitError(
        code: .invalid, function: "git_treebuilder_insert",
        message: "path '\(entry.path)' has an empty, '.' or '..' component")
    }
  }

  private func invalid(_ message: String) -> GitError {
    GitError(code: .invalid, function: "git_treebuilder_insert", message: message)
  }
}
