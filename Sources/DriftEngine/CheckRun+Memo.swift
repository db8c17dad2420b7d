import DriftDiff
import DriftFormats
import DriftHistory
import DriftJSON
import DriftModel
import Foundation
import Git

extension Check {
  /// Where the report of a check would be kept, and the key it answers for.
  struct MemoSlot {
    var memo: ReportMemo
    var key: [UInt8]
    var headers: [DriftReport.Snapshot]
    /// The key without the snapshot trees, when every source is a recorded snapshot: what a
    /// report of the same commit and configuration is patched from (see ``patchedReport``).
    var basisKey: [UInt8]?
    /// The snapshot tree of each source, by name.
    var trees: [String: ObjectID]
  }

  /// The slot of a check whose every source is compared with a recorded snapshot, or with
  /// captured resources whose bytes' id is known (the watcher's).
  ///
  /// Nil for any other check (an export file, address arguments, a caller that reads more
  /// than the report). Tools an adapter runs (kustomize) are part of the key.
  func memoSlot(
    commit: Commit, configuration: Configuration, sources: [SourceConfiguration],
    ignoreEntries: [IgnoreMatcher.Entry], secrets: SecretDigester, store: SnapshotStore,
    workspace: Workspace
  ) -> MemoSlot? {
    guard reusesVerdicts, addresses.isEmpty, !sources.isEmpty else { return nil }
    if let snapshot, snapshot == "-" || FileManager.default.fileExists(atPath: snapshot) {
      return nil
    }
    var parts = [
      "commit \(commit.id.hex)", String(reflecting: configuration),
      String(reflecting: ignoreEntries), "\(today)", secrets.fingerprint,
      "provenance \(provenanceDepth.map(String.init) ?? "none")",
    ]
    var headers: [DriftReport.Snapshot] = []
    var basisParts: [String]? = parts
    var trees: [String: ObjectID] = [:]
    for source in sources {
      guard let adapter = try? workspace.formats.adapter(of: source) else { return nil }
      if let captured = liveResources[source.name] {
        guard let digest = liveDigests[source.name] else { return nil }
        parts.append(
          "source \(source.name) capture \(digest.hex) \(captured.count) "
            + "tools \(adapter.externalToolStamp)")
        headers.append(
          DriftReport.Snapshot(source: source.name, capturedAt: Timestamp.format(Date())))
        basisParts = nil
        continue
      }
      guard let picked = try? recordedSnapshot(of: source, store: store) else { return nil }
      parts.append(
        "source \(source.name) tree \(picked.tree.hex) tools \(adapter.externalToolStamp)")
      basisParts?.append("source \(source.name) tools \(adapter.externalToolStamp)")
      trees[source.name] = picked.tree
      headers.append(
        DriftReport.Snapshot(
          source: source.name, id: picked.id.hex, capturedAt: picked.capturedAtText))
    }
    let memo = ReportMemo(
      directory: workspace.repository.commonDirectory + "/drift/reports",
      selection: [revision, sourceName ?? "", snapshot ?? ""])
    return MemoSlot(
      memo: memo, key: VerdictCache.context(parts), headers: headers,
      basisKey: basisParts.map(VerdictCache.context), trees: trees)
  }
}
