import Foundation

/// Runs programs to completion and captures what they print, for tests.
public enum Shell {
  /// How a program ended and what it printed.
  public struct Result: Sendable, Equatable {
    /// The exit status; a program killed by a signal reports the signal number.
    public var status: Int32
    /// Everything written to standard output, decoded as UTF-8.
    public var stdout: String
    /// Everything written to standard error, decoded as UTF-8.
    public var stderr: String

    /// Creates a result.
    public init(status: Int32, stdout: String, stderr: String) {
      self.status = status
      self.stdout = stdout
      self.stderr = stderr
    }
  }

  /// A program that could not be started, or that failed when it had to succeed.
  public struct Failure: Error, CustomStringConvertible {
    /// The program and its arguments.
    public var arguments: [String]
    /// What happened.
    public var result: Result

    /// Creates a failure.
    public init(arguments: [String], result: Result) {
      self.arguments = arguments
      self.result = result
    }

    /// `'git commit' exited with 1: <stderr>`.
    public var description: String {
      let stderr = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
      return "'\(arguments.joined(separator: " "))' exited with \(result.status): \(stderr)"
    }
  }

  /// Runs a program found on `PATH` and waits for it.
  ///
  /// Output goes to temporary files rather than pipes, so large outputs cannot dead-lock.
  /// - Parameters:
  ///   - arguments: the program name or path, then its arguments.
  ///   - cwd: the working folder; the current one when `nil`.
  ///   - env: variables to set on top of this process's environment.
  ///   - stdin: text to feed to standard input; none when `nil`.
  /// - Returns: the status and output, whatever the status.
  /// - Throws: when the program cannot be started.
  public static func run(
    _ arguments: [String], cwd: String? = nil, env: [String: String] = [:], stdin: String? = nil
  ) throws -> Result {
    let files = FileManager.default
    let folder = files.temporaryDirectory.appendingPathComponent("shell-\(UUID().uuidString)")
    try files.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? files.removeItem(at: folder) }
    let input = folder.appendingPathComponent("stdin")
    let output = folder.appendingPathComponent("stdout")
    let errors = folder.appendingPathComponent("stderr")
    try Data((stdin ?? "").utf8).write(to: input)
    try Data().write(to: output)
    try Data().write(to: errors)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
    let inputHandle = try FileHandle(forReadingFrom: input)
    let outputHandle = try FileHandle(forWritingTo: output)
    let errorHandle = try FileHandle(forWritingTo: errors)
    defer {
      try? inputHandle.close()
      try? outputHandle.close()
      try? errorHandle.close()
    }
    process.standardInput = inputHandle
    process.standardOutput = outputHandle
    process.standardError = errorHandle
    try process.run()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus,
      stdout: String(decoding: try Data(contentsOf: output), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: errors), as: UTF8.self))
  }

  /// Runs a program like ``run(_:cwd:env:stdin:)`` and throws unless it exits with 0.
  ///
  /// - Returns: its standard output.
  @discardableResult
  public static func check(
    _ arguments: [String], cwd: String? = nil, env: [String: String] = [:], stdin: String? = nil
  ) throws -> String {
    let result = try run(arguments, cwd: cwd, env: env, stdin: stdin)
    guard result.status == 0 else { throw Failure(arguments: arguments, result: result) }
    return result.stdout
  }
}
