internal import CLibGit2
public import Foundation

extension Repository {
  /// The ids of the commits reachable from `start`, newest first (topological, then by time).
  ///
  /// - Parameters:
  ///   - start: the commit to start from; it is the first id returned.
  ///   - firstParent: follow only first parents, as `git log --first-parent` does.
  ///   - limit: stop after this many commits; `nil` walks the whole history.
  /// - Throws: ``GitError`` with code `.shallowBoundary` when the walk needs commits that a
  ///   shallow clone does not have.
  ///
  /// The corresponding libgit2 function is `git_revwalk_next`.
  public func walk(
    from start: ObjectID, firstParent: Bool = false, limit: Int? = nil
  ) throws(GitError) -> [ObjectID] {
    let walker = try make("git_revwalk_new") { git_revwalk_new($0, pointer) }
    defer { git_revwalk_free(walker) }
    let sorting = GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue
    try check(git_revwalk_sorting(walker, sorting), "git_revwalk_sorting")
    if firstParent {
      try check(git_revwalk_simplify_first_parent(walker), "git_revwalk_simplify_first_parent")
    }
    var oid = start.oid
    do {
      try check(git_revwalk_push(walker, &oid), "git_revwalk_push")
      var ids: [ObjectID] = []
      while limit.map({ ids.count < $0 }) ?? true {
        let code = git_revwalk_next(&oid, walker)
        if code == GIT_ITEROVER.rawValue { break }
        try check(code, "git_revwalk_next")
        ids.append(ObjectID(oid))
      }
      return ids
    } catch {
      throw explainShallow(error, roots: isShallow ? shallowRoots : [])
    }
  }

  /// The first-parent history from `start`, newest first, as `git log --first-parent` shows it.
  ///
  /// - Parameters:
  ///   - start: the commit to start from; it is the first commit returned.
  ///   - limit: stop after this many commits; `nil` goes back to the root commit.
  ///   - stopAtShallowBoundary: in a shallow clone, end quietly at the oldest commit present
  ///     instead of throwing.
  /// - Throws: ``GitError`` with code `.shallowBoundary` when the history goes beyond what a
  ///   shallow clone holds and `stopAtShallowBoundary` is `false`.
  ///
  /// The corresponding libgit2 function is `git_commit_parent_id`.
  public func firstParentHistory(
    from start: ObjectID, limit: Int? = nil, stopAtShallowBoundary: Bool = false
  ) throws(GitError) -> [Commit] {
    let roots = Set(isShallow ? shallowRoots : [])
    var history: [Commit] = []
    var next: ObjectID? = start
    while let id = next, limit.map({ history.count < $0 }) ?? true {
      let commit: Commit
      do {
        commit = try self.commit(id)
      } catch {
        throw explainShallow(error, roots: Array(roots))
      }
      history.append(commit)
      next = commit.parents.first
      if roots.contains(id), next != nil {
        if stopAtShallowBoundary { break }
        throw explainShallow(
          GitError(code: .notFound, function: "git_commit_lookup", message: "parent missing"),
          roots: [id])
      }
    }
    return history
  }

  /// Says that a failure in a shallow clone is the end of its truncated history.
  private func explainShallow(_ error: GitError, roots: [ObjectID]) -> GitError {
    guard !roots.isEmpty, error.code == .notFound else { return error }
    let boundary = roots.map(\.short).sorted().joined(separator: ", ")
    return GitError(
      code: .shallowBoundary, function: error.function,
      message: "history is truncated: this is a shallow clone whose history stops at "
        + "\(boundary); fetch the rest with 'git fetch --unshallow' (libgit2 said: "
        + "\(error.message))")
  }
}

/// The parts of a commit that a walk over long histories needs, read without copying any text.
public struct CommitHeader: Hashable, Sendable {
  public var id: ObjectID
  public var tree: ObjectID
  public var firstParent: ObjectID?
  /// The committer time.
  public var time: Date
}

extension Repository {
  /// The first-parent history from `start` as headers, newest first: several times cheaper than
  /// ``firstParentHistory(from:limit:stopAtShallowBoundary:)`` on long histories, and cheaper
  /// again where git has written a commit-graph.
  ///
  /// The corresponding libgit2 functions are `git_commit_tree_id` and `git_commit_time`.
  public func firstParentHeaders(
    from start: ObjectID, stopAtShallowBoundary: Bool = false
  ) throws(GitError) -> [CommitHeader] {
    let roots = Set(isShallow ? shallowRoots : [])
    // A shallow clone's graft points are not in the commit-graph's parents.
    let graph = isShallow ? nil : CommitGraph(objectsDirectory: gitDirectory + "/objects")
    var headers: [CommitHeader] = []
    var next: ObjectID? = start
    while let id = next {
      if let header = graph?.header(of: id) {
        headers.append(header)
        next = header.firstParent
        continue
      }
      let header: CommitHeader
      do {
        header = try withCommit(id) { commit in
          let parent = git_commit_parentcount(commit) > 0 ? git_commit_parent_id(commit, 0) : nil
          return CommitHeader(
            id: id, tree: ObjectID(git_commit_tree_id(commit).pointee),
            firstParent: parent.map { ObjectID($0.pointee) },
            time: Date(timeIntervalSince1970: TimeInterval(git_commit_time(commit))))
        }
      } catch {
        throw explainShallow(error, roots: Array(roots))
      }
      headers.append(header)
      next = header.firstParent
      if roots.contains(id), next != nil {
        if stopAtShallowBoundary { break }
        throw explainShallow(
          GitError(code: .notFound, function: "git_commit_lookup", message: "parent missing"),
          roots: [id])
      }
    }
    return headers
  }
}

extension CommitHeader {
  /// The header of a commit already read whole.
  public init(_ commit: Commit) {
    self.init(
      id: commit.id, tree: commit.tree, firstParent: commit.parents.first,
      time: commit.committer.time)
  }
}
