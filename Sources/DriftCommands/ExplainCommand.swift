import ArgumentParser
import DriftEngine
import DriftFormats
import DriftHistory
import DriftJSON
import DriftModel
import DriftReports
import Foundation
import Git

/// `git drift explain`: blame for infrastructure.
struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Why a resource drifted: who set the desired value, when live deviated, and how.",
    discussion: """
      For each drifted attribute: the commit that last set the desired value (first-parent, like
      git blame), the first snapshot that deviated, and the provenance: undeployed (live equals
      what an older commit desired: the code moved on and was not applied) or out-of-band
      (never desired: the field manager and time that wrote it).

      Examples:
        git drift explain Deployment.apps/prod/web
        git drift explain Deployment.apps/prod/web --snapshot live.json --format json
      """)

  @Option(name: .long, help: "The source of .drift.yml.")
  var source: String?

  @Option(name: .long, help: "The commit whose desired state is explained.")
  var rev = "HEAD"

  @Option(name: .long, help: "A snapshot id (latest, latest~N, sha, @TIME) or an export file.")
  var snapshot: String?

  @Option(name: .long, help: "text or json.")
  var format: ReportFormatOption = .text

  @Argument(help: "ADDRESS or ADDRESS#/json/pointer (one attribute).")
  var address: String

  func run() throws {
    let context = try HistoryContext.open(sourceName: source, revision: rev)
    let report = try Check(
      revision: rev, sourceName: context.source.name, snapshot: snapshot, addresses: [address],
      provenanceDepth: nil
    ).run()
    guard let drift = report.drifts.first else {
      Console.out(
        format == .json ? ExplainRenderer.inSyncJSON(address) : ExplainRenderer.inSyncText(address))
      return
    }
    let secrets = try context.workspace.secrets()
    let desired = context.desiredHistory(secrets: secrets)
    let snapshots = (try? context.store.snapshots(of: context.source.name)) ?? []
    let finder = ProvenanceFinder(
      history: desired, source: context.source,
      live: try liveView(context: context, snapshots: snapshots, secrets: secrets))
    let evaluator = Evaluator(
      store: context.store, history: desired, source: context.source.name, today: .today)
    var explained: [Explanation] = []
    let targets: [Change?] = drift.kind == .modified ? drift.changes.map { $0 } : [nil]
    for change in targets {
      var item = Explanation(change: change)
      if let change {
        let finding = try history { () throws(HistoryError) in
          try finder.explain(change, of: drift.id.address, at: context.tip.id)
        }
        item.lastSet = finding.lastSet
        item.change?.provenance = finding.provenance
        item.notApplied = finding.notApplied
        item.lastDeclared = finding.lastDeclared
        item.removedBy = finding.removedBy
        item.neverInGit = finding.neverInGit
      }
      if !snapshots.isEmpty {
        item.episode = try history { () throws(HistoryError) in
          try Episode.find(
            address: drift.id.address, pointer: change?.path, snapshots: snapshots,
            evaluator: evaluator)
        }
      }
      explained.append(item)
    }
    switch format {
    case .text:
      Console.out(ExplainRenderer.text(drift, explained, desiredCommit: report.desired.commit))
    case .json: Console.out(ExplainRenderer.json(drift, explained))
    }
    throw ExitCode(ExitStatus.drift.rawValue)
  }
}

extension ExplainCommand {
  /// The live state that `check` compared, for the references of a Terraform configuration
  /// evaluated at older commits; other formats read none.
  func liveView(context: HistoryContext, snapshots: [Snapshot], secrets: SecretDigester)
    throws(Failure) -> LiveView
  {
    let reader = try SourceReader(source: context.source, secrets: secrets)
    guard reader.desiredNeedsLive else { return .none }
    if let snapshot, snapshot == "-" || FileManager.default.fileExists(atPath: snapshot) {
      return .resources(try reader.live(file: snapshot))
    }
    guard let latest = snapshots.last else { return .none }
    let chosen = try snapshot.map { (id) throws(Failure) in try context.resolve(id, in: snapshots) }
    return .snapshot(chosen ?? latest, in: context.store)
  }
}
