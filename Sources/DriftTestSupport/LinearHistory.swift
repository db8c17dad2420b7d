import Foundation

/// A long first-parent history written in one `git fast-import` run, for tests and benchmarks
/// that need thousands of commits in seconds.
public enum LinearHistory {
  /// Writes `count` commits on `main` of `repo`, one every `spacing` seconds.
  ///
  /// Times start at `start` (Unix time). The first commit adds `files`, every later one
  /// rewrites `CHANGELOG`, so the other files keep their blobs. Returns the commit ids, oldest
  /// first.
  @discardableResult
  public static func write(
    into repo: ScratchRepository, commits count: Int, files: [(path: String, contents: String)],
    start: Int, spacing: Int
  ) throws -> [String] {
    var stream = ""
    stream.reserveCapacity(count * 200 + files.reduce(0) { $0 + $1.contents.utf8.count + 64 })
    func data(_ text: String) -> String { "data \(text.utf8.count)\n\(text)\n" }
    for index in 0..<count {
      let time = start + index * spacing
      stream += "commit refs/heads/main\nmark :\(index + 1)\n"
      stream += "author Dev <dev@example.com> \(time) +0000\n"
      stream += "committer Dev <dev@example.com> \(time) +0000\n"
      stream += data("change \(index)")
      if index == 0 {
        for file in files { stream += "M 100644 inline \(file.path)\n" + data(file.contents) }
      } else {
        stream += "from :\(index)\n"
      }
      stream += "M 100644 inline CHANGELOG\n" + data("entry \(index)\n")
    }
    try Shell.check(
      ["git", "fast-import", "--quiet"], cwd: repo.path, env: repo.environment, stdin: stream)
    try repo.git("reset", "--quiet", "--hard", "main")
    return try repo.git("rev-list", "--reverse", "main").split(separator: "\n").map(String.init)
  }
}
