import DriftModel
public import Foundation
public import Git

/// A commit built from git objects only, on a new branch: the working tree, index and HEAD are
/// never touched, and the branch is created last, so a failure leaves no branch behind.
public struct PatchBranch {
  let repository: Repository

  /// Creates a writer over `repository`.
  public init(repository: Repository) {
    self.repository = repository
  }

  /// Whether the branch exists.
  public func exists(_ branch: String) throws(RecoveryError) -> Bool {
    do {
      return try repository.reference(named: "refs/heads/" + branch) != nil
    } catch {
      throw .git(error)
    }
  }

  /// The tree of `base` with `files` written (nil deletes a file).
  ///
  /// - Throws: `RecoveryError.unwritablePath` for a path that leaves the repository, or that
  ///   goes through a symbolic link or a file of `base`.
  public func tree(base: Commit, files: [String: [UInt8]?]) throws(RecoveryError) -> ObjectID {
    for path in files.keys.sorted() { try check(path, in: base) }
    do {
      var updates: [TreeUpdate] = []
      for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
        if let bytes {
          updates.append(.upsert(path: path, blob: try repository.writeBlob(bytes)))
        } else {
          updates.append(.remove(path: path))
        }
      }
      return try repository.writeTree(base: base.tree, updates: updates)
    } catch {
      throw .git(error)
    }
  }

  private func check(_ path: String, in base: Commit) throws(RecoveryError) {
    if let problem = RepositoryPath.problem(path) { throw .unwritablePath(path, problem) }
    let components = path.split(separator: "/", omittingEmptySubsequences: false)
    if let bad = components.first(where: { !RepositoryPath.isFileName(String($0)) }) {
      throw .unwritablePath(path, "'\(bad)' is not a file name")
    }
    for parent in RepositoryPath.parents(of: path) {
      let entry: TreeEntry?
      do {
        entry = try repository.entry(atPath: parent, inCommit: base.id)
      } catch {
        throw .git(error)
      }
      if let entry, entry.kind != .tree {
        throw .unwritablePath(path, "'\(parent)' is a \(entry.kind.noun) in the commit")
      }
    }
  }

  /// Commits `tree` on top of `base` and points `branch` at it.
  ///
  /// - Throws: `RecoveryError.branchExists` when the branch exists and `force` is false.
  public func commit(
    tree: ObjectID, base: Commit, message: String, branch: String, force: Bool,
    at time: Date = Date()
  ) throws(RecoveryError) -> ObjectID {
    if !force, try exists(branch) { throw .branchExists(branch) }
    let commit = try commitObject(tree: tree, base: base, message: message, at: time)
    try point(branch, at: commit, force: force)
    return commit
  }

  /// Writes the commit of `tree` on top of `base`, on no branch yet: until ``point(_:at:force:)``
  /// names it, it is an unreachable object that `git gc` drops.
  public func commitObject(tree: ObjectID, base: Commit, message: String, at time: Date = Date())
    throws(RecoveryError) -> ObjectID
  {
    do {
      let signature = try repository.defaultSignature()
      let stamp = Signature(name: signature.name, email: signature.email, time: time)
      return try repository.createCommit(
        tree: tree, parents: [base.id], author: stamp, committer: stamp, message: message)
    } catch {
      throw .git(error)
    }
  }

  /// Points `branch` at `commit`, creating it (or moving it, with `force`).
  ///
  /// - Throws: `RecoveryError.branchExists` when the branch exists and `force` is false.
  public func point(_ branch: String, at commit: ObjectID, force: Bool) throws(RecoveryError) {
    do {
      let name = "refs/heads/" + branch
      if force, let current = try repository.reference(named: name) {
        try repository.updateReference(
          named: name, to: commit, expecting: current, message: "git-drift: \(branch)")
      } else {
        try repository.updateReference(
          named: name, to: commit, expecting: nil, message: "git-drift: \(branch)")
      }
    } catch {
      if error.code == .exists { throw .branchExists(branch) }
      throw .git(error)
    }
  }
}
