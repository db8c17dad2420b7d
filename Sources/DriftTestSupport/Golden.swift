public import Foundation

/// Golden files: expected outputs that a person reviewed, kept under `Tests/Fixtures/`.
public enum Golden {
  /// The project's root folder, found from this file's path.
  public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The expected text at `Tests/Fixtures/<path>`; with `DRIFT_RECORD=1` in the environment the
  /// file is rewritten with `actual` first (review the diff before committing it).
  ///
  /// - Returns: the golden text, to compare with `actual`.
  public static func expected(_ actual: String, at path: String) throws -> String {
    let url = root.appendingPathComponent("Tests/Fixtures").appendingPathComponent(path)
    if ProcessInfo.processInfo.environment["DRIFT_RECORD"] == "1" {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(actual.utf8).write(to: url)
    }
    return try String(contentsOf: url, encoding: .utf8)
  }
}
