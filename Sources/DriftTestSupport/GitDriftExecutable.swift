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

extension ScratchRepository {
  /// Records `live` (an export's text) as a snapshot captured `minute` minutes after
  /// 2026-11-20T10:00Z, as `git drift snapshot record --at` does; throws unless it succeeds.
  public func recordSnapshot(_ live: String, minute: Int) throws {
    let export = root + "/live.json"
    try Data(live.utf8).write(to: URL(fileURLWithPath: export))
    let time = String(format: "2026-11-20T%02d:%02d:00Z", 10 + minute / 60, minute % 60)
    let arguments = ["snapshot", "record", "--at", time, export]
    let result = try GitDriftExecutable.run(arguments, in: path)
    guard result.status == 0 else {
      throw Shell.Failure(arguments: ["git-drift"] + arguments, result: result)
    }
  }
}
