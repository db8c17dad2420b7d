import ArgumentParser
import DriftEngine
import DriftHistory
import DriftJSON
import DriftModel
import DriftReports
import Foundation
import Git

/// `git drift timeline`.
struct TimelineCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "timeline",
    abstract: "Every transition of a resource (or one attribute) between in sync and drifted.",
    discussion: """
      For each recorded snapshot, oldest first, the desired commit in force when it was captured
      (the last first-parent commit of the configured branch not newer than the capture time),
      and whether the resource was in sync, drifted, missing or unmanaged.

      Examples:
        git drift timeline Deployment.apps/prod/web
        git drift timeline 'Deployment.apps/prod/web#/spec/replicas' --format json
      """)

  @OptionGroup var options: HistoryTargetOptions

  func run() throws {
    let (format, target) = (options.format, options.target)
    let (argument, session) = try options.open()
    let evaluator = session.evaluator
    let progress = ProgressLine(allowed: format != .json)
    let total = session.snapshots.count
    let timeline = try history { () throws(HistoryError) in
      try Timeline.build(
        address: argument.address, pointer: argument.pointer, snapshots: session.snapshots,
        evaluator: evaluator
      ) { done in progress.update("judging snapshots", done: done, total: total) }
    }
    progress.finish()
    let store = session.context.store
    var events: [ObjectID: [String]] = [:]
    for transition in timeline.transitions {
      let snapshot = transition.verdict.snapshot
      events[snapshot.id] = (try? store.events(of: snapshot)) ?? []
    }
    let source = session.context.source.name
    switch format {
    case .json:
      Console.out(TimelineRenderer.json(timeline, source: source, events: events))
    case .text:
      Console.out(
        TimelineRenderer.text(timeline, target: target, source: source, events: events))
    }
    session.warnIfTruncated()
  }
}

/// `git drift bisect`.
struct BisectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bisect",
    abstract: "The first snapshot of the current drift of a resource (or one attribute).",
    discussion: """
      Finds the snapshot after the last in-sync one, with the commit in force and who changed
      the field; logarithmic in the number of snapshots when the history is monotone, exact
      either way.

      Examples:
        git drift bisect Deployment.apps/prod/web
        git drift bisect 'Deployment.apps/prod/web#/spec/replicas' --format json
      """)

  @OptionGroup var options: HistoryTargetOptions

  func run() throws {
    let (format, target) = (options.format, options.target)
    let (argument, session) = try options.open()
    let evaluator = session.evaluator
    let snapshots = session.snapshots
    let progress = ProgressLine(allowed: format != .json)
    let episode = try history { () throws(HistoryError) in
      try Episode.find(
        address: argument.address, pointer: argument.pointer, snapshots: snapshots,
        evaluator: evaluator
      ) { judged in
        progress.update("bisecting: snapshots judged", done: judged, total: snapshots.count)
      }
    }
    progress.finish()
    switch format {
    case .json:
      Console.out(
        BisectRenderer.json(
          episode, target: target, address: argument.address, snapshots: snapshots.count))
    case .text:
      Console.out(BisectRenderer.text(episode, target: target, snapshots: snapshots.count))
    }
    if episode != nil { session.warnIfTruncated() }
  }
}

/// The options of timeline and bisect.
struct HistoryTargetOptions: ParsableArguments {
  @Option(name: .long, help: "The source of .drift.yml.")
  var source: String?

  @Option(name: .long, help: "text or json.")
  var format: ReportFormatOption = .text

  @Argument(help: "ADDRESS or ADDRESS#/json/pointer.")
  var target: String

  /// The target and the history it is judged in.
  func open() throws(Failure) -> (AddressArgument, HistorySession) {
    let argument = try AddressArgument(target)
    return (argument, try HistorySession(sourceName: source, argument: argument))
  }
}

/// What timeline, bisect and explain share: the context, the snapshots and the evaluator, with
/// the address checked against what history knows.
struct HistorySession {
  let context: HistoryContext
  let snapshots: [Snapshot]
  let evaluator: Evaluator
  let desired: DesiredHistory

  init(sourceName: String?, argument: AddressArgument?) throws(Failure) {
    context = try HistoryContext.open(sourceName: sourceName)
    snapshots = try context.snapshots()
    desired = context.desiredHistory(secrets: try context.secrets())
    evaluator = Evaluator(
      store: context.store, history: desired, source: context.source.name, today: .today)
    if let argument {
      try checkKnown(argument.address)
      try checkPointer(argument)
    }
  }

  /// Fails with suggestions when the pointer names nothing in the latest snapshot's live
  /// resource nor in the desired one at the tip.
  private func checkPointer(_ argument: AddressArgument) throws(Failure) {
    guard let pointer = argument.pointer, let latest = snapshots.last else { return }
    let store = context.store
    let source = context.source
    let tip = context.tip
    let desired = self.desired
    let address = argument.address
    let bodies = try history { () throws(HistoryError) -> (desired: Resource?, live: Resource?) in
      let live = try store.blob(of: address, in: latest).map { (blob) throws(HistoryError) in
        try store.resource(address: address, blob: blob)
      }
      let index = try desired.index(
        of: source, at: CommitHeader(tip), live: .snapshot(latest, in: store))
      return (index[address]?.resource, live)
    }
    try AddressFilter.checkPointer(
      pointer, address: address, bodies: [bodies.desired, bodies.live].compactMap { $0?.body })
  }

  /// Fails with suggestions when no snapshot and no desired commit knows `address`.
  private func checkKnown(_ address: String) throws(Failure) {
    guard let latest = snapshots.last else { return }
    let store = context.store
    let source = context.source
    let tip = context.tip
    let desired = self.desired
    let known = try history { () throws(HistoryError) -> Set<String> in
      if try store.blob(of: address, in: latest) != nil { return [] }
      let desiredIndex = try desired.index(
        of: source, at: CommitHeader(tip), live: .snapshot(latest, in: store))
      if desiredIndex[address] != nil { return [] }
      let live = try store.resourceIDs(in: latest).map(\.id.address)
      return Set(live).union(desiredIndex.keys)
    }
    guard !known.isEmpty else { return }
    if snapshots.count > 1 {
      for snapshot in snapshots.dropLast() {
        if try history({ () throws(HistoryError) in try store.blob(of: address, in: snapshot) })
          != nil
        {
          return
        }
      }
    }
    throw Failure(
      HistoryError.noSuchResource(
        address, suggestions: Suggestions.closest(to: address, among: known)
      )
      .description)
  }

  func warnIfTruncated() {
    if desired.isTruncated {
      Console.error(
        "git-drift: warning: this is a shallow clone: the desired history stops at "
          + "\(desired.oldestRead?.id.short ?? "?"); snapshots captured before it are 'unknown' "
          + "(run 'git fetch --unshallow' for the whole history)")
    }
  }
}
