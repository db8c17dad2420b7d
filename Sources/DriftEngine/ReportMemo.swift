import DriftFormats
package import DriftModel
import Foundation
import Git

/// The last report of a check against recorded snapshots, kept in one file per selection
/// (revision, source, snapshot argument) under `.git/drift/reports/`, so that a check whose
/// inputs all equal the last one's reads nothing but the refs that name them.
///
/// The report answers only for its key: the commit (its history gives provenance), each
/// source's snapshot tree, and everything ``VerdictCache/context(_:)`` covers (rules version,
/// executable, configuration, ignore rules, day, digest key). The snapshot headers (commit id,
/// capture time) and the revision's name are the current ones, so a snapshot recorded again
/// with the same tree is still a hit.
///
/// The file holds what the report prints: values are already digests where they are secret.
/// It is replaced whole by a temporary file renamed into place, the folder keeps at most
/// ``fileLimit`` selections, and deleting any of it at any time costs one full check.
package struct ReportMemo {
  /// Selections kept at most.
  static let fileLimit = 64

  private static let magic = Array("git-drift report 1\n".utf8)

  let directory: String
  let file: String

  /// The memo of one selection, in `directory` (`.git/drift/reports`).
  package init(directory: String, selection: [String]) {
    self.directory = directory
    let named = selection.map { "\($0.utf8.count):\($0)" }.joined(separator: "\n")
    file = directory + "/" + Repository.blobID(of: Array(named.utf8)).hex
  }

  /// The parts of a report stored as JSON: few and small next to the in-sync list.
  private struct Stored: Codable {
    var summary: DriftReport.Summary
    var drifts: [Drift]
    var diagnostics: [Diagnostic]
    var unevaluated: [DriftReport.Unevaluated]
  }

  /// The report saved for `key`, with `desired` and `snapshots` as given; nil when there is
  /// none, it is unreadable, or it answers for another key.
  package func load(
    key: [UInt8], desired: DriftReport.Desired, snapshots: [DriftReport.Snapshot]
  ) -> DriftReport? {
    guard let data = FileManager.default.contents(atPath: file) else { return nil }
    var reader = ByteReader(bytes: [UInt8](data))
    guard reader.take(Self.magic.count) == Self.magic[...], reader.take(key.count) == key[...],
      let length = reader.number(), let json = reader.take(length),
      let stored = try? JSONDecoder().decode(Stored.self, from: Data(json)),
      let inSync = Self.decodeInSync(&reader), reader.atEnd
    else { return nil }
    var report = DriftReport(
      desired: desired, snapshots: snapshots, summary: stored.summary, drifts: stored.drifts,
      diagnostics: stored.diagnostics, unevaluated: stored.unevaluated)
    report.inSync = inSync
    return report
  }

  /// Writes `report` for `key`, whole or not at all; failures only cost a check later.
  package func save(_ report: DriftReport, key: [UInt8]) {
    let stored = Stored(
      summary: report.summary, drifts: report.drifts, diagnostics: report.diagnostics,
      unevaluated: report.unevaluated)
    guard let json = try? JSONEncoder().encode(stored) else { return }
    var writer = ByteWriter(bytes: Self.magic + key)
    writer.number(json.count)
    writer.bytes += json
    Self.encodeInSync(report.inSync, into: &writer)
    CacheFolder(directory: directory, fileLimit: Self.fileLimit).replace(file, with: writer.bytes)
  }

  // MARK: The in-sync list

  // Tens of thousands of entries with a handful of sources and types: those are written once
  // in a table and named by their index (JSONDecoder took 85 ms for 30,000 entries).

  private static func encodeInSync(_ entries: [DriftReport.InSync], into writer: inout ByteWriter) {
    var table: [String: Int] = [:]
    var names: [String] = []
    func index(_ name: String) -> Int {
      if let known = table[name] { return known }
      table[name] = names.count
      names.append(name)
      return names.count - 1
    }
    var rows = ByteWriter(bytes: [])
    for entry in entries {
      rows.number(index(entry.source))
      rows.number(index(entry.type))
      rows.text(entry.address)
    }
    writer.number(names.count)
    for name in names { writer.text(name) }
    writer.number(entries.count)
    writer.bytes += rows.bytes
  }

  private static func decodeInSync(_ reader: inout ByteReader) -> [DriftReport.InSync]? {
    guard let nameCount = reader.number(), nameCount <= reader.end - reader.offset else {
      return nil
    }
    var names: [String] = []
    names.reserveCapacity(nameCount)
    for _ in 0..<nameCount {
      guard let name = reader.text() else { return nil }
      names.append(name)
    }
    guard let count = reader.number(), count <= reader.end - reader.offset else { return nil }
    var entries: [DriftReport.InSync] = []
    entries.reserveCapacity(count)
    for _ in 0..<count {
      guard let source = reader.number(), source < names.count, let type = reader.number(),
        type < names.count, let address = reader.text()
      else { return nil }
      entries.append(DriftReport.InSync(source: names[source], type: names[type], address: address))
    }
    return entries
  }
}
