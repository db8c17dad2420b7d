import ArgumentParser
import DriftEngine
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

  @Flag(
    name: .long,
    help: ArgumentHelp(
      "Record nothing when the export equals the latest snapshot (by default an unchanged "
        + "export is still an observation: a commit reusing the previous tree)."))
  var skipUnchanged = false

  @Flag(name: .long, help: .hidden)
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
    let path = file
    Console.out(
      try recorder.record(stored, at: time, skipUnchanged: skipUnchanged && !force) { index in
        // Only on refusal: the export is read again, with positions, to name the object's line.
        guard path != "-", let resources = try? recorder.reader.live(file: path),
          resources.indices.contains(index)
        else { return nil }
        return resources[index].location
      })
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

  @Flag(name: .long, help: "Record nothing when the export equals the latest snapshot.")
  var skipUnchanged = false

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
      let adapter = try failing { try workspace.formats.adapter(of: context.source) }
      let export = try CaptureRunner.run(command, adapter: adapter, timeout: 300)
      let recorder = try SnapshotRecorder(context: context)
      let stored = try recorder.read { (known, each) throws(Failure) in
        try recorder.reader.live(
          bytes: export, name: "capture of \(name)", known: known, each: each)
      }
      Console.out(try recorder.record(stored, at: Date(), skipUnchanged: skipUnchanged))
    }
  }
}
