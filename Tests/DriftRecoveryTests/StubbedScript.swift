import DriftTestSupport
import Foundation

/// A shell script run with stub programs first on `PATH` that record how they were called, so
/// that a test sees exactly what a rollback script would have run.
struct StubbedScript {
  /// One call of a stub: its argv (program name first) and what it read on standard input.
  struct Call: Equatable, CustomStringConvertible {
    var argv: [String]
    var stdin: String

    var description: String { "\(argv) <<< \(stdin.debugDescription)" }
  }

  /// The folder the script runs in; a canary file there means code ran that should not have.
  let folder: String

  /// Creates a scratch folder with stubs of `programs`; a stub prints `output[program]`.
  init(programs: [String], output: [String: String] = [:]) throws {
    folder =
      FileManager.default.temporaryDirectory.appendingPathComponent(
        "stubbed-\(UUID().uuidString)"
      ).path
    let files = FileManager.default
    try files.createDirectory(atPath: folder + "/bin", withIntermediateDirectories: true)
    try files.createDirectory(atPath: folder + "/calls", withIntermediateDirectories: true)
    for program in programs {
      let printed = output[program].map { "printf '%s' '\(Self.quoted($0))'\n" } ?? ""
      let stub = """
        #!/bin/sh
        calls='\(folder)/calls'
        until mkdir "$calls/lock" 2>/dev/null; do :; done
        n=$(($(cat "$calls/count" 2>/dev/null || echo 0) + 1))
        echo "$n" > "$calls/count"
        rmdir "$calls/lock"
        printf '%s\\0' "\(program)" "$@" > "$calls/$n.argv"
        cat > "$calls/$n.stdin"
        \(printed)
        """
      let path = folder + "/bin/" + program
      try Data(stub.utf8).write(to: URL(fileURLWithPath: path))
      try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }
  }

  private static func quoted(_ text: String) -> String { text.replacing("'", with: "'\\''") }

  /// Runs `script` with `sh` in the folder, the stubs first on `PATH`.
  func run(_ script: String, env: [String: String] = [:]) throws -> Shell.Result {
    let path = folder + "/plan.sh"
    try Data(script.utf8).write(to: URL(fileURLWithPath: path))
    let search = folder + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    return try Shell.run(["sh", path], cwd: folder, env: env.merging(["PATH": search]) { $1 })
  }

  /// The calls the stubs recorded, in order (the programs of a pipeline in either order).
  func calls() throws -> [Call] {
    let calls = folder + "/calls/"
    guard let count = try? String(contentsOfFile: calls + "count", encoding: .utf8) else {
      return []
    }
    return try (1..<((Int(count.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) + 1)).map {
      let argv = try Data(contentsOf: URL(fileURLWithPath: calls + "\($0).argv"))
      let stdin = try Data(contentsOf: URL(fileURLWithPath: calls + "\($0).stdin"))
      return Call(
        argv: argv.split(separator: 0, omittingEmptySubsequences: false).dropLast().map {
          String(decoding: $0, as: UTF8.self)
        },
        stdin: String(decoding: stdin, as: UTF8.self))
    }
  }

  /// Whether anything but the script, the stubs and their records appeared in the folder.
  func strayFiles() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder).filter {
      !["bin", "calls", "plan.sh"].contains($0)
    }
  }

  /// Removes the folder.
  func remove() { try? FileManager.default.removeItem(atPath: folder) }
}
