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

  @Argument(help: "The resource's address.")
  var address: String

  func run() throws {
    let context = try HistoryContext.open(sourceName: source, revision: rev)
    let report = try Check(
      revision: rev, sourceName: context.source.name, snapshot: snapshot, addresses: [address],
      provenanceDepth: nil
    ).run()
    guard let drift = report.drifts.first else {
      Console.out(
        format == .json
          ? JSONWriter(pretty: true).string(["address": .string(address), "drifted": false]) + "\n"
          : "\(address) is in sync.\n")
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
    case .text: Console.out(ExplainText.render(drift, explained, report: report))
    case .json:
      Console.out(JSONWriter(pretty: true).string(ExplainText.json(drift, explained)) + "\n")
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

/// One explained attribute (or the whole resource, for missing and unmanaged ones).
struct Explanation {
  var change: Change?
  var lastSet: Commit?
  var episode: Episode?
}

/// Explanations as text and JSON.
enum ExplainText {
  static func render(_ drift: Drift, _ items: [Explanation], report: DriftReport) -> String {
    var text = "\(drift.id.address)  \(drift.kind.rawValue)"
    if let location = drift.location { text += "  \(location.file):\(location.line)" }
    text += "  (desired \(report.desired.commit.prefix(7)))\n"
    for item in items {
      if let change = item.change { text += "  " + HistoryText.describe(change) + "\n" }
      if let commit = item.lastSet {
        text +=
          "      desired value set by \(commit.id.short) \"\(commit.summary)\" (\(commit.author.name), \(Timestamp.format(commit.author.time)))\n"
      }
      if let episode = item.episode {
        let first = episode.firstDrifted.snapshot
        text += "      first deviated in snapshot \(first.id.short) at \(first.capturedAtText)"
        if let clean = episode.lastClean {
          text += " (last clean \(clean.snapshot.id.short) at \(clean.snapshot.capturedAtText))"
        }
        text += "\n"
      }
      if let provenance = item.change?.provenance {
        if provenance.kind == "undeployed", let commit = provenance.commit {
          text +=
            "      undeployed: live equals what commit \(commit.prefix(7)) desired; the code moved on and was not applied\n"
        } else {
          let actor =
            item.change?.actor.map { ": \($0.manager)" + ($0.time.map { " at \($0)" } ?? "") } ?? ""
          text += "      out-of-band\(actor)\n"
        }
      } else if drift.kind == .unmanaged, let actor = drift.actor {
        text += "      created by \(actor.manager)" + (actor.time.map { " at \($0)" } ?? "") + "\n"
      }
    }
    return text
  }

  static func json(_ drift: Drift, _ items: [Explanation]) -> Value {
    var value = JSONReportRenderer.drift(drift)
    let explained: [Value] = items.map { item in
      var members: [Member] = []
      if let change = item.change { members += JSONReportRenderer.change(change).members ?? [] }
      if let commit = item.lastSet {
        members.append(
          Member(
            "lastSet",
            [
              "commit": .string(commit.id.hex), "summary": .string(commit.summary),
              "author": .string(commit.author.name),
              "time": .string(Timestamp.format(commit.author.time)),
            ]))
      }
      if let episode = item.episode {
        members.append(Member("firstDeviated", .object(HistoryJSON.verdict(episode.firstDrifted))))
        members.append(
          Member("lastClean", episode.lastClean.map { .object(HistoryJSON.verdict($0)) } ?? .null))
      }
      return .object(members)
    }
    value = value.setting("explanations", to: .array(explained))
    return value
  }
}
