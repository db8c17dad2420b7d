import Foundation

/// A real git repository in a fresh temporary folder, made with the git CLI, for one test.
///
/// Each instance has its own folder, so tests can run in parallel. git runs isolated from the
/// user's and the system's configuration, with a fixed author and committer and `main` as the
/// first branch. The folder is removed when the instance goes away (or by ``remove()``).
///
/// ```swift
/// let repo = try ScratchRepository()
/// try repo.write("deploy/a.yaml", "replicas: 2\n")
/// let sha = try repo.commit("add a", date: "2026-01-01T10:00:00Z")
/// ```
public final class ScratchRepository: Sendable {
  /// The working tree (or, for a bare repository, the repository folder) as an absolute path.
  public let path: String
  /// The temporary folder holding the repository and its private home folder.
  public let root: String

  /// The author and committer name of every commit.
  public static let authorName = "Scratch Author"
  /// The author and committer email of every commit.
  public static let authorEmail = "scratch@example.com"

  /// Makes a new empty repository, with `main` as its unborn branch.
  ///
  /// - Parameter bare: make a bare repository, without working tree.
  public convenience init(bare: Bool = false) throws {
    try self.init(root: Self.makeRoot())
    var arguments = ["init", "--quiet", "--initial-branch=main"]
    if bare { arguments.append("--bare") }
    try git(arguments: arguments + [path])
  }

  private init(root: String) {
    self.root = root
    self.path = root + "/repo"
  }

  deinit { remove() }

  /// Clones `source` into a new scratch folder, through `file://` so that `depth` works.
  ///
  /// - Parameter depth: make a shallow clone with this many commits; a full clone when `nil`.
  public static func clone(of source: ScratchRepository, depth: Int? = nil) throws
    -> ScratchRepository
  {
    let clone = ScratchRepository(root: try makeRoot())
    var arguments = ["clone", "--quiet"]
    if let depth { arguments += ["--depth", String(depth)] }
    try clone.git(arguments: arguments + ["file://" + source.path, clone.path])
    return clone
  }

  /// The environment git runs with: isolated configuration and fixed identities.
  public var environment: [String: String] {
    [
      "HOME": root + "/home", "XDG_CONFIG_HOME": root + "/home/.config",
      "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
      "GIT_AUTHOR_NAME": Self.authorName, "GIT_AUTHOR_EMAIL": Self.authorEmail,
      "GIT_COMMITTER_NAME": Self.authorName, "GIT_COMMITTER_EMAIL": Self.authorEmail,
      "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C",
    ]
  }

  /// The digest key that git-drift made in the repository (`.git/drift/key`) as the bytes that
  /// key its digests; nil before anything was recorded.
  public var digestKey: [UInt8]? {
    guard let data = FileManager.default.contents(atPath: path + "/.git/drift/key") else {
      return nil
    }
    let text = String(decoding: data, as: UTF8.self)
    return Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
  }

  /// Runs `git <arguments>` in the repository and returns its output without the final newline.
  ///
  /// - Throws: ``Shell/Failure`` when git exits with a non-zero status.
  @discardableResult
  public func git(_ arguments: String..., env: [String: String] = [:]) throws -> String {
    try git(arguments: arguments, env: env)
  }

  /// Runs `git <arguments>` in the repository and returns its output without the final newline.
  ///
  /// - Throws: ``Shell/Failure`` when git exits with a non-zero status.
  @discardableResult
  public func git(arguments: [String], env: [String: String] = [:]) throws -> String {
    let cwd = FileManager.default.fileExists(atPath: path) ? path : root
    var output = try Shell.check(
      ["git"] + arguments, cwd: cwd, env: environment.merging(env) { $1 })
    while output.hasSuffix("\n") { output.removeLast() }
    return output
  }

  /// Writes a text file in the working tree, creating its folders.
  public func write(_ relativePath: String, _ text: String) throws {
    try write(relativePath, bytes: Array(text.utf8))
  }

  /// Writes a file with exact bytes in the working tree, creating its folders.
  public func write(_ relativePath: String, bytes: [UInt8]) throws {
    let url = URL(fileURLWithPath: path + "/" + relativePath)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: url)
  }

  /// Deletes a file or folder from the working tree.
  public func delete(_ relativePath: String) throws {
    try FileManager.default.removeItem(atPath: path + "/" + relativePath)
  }

  /// Stages everything (`git add -A`) and commits it, even when nothing changed.
  ///
  /// - Parameters:
  ///   - message: the commit message.
  ///   - date: the author and committer date, such as `2026-01-01T10:00:00Z`; now when `nil`.
  /// - Returns: the new commit's full id.
  @discardableResult
  public func commit(_ message: String, date: String? = nil) throws -> String {
    let dates = date.map { ["GIT_AUTHOR_DATE": $0, "GIT_COMMITTER_DATE": $0] } ?? [:]
    try git("add", "-A")
    try git(arguments: ["commit", "--quiet", "--allow-empty", "-m", message], env: dates)
    return try git("rev-parse", "HEAD")
  }

  /// Checks every object and reference with `git fsck --strict`.
  ///
  /// - Throws: ``Shell/Failure`` when git finds a problem.
  public func fsck() throws {
    try git("fsck", "--strict", "--no-progress")
  }

  /// Deletes the temporary folder; safe to call more than once.
  public func remove() {
    try? FileManager.default.removeItem(atPath: root)
  }

  private static func makeRoot() throws -> String {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("git-drift-scratch-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(
      atPath: root + "/home", withIntermediateDirectories: true)
    return root
  }
}
