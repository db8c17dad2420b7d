import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A program run in a process group of its own, with a time limit and a memory limit, and how
/// it ended: its status or signal, its peak resident memory, what it printed.
///
/// `Process` reaps its children itself, so neither the signal that ended one nor its peak
/// memory (`wait4`'s rusage) can be seen through it; the fuzz oracle needs both.
public enum BoundedProcess {
  /// How a bounded run ended.
  public struct Outcome: Sendable {
    /// The exit status, when the program exited.
    public var status: Int32?
    /// The signal that ended the program, when one did (SIGKILL when a limit was hit).
    public var signal: Int32?
    /// Whether the run was killed for outliving its time limit.
    public var timedOut: Bool
    /// Whether the run was killed for growing past its memory limit.
    public var outgrewMemory: Bool
    /// The peak resident memory in bytes, from `wait4`'s rusage and `/proc` while it ran.
    public var peakBytes: Int
    /// Wall time in seconds.
    public var seconds: Double
    /// Everything written to standard output (possibly not UTF-8).
    public var stdout: [UInt8]
    /// Everything written to standard error (possibly not UTF-8).
    public var stderr: [UInt8]
  }

  /// A program that could not be started.
  public struct SpawnFailure: Error, CustomStringConvertible {
    /// The `posix_spawn` error number.
    public var code: Int32

    /// `cannot spawn: <strerror>`.
    public var description: String { "cannot spawn: \(String(cString: strerror(code)))" }
  }

  /// Runs `arguments` (the first a path) in `folder` with exactly `environment`,
  /// standard input from `/dev/null`.
  ///
  /// The program gets a process group of its own; past `seconds`, or past `memoryBytes` of
  /// resident memory (sampled every 20 ms from `/proc`), the whole group is killed.
  public static func run(
    _ arguments: [String], in folder: String, environment: [String: String],
    seconds: Double = 10, memoryBytes: Int = 1 << 30
  ) throws -> Outcome {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "bounded-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outPath = scratch.appendingPathComponent("stdout").path
    let errPath = scratch.appendingPathComponent("stderr").path

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))

    // `env -C` changes folder and execs the program in the same process (glibc's
    // posix_spawn_file_actions_addchdir_np is not visible from Swift here).
    let argv = (["/usr/bin/env", "-C", folder] + arguments).map { strdup($0) } + [nil]
    let envp =
      environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv + envp { free(pointer) }
    }
    var pid: pid_t = 0
    let start = Date()
    let code = posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, argv, envp)
    guard code == 0 else { throw SpawnFailure(code: code) }

    var status: Int32 = 0
    var usage = rusage()
    var timedOut = false
    var outgrewMemory = false
    var sampledPeak = 0
    while true {
      let reaped = wait4(pid, &status, WNOHANG, &usage)
      if reaped == pid { break }
      if reaped < 0 && errno != EINTR { break }
      let elapsed = Date().timeIntervalSince(start)
      sampledPeak = max(sampledPeak, residentBytes(of: pid))
      if !timedOut && !outgrewMemory {
        if elapsed > seconds {
          timedOut = true
        } else if sampledPeak > memoryBytes {
          outgrewMemory = true
        }
        if timedOut || outgrewMemory { killpg(pid, SIGKILL) }
      }
      usleep(elapsed < 0.2 ? 2_000 : 20_000)
    }
    // Whatever the program left running in its group goes with it.
    killpg(pid, SIGKILL)
    let exited = status & 0x7f == 0
    let read = { (path: String) in
      Array(FileManager.default.contents(atPath: path) ?? Data())
    }
    return Outcome(
      status: exited ? (status >> 8) & 0xff : nil, signal: exited ? nil : status & 0x7f,
      timedOut: timedOut, outgrewMemory: outgrewMemory,
      peakBytes: max(sampledPeak, Int(usage.ru_maxrss) * 1024),
      seconds: Date().timeIntervalSince(start), stdout: read(outPath), stderr: read(errPath))
  }

  /// The resident memory of a running process, from `/proc/PID/statm`; 0 when unknown.
  static func residentBytes(of pid: pid_t) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .utf8) else {
      return 0
    }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
  }
}
