import Foundation

/// A single updating line on standard error for work that takes a while (`12/40 snapshots`),
/// shown only when standard error is a terminal that takes it: never when it is redirected,
/// when `NO_COLOR` is set or `TERM` is `dumb`, or when the output is JSON for a program.
///
/// It redraws at most ten times a second, and ``finish()`` clears it so that nothing of it
/// stays in the terminal's scrollback.
final class ProgressLine {
  private let enabled: Bool
  private var shown = false
  private var last = Date.distantPast

  /// A progress line, shown when `allowed` (the command's output is not for a program) and
  /// standard error is a terminal that wants live output.
  init(allowed: Bool = true, environment: [String: String] = ProcessInfo.processInfo.environment) {
    enabled = allowed && Self.terminalWantsIt(environment: environment)
  }

  /// Whether standard error is a terminal, with neither NO_COLOR nor TERM=dumb.
  static func terminalWantsIt(environment: [String: String]) -> Bool {
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
    if environment["TERM"] == "dumb" { return false }
    return isatty(STDERR_FILENO) == 1
  }

  /// Shows `text` in place of the previous line (at most ten times a second, and always for
  /// the last step, when `done == total`).
  func update(_ text: String, done: Int, total: Int) {
    guard enabled else { return }
    let now = Date()
    guard done >= total || now.timeIntervalSince(last) >= 0.1 else { return }
    last = now
    let line = String("git-drift: \(text) \(done)/\(total)".prefix(100))
    FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
    shown = true
  }

  /// Clears the line.
  func finish() {
    guard shown else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    shown = false
  }
}
