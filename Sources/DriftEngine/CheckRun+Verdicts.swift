import DriftDiff
import DriftFormats
import DriftHistory
import DriftJSON
import DriftModel
import Foundation
import Git

extension Check {
  /// One source's comparison with a recorded snapshot, as the streamed check makes it.
  struct JudgedSnapshot {
    var side: DesiredState
    var index: [String: Resource]
    var differ: Differ
    var judged: [Differ.Judgement]
    /// How many judgements are verdicts of the last check.
    var reused: Int
  }

  /// The judgements of every resource of `snapshot`, reusing the verdicts of the last check.
  ///
  /// Only live blobs whose verdict inputs changed are read and compared, and only desired
  /// files that changed, or that declare a resource compared again, are parsed (see
  /// ``VerdictCache``). Output equals a check that reuses nothing.
  ///
  /// Two passes over the desired state: the first with outlines for every unchanged file,
  /// which tells which live resources need comparing; the second (only when one of those is
  /// declared in an outlined file) reads those files too.
  func judgeReusingVerdicts(
    _ snapshot: Snapshot, source: SourceConfiguration, reader: SourceReader,
    workspace: Workspace, listing: [TreeEntry], ignore: IgnoreMatcher, policies: SeverityRules,
    store: SnapshotStore, context: [String]
  ) throws(Failure) -> JudgedSnapshot {
    let cache = VerdictCache(
      directory: workspace.repository.commonDirectory + "/drift/verdicts", source: source.name)
    let contextDigest = VerdictCache.context(context)
    let known = cache.load(context: contextDigest) ?? VerdictCache.Contents()
    let commitTree = CommitTree(listing: listing, workspace: workspace)
    let adapter = reader.adapter
    func desired(outlining outlines: [String: VerdictCache.FileOutline]) throws(Failure) -> (
      DesiredState, OutlinedTree
    ) {
      let tree = OutlinedTree(commitTree, outlines: outlines)
      let side = try failing {
        try adapter.desired(source, in: tree, live: [], secrets: reader.secrets)
      }
      return (side, tree)
    }
    var (side, tree) = try desired(outlining: known.files)
    var index = try failing { try Differ.index(desired: side.resources) }
    let entries = try history { () throws(HistoryError) in try store.resourceIDs(in: snapshot) }
    var judged: [Differ.Judgement?] = Array(repeating: nil, count: entries.count)
    var compared: [Int] = []
    var needed = Set<String>()
    let outlined = tree.outlined
    let differ = Differ(
      source: source.name, rules: side.rules, managers: reader.managers, ignore: ignore,
      severity: policies)
    for (position, (id, blob)) in entries.enumerated() {
      if ignore.ignoresResource(id.address) {
        judged[position] = differ.judge(Resource(id: id, body: .null), desired: index)
        continue
      }
      let target = Self.target(of: id, in: index, rules: side.rules)
      if let target, let file = target.resource.location?.file,
        let fileBlob = commitTree.entries[file]?.id, let entry = known.verdicts[id.address],
        entry.live == blob, entry.desired == target.address, entry.file == fileBlob
      {
        judged[position] = Differ.Judgement(id: id, settled: entry.settled)
        continue
      }
      compared.append(position)
      if let file = target?.resource.location?.file, outlined.contains(file) {
        needed.insert(file)
      }
    }
    var outlines = known.files
    if !needed.isEmpty {
      // Files the first pass read are read again: an outline of one would stand in for a
      // resource compared below.
      for file in needed { outlines[file] = nil }
      (side, tree) = try desired(outlining: outlines)
      index = try failing { try Differ.index(desired: side.resources) }
    }
    let subset = compared.map { entries[$0] }
    let pruning = adapter.storedPruning ?? JSONReader.Pruning()
    let results = try history { () throws(HistoryError) in
      try store.resources(of: subset, pruning: pruning) { [differ, index] resource in
        differ.judge(resource, desired: index)
      }
    }
    for (position, judgement) in zip(compared, results) { judged[position] = judgement }
    let all = judged.compactMap { $0 }
    cache.saveIfChanged(
      known: known,
      next: Self.nextContents(
        entries: entries, judged: all, index: index, rules: side.rules, tree: tree,
        commitTree: commitTree, kept: outlines, side: side, adapter: adapter),
      context: contextDigest)
    return JudgedSnapshot(
      side: side, index: index, differ: differ, judged: all,
      reused: entries.count - compared.count)
  }

  /// The desired resource a live resource at `id` is compared with, as ``Differ/judge`` picks
  /// it, and its address in `index`.
  static func target(of id: ResourceID, in index: [String: Resource], rules: any ComparisonRules)
    -> (address: String, resource: Resource)?
  {
    if let direct = index[id.address] { return (id.address, direct) }
    return rules.counterpart(of: Resource(id: id, body: .null), in: index)
  }

  /// What the next check may reuse: outlines of the files read this time whose every resource
  /// the adapter allows outlined and that no diagnostic names, the outlines that stood in, and
  /// the verdicts of the resources found in sync.
  static func nextContents(
    entries: [(id: ResourceID, blob: ObjectID)], judged: [Differ.Judgement],
    index: [String: Resource], rules: any ComparisonRules, tree: OutlinedTree,
    commitTree: CommitTree, kept: [String: VerdictCache.FileOutline], side: DesiredState,
    adapter: any FormatAdapter
  ) -> VerdictCache.Contents {
    var next = VerdictCache.Contents()
    let named = Set(side.diagnostics.compactMap(\.location?.file))
    for path in tree.outlined {
      if let outline = kept[path] { next.files[path] = outline }
    }
    for (path, resources) in tree.parsed where !named.contains(path) {
      guard let blob = commitTree.entries[path]?.id, resources.allSatisfy(adapter.mayOutline)
      else { continue }
      next.files[path] = VerdictCache.FileOutline(
        blob: blob,
        resources: resources.map { Resource(id: $0.id, body: .null, location: $0.location) })
    }
    for (entry, judgement) in zip(entries, judged) {
      guard let settled = judgement.settled,
        let target = target(of: entry.id, in: index, rules: rules),
        let file = target.resource.location?.file, let fileBlob = commitTree.entries[file]?.id
      else { continue }
      next.verdicts[entry.id.address] = VerdictCache.Entry(
        live: entry.blob, desired: target.address, file: fileBlob, settled: settled)
    }
    return next
  }
}

extension VerdictCache {
  /// Saves `next` unless it equals what was loaded (a check where nothing changed writes
  /// nothing).
  func saveIfChanged(known: Contents, next: Contents, context: [UInt8]) {
    guard next != known else { return }
    save(next, context: context)
  }
}
