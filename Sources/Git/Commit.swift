internal import CLibGit2

/// A commit, copied out of the repository: nothing in it refers back to libgit2.
public struct Commit: Hashable, Sendable {
  /// The commit's own id.
  public var id: ObjectID
  /// The id of the commit's root tree.
  public var tree: ObjectID
  /// The parents' ids, first parent first; empty for a root commit.
  public var parents: [ObjectID]
  /// Who wrote the change.
  public var author: Signature
  /// Who made the commit.
  public var committer: Signature
  /// The full message, with leading blank lines removed.
  public var message: String
  /// The first paragraph of the message on one line, as `git log --format=%s` shows it.
  public var summary: String

  /// Copies everything out of a libgit2 commit.
  init(_ commit: OpaquePointer) {
    id = ObjectID(git_commit_id(commit).pointee)
    tree = ObjectID(git_commit_tree_id(commit).pointee)
    parents = (0..<git_commit_parentcount(commit)).compactMap { index in
      git_commit_parent_id(commit, index).map { ObjectID($0.pointee) }
    }
    author = Signature(git_commit_author(commit))
    committer = Signature(git_commit_committer(commit))
    message = git_commit_message(commit).map { String(cString: $0) } ?? ""
    summary = git_commit_summary(commit).map { String(cString: $0) } ?? ""
  }
}

extension Repository {
  /// Reads the commit with the given id.
  ///
  /// - Throws: ``GitError`` with code `.notFound` when there is no such commit.
  ///
  /// The corresponding libgit2 function is `git_commit_lookup`.
  public func commit(_ id: ObjectID) throws(GitError) -> Commit {
    try withCommit(id) { commit in Commit(commit) }
  }

  /// Reads the header of the commit with the given id and its full message, without the
  /// signatures and summary that ``commit(_:)`` copies: about a third of the cost, for chains of
  /// commits whose messages carry data (snapshot trailers).
  ///
  /// The corresponding libgit2 functions are `git_commit_time` and `git_commit_message`.
  public func headerAndMessage(of id: ObjectID) throws(GitError) -> (
    header: CommitHeader, message: String
  ) {
    try withCommit(id) { commit in
      (CommitHeader(commit, id: id), git_commit_message(commit).map { String(cString: $0) } ?? "")
    }
  }

  /// Looks up a commit and lends it to `body`, freeing it afterwards.
  func withCommit<Result>(
    _ id: ObjectID, _ body: (OpaquePointer) throws(GitError) -> Result
  ) throws(GitError) -> Result {
    var oid = id.oid
    let commit = try make("git_commit_lookup") { git_commit_lookup($0, pointer, &oid) }
    defer { git_commit_free(commit) }
    return try body(commit)
  }
}
