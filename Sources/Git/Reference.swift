internal import CLibGit2

extension Repository {
  /// The object a reference points to, following symbolic references; `nil` when it is absent.
  ///
  /// - Parameter name: the full name, such as `refs/heads/main`, `refs/drift/last` or `HEAD`.
  ///
  /// The corresponding libgit2 function is `git_reference_name_to_id`.
  public func reference(named name: String) throws(GitError) -> ObjectID? {
    var oid = git_oid()
    let code = git_reference_name_to_id(&oid, pointer, name)
    guard try checkFound(code, "git_reference_name_to_id") else { return nil }
    return ObjectID(oid)
  }

  /// The short name of the branch HEAD points to, such as `main`; `nil` when HEAD is detached.
  ///
  /// Works on an unborn branch too (a repository with no commits yet).
  ///
  /// The corresponding libgit2 function is `git_reference_symbolic_target`.
  public func currentBranch() throws(GitError) -> String? {
    var head: OpaquePointer?
    guard try checkFound(git_reference_lookup(&head, pointer, "HEAD"), "git_reference_lookup"),
      let head
    else { return nil }
    defer { git_reference_free(head) }
    guard let target = git_reference_symbolic_target(head) else { return nil }
    let name = String(cString: target)
    let prefix = "refs/heads/"
    return name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : name
  }

  /// The object a reference points to, found by a short name the way git does.
  ///
  /// Like ``reference(named:)``, but `main`, `v1` and `origin/main` work too; `nil` when nothing
  /// matches. Annotated tags are not peeled.
  ///
  /// The corresponding libgit2 function is `git_reference_dwim`.
  public func resolveReference(_ name: String) throws(GitError) -> ObjectID? {
    var found: OpaquePointer?
    guard try checkFound(git_reference_dwim(&found, pointer, name), "git_reference_dwim"),
      let found
    else { return nil }
    defer { git_reference_free(found) }
    return try target(of: found)
  }

  /// Every reference whose full name starts with `prefix`, sorted by name.
  ///
  /// Symbolic references are followed; dangling ones are left out.
  /// - Parameter prefix: such as `refs/drift/` or `refs/heads/`; empty lists all.
  ///
  /// The corresponding libgit2 function is `git_reference_next`.
  public func references(
    withPrefix prefix: String
  ) throws(GitError) -> [(name: String, id: ObjectID)] {
    let iterator = try make("git_reference_iterator_new") {
      git_reference_iterator_new($0, pointer)
    }
    defer { git_reference_iterator_free(iterator) }
    var result: [(name: String, id: ObjectID)] = []
    while true {
      var reference: OpaquePointer?
      let code = git_reference_next(&reference, iterator)
      if code == GIT_ITEROVER.rawValue { break }
      try check(code, "git_reference_next")
      guard let reference else { continue }
      defer { git_reference_free(reference) }
      let name = String(cString: git_reference_name(reference))
      guard name.hasPrefix(prefix), let id = try target(of: reference) else { continue }
      result.append((name: name, id: id))
    }
    return result.sorted { $0.name < $1.name }
  }

  /// Deletes a reference.
  ///
  /// - Throws: ``GitError`` with code `.notFound` when there is no such reference.
  ///
  /// The corresponding libgit2 function is `git_reference_delete`.
  public func deleteReference(named name: String) throws(GitError) {
    let reference = try make("git_reference_lookup") {
      git_reference_lookup($0, pointer, name)
    }
    defer { git_reference_free(reference) }
    try check(git_reference_delete(reference), "git_reference_delete")
  }

  /// The final object id of a reference, or `nil` when a symbolic one dangles.
  private func target(of reference: OpaquePointer) throws(GitError) -> ObjectID? {
    var resolved: OpaquePointer?
    guard try checkFound(git_reference_resolve(&resolved, reference), "git_reference_resolve"),
      let resolved
    else { return nil }
    defer { git_reference_free(resolved) }
    return git_reference_target(resolved).map { ObjectID($0.pointee) }
  }
}
