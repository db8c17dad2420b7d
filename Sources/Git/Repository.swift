internal import CLibGit2

#if canImport(FoundationEssentials)
  internal import FoundationEssentials
#else
  internal import Foundation
#endif

/// An open git repository.
///
/// A `Repository` is not thread-safe: libgit2 objects must not be shared between threads, so
/// open one `Repository` per task (opening is cheap). Everything it hands out is a Swift value.
public final class Repository {
  /// The libgit2 handle; never leaves the module.
  let pointer: OpaquePointer

  /// Opens the repository whose `.git` folder, working tree or bare folder is `path`.
  ///
  /// Unlike ``discover(from:)`` this does not look in parent folders.
  /// - Throws: ``GitError`` with code `.notFound` when `path` is not a repository, or `.owner`
  ///   when the repository belongs to another user and is not listed in `safe.directory`.
  ///
  /// The corresponding libgit2 function is `git_repository_open`.
  public init(path: String) throws(GitError) {
    LibGit2.ensureInitialized()
    do {
      pointer = try make("git_repository_open") { git_repository_open($0, path) }
    } catch {
      throw Repository.explainOwnership(error, path: path)
    }
  }

  deinit {
    git_repository_free(pointer)
  }

  /// Finds the repository containing `path` the way git does, walking up through parent folders.
  ///
  /// Discovery does not cross file-system boundaries.
  /// - Throws: ``GitError`` with code `.notFound` when no parent folder is a repository, or
  ///   `.owner` when the repository belongs to another user.
  ///
  /// The corresponding libgit2 function is `git_repository_discover`.
  public static func discover(from path: String) throws(GitError) -> Repository {
    LibGit2.ensureInitialized()
    var buffer = git_buf()
    defer { git_buf_dispose(&buffer) }
    do {
      try check(git_repository_discover(&buffer, path, 0, nil), "git_repository_discover")
    } catch {
      throw explainOwnership(error, path: path)
    }
    guard let found = buffer.ptr else {
      throw GitError(
        code: .notFound, function: "git_repository_discover",
        message: "no repository found from '\(path)'")
    }
    return try Repository(path: String(cString: found))
  }

  /// The absolute path of the `.git` folder (or of the bare repository), without trailing `/`.
  ///
  /// The corresponding libgit2 function is `git_repository_path`.
  public var gitDirectory: String {
    Repository.trimmingSlash(String(cString: git_repository_path(pointer)))
  }

  /// The git directory that all working trees share, without trailing `/`.
  ///
  /// Objects, shared references, hooks and `shallow` live there. It is the git directory
  /// itself except in a linked working tree (`git worktree add`), whose git directory holds
  /// only its HEAD and index.
  ///
  /// The corresponding libgit2 function is `git_repository_commondir`.
  public var commonDirectory: String {
    Repository.trimmingSlash(String(cString: git_repository_commondir(pointer)))
  }

  /// The absolute path of the working tree without trailing `/`, or `nil` for a bare repository.
  ///
  /// The corresponding libgit2 function is `git_repository_workdir`.
  public var workingDirectory: String? {
    git_repository_workdir(pointer).map { Repository.trimmingSlash(String(cString: $0)) }
  }

  /// Whether the repository has no working tree.
  ///
  /// The corresponding libgit2 function is `git_repository_is_bare`.
  public var isBare: Bool { git_repository_is_bare(pointer) == 1 }

  /// Whether the repository is a shallow clone, whose history stops at ``shallowRoots``.
  ///
  /// The corresponding libgit2 function is `git_repository_is_shallow`.
  public var isShallow: Bool { git_repository_is_shallow(pointer) == 1 }

  /// The commits at which a shallow clone's history stops, as listed in `shallow` in the
  /// common directory.
  ///
  /// Their parents are missing from the object database. Empty when the repository is complete.
  public var shallowRoots: [ObjectID] {
    let url = URL(fileURLWithPath: commonDirectory + "/shallow")
    guard let data = try? Data(contentsOf: url) else { return [] }
    return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
      .compactMap { ObjectID(hex: String($0)) }
  }

  /// Turns libgit2 1.5's "not found" for a repository owned by someone else into a clear error.
  static func explainOwnership(_ error: GitError, path: String) -> GitError {
    let message = error.message.lowercased()
    guard
      error.code == .owner || message.contains("safe.directory")
        || message.contains("not owned by current user")
    else { return error }
    // git's safe.directory names the working tree, not its .git folder.
    var folder = trimmingSlash(path)
    if folder.hasSuffix("/.git") { folder = String(folder.dropLast(5)) }
    return GitError(
      code: .owner, function: error.function,
      message: "repository at '\(folder)' is owned by another user, so git does not trust it; "
        + "if you trust it, run: git config --global --add safe.directory '\(folder)' "
        + "(libgit2 said: \(error.message))")
  }

  private static func trimmingSlash(_ path: String) -> String {
    path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
  }
}
