public import DriftFormats
public import DriftJSON
public import DriftModel
public import Foundation
public import Git
import Parallelism

/// What a watcher keeps in a snapshot: its drift state and the transitions it reported.
public struct WatchRecord: Sendable {
  public var state: [UInt8]
  public var events: [String]

  /// Creates a record.
  public init(state: [UInt8], events: [String]) {
    self.state = state
    self.events = events
  }
}

/// Live state recorded in git: each source's snapshots form a chain of commits on
/// `refs/drift/snapshots/<source>`, one blob per resource, so unchanged resources share objects
/// between snapshots, and snapshots travel with `git push/fetch 'refs/drift/*'`.
///
/// Objects are written before the ref moves, and the ref moves by compare-and-swap, so a killed
/// recorder leaves no broken ref and concurrent recorders never lose a snapshot.
public final class SnapshotStore {
  /// Where the snapshot chains live.
  public static let referencePrefix = "refs/drift/snapshots/"

  let repository: Repository
  private var decoded: [ObjectID: Value] = [:]
  /// Where chains are read from without reading their commits, when given.
  let chainIndex: SnapshotChainIndex?

  /// Creates a store over `repository`.
  ///
  /// - Parameter chainIndex: where to keep what the chains' commits say, so that the next
  ///   command need not read them again; nil reads every commit.
  public init(repository: Repository, chainIndex: SnapshotChainIndex? = nil) {
    self.repository = repository
    self.chainIndex = chainIndex
  }

  /// The full reference name of a source's chain.
  public static func reference(of source: String) -> String { referencePrefix + source }

  /// The sources that have snapshots.
  public func sources() throws(HistoryError) -> [String] {
    try git { () throws(GitError) in
      try repository.references(withPrefix: Self.referencePrefix).map {
        String($0.name.dropFirst(Self.referencePrefix.count))
      }
    }
  }

  /// The outcome of recording.
  public enum Outcome: Sendable {
    /// A new observation: a commit, whose tree is the previous one's when nothing changed.
    case recorded(Snapshot)
    /// The live state equals the latest snapshot's and unchanged exports are skipped: nothing
    /// was written.
    case unchanged(Snapshot)
  }

  /// Records `resources` as the newest snapshot of `source`.
  ///
  /// - Parameters:
  ///   - capturedAt: when the live state was exported; the commit's author and committer time.
  ///   - skipUnchanged: write nothing when the state equals the latest snapshot's; by default
  ///     an unchanged export is still an observation, a commit that reuses the previous tree.
  ///   - watch: the watcher's drift state and the transitions it saw, kept in the snapshot (a
  ///     `.drift/state.json` blob and `Drift-Event:` lines) so that the next watcher and
  ///     people reading the history see them.
  ///   - adapter: the source's format adapter, which tells what of a live object is noise.
  public func record(
    source: String, resources: [Resource], capturedAt: Date, skipUnchanged: Bool = false,
    watch: WatchRecord? = nil, adapter: any FormatAdapter
  ) throws(HistoryError) -> Outcome {
    try Self.checkName(source)
    let latest = try latestBlobs(of: source)?.blobs ?? [:]
    let stored = Parallel.map(resources) { Self.stored($0, adapter: adapter, latest: latest) }
    return try record(
      source: source, stored: stored, capturedAt: capturedAt, skipUnchanged: skipUnchanged,
      watch: watch)
  }

  /// A resource as a snapshot stores it: its path, its blob id, and its bytes unless the
  /// latest snapshot holds them already.
  public struct StoredResource: Sendable {
    var path: String
    var id: ObjectID
    var bytes: [UInt8]?
    /// The resource's type, which the commit message counts.
    var type: String
    /// The id of the bytes of the List item it was read from, when it was read from one (see
    /// ``ExportItemCache``).
    var item: ObjectID?
  }

  /// The latest snapshot commit of `source` and its blobs by path: what the next snapshot
  /// need not store again (nil when there is none).
  public func latestBlobs(of source: String) throws(HistoryError) -> (
    tip: ObjectID, blobs: [String: ObjectID]
  )? {
    guard
      let tip = try git({ () throws(GitError) in
        try repository.reference(named: Self.reference(of: source))
      })
    else { return nil }
    var blobs: [String: ObjectID] = [:]
    for entry in try git({ () throws(GitError) in try repository.files(inCommit: tip) }) {
      blobs[entry.path] = entry.id
    }
    return (tip, blobs)
  }

  /// `resource` serialised as a snapshot stores it (see `FormatAdapter.storable(_:)`), with its bytes
  /// only when `latest` (the blobs of ``latestBlobs(of:)``) lacks them.
  ///
  /// Recording an export calls this on every core as each object is read, so that no more than
  /// the serialised objects are ever held.
  ///
  /// - Parameter item: the id of the bytes of the List item `resource` was read from.
  public static func stored(
    _ resource: Resource, adapter: any FormatAdapter, latest: [String: ObjectID],
    item: ObjectID? = nil
  ) -> StoredResource {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(4_096)
    JSONWriter(keepsDigests: true).write(
      adapter.storable(resource.body), into: &bytes, indent: 0)
    let path = SnapshotPath.path(of: resource.id.address)
    let id = Repository.blobID(of: bytes)
    // An array of the bytes' size, not the buffer's: most of a large snapshot is kept until
    // the pack is written.
    return StoredResource(
      path: path, id: id, bytes: latest[path] == id ? nil : Array(bytes), type: resource.id.type,
      item: item)
  }

  /// The item of a kubectl List with the bytes `item` (whose blob id is `itemID`) as a
  /// snapshot stores it, copied from its bytes without reading it (see `SnapshotTranscoder`);
  /// nil when it must be read and passed to ``stored(_:format:latest:item:)`` instead.
  public static func stored(
    kubernetesItem item: ArraySlice<UInt8>, itemID: ObjectID, latest: [String: ObjectID]
  ) -> StoredResource? {
    guard let copied = SnapshotTranscoder.stored(item) else { return nil }
    let path = SnapshotPath.path(of: copied.address)
    let id = Repository.blobID(of: copied.bytes)
    return StoredResource(
      path: path, id: id, bytes: latest[path] == id ? nil : copied.bytes, type: copied.type,
      item: itemID)
  }

  /// Records resources already serialised (see ``stored(_:format:latest:)``) as the newest
  /// snapshot of `source`; the parameters are those of
  /// ``record(source:resources:capturedAt:skipUnchanged:watch:adapter:)``.
  public func record(
    source: String, stored: [StoredResource], capturedAt: Date, skipUnchanged: Bool = false,
    watch: WatchRecord? = nil
  ) throws(HistoryError) -> Outcome {
    try Self.checkName(source)
    try Self.checkPaths(stored)
    let reference = Self.reference(of: source)
    let tree = try writeTree(stored, state: watch?.state)
    try readBack(tree, count: stored.count + (watch?.state == nil ? 0 : 1))
    let signature = try git { () throws(GitError) in try repository.defaultSignature() }
    let stamp = Signature(name: signature.name, email: signature.email, time: capturedAt)
    var message = Self.message(source: source, types: stored.map(\.type), capturedAt: capturedAt)
    for event in watch?.events ?? [] {
      message += "\n\(SnapshotTrailer.event): \(event.escapingControlCharacters)"
    }
    for attempt in 0..<100 {
      let parent = try git { () throws(GitError) in try repository.reference(named: reference) }
      if skipUnchanged, let parent {
        let previous = try snapshot(parent, source: source)
        if previous.tree == tree { return .unchanged(previous) }
      }
      var trailers = message
      // A backfilled observation names the latest one, which stays the latest.
      if let parent, let latest = try? latest(fromTip: parent, source: source),
        latest.capturedAt > capturedAt
      {
        trailers += "\n\(SnapshotTrailer.latest): \(latest.id.hex)"
      }
      let id = try git { () throws(GitError) in
        try repository.createCommit(
          tree: tree, parents: parent.map { [$0] } ?? [], author: stamp, committer: stamp,
          message: trailers)
      }
      do throws(GitError) {
        try repository.updateReference(
          named: reference, to: id, expecting: parent,
          message: "git-drift: snapshot \(source) at \(Timestamp.format(capturedAt))")
      } catch {
        guard [.modified, .exists, .locked].contains(error.code) else { throw .git(error) }
        usleep(UInt32.random(in: 1_000...(5_000 + 1_000 * UInt32(min(attempt, 50)))))
        continue
      }
      return .recorded(try snapshot(id, source: source))
    }
    throw .git(
      GitError(
        code: .locked, function: "git_reference_create_matching",
        message: "\(reference) kept moving; try again"))
  }

  /// From this many new objects on, a snapshot's objects are stored as one pack, not loose
  /// files.
  static let packThreshold = 64

  /// Writes the snapshot tree; a resource whose blob the latest snapshot already holds is
  /// not written again, so a snapshot costs what changed.
  private func writeTree(_ stored: [StoredResource], state: [UInt8]?) throws(HistoryError)
    -> ObjectID
  {
    var batch = ObjectBatch()
    var entries: [TreeEntry] = []
    entries.reserveCapacity(stored.count + 1)
    for blob in stored {
      if let bytes = blob.bytes { batch.addBlob(bytes, id: blob.id) }
      entries.append(TreeEntry(path: blob.path, id: blob.id))
    }
    if let state {
      let id = Repository.blobID(of: state)
      batch.addBlob(state, id: id)
      entries.append(TreeEntry(path: SnapshotPath.state, id: id))
    }
    return try git { () throws(GitError) in
      let tree = try batch.addTrees(entries: entries)
      try repository.store(batch, packingFrom: Self.packThreshold)
      return tree
    }
  }

  /// Reads the new tree back with libgit2, as every later check will, before the ref moves.
  private func readBack(_ tree: ObjectID, count: Int) throws(HistoryError) {
    let entries: [TreeEntry]
    do throws(GitError) {
      entries = try repository.files(inCommit: tree)
    } catch {
      throw .unreadableTree(error.message.isEmpty ? error.description : error.message)
    }
    guard entries.count == count else {
      throw .unreadableTree("\(entries.count) files of \(count)")
    }
  }

  private static func message(source: String, types: [String], capturedAt: Date) -> String {
    var counts: [String: Int] = [:]
    for type in types { counts[type.escapingControlCharacters, default: 0] += 1 }
    let summary = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
      .joined(separator: ", ")
    let time = Timestamp.format(capturedAt)
    return """
      snapshot \(source) at \(time)

      \(types.count) resources: \(summary.isEmpty ? "none" : summary)

      \(SnapshotTrailer.source): \(source)
      \(SnapshotTrailer.capturedAt): \(time)
      \(SnapshotTrailer.resources): \(types.count)
      """
  }

  /// Refuses a source name with a control character: libgit2 would cut the ref name and the
  /// message at a NUL (recording into another source's chain), and a line break would forge
  /// trailers; escaping it instead could make two names one ref.
  private static func checkName(_ source: String) throws(HistoryError) {
    guard !source.unicodeScalars.contains(where: isControl) else {
      throw .invalidSourceName(source)
    }
    if let problem = ReferenceName.problem(source) {
      throw .sourceNameNotAReference(source, problem: problem)
    }
  }

  /// The longest name Kubernetes allows (a DNS subdomain); longer ones come from hand-made
  /// exports only.
  static let maximumName = 253

  /// Refuses what a snapshot tree must not hold, naming the object by its index in the export.
  ///
  /// An over-long or empty entry name, a NUL, a `/` in a name (which makes it a folder) and
  /// two objects at one path are what git, libgit2 or a later record could not read back.
  static func checkPaths(_ stored: [StoredResource]) throws(HistoryError) {
    var seen: [String: Int] = [:]
    seen.reserveCapacity(stored.count)
    for (index, blob) in stored.enumerated() {
      func refuse(_ problem: String) -> HistoryError {
        .unstorableObject(
          index: index, address: SnapshotPath.address(of: blob.path) ?? blob.path,
          problem: problem)
      }
      // One pass over the bytes, with no arrays: splitting 30,000 paths into components was a
      // sixteenth of a snapshot record.
      var components = 0
      var length = 0
      var problem: String?
      func endComponent(isLast: Bool) {
        components += 1
        let counted = length - (isLast ? 5 : 0)
        if length == 0 {
          problem = problem ?? "has an empty name or namespace"
        } else if counted > maximumName {
          problem =
            problem ?? "has a name of \(counted) bytes, longer than the \(maximumName) allowed"
        }
        length = 0
      }
      for byte in blob.path.utf8 {
        if byte == UInt8(ascii: "/") {
          endComponent(isLast: false)
        } else {
          if byte == 0 { problem = problem ?? "holds a NUL" }
          length += 1
        }
      }
      endComponent(isLast: true)
      if components > 3 {
        throw refuse("has a '/' in its name, which would make it a folder of the snapshot")
      }
      if let problem { throw refuse(problem) }
      if let first = seen.updateValue(index, forKey: blob.path) {
        throw refuse("is stored at the same path as object \(first)")
      }
    }
  }

  /// C0, DEL and C1: what git's trailers and ref names must not hold.
  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.generalCategory == .control
  }

  /// Reads the snapshot commit `id`, checking that it belongs to `source`'s chain.
  public func snapshot(_ id: ObjectID, source: String) throws(HistoryError) -> Snapshot {
    let (header, message) = try git { () throws(GitError) in
      try repository.headerAndMessage(of: id)
    }
    guard SnapshotTrailer.value(SnapshotTrailer.source, in: message) == source else {
      throw .notASnapshotChain(reference: Self.reference(of: source), commit: id.short)
    }
    // The committer time is the capture time; the trailer repeats it for people.
    let count =
      SnapshotTrailer.value(SnapshotTrailer.resources, in: message).flatMap { Int($0) } ?? 0
    return Snapshot(
      id: id, tree: header.tree, source: source, capturedAt: header.time, resourceCount: count,
      parent: header.firstParent)
  }

  /// The latest observation of `source` by capture time (of several captured at that time, the
  /// one recorded last), read without walking its chain: the tip, or the observation a
  /// backfilled tip names.
  public func latest(of source: String) throws(HistoryError) -> Snapshot {
    guard
      let tip = try git({ () throws(GitError) in
        try repository.reference(named: Self.reference(of: source))
      })
    else { throw .noSnapshots(source: source) }
    return try latest(fromTip: tip, source: source)
  }

  private func latest(fromTip tip: ObjectID, source: String) throws(HistoryError) -> Snapshot {
    let tipSnapshot = try snapshot(tip, source: source)
    let message = try git { () throws(GitError) in try repository.headerAndMessage(of: tip) }
      .message
    guard let hex = SnapshotTrailer.value(SnapshotTrailer.latest, in: message),
      let id = ObjectID(hex: hex), let named = try? snapshot(id, source: source),
      named.capturedAt > tipSnapshot.capturedAt
    else { return tipSnapshot }
    return named
  }

  /// The chain of `source` in record order, oldest first.
  public func chain(of source: String) throws(HistoryError) -> [Snapshot] {
    let reference = Self.reference(of: source)
    guard let tip = try git({ () throws(GitError) in try repository.reference(named: reference) })
    else { throw .noSnapshots(source: source) }
    let known = chainIndex?.entries(of: source) ?? [:]
    var chain: [Snapshot] = []
    var read = 0
    var next: ObjectID? = tip
    while let id = next {
      let snapshot: Snapshot
      if let entry = known[id] {
        snapshot = Snapshot(
          id: id, tree: entry.tree, source: source,
          capturedAt: Date(timeIntervalSince1970: TimeInterval(entry.time)),
          resourceCount: entry.resourceCount, parent: entry.parent)
      } else {
        snapshot = try self.snapshot(id, source: source)
        read += 1
      }
      chain.append(snapshot)
      next = snapshot.parent
    }
    if read > 0 || known.count != chain.count { chainIndex?.store(chain, of: source) }
    return chain.reversed()
  }

  /// Every observation of `source` in capture-time order, oldest first.
  ///
  /// Observations captured at the same time keep their record order. The chain's order is a
  /// storage detail: a backfilled observation takes its place by capture time.
  public func snapshots(of source: String) throws(HistoryError) -> [Snapshot] {
    Self.inCaptureOrder(try chain(of: source))
  }

  /// `chain` (in record order) sorted by capture time, stable.
  public static func inCaptureOrder(_ chain: [Snapshot]) -> [Snapshot] {
    // Nearly always sorted already: one pass says so.
    if zip(chain, chain.dropFirst()).allSatisfy({ $0.capturedAt <= $1.capturedAt }) {
      return chain
    }
    return chain.enumerated().sorted {
      ($0.element.capturedAt, $0.offset) < ($1.element.capturedAt, $1.offset)
    }.map(\.element)
  }

  /// Observations captured at the same time with different content (trees), each group in
  /// capture order: both are kept, and the answers that read them say so.
  public static func conflicts(in snapshots: [Snapshot]) -> [[Snapshot]] {
    var groups: [[Snapshot]] = []
    var index = 0
    while index < snapshots.count {
      var end = index + 1
      while end < snapshots.count, snapshots[end].capturedAt == snapshots[index].capturedAt,
        snapshots[end].source == snapshots[index].source
      {
        end += 1
      }
      let group = Array(snapshots[index..<end])
      if Set(group.map(\.tree)).count > 1 { groups.append(group) }
      index = end
    }
    return groups
  }

  /// The blob of the resource at `address` in `snapshot`, when it was live then.
  public func blob(of address: String, in snapshot: Snapshot) throws(HistoryError) -> ObjectID? {
    try blob(of: address, inTree: snapshot.tree)
  }

  /// The blob of the resource at `address` in the snapshot tree `tree`, when it holds it.
  public func blob(of address: String, inTree tree: ObjectID) throws(HistoryError) -> ObjectID? {
    let entry = try git { () throws(GitError) in
      try repository.entry(atPath: SnapshotPath.path(of: address), inCommit: tree)
    }
    return entry?.id
  }

  /// The resource stored in `blob`, decoded once per blob.
  public func resource(address: String, blob: ObjectID) throws(HistoryError) -> Resource {
    let id = ResourceID(type: SnapshotPath.type(of: address), address: address)
    if let body = decoded[blob] { return Resource(id: id, body: body) }
    let bytes = try git { () throws(GitError) in try repository.blob(blob) }
    let body = try Self.decode(bytes, address: address)
    decoded[blob] = body
    return Resource(id: id, body: body)
  }

  /// The body a snapshot blob holds, its digest markers turned back into secrets.
  private static func decode(
    _ bytes: [UInt8], address: String, pruning: JSONReader.Pruning = JSONReader.Pruning()
  ) throws(HistoryError) -> Value {
    let body: Value
    do {
      body = try JSONReader.parse(bytes, file: address, pruning: pruning)
    } catch {
      throw .git(GitError(code: .invalid, function: "snapshot", message: "\(error)"))
    }
    // Restoring copies the whole body: only blobs that hold a marker need it.
    return holdsDigestMarker(bytes) ? StoredDigests.restoringDigests(body) : body
  }

  /// The start of a digest marker; its `(` is rare in JSON, so the scan seldom stops.
  private static let markerStart = Array(JSONWriter.digestMarker("").dropLast().utf8)

  private static func holdsDigestMarker(_ bytes: [UInt8]) -> Bool {
    let marker = markerStart
    guard let first = marker.first, bytes.count >= marker.count else { return false }
    return bytes.withUnsafeBufferPointer { buffer in
      var index = 0
      while let found = buffer[index...].firstIndex(of: first) {
        if buffer[found...].starts(with: marker) { return true }
        index = found + 1
      }
      return false
    }
  }

  /// The watcher's drift state kept in `snapshot`, if any.
  public func watchState(of snapshot: Snapshot) throws(HistoryError) -> [UInt8]? {
    guard
      let entry = try git({ () throws(GitError) in
        try repository.entry(atPath: SnapshotPath.state, inCommit: snapshot.tree)
      })
    else { return nil }
    return try git { () throws(GitError) in try repository.blob(entry.id) }
  }

  /// The `Drift-Event:` lines of `snapshot`.
  public func events(of snapshot: Snapshot) throws(HistoryError) -> [String] {
    let commit = try git { () throws(GitError) in try repository.commit(snapshot.id) }
    let prefix = SnapshotTrailer.event + ": "
    return commit.message.split(separator: "\n").filter { $0.hasPrefix(prefix) }.map {
      String($0.dropFirst(prefix.count))
    }
  }

  /// The resources of `snapshot` by id, with their blobs, in tree order, without reading the
  /// blobs.
  public func resourceIDs(in snapshot: Snapshot) throws(HistoryError) -> [(
    id: ResourceID, blob: ObjectID
  )] {
    let entries = try git { () throws(GitError) in try repository.files(inCommit: snapshot.tree) }
    return entries.compactMap { entry in
      guard !entry.path.hasPrefix(".drift/"), let address = SnapshotPath.address(of: entry.path)
      else { return nil }
      return (ResourceID(type: SnapshotPath.type(of: address), address: address), entry.id)
    }
  }

  /// The resources whose blobs differ between two snapshot trees, in tree order, with their
  /// blob on each side (nil where the tree does not hold the resource); the watcher's state is
  /// not a resource and is left out.
  public func changedResources(from old: ObjectID, to new: ObjectID) throws(HistoryError) -> [(
    id: ResourceID, old: ObjectID?, new: ObjectID?
  )] {
    let changes = try git { () throws(GitError) in try repository.changedFiles(from: old, to: new) }
    return changes.compactMap { change in
      guard !change.path.hasPrefix(".drift/"), let address = SnapshotPath.address(of: change.path)
      else { return nil }
      return (
        ResourceID(type: SnapshotPath.type(of: address), address: address), change.old, change.new
      )
    }
  }

  /// Whether the resource at address `first` comes before the one at `second` in a snapshot
  /// tree: the order of ``resourceIDs(in:)``, and so of a check's in-sync list.
  public static func precedesInTree(_ first: String, _ second: String) -> Bool {
    // Git orders a tree's entries by name, a folder's as if it ended in "/": the byte order of
    // whole paths.
    SnapshotPath.path(of: first).utf8.lexicographicallyPrecedes(SnapshotPath.path(of: second).utf8)
  }

  /// Every resource of `snapshot`, read and decoded on all cores (each lane through its own
  /// repository handle).
  public func resources(of snapshot: Snapshot) throws(HistoryError) -> [Resource] {
    try resources(of: snapshot) { $0 }
  }

  /// What `each` made of every resource of `snapshot`, in tree order; `each` runs on all cores
  /// as each resource is decoded, so that a check can let go of the resources it judged in sync.
  ///
  /// - Parameter pruning: what of each body is left out or shared as it is read (a check
  ///   passes `KubernetesFormat.storedTrimming`).
  public func resources<Output: Sendable>(
    of snapshot: Snapshot, pruning: JSONReader.Pruning = JSONReader.Pruning(),
    each: @escaping @Sendable (Resource) -> Output
  ) throws(HistoryError) -> [Output] {
    try resources(of: try resourceIDs(in: snapshot), pruning: pruning, each: each)
  }

  /// What `each` made of the resources `stored` (ids and blobs of ``resourceIDs(in:)``), in
  /// their order, read and decoded on all cores: a check that reuses verdicts reads only the
  /// blobs it compares again.
  public func resources<Output: Sendable>(
    of stored: [(id: ResourceID, blob: ObjectID)],
    pruning: JSONReader.Pruning = JSONReader.Pruning(),
    each: @escaping @Sendable (Resource) -> Output
  ) throws(HistoryError) -> [Output] {
    guard !stored.isEmpty else { return [] }
    let lanes = try repository.inLanes(stored.count, opening: HistoryError.git) {
      lane, range throws(HistoryError) -> [Output] in
      var outputs: [Output] = []
      outputs.reserveCapacity(range.count)
      for (id, blob) in stored[range] {
        let bytes = try git { () throws(GitError) in try lane.blob(blob) }
        let body = try Self.decode(bytes, address: id.address, pruning: pruning)
        outputs.append(each(Resource(id: id, body: body)))
      }
      return outputs
    }
    return Array(lanes.joined())
  }
}
