public import Foundation
public import Git

/// One recorded capture of a source's live state: a commit on `refs/drift/snapshots/<source>`.
public struct Snapshot: Sendable, Hashable {
  /// The snapshot commit.
  public var id: ObjectID
  /// Its tree: one blob per resource, at the resource's address plus `.json`.
  public var tree: ObjectID
  public var source: String
  public var capturedAt: Date
  public var resourceCount: Int
  /// The previous snapshot of the same source.
  public var parent: ObjectID?

  /// The capture time as RFC 3339 in UTC.
  public var capturedAtText: String { Timestamp.format(capturedAt) }
}

/// The trailers a snapshot commit carries, so that a chain can be recognised and read back.
enum SnapshotTrailer {
  static let source = "Drift-Source"
  static let capturedAt = "Drift-Captured-At"
  static let resources = "Drift-Resources"
  static let event = "Drift-Event"

  /// The value of `name` in a commit message's trailers: the last line that starts with it.
  ///
  /// Scans bytes backwards without splitting the message: a snapshot chain reads a thousand
  /// messages per command.
  static func value(_ name: String, in message: String) -> String? {
    let bytes = Array(message.utf8)
    let key = Array((name + ": ").utf8)
    var end = bytes.count
    while end > 0 {
      var start = end
      while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
      if end - start >= key.count, bytes[start..<start + key.count].elementsEqual(key) {
        return String(decoding: bytes[(start + key.count)..<end], as: UTF8.self)
      }
      end = start - 1
    }
    return nil
  }
}

/// Where a resource lives in a snapshot tree: its address as a path, with `.json` appended.
enum SnapshotPath {
  /// The watcher's drift state, beside the resources.
  static let state = ".drift/state.json"

  static func path(of address: String) -> String { address + ".json" }

  static func address(of path: String) -> String? {
    guard path.hasSuffix(".json") else { return nil }
    return String(path.dropLast(5))
  }

  /// The type of a resource from its address: the first segment (`Deployment.apps`).
  static func type(of address: String) -> String {
    String(address.prefix { $0 != "/" })
  }
}
