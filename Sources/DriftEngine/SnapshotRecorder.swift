import DriftDiff
import DriftFormats
package import DriftHistory
import DriftJSON
package import DriftModel
import DriftReports
import DriftTerraform
package import Foundation
import Git
import Parallelism

/// Reads an export with the source's adapter and records it.
package struct SnapshotRecorder {
  package let context: HistoryContext
  /// The source's adapter, with the digest key (created on first use).
  package let reader: SourceReader

  package init(context: HistoryContext) throws(Failure) {
    let secrets = try context.recordingSecrets()
    self.context = context
    var reader = try SourceReader(
      source: context.source, secrets: secrets, formats: context.formats)
    // A snapshot keeps no status (FormatAdapter.storable): it need not be built.
    reader.omitsStatus = true
    // Values the tip takes from Secrets are digested before they are stored.
    reader.secretPaths = reader.secretPaths(at: context.tip.id, in: context.workspace)
    self.reader = reader
  }

  package static func captureTime(_ text: String?, context: HistoryContext) throws(Failure) -> Date
  {
    guard let text else { return Date() }
    guard let time = Timestamp.parse(text) else {
      throw Failure("--at '\(text)' is not a time like 2026-11-20T10:00:00Z")
    }
    if time > Date().addingTimeInterval(300) {
      throw Failure(HistoryError.captureInFuture(text).description)
    }
    // Walked back only until a commit not newer than the capture: usually the tip alone.
    let repository = context.workspace.repository
    var walk = FirstParentWalk(
      repository: repository, from: context.tip.id, stopAtShallowBoundary: true)
    var oldest: CommitHeader?
    while let header = try failing({ try walk.next() }) {
      oldest = header
      if header.time <= time { break }
    }
    if let first = oldest, !repository.isShallow, time < first.time {
      throw Failure(
        HistoryError.captureBeforeHistory(
          text, firstCommit: "\(first.id.short) at \(Timestamp.format(first.time))"
        )
        .description)
    }
    return time
  }

  /// The export `read` reads, as the snapshot stores it.
  ///
  /// Each object is serialised on all cores as soon as it is read, so that only serialised
  /// objects are held (not the parsed export); the bytes of blobs the latest snapshot holds are
  /// not kept. Items of a List are not even parsed when the latest snapshot recorded their
  /// bytes (see `ExportItemCache`) or when their bytes can be copied into the snapshot as they
  /// are (see `SnapshotStore.stored(kubernetesItem:itemID:latest:)`).
  package func read(
    _ read: (
      _ known: @escaping @Sendable (ArraySlice<UInt8>) -> SnapshotStore.StoredResource?,
      _ each: @escaping @Sendable (Resource, ArraySlice<UInt8>?) -> SnapshotStore.StoredResource
    ) throws(Failure) -> [SnapshotStore.StoredResource]
  ) throws(Failure) -> [SnapshotStore.StoredResource] {
    let store = context.store
    let source = context.source
    let repository = context.workspace.repository
    let found = try history { () throws(HistoryError) in try store.latestBlobs(of: source.name) }
    let (tip, latest) = (found?.tip, found?.blobs ?? [:])
    let adapter = reader.adapter
    let copies = adapter.copiesListItems
    let cache = ExportItemCache.load(
      repository: repository, source: source.name, tip: copies ? tip : nil, latest: latest,
      format: itemFormat)
    return try read(
      { item in
        let id = Repository.blobID(of: item)
        if let stored = cache.stored(forItemID: id) { return stored }
        guard copies else { return nil }
        return SnapshotStore.stored(kubernetesItem: item, itemID: id, latest: latest)
      },
      { resource, item in
        SnapshotStore.stored(
          resource, adapter: adapter, latest: latest, item: item.map(Repository.blobID))
      })
  }

  /// The adapter whose serialisation the item cache is keyed by.
  private var itemFormat: ExportItemCache.ItemFormat {
    ExportItemCache.ItemFormat(
      adapter: reader.adapter, source: context.source, secrets: reader.secrets)
  }

  /// Records `stored` and says what happened, in one line for people.
  ///
  /// - Parameter locate: where object `index` of the export begins, when the export is a file
  ///   that can be read again: an object the snapshot cannot store is refused at its line.
  package func record(
    _ stored: [SnapshotStore.StoredResource], at time: Date, skipUnchanged: Bool,
    locate: (Int) -> SourceLocation? = { _ in nil }
  ) throws(Failure) -> String {
    let store = context.store
    let outcome: SnapshotStore.Outcome
    var latest: Snapshot?
    do throws(HistoryError) {
      latest = try? store.latest(of: context.source.name)
      outcome = try store.record(
        source: context.source.name, stored: stored, capturedAt: time,
        skipUnchanged: skipUnchanged)
    } catch {
      if case .unstorableObject(let index, _, _) = error, let location = locate(index) {
        throw Failure(error.description, at: location)
      }
      throw Failure(error.description)
    }
    if reader.adapter.copiesListItems {
      let snapshot: Snapshot
      switch outcome {
      case .recorded(let recorded): snapshot = recorded
      case .unchanged(let latest): snapshot = latest
      }
      ExportItemCache.write(
        stored, snapshot: snapshot.id, repository: context.workspace.repository,
        source: context.source.name, format: itemFormat)
    }
    switch outcome {
    case .recorded(let snapshot):
      var text =
        "Recorded snapshot \(snapshot.id.short) of \(snapshot.source) at \(snapshot.capturedAtText): "
        + "\(stored.count) resources.\n"
      if let parent = snapshot.parent,
        let previous = try? store.snapshot(parent, source: snapshot.source),
        previous.tree == snapshot.tree
      {
        text =
          "Recorded snapshot \(snapshot.id.short) of \(snapshot.source) at "
          + "\(snapshot.capturedAtText): unchanged since snapshot \(previous.id.short) "
          + "(\(previous.capturedAtText)), \(stored.count) resources.\n"
      }
      if let latest, snapshot.capturedAt <= latest.capturedAt {
        text += try placement(of: snapshot, latest: latest)
      }
      return text
    case .unchanged(let snapshot):
      return
        "Unchanged since snapshot \(snapshot.id.short) (\(snapshot.capturedAtText)); nothing recorded "
        + "(--skip-unchanged).\n"
    }
  }

  /// Where a backfilled observation (captured before the latest one) took its place, and the
  /// observations captured at the same time with other content.
  private func placement(of snapshot: Snapshot, latest: Snapshot) throws(Failure) -> String {
    let store = context.store
    let ordered = try history { () throws(HistoryError) in
      try store.snapshots(of: snapshot.source)
    }
    var text = ""
    if snapshot.capturedAt < latest.capturedAt {
      text +=
        "Backfilled: placed by capture time before snapshot \(latest.id.short) "
        + "(\(latest.capturedAtText)), which stays the latest.\n"
    }
    for group in SnapshotStore.conflicts(in: ordered) where group.contains(snapshot) {
      for other in group where other.id != snapshot.id && other.tree != snapshot.tree {
        text +=
          "Conflict: snapshot \(other.id.short) was captured at the same time "
          + "(\(other.capturedAtText)) with other content; both are kept.\n"
      }
    }
    return text
  }
}
