import DriftEngine
import DriftModel
import Foundation

/// Where commands write: standard output and error, and files written whole or not at all.
enum Console {
  /// Writes to standard output.
  static func out(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  /// Writes one line to standard error, its control characters escaped: diagnostics name
  /// files and objects that others committed or exported, and a line break in a name would
  /// start a line that looks like git-drift's own.
  static func error(_ line: String) {
    FileHandle.standardError.write(Data((line.escapingControlCharacters + "\n").utf8))
  }

  /// Writes `text` to `path` whole or not at all (see `FileInput.write`).
  static func write(_ text: String, to path: String) throws(Failure) {
    try FileInput.write(text, to: path)
  }

  /// Creates a file that does not exist yet (see `FileInput.create`); false when it exists.
  static func create(_ text: String, at path: String) throws(Failure) -> Bool {
    try FileInput.create(text, at: path)
  }

  /// Reads a whole file, or standard input for `-` (see `FileInput.read`).
  static func read(_ path: String, limit: Int) throws(Failure) -> [UInt8] {
    try FileInput.read(path, limit: limit)
  }

  /// Whether standard output is a terminal that wants colour (NO_COLOR unset).
  static var wantsColor: Bool {
    let environment = ProcessInfo.processInfo.environment
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
    if environment["TERM"] == "dumb" { return false }
    return isatty(STDOUT_FILENO) == 1
  }
}
