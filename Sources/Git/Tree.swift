internal import CLibGit2

/// One entry of a tree: a file, symbolic link, submodule or folder, with its full path.
public struct TreeEntry: Hashable, Sendable {
  /// What an entry is, from its git file mode.
  public enum Kind: Hashable, Sendable {
    /// A regular file (mode `100644`).
    case blob
    /// An executable file (mode `100755`).
    case executable
    /// A symbolic link whose blob holds the target path (mode `120000`).
    case symlink
    /// A submodule; the id is a commit in another repository (mode `160000`).
    case submodule
    /// A folder (mode `040000`); never in ``Repository/files(inCommit:)``.
    case tree

    /// The git file mode, such as `0o100644`.
    public var mode: UInt32 {
      switch self {
      case .blob: return 0o100644
      case .executable: return 0o100755
      case .symlink: return 0o120000
      case .submodule: return 0o160000
      case .tree: return 0o040000
      }
    }

    /// What a person calls it: `file`, `symbolic link`, `submodule`, `folder`.
    public var noun: String {
      switch self {
      case .blob, .executable: return "file"
      case .symlink: return "symbolic link"
      case .submodule: return "submodule"
      case .tree: return "folder"
      }
    }

    /// Reads a git file mode; unknown modes (such as the historic `100664`) count as `.blob`.
    init(mode: UInt32) {
      switch mode {
      case 0o100755: self = .executable
      case 0o120000: self = .symlink
      case 0o160000: self = .submodule
      case 0o040000: self = .tree
      default: self = .blob
      }
    }
  }

  /// The full path from the root, with `/` between folders, such as `deploy/app/a.yaml`.
  public var path: String
  /// The id of the blob, commit (submodule) or tree.
  public var id: ObjectID
  /// What the entry is.
  public var kind: Kind

  /// Makes an entry, for example to pass to ``Repository/writeTree(entries:)``.
  public init(path: String, id: ObjectID, kind: Kind = .blob) {
    self.path = path
    self.id = id
    self.kind = kind
  }

  /// Copies a libgit2 tree entry found under `prefix`.
  init(_ entry: OpaquePointer, prefix: String) {
    path = prefix + String(cString: git_tree_entry_name(entry))
    id = ObjectID(git_tree_entry_id(entry).pointee)
    kind = Kind(mode: git_tree_entry_filemode(entry).rawValue)
  }
}

extension Repository {
  /// Every file of a commit, recursively and in git's order, as `git ls-tree -r` lists them.
  ///
  /// Folders are not listed themselves, only what they hold.
  /// - Parameter commit: a commit id (a tree id or a tag id works too).
  ///
  /// The corresponding libgit2 function is `git_tree_entry_byindex`.
  public func files(inCommit commit: ObjectID) throws(GitError) -> [TreeEntry] {
    try withPeeledObject(commit, to: GIT_OBJECT_TREE) { tree throws(GitError) in
      var entries: [TreeEntry] = []
      try appendFiles(of: tree, prefix: "", to: &entries)
      return entries
    }
  }

  /// The entries directly in a tree (files, folders, links, submodules), in git's order, as
  /// `git ls-tree` lists them: what is inside its folders is not read.
  ///
  /// - Parameter tree: a tree id (a commit id or a tag id works too).
  ///
  /// The corresponding libgit2 function is `git_tree_entry_byindex`.
  public func entries(inTree tree: ObjectID) throws(GitError) -> [TreeEntry] {
    try withPeeledObject(tree, to: GIT_OBJECT_TREE) { tree throws(GitError) in
      var entries: [TreeEntry] = []
      for index in 0..<git_tree_entrycount(tree) {
        guard let entry = git_tree_entry_byindex(tree, index) else { continue }
        entries.append(TreeEntry(entry, prefix: ""))
      }
      return entries
    }
  }

  /// The entry at a path in a commit, or `nil` when there is none.
  ///
  /// - Parameters:
  ///   - path: a path such as `deploy/a.yaml`; a folder's path gives a `.tree` entry.
  ///   - commit: a commit id (a tree id or a tag id works too).
  ///
  /// The corresponding libgit2 function is `git_tree_entry_bypath`.
  public func entry(atPath path: String, inCommit commit: ObjectID) throws(GitError) -> TreeEntry? {
    try withPeeledObject(commit, to: GIT_OBJECT_TREE) { tree throws(GitError) in
      var entry: OpaquePointer?
      guard try checkFound(git_tree_entry_bypath(&entry, tree, path), "git_tree_entry_bypath"),
        let entry
      else { return nil }
      defer { git_tree_entry_free(entry) }
      var result = TreeEntry(entry, prefix: "")
      result.path = path
      return result
    }
  }

  private func appendFiles(
    of tree: OpaquePointer, prefix: String, to entries: inout [TreeEntry]
  ) throws(GitError) {
    for index in 0..<git_tree_entrycount(tree) {
      guard let entry = git_tree_entry_byindex(tree, index) else { continue }
      let item = TreeEntry(entry, prefix: prefix)
      guard item.kind == .tree else {
        entries.append(item)
        continue
      }
      var oid = item.id.oid
      let subtree = try make("git_tree_lookup") { git_tree_lookup($0, pointer, &oid) }
      defer { git_tree_free(subtree) }
      try appendFiles(of: subtree, prefix: item.path + "/", to: &entries)
    }
  }
}
