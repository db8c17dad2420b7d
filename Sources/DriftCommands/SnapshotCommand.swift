import ArgumentParser
import DriftFormats
import DriftHistory
import DriftJSON
import DriftModel
import Foundation
import Git

/// `git drift snapshot`: live state recorded in git.
struct SnapshotCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "snapshot",
    abstract: "Record live exports in git, and list or show recorded snapshots.",
    discussion: """
      Snapshots are commits on refs/drift/snapshots/<source>, one blob per resource; share them
      with: git push origin 'refs/drift/*:refs/drift/*'

      Examples:
        kubectl get deploy,svc,cm -n prod -o json | git drift snapshot record --source prod-k8s -
        git drift snapshot capture --source prod-k8s      # runs the source's capture command
        git drift snapshot list
        git drift snapshot show latest~1 --format json
      """,
    subcommands: [RecordCommand.self, CaptureCommand.self, ListCommand.self, ShowCommand.self])
}

/// `git drift snapshot record`.
struct RecordCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "record",
    abstract: "Record a live export (a file, or - for standard input) as a snapshot.",
    discussion: """
      Examples:
        git drift snapshot record --source prod-k8s live.json
        git drift snapshot record --source prod-k8s --at 2026-11-20T10:00:00Z live.json
      """)

  @Option(name: .long, help: "The source of .drift.yml the export belongs to.")
  var source: String?

  @Option(name: .long, help: "When the export was captured (RFC 3339); now by default.")
  var at: String?

  @Flag(name: .long, help: "Record even when nothing changed since the latest snapshot.")
  var force = false

  @Argument(
    help: "The export (kubectl get -o json|yaml, terraform show -json), or - for standard input.")
  var file: String

  func run() throws {
    let context = try HistoryContext.open(sourceName: source)
    let time = try SnapshotRecorder.captureTime(at, context: context)
    let recorder = try SnapshotRecorder(context: context)
    let stored = try recorder.read { (known, each) throws(Failure) in
      try recorder.reader.live(file: file, known: known, each: each)
    }
    Teardown.skip(stored)
    try recorder.record(stored, at: time, force: force)
  }
}

/// `git drift snapshot capture`.
struct CaptureCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "capture",
    abstract: "Run each source's capture command and record what it prints.",
    discussion: """
      Examples:
        git drift snapshot capture
        git drift snapshot capture --source prod-k8s
      """)

  @Option(name: .long, help: "Capture only this source.")
  var source: String?

  func run() throws {
    let workspace = try Workspace.discover()
    let configuration = try workspace.configuration(at: try workspace.commit("HEAD"))
    let sources = source.map { [$0] } ?? configuration.sources.map(\.name)
    for name in sources {
      let context = try HistoryContext.open(sourceName: name)
      guard let command = context.source.capture else {
        throw Failure(
          "source '\(name)' has no capture command in .drift.yml", at: context.source.location)
      }
      let export = try CaptureRunner.run(command, timeout: 300)
      let recorder = try SnapshotRecorder(context: context)
      let stored = try recorder.read { (known, each) throws(Failure) in
        try recorder.reader.live(
          bytes: export, name: "capture of \(name)", known: known, each: each)
      }
      try recorder.record(stored, at: Date(), force: false)
    }
  }
}

/// Reads an export with the source's adapter and records it.
struct SnapshotRecorder {
  let context: HistoryContext
  /// The source's adapter, with the repository's salt (created on first use).
  let reader: SourceReader

  init(context: HistoryContext) throws(Failure) {
    let salt = try context.createSalt()
    self.context = context
    var reader = SourceReader(source: context.source, secrets: SecretDigester(salt: salt))
    // A snapshot keeps no status (SnapshotNormalizer): it need not be built.
    reader.omitsStatus = true
    self.reader = reader
  }

  static func captureTime(_ text: String?, context: HistoryContext) throws(Failure) -> Date {
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
  func read(
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
    let cache = ExportItemCache.load(
      repository: repository, source: source.name, tip: tip, latest: latest, format: itemFormat)
    let copies = source.format == .kubernetes
    return try read(
      { item in
        let id = Repository.blobID(of: item)
        if let stored = cache.stored(forItemID: id) { return stored }
        guard copies else { return nil }
        return SnapshotStore.stored(kubernetesItem: item, itemID: id, latest: latest)
      },
      { resource, item in
        SnapshotStore.stored(
          resource, format: source.format, latest: latest, item: item.map(Repository.blobID))
      })
  }

  /// The adapter whose serialisation the item cache is keyed by.
  private var itemFormat: KubernetesFormat {
    KubernetesFormat(defaultNamespace: context.source.namespace, secrets: reader.secrets)
  }

  func record(_ stored: [SnapshotStore.StoredResource], at time: Date, force: Bool)
    throws(Failure)
  {
    let store = context.store
    let outcome = try history { () throws(HistoryError) in
      try store.record(source: context.source.name, stored: stored, capturedAt: time, force: force)
    }
    if context.source.format == .kubernetes {
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
      Console.out(
        "Recorded snapshot \(snapshot.id.short) of \(snapshot.source) at \(snapshot.capturedAtText): "
          + "\(stored.count) resources.\n")
    case .unchanged(let snapshot):
      Console.out(
        "Unchanged since snapshot \(snapshot.id.short) (\(snapshot.capturedAtText)); nothing recorded "
          + "(--force records anyway).\n")
    }
  }
}
