internal import CLibGit2

extension Repository {
  /// The files staged in the index, as `git ls-files --stage` lists them.
  ///
  /// The corresponding libgit2 function is `git_index_get_byindex`.
  public func stagedFiles() throws(GitError) -> [TreeEntry] {
    let index = try make("git_repository_index") { git_repository_index($0, pointer) }
    defer { git_index_free(index) }
    var entries: [TreeEntry] = []
    for position in 0..<git_index_entrycount(index) {
      guard let entry = git_index_get_byindex(index, position) else { continue }
      let path = String(cString: entry.pointee.path)
      let kind: TreeEntry.Kind
      switch entry.pointee.mode {
      case 0o100755: kind = .executable
      case 0o120000: kind = .symlink
      case 0o160000: kind = .submodule
      default: kind = .blob
      }
      entries.append(TreeEntry(path: path, id: ObjectID(entry.pointee.id), kind: kind))
    }
    return entries
  }
}
