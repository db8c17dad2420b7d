import Foundation

/// The built `git-drift` executable, run as a user runs it: in a folder, with arguments.
public enum GitDriftExecutable {
  /// The executable's path: `GIT_DRIFT_BIN` when set, else the one built beside the tests.
  public static func path() throws -> String {
    if let path = ProcessInfo.processInfo.environment["GIT_DRIFT_BIN"] { return path }
    var candidates: [URL] = []
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = runner.deletingLastPathComponent()
    for _ in 0..<4 {
      candidates.append(folder.appendingPathComponent("git-drift"))
      folder = folder.deletingLastPathComponent()
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    candidates.append(root.appendingPathComponent(".build/debug/git-drift"))
    for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
      return candidate.path
    }
    throw Shell.Failure(
      arguments: ["git-drift"],
      result: Shell.Result(
        status: 127, stdout: "", stderr: "git-drift was not built; run swift build"))
  }

  /// Runs `git-drift` with `arguments` in `folder`, isolated from the user's git config.
  public static func run(
    _ arguments: [String], in folder: String, stdin: String? = nil, env: [String: String] = [:]
  ) throws -> Shell.Result {
    var environment = [
      "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "NO_COLOR": "1",
    ]
    environment.merge(env) { $1 }
    return try Shell.run([try path()] + arguments, cwd: folder, env: environment, stdin: stdin)
  }
}
