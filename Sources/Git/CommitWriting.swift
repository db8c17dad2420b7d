internal import CLibGit2

extension Repository {
  /// Writes a commit object without moving any reference, HEAD included.
  ///
  /// Move a reference to it afterwards with
  /// ``updateReference(named:to:expecting:message:)``.
  /// - Parameters:
  ///   - tree: the id of the commit's root tree.
  ///   - parents: parent commit ids, first parent first; empty for a root commit.
  ///   - author: who wrote the change.
  ///   - committer: who made the commit.
  ///   - message: the message; a final newline is added when missing, as git does.
  /// - Returns: the new commit's id.
  ///
  /// The corresponding libgit2 function is `git_commit_create`.
  public func createCommit(
    tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature,
    message: String
  ) throws(GitError) -> ObjectID {
    var treeID = tree.oid
    let treeObject = try make("git_tree_lookup") { git_tree_lookup($0, pointer, &treeID) }
    defer { git_tree_free(treeObject) }
    var parentObjects: [OpaquePointer?] = []
    defer { for parent in parentObjects { git_commit_free(parent) } }
    for parent in parents {
      var parentID = parent.oid
      parentObjects.append(
        try make("git_commit_lookup") { git_commit_lookup($0, pointer, &parentID) })
    }
    let text = message.hasSuffix("\n") ? message : message + "\n"
    var oid = git_oid()
    let code = try author.withGitSignature { author throws(GitError) in
      try committer.withGitSignature { committer in
        parentObjects.withUnsafeMutableBufferPointer { buffer in
          git_commit_create(
            &oid, pointer, nil, author, committer, nil, text, treeObject, buffer.count,
            buffer.baseAddress)
        }
      }
    }
    try check(code, "git_commit_create")
    return ObjectID(oid)
  }
}
