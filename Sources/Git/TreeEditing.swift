internal import CLibGit2

/// One change to a tree, for ``Repository/writeTree(base:updates:)``.
public enum TreeUpdate: Hashable, Sendable {
  /// Adds or replaces the file at `path` (folders are created as needed).
  case upsert(path: String, blob: ObjectID, executable: Bool = false)
  /// Removes the file or folder at `path`; folders left empty disappear.
  case remove(path: String)

  /// The path the update is about.
  public var path: String {
    switch self {
    case .upsert(let path, _, _), .remove(let path): return path
    }
  }
}

extension Repository {
  /// Writes a new tree: `base` with `updates` applied; the working tree, index and HEAD stay as
  /// they are.
  ///
  /// - Parameters:
  ///   - base: a tree or commit whose tree to start from; `nil` starts from an empty tree.
  ///   - updates: changes, each path at most once (libgit2 cannot add and remove the same path
  ///     in one call, nor turn a file into a folder).
  /// - Returns: the new tree's id.
  /// - Throws: ``GitError`` with code `.invalid` when a path appears twice.
  ///
  /// The corresponding libgit2 function is `git_tree_create_updated`.
  public func writeTree(base: ObjectID?, updates: [TreeUpdate]) throws(GitError) -> ObjectID {
    var seen = Set<String>()
    for update in updates where !seen.insert(update.path).inserted {
      throw GitError(
        code: .invalid, function: "git_tree_create_updated",
        message: "path '\(update.path)' appears more than once in one tree update")
    }
    let paths = CStrings(updates.map(\.path))
    defer { paths.free() }
    var changes = updates.enumerated().map { index, update in
      var change = git_tree_update()
      change.path = UnsafePointer(paths.pointers[index])
      switch update {
      case .upsert(_, let blob, let executable):
        change.action = GIT_TREE_UPDATE_UPSERT
        change.id = blob.oid
        change.filemode = executable ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB
      case .remove:
        change.action = GIT_TREE_UPDATE_REMOVE
      }
      return change
    }
    var oid = git_oid()
    let write = { (tree: OpaquePointer?) -> Int32 in
      changes.withUnsafeMutableBufferPointer { buffer in
        git_tree_create_updated(&oid, self.pointer, tree, buffer.count, buffer.baseAddress)
      }
    }
    let code: Int32
    if let base {
      code = try withPeeledObject(base, to: GIT_OBJECT_TREE) { tree in write(tree) }
    } else {
      code = write(nil)
    }
    try check(code, "git_tree_create_updated")
    return ObjectID(oid)
  }
}

/// C copies of Swift strings that live until ``free()``.
private struct CStrings {
  let pointers: [UnsafeMutablePointer<CChar>]

  init(_ strings: [String]) {
    pointers = strings.map { string in
      let utf8 = Array(string.utf8CString)
      let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count)
      pointer.initialize(from: utf8, count: utf8.count)
      return pointer
    }
  }

  func free() {
    for pointer in pointers { pointer.deallocate() }
  }
}
