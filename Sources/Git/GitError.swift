internal import CLibGit2

/// An error reported by libgit2, or by this wrapper when libgit2's answer cannot be used.
///
/// The description reads `function: message`, for example
/// `git_revparse_single: revspec 'nope' not found`.
public struct GitError: Error, Equatable, CustomStringConvertible {
  /// A libgit2 error code; open-ended, so codes without a name here still fit.
  public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The negative libgit2 return value, such as `-3` for `GIT_ENOTFOUND`.
    public var rawValue: Int32

    /// Wraps a raw libgit2 return value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// A generic error (`GIT_ERROR`).
    public static let generic = Code(rawValue: -1)
    /// The requested object, reference, revision or repository could not be found
    /// (`GIT_ENOTFOUND`).
    public static let notFound = Code(rawValue: -3)
    /// An object or reference already exists and prevents the operation (`GIT_EEXISTS`).
    public static let exists = Code(rawValue: -4)
    /// More than one object matches, such as a too short object id (`GIT_EAMBIGUOUS`).
    public static let ambiguous = Code(rawValue: -5)
    /// The operation is not allowed on a bare repository (`GIT_EBAREREPO`).
    public static let bareRepository = Code(rawValue: -8)
    /// HEAD refers to a branch with no commits (`GIT_EUNBORNBRANCH`).
    public static let unbornBranch = Code(rawValue: -9)
    /// A name or revision spec is not in a valid format (`GIT_EINVALIDSPEC`).
    public static let invalidSpec = Code(rawValue: -12)
    /// A lock file prevented the operation; another writer is busy (`GIT_ELOCKED`).
    public static let locked = Code(rawValue: -14)
    /// A reference did not have its expected value: a compare-and-swap failed (`GIT_EMODIFIED`).
    public static let modified = Code(rawValue: -15)
    /// An object cannot be peeled to the requested type (`GIT_EPEEL`).
    public static let peel = Code(rawValue: -19)
    /// An operation or input is invalid (`GIT_EINVALID`).
    public static let invalid = Code(rawValue: -21)
    /// The operation is not valid for a folder (`GIT_EDIRECTORY`).
    public static let directory = Code(rawValue: -23)
    /// An iteration is over (`GIT_ITEROVER`).
    public static let iterationOver = Code(rawValue: -31)
    /// The repository is not owned by the current user (`GIT_EOWNER`); see `safe.directory`.
    public static let owner = Code(rawValue: -36)
    /// History stops at the boundary of a shallow clone; not a libgit2 code but this wrapper's.
    public static let shallowBoundary = Code(rawValue: -1_000)

    /// The constant's name, or the raw value when it has none here.
    public var description: String {
      let names: [Int32: String] = [
        -1: "generic", -3: "notFound", -4: "exists", -5: "ambiguous", -8: "bareRepository",
        -9: "unbornBranch", -12: "invalidSpec", -14: "locked", -15: "modified", -19: "peel",
        -21: "invalid", -23: "directory", -31: "iterationOver", -36: "owner",
        -1_000: "shallowBoundary",
      ]
      return names[rawValue] ?? "code \(rawValue)"
    }
  }

  /// What went wrong, as a libgit2 code.
  public var code: Code
  /// The libgit2 function that failed, such as `git_revparse_single`.
  public var function: String
  /// libgit2's message (lowercase, no trailing period), or this wrapper's clearer one.
  public var message: String

  /// Makes an error from its parts.
  public init(code: Code, function: String, message: String) {
    self.code = code
    self.function = function
    self.message = message
  }

  /// `function: message`.
  public var description: String { "\(function): \(message)" }

  /// Reads libgit2's thread-local last error for a failed call, then clears it.
  ///
  /// `git_error_last` may return NULL in libgit2 1.5, so a missing message becomes a generic one.
  static func last(code: Int32, function: String) -> GitError {
    var message = "failed with code \(code)"
    if let error = git_error_last(), let text = error.pointee.message {
      message = String(cString: text)
    }
    git_error_clear()
    while let last = message.last, last.isWhitespace || last == "." {
      message.removeLast()
    }
    return GitError(code: Code(rawValue: code), function: function, message: message)
  }
}

/// The one choke point for libgit2 return codes: throws a ``GitError`` for negative ones.
@discardableResult
func check(_ code: Int32, _ function: String) throws(GitError) -> Int32 {
  guard code < 0 else { return code }
  throw GitError.last(code: code, function: function)
}

/// Like ``check(_:_:)``, but answers `false` for `GIT_ENOTFOUND` instead of throwing.
func checkFound(_ code: Int32, _ function: String) throws(GitError) -> Bool {
  if code == GIT_ENOTFOUND.rawValue {
    git_error_clear()
    return false
  }
  try check(code, function)
  return true
}

/// Calls a libgit2 function with an out pointer, checks its code and returns the object.
///
/// The caller owns the result and frees it (with a `defer` next to the call).
func make(
  _ function: String, _ call: (UnsafeMutablePointer<OpaquePointer?>) -> Int32
) throws(GitError) -> OpaquePointer {
  var result: OpaquePointer?
  try check(call(&result), function)
  guard let result else {
    throw GitError(code: .generic, function: function, message: "returned no object")
  }
  return result
}

/// Initialises libgit2 once per process; Swift runs a static `let` initialiser exactly once.
enum LibGit2 {
  /// Objects are not re-hashed on every read, as git reads them: `git fsck` verifies, and
  /// hashing was a sixth of the instructions of a bisect over 10,000 commits.
  private static let initialized: Int32 = {
    let code = git_libgit2_init()
    _ = git_drift_set_strict_hash_verification(0)
    _ = git_drift_set_tree_cache_limit(16 << 20)
    return code
  }()

  /// Makes sure `git_libgit2_init` has run.
  static func ensureInitialized() {
    _ = initialized
  }
}
