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
    /// The files read that declare a resource the adapter may not outline, in path order:
    /// whatever else changes, a patch of this check's report reads them too.
    var alwaysRead: [String]
  }

  /// The judgements of every resource of `snapshot`, reusing the verdicts of the last check.
  ///
  /// Only live blobs whose verdict inputs changed are read and compared, and only desired
  /// files that changed, or that declare a resource compared again, are parsed (see
  /// ``VerdictCache``). Output equals a check that reuses nothing.
  ///
  /// The desired state is read with outlines for unchanged files, but not for the files of
  /// resources whose live blob changed; a second pass reads the files of any other resource
  /// compared that the first outlined (one newly live, say).
  func judgeReusingVerdicts(
    _ snapshot: Snapshot, source: SourceConfiguration, reader: SourceReader,
    workspace: Workspace, listing: [TreeEntry], ignore: IgnoreMatcher, policies: SeverityRules,
    store: SnapshotStore, context: [String]
  ) throws(Failure) -> JudgedSnapshot {
    let cache = VerdictCache(
      directory: workspace.repository.commonDirectory + "/drift/verdicts", source: source.name)
    let contextDigest = VerdictCache.context(context)
    var known = cache.load(context: contextDigest) ?? VerdictCache.Contents()
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
    let entries = try history { () throws(HistoryError) in try store.resourceIDs(in: snapshot) }
    // The files of resources whose live blob changed are read from the start: outlined, they
    // would need a second pass over the desired state.
    var outlines = known.files
    for (id, blob) in entries {
      if let entry = known.verdicts[id.address], entry.live != blob { outlines[entry.path] = nil }
    }
    var (side, tree) = try desired(outlining: outlines)
    var index = try failing { try Differ.index(desired: side.resources) }
    var judged: [Differ.Judgement?] = Array(repeating: nil, count: entries.count)
    // What each live resource's verdict is keyed by: its desired address and the blob of the
    // file that declares it.
    var keys: [(desired: String, file: ObjectID, path: String)?] = Array(
      repeating: nil, count: entries.count)
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
      let file = target?.resource.location?.file
      if let target, let file, let fileBlob = commitTree.entries[file]?.id {
        keys[position] = (target.address, fileBlob, file)
        if let entry = known.verdicts[id.address], entry.live == blob,
          entry.desired == target.address, entry.file == fileBlob
        {
          judged[position] = Differ.Judgement(id: id, settled: entry.settled)
          continue
        }
      }
      compared.append(position)
      if let file, outlined.contains(file) { needed.insert(file) }
    }
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
    // The verdicts kept are those loaded, updated in place: rebuilding 30,000 entries cost
    // more than the rest of a check where nothing changed.
    var next = known
    known = VerdictCache.Contents()
    var changed = false
    var kept = 0
    var drifted = Set<String>()
    var comparedAt = Set(compared)
    for (position, entry) in entries.enumerated() {
      let address = entry.id.address
      let isCompared = comparedAt.remove(position) != nil
      guard let key = keys[position], isCompared else {
        if keys[position] != nil {
          kept += 1
        } else if next.verdicts.removeValue(forKey: address) != nil {
          changed = true
        }
        continue
      }
      guard let settled = all[position].settled else {
        if next.verdicts.removeValue(forKey: address) != nil { changed = true }
        // Drift is compared again next time: its file is not outlined, so that no second
        // pass is needed to read it.
        if let file = Self.target(of: entry.id, in: index, rules: side.rules)?.resource
          .location?.file
        {
          drifted.insert(file)
        }
        continue
      }
      let verdict = VerdictCache.Entry(
        live: entry.blob, desired: key.desired, file: key.file, path: key.path, settled: settled)
      if next.verdicts.updateValue(verdict, forKey: address) != verdict { changed = true }
      kept += 1
    }
    if next.verdicts.count != kept {
      // Verdicts of resources no longer live.
      let live = Set(entries.map(\.id.address))
      next.verdicts = next.verdicts.filter { live.contains($0.key) }
      changed = true
    }
    if Self.updateOutlines(
      &next.files, tree: tree, commitTree: commitTree, side: side, adapter: adapter,
      leaving: drifted)
    {
      changed = true
    }
    if changed { cache.save(next, context: contextDigest) }
    let alwaysRead = tree.parsed.filter { !$0.value.allSatisfy(adapter.mayOutline) }.keys
    return JudgedSnapshot(
      side: side, index: index, differ: differ, judged: all,
      reused: entries.count - compared.count, alwaysRead: alwaysRead.sorted())
  }

  /// The desired resource a live resource at `id` is compared with, as ``Differ/judge`` picks
  /// it, and its address in `index`.
  static func target(of id: ResourceID, in index: [String: Resource], rules: any ComparisonRules)
    -> (address: String, resource: Resource)?
  {
    if let direct = index[id.address] { return (id.address, direct) }
    return rules.counterpart(of: Resource(id: id, body: .null), in: index)
  }

  /// Makes `files` (the outlines loaded) the outlines the next check may stand in: those that
  /// stood in this time, and those of the files read this time whose every resource the
  /// adapter allows outlined and that no diagnostic names, but none of the files in
  /// `leaving`; in place, comparing only what was read (10,000 outlines compared whole were
  /// a tenth of a check where nothing changed).
  ///
  /// - Returns: whether `files` changed.
  static func updateOutlines(
    _ files: inout [String: VerdictCache.FileOutline], tree: OutlinedTree,
    commitTree: CommitTree, side: DesiredState, adapter: any FormatAdapter,
    leaving: Set<String>
  ) -> Bool {
    var changed = false
    let named = Set(side.diagnostics.compactMap(\.location?.file))
    let outlined = tree.outlined
    for path in leaving where files.removeValue(forKey: path) != nil { changed = true }
    var stored = Set<String>()
    for (path, resources) in tree.parsed {
      guard !named.contains(path), !leaving.contains(path),
        let blob = commitTree.entries[path]?.id,
        resources.allSatisfy({ $0.location != nil && adapter.mayOutline($0) })
      else {
        if files.removeValue(forKey: path) != nil { changed = true }
        continue
      }
      let outline = VerdictCache.FileOutline(
        blob: blob,
        resources: resources.map { Resource(id: $0.id, body: .null, location: $0.location) })
      if files.updateValue(outline, forKey: path) != outline { changed = true }
      stored.insert(path)
    }
    let standing = outlined.subtracting(leaving)
    if files.count != standing.count + stored.count {
      // Outlines of files that are no longer the source's.
      files = files.filter { standing.contains($0.key) || stored.contains($0.key) }
      changed = true
    }
    return changed
  }
}
