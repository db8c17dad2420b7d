import ArgumentParser
import DriftEngine
import DriftHistory
import DriftJSON
import DriftModel
import DriftReports
import Foundation
import Git

/// `git drift snapshot list`.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List the recorded snapshots of each source, newest first.",
    discussion: """
      Examples:
        git drift snapshot list
        git drift snapshot list --source prod-k8s --format json
      """)

  @Option(name: .long, help: "List only this source.")
  var source: String?

  @Option(name: .long, help: "text or json.")
  var format: ReportFormatOption = .text

  @Flag(
    name: .long,
    help: "One line per observation (text): without it, a run of unchanged observations is one.")
  var all = false

  func run() throws {
    let workspace = try Workspace.discover()
    let configuration = try workspace.configuration(at: try workspace.commit("HEAD"))
    let names = source.map { [$0] } ?? configuration.sources.map(\.name)
    var listed: [Snapshot] = []
    for name in names {
      let context = try HistoryContext.open(sourceName: name)
      let snapshots: [Snapshot]
      do throws(HistoryError) {
        snapshots = try context.store.snapshots(of: name)
      } catch {
        if case .noSnapshots = error, source == nil { continue }
        throw Failure(error.description)
      }
      listed += snapshots.reversed()
    }
    switch format {
    case .text: Console.out(SnapshotListRenderer.listText(listed, collapsing: !all))
    case .json: Console.out(SnapshotListRenderer.listJSON(listed))
    }
  }
}

/// `git drift snapshot show`.
struct ShowCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Show one snapshot: when it was captured and the resources it holds.",
    discussion: """
      ID is a snapshot sha, latest, latest~N, or @TIME (the last snapshot captured at or before it).

      Examples:
        git drift snapshot show
        git drift snapshot show latest~2 --source prod-k8s
        git drift snapshot show @2026-11-20T10:00 --format json
      """)

  @Option(name: .long, help: "The source of the snapshot.")
  var source: String?

  @Option(name: .long, help: "text or json.")
  var format: ReportFormatOption = .text

  @Argument(help: "The snapshot: sha, latest, latest~N or @TIME.")
  var id = "latest"

  func run() throws {
    let context = try HistoryContext.open(sourceName: source)
    let snapshot = try context.resolve(id, in: try context.snapshots())
    let store = context.store
    // The tree names every resource: no blob needs reading.
    let ids = try history { () throws(HistoryError) in try store.resourceIDs(in: snapshot) }
    let resources = ids.map(\.id)
    switch format {
    case .text: Console.out(SnapshotListRenderer.showText(snapshot, resources: resources))
    case .json: Console.out(SnapshotListRenderer.showJSON(snapshot, resources: resources))
    }
  }
}
