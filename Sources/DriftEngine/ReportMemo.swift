import DriftFormats
package import DriftModel
import Foundation
package import Git

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

  private static let magic = Array("git-drift report 4\n".utf8)

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
    var diagnostics: [Diagnostic]
    var unevaluated: [DriftReport.Unevaluated]
  }

  /// What a kept report carries so that a later check of the same commit, against snapshots
  /// that differ in a few resources, may patch it rather than judge every resource again (see
  /// `Check.patchedReport`).
  package struct Basis: Equatable {
    /// The key's digest without the snapshot trees.
    package var key: [UInt8]
    /// Every source of the report, in its order.
    package var sources: [Source]

    package struct Source: Equatable {
      package var name: String
      /// The snapshot tree the report judged.
      package var tree: ObjectID
      /// The addresses of resources whose fields a claim took out of the comparison.
      package var claimed: [String]
      /// The desired files read whatever changed: those declaring a resource the adapter may
      /// not outline (CustomResourceDefinitions, whose scope moves other resources).
      package var alwaysRead: [String]
      /// The file that declares each of the source's in-sync resources, in the report's order
      /// ("" for none).
      package var inSyncFiles: [String]
      /// The desired addresses live resources were matched with through a counterpart.
      package var counterpartMatched: [String]
      /// The objects live resources were made by the cluster for (a superset).
      package var ownerObjects: [String]
      /// How many live resources carry each key the export's scope depends on; nil when the
      /// rules do not say.
      package var scopeKeys: [String: Int]?
      /// The live resources, compared ones, and unattributed ones among those.
      package var live: Int
      package var compared: Int
      package var unattributed: Int
      /// The live addresses whose contribution the report alone does not say (see
      /// `Differ.PatchFacts`).
      package var irregular: [String]
      /// Whether most compared resources are unattributed, and the compared addresses that are
      /// not as most are.
      package var mostlyUnattributed: Bool
      package var unattributedExceptions: [String]
    }
  }

  /// The report saved for `key`, with `desired` and `snapshots` as given; nil when there is
  /// none, it is unreadable, or it answers for another key.
  package func load(
    key: [UInt8], desired: DriftReport.Desired, snapshots: [DriftReport.Snapshot]
  ) -> DriftReport? {
    guard let data = FileManager.default.contents(atPath: file) else { return nil }
    var reader = ByteReader(bytes: [UInt8](data))
    guard reader.take(Self.magic.count) == Self.magic[...], reader.take(key.count) == key[...],
      let hasBasis = reader.flag(), !hasBasis || reader.take(key.count) != nil,
      let report = Self.decodeReport(&reader, desired: desired, snapshots: snapshots),
      let length = reader.number(), reader.take(length) != nil, reader.atEnd
    else { return nil }
    return report
  }

  /// The reports kept with a basis whose key is `basisKey`: this selection's first, then the
  /// one saved last, with the basis each was saved with; their snapshot headers are empty.
  package func bases(for basisKey: [UInt8], desired: DriftReport.Desired) -> [(
    DriftReport, Basis
  )] {
    let manager = FileManager.default
    var files = [file]
    if let names = try? manager.contentsOfDirectory(atPath: directory) {
      let latest = names.filter { !$0.hasPrefix(".") }.compactMap { name -> (String, Date)? in
        let path = directory + "/" + name
        guard path != file,
          let date = try? manager.attributesOfItem(atPath: path)[.modificationDate] as? Date
        else { return nil }
        return (path, date)
      }.max { $0.1 < $1.1 }
      if let latest { files.append(latest.0) }
    }
    return files.compactMap { path in
      guard let data = manager.contents(atPath: path) else { return nil }
      var reader = ByteReader(bytes: [UInt8](data))
      // The basis key comes before the report: a kept report of another commit, which every
      // check after a commit finds, is not decoded.
      guard reader.take(Self.magic.count) == Self.magic[...],
        reader.take(basisKey.count) != nil, reader.flag() == true,
        reader.take(basisKey.count) == basisKey[...],
        let report = Self.decodeReport(&reader, desired: desired, snapshots: []),
        let length = reader.number(), length > 0,
        let basis = Self.decodeBasis(&reader, key: basisKey), reader.atEnd
      else { return nil }
      return (report, basis)
    }
  }

  /// Writes `report` for `key`, whole or not at all, with what a later check may patch it
  /// from; failures only cost a check later.
  package func save(_ report: DriftReport, key: [UInt8], basis: Basis? = nil) {
    let stored = Stored(
      summary: report.summary, diagnostics: report.diagnostics, unevaluated: report.unevaluated)
    guard let json = try? JSONEncoder().encode(stored) else { return }
    var writer = ByteWriter(bytes: Self.magic + key)
    writer.flag(basis != nil)
    if let basis { writer.bytes += basis.key }
    writer.number(json.count)
    writer.bytes += json
    DriftCoding.encode(report.drifts, into: &writer)
    Self.encodeInSync(report.inSync, into: &writer)
    if let basis {
      var section = ByteWriter(bytes: [])
      Self.encodeBasis(basis, into: &section)
      writer.number(section.bytes.count)
      writer.bytes += section.bytes
    } else {
      writer.number(0)
    }
    CacheFolder(directory: directory, fileLimit: Self.fileLimit).replace(file, with: writer.bytes)
  }

  private static func decodeReport(
    _ reader: inout ByteReader, desired: DriftReport.Desired, snapshots: [DriftReport.Snapshot]
  ) -> DriftReport? {
    guard let length = reader.number(), let json = reader.take(length),
      let stored = try? JSONDecoder().decode(Stored.self, from: Data(json)),
      let drifts = DriftCoding.decode(&reader), let inSync = Self.decodeInSync(&reader)
    else { return nil }
    var report = DriftReport(
      desired: desired, snapshots: snapshots, summary: stored.summary, drifts: drifts,
      diagnostics: stored.diagnostics, unevaluated: stored.unevaluated)
    report.inSync = inSync
    return report
  }

  // MARK: The basis

  private static func encodeBasis(_ basis: Basis, into writer: inout ByteWriter) {
    writer.number(basis.sources.count)
    for source in basis.sources {
      writer.text(source.name)
      writer.id(source.tree)
      writer.texts(source.claimed)
      writer.texts(source.alwaysRead)
      // Each file declares a few resources: named once, then by number.
      var table = TextTable()
      var rows = ByteWriter(bytes: [])
      for file in source.inSyncFiles { rows.number(table.number(of: file)) }
      writer.texts(table.texts)
      writer.number(source.inSyncFiles.count)
      writer.bytes += rows.bytes
      writer.texts(source.counterpartMatched)
      writer.texts(source.ownerObjects)
      if let keys = source.scopeKeys {
        writer.number(1)
        writer.number(keys.count)
        for (key, count) in keys.sorted(by: { $0.key < $1.key }) {
          writer.text(key)
          writer.number(count)
        }
      } else {
        writer.number(0)
      }
      for count in [source.live, source.compared, source.unattributed] { writer.number(count) }
      writer.flag(source.mostlyUnattributed)
      writer.texts(source.irregular)
      writer.texts(source.unattributedExceptions)
    }
  }

  private static func decodeBasis(_ reader: inout ByteReader, key: [UInt8]) -> Basis? {
    guard let count = reader.number(), count <= reader.end - reader.offset else { return nil }
    var sources: [Basis.Source] = []
    for _ in 0..<count {
      guard let name = reader.text(), let tree = reader.id(), let claimed = reader.texts(),
        let alwaysRead = reader.texts(), let names = reader.texts(), let rows = reader.number(),
        rows <= reader.end - reader.offset
      else { return nil }
      var files: [String] = []
      files.reserveCapacity(rows)
      for _ in 0..<rows {
        guard let index = reader.number(), index < names.count else { return nil }
        files.append(names[index])
      }
      guard let counterpartMatched = reader.texts(), let ownerObjects = reader.texts(),
        let hasKeys = reader.number(), hasKeys <= 1
      else { return nil }
      var scopeKeys: [String: Int]?
      if hasKeys == 1 {
        guard let count = reader.number(), count <= reader.end - reader.offset else { return nil }
        var keys: [String: Int] = [:]
        for _ in 0..<count {
          guard let key = reader.text(), let value = reader.number() else { return nil }
          keys[key] = value
        }
        scopeKeys = keys
      }
      guard let live = reader.number(), let compared = reader.number(),
        let unattributed = reader.number(), let mostly = reader.flag(),
        let irregular = reader.texts(), let exceptions = reader.texts()
      else { return nil }
      sources.append(
        Basis.Source(
          name: name, tree: tree, claimed: claimed, alwaysRead: alwaysRead, inSyncFiles: files,
          counterpartMatched: counterpartMatched, ownerObjects: ownerObjects,
          scopeKeys: scopeKeys, live: live, compared: compared, unattributed: unattributed,
          irregular: irregular, mostlyUnattributed: mostly,
          unattributedExceptions: exceptions))
    }
    return Basis(key: key, sources: sources)
  }

  // MARK: The in-sync list

  // Tens of thousands of entries with a handful of sources and types: those are written once
  // in a table and named by their index (JSONDecoder took 85 ms for 30,000 entries).

  private static func encodeInSync(_ entries: [DriftReport.InSync], into writer: inout ByteWriter) {
    var table = TextTable()
    var rows = ByteWriter(bytes: [])
    for entry in entries {
      rows.number(table.number(of: entry.source))
      rows.number(table.number(of: entry.type))
      rows.text(entry.address)
    }
    writer.texts(table.texts)
    writer.number(entries.count)
    writer.bytes += rows.bytes
  }

  private static func decodeInSync(_ reader: inout ByteReader) -> [DriftReport.InSync]? {
    guard let names = reader.texts(), let count = reader.number(),
      count <= reader.end - reader.offset
    else { return nil }
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
