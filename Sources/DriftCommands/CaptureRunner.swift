import DriftEngine
import DriftFormats
import Foundation

/// Runs capture commands: directly when the command needs no shell, with a timeout.
///
/// The command runs in a process group of its own, so that a timeout kills everything it
/// started (`sh -c 'kubectl … | jq …'` leaves its children running when only the shell is
/// killed).
enum CaptureRunner {
  /// What `command`, a capture of a source of `adapter`'s format, prints: through the steps the
  /// adapter says it stands for, when it names some, in a private folder deleted afterwards.
  static func run(_ command: String, adapter: any FormatAdapter, timeout: TimeInterval)
    throws(Failure) -> [UInt8]
  {
    let manager = FileManager.default
    let folder = manager.temporaryDirectory.appendingPathComponent(
      "git-drift-capture-\(UUID().uuidString)")
    guard let steps = adapter.captureSteps(command, folder: folder.path) else {
      return try run(command, timeout: timeout)
    }
    do {
      try manager.createDirectory(
        at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    } catch {
      throw Failure("cannot create a private folder for capture '\(command)': \(error)")
    }
    defer { try? manager.removeItem(at: folder) }
    let started = Date()
    var output: [UInt8] = []
    for step in steps {
      let left = max(1, timeout - Date().timeIntervalSince(started))
      output = try run(step, named: command, timeout: left)
    }
    return output
  }

  static func run(_ command: String, timeout: TimeInterval) throws(Failure) -> [UInt8] {
    let arguments =
      command.contains(where: { "|&;<>()$`\\\"'*?[]#~=%{}\n".contains($0) })
      ? ["/bin/sh", "-c", command]
      : ["/usr/bin/env"] + command.split(separator: " ").map(String.init)
    return try run(arguments, named: command, timeout: timeout)
  }

  /// Runs `arguments` (the first an absolute path) as the capture `command` and returns what it
  /// printed.
  static func run(_ arguments: [String], named command: String, timeout: TimeInterval)
    throws(Failure) -> [UInt8]
  {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent(
      "git-drift-capture-\(UUID().uuidString)")
    let errorFile = output.appendingPathExtension("stderr")
    defer {
      try? FileManager.default.removeItem(at: output)
      try? FileManager.default.removeItem(at: errorFile)
    }
    guard let process = spawn(arguments, output: output.path, error: errorFile.path) else {
      throw Failure("cannot run capture command '\(command)': \(String(cString: strerror(errno)))")
    }
    let deadline = Date().addingTimeInterval(timeout)
    var status: Int32 = 0
    while waitpid(process, &status, WNOHANG) == 0 {
      if Date() > deadline {
        // SIGKILL to the whole group: a child started by Foundation may have SIGTERM blocked.
        kill(-process, SIGKILL)
        _ = waitpid(process, &status, 0)
        throw Failure("capture command '\(command)' timed out after \(Int(timeout)) s")
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
    // What the group left running when its leader exited does not outlive the capture.
    kill(-process, SIGKILL)
    let message = String(
      decoding: FileManager.default.contents(atPath: errorFile.path) ?? Data(), as: UTF8.self)
    let exited = status & 0x7f == 0
    let code = exited ? (status >> 8) & 0xff : status & 0x7f
    guard exited, code == 0 else {
      let last = message.split(separator: "\n").last.map(String.init) ?? ""
      let how = exited ? "exited with \(code)" : "was killed by signal \(code)"
      throw Failure("capture command '\(command)' \(how): \(last)")
    }
    return [UInt8](FileManager.default.contents(atPath: output.path) ?? Data())
  }

  /// Starts `arguments` in a new process group with standard output and error to files and
  /// standard input from /dev/null; nil when it cannot start.
  private static func spawn(_ arguments: [String], output: String, error: String) -> pid_t? {
    var actions = posix_spawn_file_actions_t()
    var attributes = posix_spawnattr_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawnattr_init(&attributes)
    defer {
      posix_spawn_file_actions_destroy(&actions)
      posix_spawnattr_destroy(&attributes)
    }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, error, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
    posix_spawnattr_setpgroup(&attributes, 0)
    let words = arguments.map { strdup($0) } + [nil]
    defer { for word in words { free(word) } }
    var process: pid_t = 0
    let result = posix_spawn(&process, arguments[0], &actions, &attributes, words, environ)
    guard result == 0 else {
      errno = result
      return nil
    }
    return process
  }
}
