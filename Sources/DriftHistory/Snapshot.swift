import DriftTerraform
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
  /// On an observation recorded out of order (captured before the latest one): the id of the
  /// observation captured last, so that the latest is found without walking the chain.
  static let latest = "Drift-Latest"

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
///
/// A `/` before the first `[` separates folders (Kubernetes `Deployment.apps/prod/web`); one
/// inside a Terraform instance key (`aws_s3_bucket.b["a/b"]`) is data, written `%2F`. `%` and
/// a leading `.` are escaped too, so every name is a valid tree entry (never `.`, `..` or
/// `.drift`) and the address reads back unchanged.
enum SnapshotPath {
  /// The watcher's drift state, beside the resources.
  static let state = ".drift/state.json"

  static func path(of address: String) -> String {
    if needsNoEscape(address) { return address + ".json" }
    let bracket = address.firstIndex(of: "[") ?? address.endIndex
    var components = address[..<bracket].split(separator: "/", omittingEmptySubsequences: false)
      .map(String.init)
    components[components.count - 1] += address[bracket...]
    return components.map(escape).joined(separator: "/") + ".json"
  }

  static func address(of path: String) -> String? {
    guard path.hasSuffix(".json") else { return nil }
    // Nearly every path escapes nothing: a snapshot check reads tens of thousands.
    guard path.utf8.contains(UInt8(ascii: "%")) else { return String(path.dropLast(5)) }
    return path.dropLast(5).split(separator: "/", omittingEmptySubsequences: false)
      .map { unescape(String($0)) }.joined(separator: "/")
  }

  /// Whether no component of `address` needs ``escape(_:)``, as for nearly every address:
  /// no `%`, no `/` after the first `[`, and no component that starts with `.`.
  private static func needsNoEscape(_ address: String) -> Bool {
    var atComponentStart = true
    var inIndex = false
    for byte in address.utf8 {
      switch byte {
      case UInt8(ascii: "%"): return false
      case UInt8(ascii: "."): if atComponentStart { return false }
      case UInt8(ascii: "["): inIndex = true
      case UInt8(ascii: "/"):
        if inIndex { return false }
        atComponentStart = true
        continue
      default: break
      }
      atComponentStart = false
    }
    return true
  }

  private static func escape(_ component: String) -> String {
    guard component.contains(where: { $0 == "%" || $0 == "/" }) || component.hasPrefix(".")
    else { return component }
    var escaped = ""
    for character in component {
      switch character {
      case "%": escaped += "%25"
      case "/": escaped += "%2F"
      case "." where escaped.isEmpty: escaped += "%2E"
      default: escaped.append(character)
      }
    }
    return escaped
  }

  private static func unescape(_ component: String) -> String {
    guard component.contains("%") else { return component }
    let codes: [Substring: String] = ["25": "%", "2F": "/", "2E": "."]
    var text = Substring(component)
    var unescaped = ""
    while let first = text.first {
      if first == "%", let decoded = codes[text.dropFirst().prefix(2)] {
        unescaped += decoded
        text = text.dropFirst(3)
      } else {
        unescaped.append(first)
        text = text.dropFirst()
      }
    }
    return unescaped
  }

  /// The type of a resource from its address: the first segment of a Kubernetes address
  /// (`Deployment.apps`), the resource type of a Terraform one
  /// (`module.net["a"].aws_subnet.b[0]` → `aws_subnet`).
  static func type(of address: String) -> String {
    let utf8 = address.utf8
    let bracket = utf8.firstIndex(of: UInt8(ascii: "[")) ?? utf8.endIndex
    if let slash = utf8[..<bracket].firstIndex(of: UInt8(ascii: "/")) {
      return String(address[..<slash])
    }
    var segments = TerraformSegments.split(address)
    while segments.count > 2, segments[0] == "module" { segments.removeFirst(2) }
    if segments.count > 2, segments[0] == "data" { segments.removeFirst() }
    return segments.count == 2 ? segments[0] : String(address.prefix { $0 != "/" })
  }
}

/// The dot-separated names of a Terraform address, instance keys left out.
enum TerraformSegments {
  static func split(_ address: String) -> [String] {
    var segments: [String] = []
    var current = ""
    var depth = 0
    var quoted = false
    var escaped = false
    for character in address {
      if quoted {
        if escaped {
          escaped = false
        } else if character == "\\" {
          escaped = true
        } else if character == "\"" {
          quoted = false
        }
        continue
      }
      switch character {
      case "\"" where depth > 0: quoted = true
      case "[": depth += 1
      case "]": depth = max(0, depth - 1)
      case "." where depth == 0:
        segments.append(current)
        current = ""
      default:
        if depth == 0 { current.append(character) }
      }
    }
    segments.append(current)
    return segments
  }
}
