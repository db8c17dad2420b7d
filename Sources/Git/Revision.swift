internal import CLibGit2

extension Repository {
  /// Resolves any revision git understands to a commit id.
  ///
  /// Accepts `HEAD~3`, branch and tag names (annotated tags are peeled to their commit), full
  /// and short ids, `main@{1}` and the rest of `git help revisions`.
  /// - Throws: ``GitError`` with code `.notFound` (and a message naming `revision`) when
  ///   nothing matches, `.ambiguous` for a short id that matches several objects, or a peel
  ///   error when the revision names a tree or a blob.
  ///
  /// The corresponding libgit2 function is `git_revparse_single`.
  public func resolveCommit(_ revision: String) throws(GitError) -> ObjectID {
    do {
      let object = try make("git_revparse_single") { git_revparse_single($0, pointer, revision) }
      defer { git_object_free(object) }
      let commit = try make("git_object_peel") { git_object_peel($0, object, GIT_OBJECT_COMMIT) }
      defer { git_object_free(commit) }
      return ObjectID(git_object_id(commit).pointee)
    } catch {
      guard !error.message.contains("'\(revision)'") else { throw error }
      var named = error
      named.message = "revision '\(revision)': \(error.message)"
      throw named
    }
  }

  /// Looks up an object of any type and peels it to `type`, lending it to `body`.
  func withPeeledObject<Result>(
    _ id: ObjectID, to type: git_object_t, _ body: (OpaquePointer) throws(GitError) -> Result
  ) throws(GitError) -> Result {
    var oid = id.oid
    let object = try make("git_object_lookup") {
      git_object_lookup($0, pointer, &oid, GIT_OBJECT_ANY)
    }
    defer { git_object_free(object) }
    let peeled = try make("git_object_peel") { git_object_peel($0, object, type) }
    defer { git_object_free(peeled) }
    return try body(peeled)
  }
}
