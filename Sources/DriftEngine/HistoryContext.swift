package import DriftFormats
package import DriftHistory
package import DriftJSON
package import DriftModel
import Foundation
package import Git

/// What history commands share: the repository, the configuration at the tip of the desired
/// branch, one source, its snapshots, and the desired history to judge them against.
package struct HistoryContext {
  package let workspace: Workspace
  package let configuration: Configuration
  package let source: SourceConfiguration
  package let store: SnapshotStore
  package let tip: Commit
  package let branch: String
  /// The adapters of the formats sources may name.
  package var formats: FormatRegistry { workspace.formats }

  /// Opens the context for `sourceName`, or for the only source of `.drift.yml`.
  ///
  /// - Parameter workspace: the repository; the one that holds the current folder when nil.
  package static func open(
    sourceName: String?, revision: String? = nil, workspace given: Workspace? = nil
  ) throws(Failure) -> HistoryContext {
    let workspace: Workspace
    if let given { workspace = given } else { workspace = try Workspace.discover() }
    let head = try workspace.commit(revision ?? "HEAD")
    let configuration = try workspace.configuration(at: head)
    let branch = revision ?? configuration.branch ?? "HEAD"
    let tip = revision == nil && configuration.branch != nil ? try workspace.commit(branch) : head
    let source = try select(sourceName, in: configuration)
    return HistoryContext(
      workspace: workspace, configuration: configuration, source: source,
      store: workspace.snapshotStore(), tip: tip, branch: branch)
  }

  package static func select(_ name: String?, in configuration: Configuration) throws(Failure)
    -> SourceConfiguration
  {
    let known = configuration.sources.map(\.name).joined(separator: ", ")
    if let name {
      guard let source = configuration.source(named: name) else {
        throw Failure("unknown source '\(name)' (sources in .drift.yml: \(known))")
      }
      return source
    }
    guard configuration.sources.count == 1, let only = configuration.sources.first else {
      throw Failure("name the source with --source (one of: \(known))")
    }
    return only
  }

  /// The digester for recording: the digest key, created on first use.
  package func recordingSecrets() throws(Failure) -> SecretDigester {
    try workspace.recordingSecrets()
  }

  /// The digester matching the recorded snapshots (a random one when none are recorded).
  package func secrets() throws(Failure) -> SecretDigester {
    try workspace.secrets()
  }

  /// The source's snapshots, oldest first.
  package func snapshots() throws(Failure) -> [Snapshot] {
    try history { () throws(HistoryError) in try store.snapshots(of: source.name) }
  }

  /// The snapshot an id names (see ``SnapshotID``).
  package func resolve(_ id: String, in snapshots: [Snapshot]) throws(Failure) -> Snapshot {
    try SnapshotID.resolve(id, in: snapshots, source: source.name)
  }

  /// The desired history of the branch, read back from its tip as far as needed.
  package func desiredHistory(secrets: SecretDigester) -> DesiredHistory {
    DesiredHistory(
      repository: workspace.repository, tip: tip.id, secrets: secrets, formats: formats)
  }
}

/// Runs history work, turning its errors into a `Failure`.
package func history<T>(_ body: () throws(HistoryError) -> T) throws(Failure) -> T {
  do {
    return try body()
  } catch {
    throw Failure(error.description)
  }
}

/// `ADDRESS[#POINTER]`, as every command takes it: an address (or address glob) and,
/// after the first `#` outside an instance key (`aws_s3_bucket.b["a#b"]` keeps its `#`), a JSON
/// Pointer to one attribute.
package struct AddressArgument {
  package var address: String
  package var pointer: FieldPath?

  package init(_ text: String) throws(Failure) {
    guard let hash = Self.separator(in: text) else {
      address = text
      return
    }
    address = String(text[..<hash])
    let pointerText = String(text[text.index(after: hash)...])
    guard let path = FieldPath(pointer: pointerText), !pointerText.isEmpty else {
      throw Failure("'\(pointerText)' is not a JSON Pointer (it must start with '/')")
    }
    pointer = path
  }

  /// The first `#` outside brackets and quotes.
  private static func separator(in text: String) -> String.Index? {
    var depth = 0
    var quoted = false
    var escaped = false
    for index in text.indices {
      let character = text[index]
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
      case "#" where depth == 0: return index
      default: break
      }
    }
    return nil
  }
}

/// Names of snapshots on the command line.
package enum SnapshotID {
  /// The snapshot an id names: a sha, `latest`, `latest~N`, or `@TIME` (the last one captured
  /// at or before it).
  package static func resolve(_ id: String, in snapshots: [Snapshot], source: String)
    throws(Failure)
    -> Snapshot
  {
    let unknown = Failure(HistoryError.unknownSnapshot(id, source: source).description)
    guard let latest = snapshots.last else { throw unknown }
    if id == "latest" { return latest }
    if id.hasPrefix("latest~"), let back = Int(id.dropFirst(7)), back >= 0 {
      guard back < snapshots.count else { throw unknown }
      return snapshots[snapshots.count - 1 - back]
    }
    if id.hasPrefix("@") {
      guard let time = Timestamp.parse(String(id.dropFirst())) else {
        throw Failure("'\(id.dropFirst())' is not a time like 2026-11-20T10:00:00Z")
      }
      guard let found = snapshots.last(where: { $0.capturedAt <= time }) else { throw unknown }
      return found
    }
    let matches = snapshots.filter { $0.id.hex.hasPrefix(id.lowercased()) }
    guard id.count >= 4, matches.count == 1, let match = matches.first else { throw unknown }
    return match
  }

}
