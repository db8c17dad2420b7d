internal import CLibGit2

extension Repository {
  /// The value of a configuration key as git sees it (local, global and system files).
  ///
  /// - Parameter key: a dotted key such as `drift.prePush` or `user.name`.
  /// - Returns: the value, or `nil` when the key is unset.
  ///
  /// The corresponding libgit2 function is `git_config_get_string`.
  public func configString(_ key: String) throws(GitError) -> String? {
    try withConfigSnapshot { config throws(GitError) in
      var value: UnsafePointer<CChar>?
      guard try checkFound(git_config_get_string(&value, config, key), "git_config_get_string")
      else { return nil }
      return value.map { String(cString: $0) }
    }
  }

  /// The value of a configuration key read as a git boolean (`true`, `yes`, `on`, `1`, …).
  ///
  /// - Parameter key: a dotted key such as `drift.prePush`.
  /// - Returns: the value, or `nil` when the key is unset.
  /// - Throws: ``GitError`` when the value is not a boolean.
  ///
  /// The corresponding libgit2 function is `git_config_get_bool`.
  public func configBool(_ key: String) throws(GitError) -> Bool? {
    try withConfigSnapshot { config throws(GitError) in
      var value: Int32 = 0
      guard try checkFound(git_config_get_bool(&value, config, key), "git_config_get_bool")
      else { return nil }
      return value != 0
    }
  }

  /// The value of a configuration key read as a git integer (`1`, `-1`, `16k`, …).
  ///
  /// - Parameter key: a dotted key such as `pack.compression`.
  /// - Returns: the value, or `nil` when the key is unset.
  /// - Throws: ``GitError`` when the value is not an integer.
  ///
  /// The corresponding libgit2 function is `git_config_get_int64`.
  public func configInt(_ key: String) throws(GitError) -> Int? {
    try withConfigSnapshot { config throws(GitError) in
      var value: Int64 = 0
      guard try checkFound(git_config_get_int64(&value, config, key), "git_config_get_int64")
      else { return nil }
      return Int(value)
    }
  }

  /// Lends a read-only snapshot of the configuration to `body`.
  private func withConfigSnapshot<Result>(
    _ body: (OpaquePointer) throws(GitError) -> Result
  ) throws(GitError) -> Result {
    let config = try make("git_repository_config_snapshot") {
      git_repository_config_snapshot($0, pointer)
    }
    defer { git_config_free(config) }
    return try body(config)
  }
}
