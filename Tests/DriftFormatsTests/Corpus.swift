import Foundation

/// Files of the shared corpus (`../shared/corpus` next to the package root), read in place.
enum Corpus {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // DriftFormatsTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // package root
    .appendingPathComponent("../shared/corpus").standardizedFileURL

  /// The bytes of `path`, relative to the corpus root.
  static func bytes(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: root.appendingPathComponent(path)))
  }
}

extension String {
  var bytes: [UInt8] { Array(utf8) }
}
