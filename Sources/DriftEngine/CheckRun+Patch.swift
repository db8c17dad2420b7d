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
  /// Each changed resource's new blob is judged against the desired files that declare it
  /// (and the files the adapter never outlines), and what its old judgement added to the
  /// report (read from the report, or judged again from the old blob where the report does
  /// not say) is replaced by what the new one adds. A check of 30,000 resources with 300
  /// changed so judges 300 instead of reading every verdict and outline (0.12 s against
  /// 0.5 s). Anything whose judgement depends on other resources gives up, and the check runs
  /// in full: a live resource matched through a counterpart, claiming or claimed, made by the
  /// cluster for an object not known to exist (see
  /// ``Differ/contribution(of:desired:claimed:ownerExists:)``), one added or removed where
  /// that changes the export's scope, a source whose adapter does not read each file on its
  /// own, or a kept report that does not agree with the old blobs it judged again.
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
  ///
  /// A resource edited live has its old judgement's contribution replaced by its new one's.
  /// One removed takes its contribution out, and makes the desired resource it matched
  /// missing; one added puts its contribution in, and takes out the missing drift of the
  /// desired resource it matches. That holds while the export's scope stays the same: each
  /// key the scope reads (Kubernetes: types and namespaces) occurs both before and after or in
  /// neither, the export holds at least two resources on both sides, and the counts the
  /// scope's warning gives are the same (or there is no warning on either side).
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
    let oldTree = basis.tree
    basis.tree = tree
    var edits: [(id: ResourceID, old: ObjectID?, new: ObjectID?)] = []
    for change in changes {
      guard ignore.ignoresResource(change.id.address) else {
        edits.append(change)
        continue
      }
      // An ignored resource adds the same whatever it holds; added or removed, it decides
      // whether the desired resource at its address is seen.
      guard change.old != nil, change.new != nil else { return nil }
    }
    guard !edits.isEmpty else { return 0 }
    let changed = Set(edits.map(\.id.address))
    guard changed.count == edits.count else { return nil }

    guard let listed = Self.listed(changed, of: source.name, in: report, basis: basis) else {
      return nil
    }
    let (files, keptInSync, keptDrifts) = (listed.files, listed.inSync, listed.drifts)
    let desiredTree = SelectedTree(
      CommitTree(listing: listing, workspace: workspace),
      reading: Set(files.values).union(basis.alwaysRead))
    guard
      let side = try? adapter.desired(
        source, in: desiredTree, live: [], secrets: reader.secrets),
      let index = try? Differ.index(desired: side.resources)
    else { return nil }
    let rules = side.rules
    let differ = Differ(
      source: source.name, rules: rules, managers: reader.managers, ignore: ignore,
      severity: SeverityRules(policies: configuration.policies))

    guard Self.keepsScope(adding: edits, to: &basis, rules: rules) else { return nil }

    let pruning = adapter.storedPruning ?? JSONReader.Pruning()
    let claimed = Set(basis.claimed)
    let missingAt = Set(keptDrifts.values.filter { $0.kind == .missing }.map(\.id.address))
    func contributions(_ stored: [(id: ResourceID, blob: ObjectID)], in snapshot: ObjectID)
      throws(Failure) -> [Differ.Contribution?]
    {
      let judged = try history { () throws(HistoryError) in
        try store.resources(of: stored, pruning: pruning) { [differ, index] resource in
          differ.judge(resource, desired: index)
        }
      }
      // Here, not on the lanes: the store's repository handle is not shared between threads.
      return judged.map { judgement in
        differ.contribution(of: judgement, desired: index, claimed: claimed) { owner in
          // An owner live in the snapshot exists; one that is not may still be desired.
          do throws(HistoryError) {
            return try store.blob(of: owner, inTree: snapshot) != nil ? true : nil
          } catch {
            return nil
          }
        }
      }
    }
    // Only the old blobs of resources whose contribution the report does not say are read.
    let irregular = Set(basis.irregular)
    var exceptions = Set(basis.unattributedExceptions)
    let olds: [(id: ResourceID, blob: ObjectID)] = edits.compactMap { edit in
      edit.old.flatMap { irregular.contains(edit.id.address) ? (edit.id, $0) : nil }
    }
    let news: [(id: ResourceID, blob: ObjectID)] = edits.compactMap { edit in
      edit.new.map { (edit.id, $0) }
    }
    let judgedBefore = Dictionary(
      zip(olds.map(\.id.address), try contributions(olds, in: oldTree)),
      uniquingKeysWith: { first, _ in first })
    var after = try contributions(news, in: tree)[...]
    var nextIrregular = irregular
    var inSync: [ResourceID] = []
    var drifts: [Drift] = []
    var compared = basis.compared
    var unattributed = basis.unattributed
    var owners: [String] = []
    for edit in edits {
      let address = edit.id.address
      var old: Differ.Contribution?
      var new: Differ.Contribution?
      if edit.old != nil {
        if irregular.contains(address) {
          guard let judged = judgedBefore[address], let judged else { return nil }
          old = judged
        } else {
          let kind = keptDrifts[address]?.kind
          guard kind != .missing else { return nil }
          old = Differ.Contribution(
            listed: kind, inSync: keptInSync.contains(address),
            unattributed: exceptions.contains(address) != basis.mostlyUnattributed)
        }
        exceptions.remove(address)
        nextIrregular.remove(address)
      }
      if edit.new != nil {
        guard let judged = after.popFirst(), let judged else { return nil }
        new = judged
      }
      // The kept report agrees with the old judgement, or with the desired resource missing.
      if let old {
        let kept = keptDrifts[address]
        guard
          !irregular.contains(address)
            || (old.inSync == keptInSync.contains(address) && old.drift?.kind == kept?.kind
              && old.drift?.changes.map(\.path) == kept?.changes.map(\.path))
        else { return nil }
        report.summary.subtract(old.summary)
        if old.compared {
          compared -= 1
          if old.unattributed { unattributed -= 1 }
        }
      } else {
        // Not live before: missing, if it matches a desired resource, and listed nowhere else.
        guard missingAt.contains(address) == (new?.compared ?? false),
          !keptInSync.contains(address), keptDrifts[address].map({ $0.kind == .missing }) ?? true
        else { return nil }
      }
      let seenBefore = old?.compared ?? false
      let seenAfter = new?.compared ?? false
      var desired: Resource?
      if seenBefore != seenAfter {
        guard let found = index[address] else { return nil }
        desired = found
      }
      if let desired, seenAfter {
        report.summary.subtract(differ.missingContribution(desired).summary)
      }
      if let new {
        report.summary.add(new.summary)
        if new.compared {
          compared += 1
          if new.unattributed { unattributed += 1 }
          if new.unattributed != basis.mostlyUnattributed { exceptions.insert(address) }
        }
        if !new.regular { nextIrregular.insert(address) }
        if new.inSync { inSync.append(edit.id) }
        if let drift = new.drift { drifts.append(drift) }
        if let owner = new.ownerObject { owners.append(owner) }
      }
      if let desired, seenBefore {
        let missing = differ.missingContribution(desired)
        report.summary.add(missing.summary)
        if let drift = missing.drift { drifts.append(drift) }
      }
    }
    // The scope's warning counts the compared objects that carry no field owners.
    guard
      (compared, unattributed) == (basis.compared, basis.unattributed)
        || (unattributed == 0 && basis.unattributed == 0)
    else { return nil }
    basis.compared = compared
    basis.unattributed = unattributed
    basis.ownerObjects = Array(Set(basis.ownerObjects).union(owners)).sorted()
    basis.irregular = nextIrregular.sorted()
    basis.unattributedExceptions = exceptions.sorted()

    drifts = adapter.locate(drifts, in: side)
    if provenanceDepth != nil, drifts.contains(where: { !$0.changes.isEmpty }) {
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
    return edits.count
  }

  /// What the report lists of `changed` (addresses of `source`), and the desired files that
  /// declare them; nil when it lists something no patch may take out.
  private static func listed(
    _ changed: Set<String>, of source: String, in report: DriftReport,
    basis: ReportMemo.Basis.Source
  ) -> (files: [String: String], inSync: Set<String>, drifts: [String: Drift])? {
    let block = report.inSync.indices.filter { report.inSync[$0].source == source }
    guard block.count == basis.inSyncFiles.count else { return nil }
    var files: [String: String] = [:]
    var inSync = Set<String>()
    for (index, file) in zip(block, basis.inSyncFiles) {
      let address = report.inSync[index].address
      guard changed.contains(address) else { continue }
      inSync.insert(address)
      if !file.isEmpty { files[address] = file }
    }
    var drifts: [String: Drift] = [:]
    for drift in report.drifts where drift.source == source {
      let address = drift.id.address
      guard changed.contains(address) else { continue }
      guard drifts.updateValue(drift, forKey: address) == nil else { return nil }
      if drift.kind != .unmanaged {
        guard let file = drift.location?.file else { return nil }
        files[address] = file
      }
    }
    return (files, inSync, drifts)
  }

  /// Whether the resources `edits` adds and removes leave the export's scope as it was (see
  /// ``ComparisonRules/scopeKeys(of:)``), none of them being an owner or a counterpart, nor
  /// one added that may have a counterpart; updates `basis`'s scope keys and live count.
  private static func keepsScope(
    adding edits: [(id: ResourceID, old: ObjectID?, new: ObjectID?)],
    to basis: inout ReportMemo.Basis.Source, rules: any ComparisonRules
  ) -> Bool {
    let changes = edits.filter { $0.old == nil || $0.new == nil }
    guard !changes.isEmpty else { return true }
    guard let before = basis.scopeKeys else { return false }
    var after = before
    var live = basis.live
    let ownerObjects = Set(basis.ownerObjects)
    let counterpartMatched = Set(basis.counterpartMatched)
    for edit in changes {
      let address = edit.id.address
      guard let keys = rules.scopeKeys(of: edit.id), !ownerObjects.contains(address),
        !counterpartMatched.contains(address),
        edit.old != nil || !rules.mayHaveCounterpart(edit.id)
      else { return false }
      for key in keys { after[key, default: 0] += edit.old == nil ? 1 : -1 }
      live += edit.old == nil ? 1 : -1
    }
    guard basis.live >= 2, live >= 2,
      after.allSatisfy({ key, count in (count > 0) == ((before[key] ?? 0) > 0) })
    else { return false }
    basis.scopeKeys = after
    basis.live = live
    return true
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
