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

/// A file that differs between two trees: its path, and its blob on each side (nil on the side
/// where it does not exist).
public struct FileChange: Sendable, Hashable {
  public var path: String
  public var old: ObjectID?
  public var new: ObjectID?

  /// A change of the file at `path` from blob `old` to blob `new`.
  public init(path: String, old: ObjectID?, new: ObjectID?) {
    self.path = path
    self.old = old
    self.new = new
  }
}

extension Repository {
  /// The files that differ between two trees (or commits), in git's order, as
  /// `git diff --raw --no-renames A B` lists them; folders whose tree id is the same on both
  /// sides are not read, so two snapshots of 30,000 resources that differ in 300 cost
  /// hundreds of comparisons, not 30,000.
  ///
  /// The corresponding libgit2 function is `git_diff_tree_to_tree`.
  public func changedFiles(from old: ObjectID, to new: ObjectID) throws(GitError) -> [FileChange] {
    try withPeeledObject(old, to: GIT_OBJECT_TREE) { (oldTree) throws(GitError) in
      try withPeeledObject(new, to: GIT_OBJECT_TREE) { (newTree) throws(GitError) in
        let diff = try make("git_diff_tree_to_tree") {
          git_diff_tree_to_tree($0, pointer, oldTree, newTree, nil)
        }
        defer { git_diff_free(diff) }
        var changes: [FileChange] = []
        for index in 0..<git_diff_num_deltas(diff) {
          guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
          let added = delta.status == GIT_DELTA_ADDED
          let deleted = delta.status == GIT_DELTA_DELETED
          let file = deleted ? delta.old_file : delta.new_file
          changes.append(
            FileChange(
              path: String(cString: file.path),
              old: added ? nil : ObjectID(delta.old_file.id),
              new: deleted ? nil : ObjectID(delta.new_file.id)))
        }
        return changes
      }
    }
  }
}
