internal import CLibGit2

extension Repository {
  /// The unified diff between two trees (or commits), as `git diff A B` prints it.
  ///
  /// The corresponding libgit2 functions are `git_diff_tree_to_tree` and `git_diff_to_buf`.
  public func patch(from old: ObjectID, to new: ObjectID) throws(GitError) -> String {
    try withPeeledObject(old, to: GIT_OBJECT_TREE) { (oldTree) throws(GitError) in
      try withPeeledObject(new, to: GIT_OBJECT_TREE) { (newTree) throws(GitError) in
        let diff = try make("git_diff_tree_to_tree") {
          git_diff_tree_to_tree($0, pointer, oldTree, newTree, nil)
        }
        defer { git_diff_free(diff) }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try check(git_diff_to_buf(&buffer, diff, GIT_DIFF_FORMAT_PATCH), "git_diff_to_buf")
        guard let bytes = buffer.ptr else { return "" }
        return String(cString: bytes)
      }
    }
  }
}
