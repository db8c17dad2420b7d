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
  func explainShallow(_ error: GitError, roots: [ObjectID]) -> GitError {
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
    var walk = FirstParentWalk(
      repository: self, from: start, stopAtShallowBoundary: stopAtShallowBoundary)
    var headers: [CommitHeader] = []
    while let header = try walk.next() { headers.append(header) }
    return headers
  }
}

/// The first-parent history from a commit, newest first, read one header at a time: a caller
/// that needs only the recent part reads only that (from the commit-graph where git has written
/// one).
public struct FirstParentWalk {
  private let repository: Repository
  private let shallowRoots: Set<ObjectID>
  private let stopAtShallowBoundary: Bool
  // A shallow clone's graft points are not in the commit-graph's parents.
  private let graph: CommitGraph?
  private var upcoming: ObjectID?

  /// Starts at `start`, the first header returned.
  ///
  /// - Parameter stopAtShallowBoundary: in a shallow clone, end quietly at the oldest commit
  ///   present instead of throwing.
  public init(repository: Repository, from start: ObjectID, stopAtShallowBoundary: Bool = false) {
    self.repository = repository
    self.stopAtShallowBoundary = stopAtShallowBoundary
    shallowRoots = Set(repository.isShallow ? repository.shallowRoots : [])
    graph = repository.isShallow ? nil : CommitGraph(repository: repository)
    upcoming = start
  }

  /// The next older commit's header; nil after the root commit (or the shallow boundary).
  ///
  /// - Throws: ``GitError`` with code `.shallowBoundary` when the history goes beyond what a
  ///   shallow clone holds and `stopAtShallowBoundary` is `false`.
  public mutating func next() throws(GitError) -> CommitHeader? {
    guard let id = upcoming else { return nil }
    if let header = graph?.header(of: id) {
      upcoming = header.firstParent
      return header
    }
    let header: CommitHeader
    do {
      header = try repository.header(of: id)
    } catch {
      throw repository.explainShallow(error, roots: Array(shallowRoots))
    }
    upcoming = header.firstParent
    if shallowRoots.contains(id), upcoming != nil {
      upcoming = nil
      if !stopAtShallowBoundary {
        throw repository.explainShallow(
          GitError(code: .notFound, function: "git_commit_lookup", message: "parent missing"),
          roots: [id])
      }
    }
    return header
  }
}

extension Repository {
  /// The header of the commit with the given id.
  ///
  /// The corresponding libgit2 functions are `git_commit_tree_id` and `git_commit_time`.
  public func header(of id: ObjectID) throws(GitError) -> CommitHeader {
    try withCommit(id) { commit in CommitHeader(commit, id: id) }
  }
}

extension CommitHeader {
  /// The header of a libgit2 commit.
  init(_ commit: OpaquePointer, id: ObjectID) {
    let parent = git_commit_parentcount(commit) > 0 ? git_commit_parent_id(commit, 0) : nil
    self.init(
      id: id, tree: ObjectID(git_commit_tree_id(commit).pointee),
      firstParent: parent.map { ObjectID($0.pointee) },
      time: Date(timeIntervalSince1970: TimeInterval(git_commit_time(commit))))
  }

  /// The header of a commit already read whole.
  public init(_ commit: Commit) {
    self.init(
      id: commit.id, tree: commit.tree, firstParent: commit.parents.first,
      time: commit.committer.time)
  }
}
