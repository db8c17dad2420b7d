import ArgumentParser
import DriftDiff
import DriftFormats
import DriftModel
import DriftReports
import Foundation
import Git

/// `git drift check`: compare the desired state at a commit with live state.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Compare the desired state at a commit with a live export, and report drift.",
    discussion: """
      Exit status: 0 in sync, 1 drift found, 2 error (as git diff --exit-code and kubectl diff).

      Examples:
        kubectl get deploy,svc,cm -n prod -o json > live.json
        git drift check --snapshot live.json
        git drift check --rev HEAD~3 --source prod-k8s --snapshot live.json --format json
        git drift check --snapshot live.json 'Deployment.apps/prod/*'
      """)

  @Option(name: .long, help: "The commit whose desired state is checked.")
  var rev = "HEAD"

  @Option(name: .long, help: "Check only this source of .drift.yml.")
  var source: String?

  @Option(
    name: .long,
    help: "A live export (kubectl get -o json|yaml), or - for standard input.")
  var snapshot: String?

  @Option(name: .long, help: "text or json.")
  var format: ReportFormatOption = .text

  @Option(name: .long, help: "Write the report to this file instead of standard output.")
  var output: String?

  @Option(
    name: .long, help: "Colour text output: auto (on a terminal, unless NO_COLOR), always, never.")
  var color: ColorOption = .auto

  @Argument(help: "Only these resources: addresses or globs, like 'Deployment.apps/prod/*'.")
  var addresses: [String] = []

  func run() throws {
    let report = try Check(
      revision: rev, sourceName: source, snapshot: snapshot, addresses: addresses
    ).run()
    for diagnostic in report.diagnostics {
      Console.error("git-drift: \(diagnostic)")
    }
    let renderer: any ReportRenderer
    switch format {
    case .text: renderer = TextReportRenderer(colors: color.enabled(writingToFile: output != nil))
    case .json: renderer = JSONReportRenderer()
    }
    let text = renderer.render(report)
    if let output {
      try Console.write(text, to: output)
    } else {
      Console.out(text)
    }
    if report.summary.hasDrift { throw ExitCode(ExitStatus.drift.rawValue) }
  }
}

/// The work of `check`, apart from argument parsing and printing.
struct Check {
  var revision: String
  var sourceName: String?
  var snapshot: String?
  var addresses: [String]
  var today = CalendarDate.today

  func run() throws(Failure) -> DriftReport {
    let workspace = try Workspace.discover()
    let commit = try workspace.commit(revision)
    let configuration = try workspace.configuration(at: commit)
    let sources = try selectSources(configuration)
    let listing = try failing { try workspace.repository.files(inCommit: commit.id) }
    var ignoreEntries = configuration.ignore.map { IgnoreMatcher.Entry(rule: $0) }
    ignoreEntries += try workspace.driftIgnore(at: commit).map {
      IgnoreMatcher.Entry(rule: $0.rule, negated: $0.negated)
    }
    let ignore = IgnoreMatcher(ignoreEntries, today: today)
    let filter = AddressFilter(addresses)
    var summary = DriftReport.Summary()
    var drifts: [Drift] = []
    var snapshots: [DriftReport.Snapshot] = []
    let secrets = SecretDigester.random()
    for source in sources {
      let reader = SourceReader(source: source, secrets: secrets)
      let files = try workspace.files(of: source, in: listing)
      let desired = filter.keep(try reader.desired(files, in: workspace))
      let index = try failing { try Differ.index(desired: desired) }
      guard let snapshot else {
        throw Failure(
          "no live state for source '\(source.name)': pass --snapshot FILE "
            + "(for example: kubectl get deploy,svc,cm -o json > live.json)")
      }
      let live = filter.keep(try reader.live(file: snapshot))
      snapshots.append(
        DriftReport.Snapshot(source: source.name, file: snapshot == "-" ? "<stdin>" : snapshot))
      let differ = Differ(
        source: source.name, rules: reader.rules, managers: reader.managers, ignore: ignore,
        severity: SeverityRules(policies: configuration.policies))
      let analysis = differ.compare(desired: index, live: live)
      summary.add(analysis.summary)
      drifts += analysis.drifts
    }
    try filter.checkEveryPatternMatched()
    return DriftReport(
      desired: DriftReport.Desired(commit: commit.id.hex, ref: revision),
      snapshots: snapshots, summary: summary, drifts: drifts, diagnostics: ignore.diagnostics)
  }

  private func selectSources(_ configuration: Configuration) throws(Failure)
    -> [SourceConfiguration]
  {
    if let sourceName {
      guard let source = configuration.source(named: sourceName) else {
        let known = configuration.sources.map(\.name).joined(separator: ", ")
        throw Failure("unknown source '\(sourceName)' (sources in .drift.yml: \(known))")
      }
      return [source]
    }
    if snapshot != nil, configuration.sources.count > 1 {
      let known = configuration.sources.map(\.name).joined(separator: ", ")
      throw Failure(
        "--snapshot FILE is one source's export: name it with --source (one of: \(known))")
    }
    return configuration.sources
  }
}

extension CalendarDate {
  /// Today in UTC.
  static var today: CalendarDate {
    let components = Calendar(identifier: .gregorian).dateComponents(
      in: TimeZone(identifier: "UTC") ?? .current, from: Date())
    return CalendarDate(
      year: components.year ?? 1970, month: components.month ?? 1, day: components.day ?? 1)
  }
}
