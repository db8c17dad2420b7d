import DriftDiff
import DriftFormats
import DriftHistory
import DriftJSON
import DriftModel
import Foundation
import Git

extension Check {
  /// A report patched from a kept one, and how many live resources it judged again.
  struct PatchedReport {
    var report: DriftReport
    var basis: ReportMemo.Basis
    var judged: Int
  }

  /// The report of the last check of the same commit and configuration, patched for the live
  /// resources whose snapshot blobs changed since; nil when no kept report can be patched.
  ///
  /// Each changed resource's old and new blobs are judged against the desired files that
  /// declare it (and the files the adapter never outlines), and what the old judgement added
  /// to the report is replaced by what the new one adds. A check of 30,000 resources with 300
  /// changed so judges 600 instead of reading every verdict and outline (0.5 s). Anything
  /// whose judgement depends on other resources gives up, and the check runs in full: a live
  /// resource added or removed, one matched through a counterpart, unmanaged, claiming or
  /// claimed (see ``Differ/contribution(of:desired:claimed:)``), a source whose adapter does
  /// not read each file on its own, or a kept report that does not agree with its own blobs.
  func patchedReport(
    slot: MemoSlot, commit: Commit, configuration: Configuration,
    sources: [SourceConfiguration], ignore: IgnoreMatcher, secrets: SecretDigester,
    store: SnapshotStore, workspace: Workspace, listing: [TreeEntry],
    desired header: DriftReport.Desired
  ) throws(Failure) -> PatchedReport? {
    guard let basisKey = slot.basisKey else { return nil }
    for (base, basis) in slot.memo.bases(for: basisKey, desired: header)
    where basis.sources.map(\.name) == sources.map(\.name) {
      var report = base
      report.snapshots = slot.headers
      var next = basis
      var judged = 0
      var patched = true
      for (position, source) in sources.enumerated() {
        guard let tree = slot.trees[source.name],
          let count = try patch(
            &report, basis: &next.sources[position], to: tree, source: source,
            configuration: configuration, ignore: ignore, secrets: secrets, store: store,
            workspace: workspace, listing: listing, commit: commit)
        else {
          patched = false
          break
        }
        judged += count
      }
      if patched { return PatchedReport(report: report, basis: next, judged: judged) }
    }
    return nil
  }

  /// Patches `report` and `basis` for one source's resources that changed between
  /// `basis.tree` and `tree`; returns how many were judged again, nil when it cannot.
  private func patch(
    _ report: inout DriftReport, basis: inout ReportMemo.Basis.Source, to tree: ObjectID,
    source: SourceConfiguration, configuration: Configuration, ignore: IgnoreMatcher,
    secrets: SecretDigester, store: SnapshotStore, workspace: Workspace, listing: [TreeEntry],
    commit: Commit
  ) throws(Failure) -> Int? {
    guard basis.tree != tree else { return 0 }
    let reader = try SourceReader(
      source: source, secrets: secrets, trimsLive: true, formats: workspace.formats)
    let adapter = reader.adapter
    guard adapter.judgesWhileReading, adapter.desiredPerFile,
      let changes = try? store.changedResources(from: basis.tree, to: tree)
    else { return nil }
    var olds: [(id: ResourceID, blob: ObjectID)] = []
    var news: [(id: ResourceID, blob: ObjectID)] = []
    for change in changes where !ignore.ignoresResource(change.id.address) {
      // A resource added or removed changes what is missing, and the export's scope.
      guard let old = change.old, let new = change.new else { return nil }
      olds.append((change.id, old))
      news.append((change.id, new))
    }
    basis.tree = tree
    guard !olds.isEmpty else { return 0 }
    // The files that declare the changed resources, from the report: in sync or modified.
    let changed = Set(olds.map(\.id.address))
    var files: [String: String] = [:]
    let block = report.inSync.indices.filter { report.inSync[$0].source == source.name }
    guard block.count == basis.inSyncFiles.count else { return nil }
    for (index, file) in zip(block, basis.inSyncFiles) where !file.isEmpty {
      let address = report.inSync[index].address
      if changed.contains(address) { files[address] = file }
    }
    for drift in report.drifts
    where drift.source == source.name && drift.kind == .modified
      && changed.contains(drift.id.address)
    {
      files[drift.id.address] = drift.location?.file
    }
    guard files.count == changed.count else { return nil }
    let desiredTree = SelectedTree(
      CommitTree(listing: listing, workspace: workspace),
      reading: Set(files.values).union(basis.alwaysRead))
    guard
      let side = try? adapter.desired(
        source, in: desiredTree, live: [], secrets: reader.secrets),
      let index = try? Differ.index(desired: side.resources)
    else { return nil }
    let differ = Differ(
      source: source.name, rules: side.rules, managers: reader.managers, ignore: ignore,
      severity: SeverityRules(policies: configuration.policies))
    let pruning = adapter.storedPruning ?? JSONReader.Pruning()
    let claimed = Set(basis.claimed)
    func contributions(_ stored: [(id: ResourceID, blob: ObjectID)]) throws(Failure)
      -> [Differ.Contribution?]
    {
      try history { () throws(HistoryError) in
        try store.resources(of: stored, pruning: pruning) { [differ, index] resource in
          differ.contribution(
            of: differ.judge(resource, desired: index), desired: index, claimed: claimed)
        }
      }
    }
    let before = try contributions(olds)
    let after = try contributions(news)
    var inSync: [ResourceID] = []
    var drifts: [Drift] = []
    let keptDrifts = Dictionary(
      report.drifts.filter { $0.source == source.name && changed.contains($0.id.address) }.map {
        ($0.id.address, $0)
      }, uniquingKeysWith: { first, _ in first })
    let keptInSync = Set(block.map { report.inSync[$0].address }).intersection(changed)
    for (position, stored) in olds.enumerated() {
      let address = stored.id.address
      guard let old = before[position], let new = after[position],
        old.compared == new.compared, old.unattributed == new.unattributed,
        old.inSync == keptInSync.contains(address),
        old.drift?.changes.map(\.path) == keptDrifts[address]?.changes.map(\.path)
      else { return nil }
      report.summary.subtract(old.summary)
      report.summary.add(new.summary)
      if new.inSync { inSync.append(stored.id) }
      if let drift = new.drift { drifts.append(drift) }
    }
    drifts = adapter.locate(drifts, in: side)
    if provenanceDepth != nil, !drifts.isEmpty {
      let finder = ProvenanceFinder(
        history: DesiredHistory(
          repository: workspace.repository, tip: commit.id, secrets: secrets,
          formats: workspace.formats),
        source: source, depth: provenanceDepth, live: .none)
      drifts = try Self.annotate(drifts, finder: finder, commit: commit.id)
    }
    if let owners = try workspace.codeOwners(at: commit) {
      for index in drifts.indices {
        if let file = drifts[index].location?.file {
          drifts[index].owners = owners.owners(of: file)
        }
      }
    }
    let order = report.snapshots.map(\.source)
    Self.replaceDrifts(
      of: source.name, order: order, at: changed, with: drifts, in: &report.drifts)
    Self.replaceInSync(
      of: source.name, order: order, at: changed,
      with: inSync.sorted { SnapshotStore.precedesInTree($0.address, $1.address) },
      files: files, in: &report.inSync, files: &basis.inSyncFiles)
    return olds.count
  }

  /// Where the entries of `source` are in a list of entries grouped by source in `order`
  /// (`sources`, the source of each entry): where they would be when there are none.
  private static func block(of source: String, in sources: [String], order: [String]) -> (
    Int, Int
  ) {
    let rank = order.firstIndex(of: source) ?? order.count
    let start = sources.firstIndex { (order.firstIndex(of: $0) ?? order.count) >= rank }
    let from = start ?? sources.endIndex
    let end = sources[from...].firstIndex { $0 != source } ?? sources.endIndex
    return (from, end)
  }

  /// Replaces the drifts of `source` at `addresses` by `drifts`, keeping each source's drifts
  /// sorted by address, as ``Differ/compare(desired:judged:)`` lists them.
  private static func replaceDrifts(
    of source: String, order: [String], at addresses: Set<String>, with drifts: [Drift],
    in list: inout [Drift]
  ) {
    let (start, end) = block(of: source, in: list.map(\.source), order: order)
    var block = list[start..<end].filter { !addresses.contains($0.id.address) }
    block += drifts
    block.sort { $0.id.address < $1.id.address }
    list.replaceSubrange(start..<end, with: block)
  }

  /// Replaces the in-sync entries of `source` at `addresses` by those of `inSync` (in tree
  /// order), keeping the list in tree order and `sourceFiles` (the file of each of the
  /// source's entries) beside it.
  private static func replaceInSync(
    of source: String, order: [String], at addresses: Set<String>, with inSync: [ResourceID],
    files: [String: String], in list: inout [DriftReport.InSync],
    files sourceFiles: inout [String]
  ) {
    let (start, end) = block(of: source, in: list.map(\.source), order: order)
    var entries: [DriftReport.InSync] = []
    var entryFiles: [String] = []
    entries.reserveCapacity(end - start + inSync.count)
    entryFiles.reserveCapacity(end - start + inSync.count)
    var added = inSync[...]
    for (entry, file) in zip(list[start..<end], sourceFiles)
    where !addresses.contains(entry.address) {
      while let next = added.first, SnapshotStore.precedesInTree(next.address, entry.address) {
        entries.append(DriftReport.InSync(source: source, type: next.type, address: next.address))
        entryFiles.append(files[next.address] ?? "")
        added.removeFirst()
      }
      entries.append(entry)
      entryFiles.append(file)
    }
    for next in added {
      entries.append(DriftReport.InSync(source: source, type: next.type, address: next.address))
      entryFiles.append(files[next.address] ?? "")
    }
    list.replaceSubrange(start..<end, with: entries)
    sourceFiles = entryFiles
  }
}

/// A commit's files of which only `reading` are read: every other file is listed, so that an
/// adapter picks the same files it declares, but parsing it declares nothing.
///
/// For adapters whose ``FormatAdapter/desiredPerFile`` says each file's resources depend on
/// that file alone, and given the files whose resources move others (CRDs).
struct SelectedTree: DesiredTree {
  let base: CommitTree
  let reading: Set<String>

  init(_ base: CommitTree, reading: Set<String>) {
    self.base = base
    self.reading = reading
  }

  var paths: [String] { base.paths }
  var symlinks: [String] { base.symlinks }
  func id(of path: String) -> String? { base.id(of: path) }
  func contents(_ path: String) throws(DriftError) -> [UInt8] { try base.contents(path) }

  func parse(
    _ paths: [String],
    _ read: @escaping @Sendable ([UInt8], String) throws(DriftError) -> [Resource]
  ) throws(DriftError) -> [Resource] {
    try base.parse(paths.filter(reading.contains), read)
  }
}
