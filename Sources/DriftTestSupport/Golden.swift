public import Foundation
public import Testing

/// Golden files: expected outputs that a person reviewed, kept under `Tests/Fixtures/`.
///
/// A golden never passes unread: when it is missing, or when `DRIFT_RECORD=1` asks to rewrite
/// it, the output is written to it and the test fails, as swift-argument-parser's
/// `assertSnapshot` does. Review the new file, then run again.
public enum Golden {
  /// The project's root folder, found from this file's path.
  public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// `Tests/Fixtures`, the folder golden paths are relative to.
  public static let fixtures = root.appendingPathComponent("Tests/Fixtures")

  /// Whether `DRIFT_RECORD=1` is in the environment: every golden compared is rewritten.
  public static var isRecording: Bool {
    ProcessInfo.processInfo.environment["DRIFT_RECORD"] == "1"
  }

  /// Why an output does not pass against its golden.
  public enum Failure: Error, Equatable, CustomStringConvertible {
    /// The golden was written with the output, because it was missing or recording was asked.
    case recorded(path: String)
    /// The golden holds other text: the first line that differs (1-based), as expected and as
    /// produced (`nil` past the end).
    case differs(path: String, line: Int, expected: String?, actual: String?)

    public var description: String {
      switch self {
      case .recorded(let path):
        return "recorded a new golden at \(path); review it and run again"
      case .differs(let path, let line, let expected, let actual):
        return "output differs from the golden at \(path), line \(line): expected "
          + "\(expected.map { "'\($0)'" } ?? "end of file"), got "
          + "\(actual.map { "'\($0)'" } ?? "end of output") (DRIFT_RECORD=1 rewrites it)"
      }
    }
  }

  /// Compares `actual` with the golden file at `path` under `folder`.
  ///
  /// - Parameters:
  ///   - actual: the output under test.
  ///   - path: the golden's path relative to `folder`, such as `reports/report.txt`.
  ///   - folder: where goldens live; ``fixtures`` unless a test needs another place.
  ///   - recording: rewrite the golden even when it exists; ``isRecording`` by default.
  /// - Throws: ``Failure/recorded(path:)`` after writing a missing golden or one being
  ///   recorded, ``Failure/differs(path:line:expected:actual:)``, or the file system's error.
  public static func compare(
    _ actual: String, at path: String, in folder: URL = fixtures, recording: Bool = isRecording
  ) throws {
    let url = folder.appendingPathComponent(path)
    if recording || !FileManager.default.fileExists(atPath: url.path) {
      try record(actual, at: url)
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    guard actual != expected else { return }
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var index = 0
    while index < expectedLines.count, index < actualLines.count,
      expectedLines[index] == actualLines[index]
    {
      index += 1
    }
    throw Failure.differs(
      path: url.path, line: index + 1,
      expected: index < expectedLines.count ? String(expectedLines[index]) : nil,
      actual: index < actualLines.count ? String(actualLines[index]) : nil)
  }

  /// The golden text at `Tests/Fixtures/<path>`, to compare with `actual`; prefer
  /// ``assertGolden(_:at:in:sourceLocation:)``.
  ///
  /// - Throws: ``Failure/recorded(path:)`` after writing `actual` to a missing golden, or to
  ///   any golden with `DRIFT_RECORD=1`; the file system's error when it cannot be read.
  public static func expected(_ actual: String, at path: String) throws -> String {
    let url = fixtures.appendingPathComponent(path)
    if isRecording || !FileManager.default.fileExists(atPath: url.path) {
      try record(actual, at: url)
    }
    return try String(contentsOf: url, encoding: .utf8)
  }

  /// Writes `text` to the golden at `url`, then throws that it was recorded.
  private static func record(_ text: String, at url: URL) throws -> Never {
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
    throw Failure.recorded(path: url.path)
  }
}

/// Checks `actual` against the golden file at `path`, recording an issue when they differ, and
/// when the golden was written because it was missing or `DRIFT_RECORD=1` is set.
///
/// - Parameters:
///   - actual: the output under test.
///   - path: the golden's path relative to `folder`, such as `reports/timeline/web.txt`.
///   - folder: where goldens live; ``Golden/fixtures`` unless a test needs another place.
///   - sourceLocation: where the issue is reported; the caller's line by default.
public func assertGolden(
  _ actual: String, at path: String, in folder: URL = Golden.fixtures,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  do {
    try Golden.compare(actual, at: path, in: folder)
  } catch let failure as Golden.Failure {
    Issue.record(Comment(rawValue: failure.description), sourceLocation: sourceLocation)
  } catch {
    Issue.record(error, sourceLocation: sourceLocation)
  }
}
