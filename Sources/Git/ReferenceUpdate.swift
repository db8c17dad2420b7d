internal import CLibGit2

extension Repository {
  /// Moves or creates a reference only if it still has the expected value (compare-and-swap).
  ///
  /// Safe against concurrent writers: retry after re-reading on `.modified`, `.exists` or
  /// `.locked`.
  /// - Parameters:
  ///   - name: the full name, such as `refs/drift/snapshots/main`.
  ///   - id: the new value.
  ///   - expected: the value the reference must have now; `nil` means it must not exist yet.
  ///   - message: the reflog message.
  /// - Throws: ``GitError`` with code `.modified` when the reference moved (or vanished) since
  ///   it was read, `.exists` when it was expected not to exist but does, or `.locked` while
  ///   another writer holds its lock.
  ///
  /// The corresponding libgit2 function is `git_reference_create_matching`.
  public func updateReference(
    named name: String, to id: ObjectID, expecting expected: ObjectID?, message: String
  ) throws(GitError) {
    var new = id.oid
    var created: OpaquePointer?
    let code: Int32
    if let expected {
      var old = expected.oid
      code = git_reference_create_matching(&created, pointer, name, &new, 1, &old, message)
    } else {
      // "Must not exist" is a compare-and-swap against the zero id, checked under the ref's
      // lock: libgit2's force=0 checks existence before taking the lock, so two creators racing
      // could both succeed and one would overwrite the other.
      var zero = git_oid()
      code = git_reference_create_matching(&created, pointer, name, &new, 1, &zero, message)
    }
    if let created { git_reference_free(created) }
    guard code < 0 else { return }
    let error = GitError.last(code: code, function: "git_reference_create_matching")
    guard [.modified, .exists, .notFound].contains(error.code) else { throw error }
    let actual = (try? reference(named: name)) ?? nil
    let found = actual.map { "it is at \($0.short)" } ?? "it does not exist"
    if let expected {
      throw GitError(
        code: .modified, function: error.function,
        message: "cannot update '\(name)': expected it at \(expected.short) but \(found) "
          + "(compare-and-swap failed; re-read and retry)")
    }
    throw GitError(
      code: .exists, function: error.function,
      message: "cannot create '\(name)': expected it not to exist but \(found)")
  }

  /// Creates a branch at a commit; never overwrites an existing branch unless `force` is set.
  ///
  /// - Parameters:
  ///   - name: the short name, such as `drift/fix-1` (for `refs/heads/drift/fix-1`).
  ///   - commit: the commit the branch points to.
  ///   - force: move the branch if it exists (not allowed for the checked-out branch).
  /// - Returns: the full reference name.
  /// - Throws: ``GitError`` with code `.exists` when the branch exists and `force` is `false`.
  ///
  /// The corresponding libgit2 function is `git_branch_create`.
  @discardableResult
  public func createBranch(
    named name: String, at commit: ObjectID, force: Bool = false
  ) throws(GitError) -> String {
    try withCommit(commit) { target throws(GitError) in
      var reference: OpaquePointer?
      let code = git_branch_create(&reference, pointer, name, target, force ? 1 : 0)
      defer { if let reference { git_reference_free(reference) } }
      if code == GIT_EEXISTS.rawValue {
        let error = GitError.last(code: code, function: "git_branch_create")
        throw GitError(
          code: .exists, function: error.function,
          message: "branch '\(name)' already exists; it is only moved with force")
      }
      try check(code, "git_branch_create")
      return reference.map { String(cString: git_reference_name($0)) } ?? "refs/heads/\(name)"
    }
  }
}
