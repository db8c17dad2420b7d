import ArgumentParser
import DriftDiff
import DriftFormats
import DriftHistory
import DriftJSON
import DriftModel
import DriftReports
import DriftTerraform
import Foundation
import Git
import Parallelism

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

  @Option(name: .long, help: "text, json, sarif (SARIF 2.1.0), markdown (a PR comment) or junit.")
  var format: CheckFormatOption = .text

  @Option(name: .long, help: "Write the report to this file instead of standard output.")
  var output: String?

  @Option(
    name: .long, help: "Colour text output: auto (on a terminal, unless NO_COLOR), always, never.")
  var color: ColorOption = .auto

  @Flag(
    name: .long,
    help: "For git bisect run: exit 0 in sync, 1 drifted, 125 when the commit cannot be tested.")
  var bisectRun = false

  @Argument(help: "Only these resources: addresses or globs, like 'Deployment.apps/prod/*'.")
  var addresses: [String] = []

  func run() throws {
    if bisectRun { try runForBisect() }
    let evaluation = try Check(
      revision: rev, sourceName: source, snapshot: snapshot, addresses: addresses
    ).evaluate()
    Teardown.skip(evaluation)
    let report = evaluation.report
    for diagnostic in report.diagnostics {
      Console.error("git-drift: \(diagnostic)")
    }
    let renderer: any ReportRenderer
    switch format {
    case .text: renderer = TextReportRenderer(colors: color.enabled(writingToFile: output != nil))
    case .json: renderer = JSONReportRenderer()
    case .sarif: renderer = SARIFReportRenderer()
    case .markdown: renderer = MarkdownReportRenderer()
    case .junit: renderer = JUnitReportRenderer()
    }
    let text = renderer.render(report)
    if let output {
      try Console.write(text, to: output)
    } else {
      Console.out(text)
    }
    if report.summary.hasDrift { throw ExitCode(ExitStatus.drift.rawValue) }
  }

  /// Judges one commit for `git bisect run git drift check --bisect-run ADDRESS…`.
  ///
  /// git checks out each commit, and this compares HEAD's desired state with the latest
  /// snapshot (or --snapshot). A commit that cannot be checked (no .drift.yml yet, a manifest
  /// that does not parse) exits 125, so git skips it.
  private func runForBisect() throws -> Never {
    do {
      let report = try Check(
        revision: rev, sourceName: source, snapshot: snapshot, addresses: addresses,
        provenanceDepth: nil
      ).run()
      let line = TextReportRenderer().render(report).split(separator: "\n").last ?? ""
      Console.out(line + "\n")
      throw ExitCode(
        report.summary.hasDrift ? ExitStatus.drift.rawValue : ExitStatus.inSync.rawValue)
    } catch let failure as Failure {
      Console.error("git-drift: \(failure) (untestable: skipping this commit)")
      throw ExitCode(ExitStatus.untestable.rawValue)
    }
  }
}

/// The work of `check`, apart from argument parsing and printing.
struct Check {
  var revision: String
  var sourceName: String?
  var snapshot: String?
  var addresses: [String]
  var today = CalendarDate.today
  /// How many commits back provenance looks for a live value in the desired history.
  var provenanceDepth: Int? = 1_000
  /// Live resources already read, by source (the watcher's captures).
  var liveResources: [String: [Resource]] = [:]

  /// One source's desired and live resources, as compared.
  struct SourceState {
    var source: SourceConfiguration
    var desired: [String: Resource]
    /// The live resources compared; of a Kubernetes export judged as it was read, only the
    /// drifted ones (the rest were let go as soon as they were compared).
    var live: [Resource]
    var snapshot: DriftReport.Snapshot
    var differ: Differ
    /// The desired side as its format read it (for hcl: the evaluated configuration).
    var side: SourceReader.Desired
  }

  /// The report, with what it was computed from.
  struct Evaluation {
    var report: DriftReport
    var commit: Commit
    var configuration: Configuration
    var sources: [SourceState]
    var secrets: SecretDigester
    var workspace: Workspace
  }

  func run() throws(Failure) -> DriftReport {
    try evaluate().report
  }

  func evaluate() throws(Failure) -> Evaluation {
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
    let store = SnapshotStore(repository: workspace.repository)
    let secrets = try workspace.secrets()
    var summary = DriftReport.Summary()
    var drifts: [Drift] = []
    var snapshots: [DriftReport.Snapshot] = []
    var desiredHistory: DesiredHistory?
    var states: [SourceState] = []
    var inSync: [DriftReport.InSync] = []
    var diagnostics: [Diagnostic] = []
    for source in sources {
      let reader = SourceReader(source: source, secrets: secrets, trimsLive: true)
      let policies = SeverityRules(policies: configuration.policies)
      let side: SourceReader.Desired
      let index: [String: Resource]
      let header: DriftReport.Snapshot
      let differ: Differ
      var analysis: Differ.Analysis
      let live: [Resource]
      var provenanceLive = LiveView.none
      if let streamed = try streamedLive(of: source, store: store) {
        side = try reader.desired(listing: listing, in: workspace)
        index = try failing { try Differ.index(desired: side.resources) }
        differ = Differ(
          source: source.name, rules: side.rules, managers: reader.managers, ignore: ignore,
          severity: policies)
        let judge = { @Sendable [differ, index] (resource: Resource) in
          differ.judge(resource, desired: index)
        }
        let judged: [Differ.Judgement]
        switch streamed {
        case .export(let export):
          judged = try reader.live(file: export, each: judge)
          header = DriftReport.Snapshot(
            source: source.name, file: export == "-" ? "<stdin>" : export)
        case .snapshot(let snapshot):
          judged = try history { () throws(HistoryError) in
            try store.resources(
              of: snapshot, pruning: KubernetesFormat.storedTrimming, each: judge)
          }
          header = DriftReport.Snapshot(
            source: source.name, id: snapshot.id.hex, capturedAt: snapshot.capturedAtText)
        }
        analysis = differ.compare(desired: index, judged: judged)
        live = judged.compactMap(\.resource)
      } else {
        // An export file is read and parsed on another core while the manifests are parsed.
        let exportFile = snapshot.flatMap {
          liveResources[source.name] == nil && $0 != "-"
            && FileManager.default.fileExists(atPath: $0) ? $0 : nil
        }
        let pendingLive = exportFile.map { file in
          Parallel.Pending { () -> Result<[Resource], Failure> in
            do throws(Failure) { return .success(try reader.live(file: file)) } catch {
              return .failure(error)
            }
          }
        }
        func readLive() throws(Failure) -> ([Resource], DriftReport.Snapshot) {
          guard let pendingLive, let exportFile else {
            return try liveState(of: source, reader: reader, store: store)
          }
          switch pendingLive.wait() {
          case .success(let resources):
            return (resources, DriftReport.Snapshot(source: source.name, file: exportFile))
          case .failure(let error): throw error
          }
        }
        var exported: [Resource] = []
        var read: DriftReport.Snapshot?
        if reader.desiredNeedsLive { (exported, read) = try readLive() }
        side = try reader.desired(listing: listing, in: workspace, live: exported)
        index = try failing { try Differ.index(desired: filter.keep(side.resources)) }
        if read == nil { (exported, read) = try readLive() }
        guard let read else { continue }
        header = read
        if reader.desiredNeedsLive { provenanceLive = .resources(exported) }
        live = side.prepare(live: exported)
        diagnostics += (side.terraform?.diagnostics ?? []).map {
          Diagnostic(.warning, $0.message, at: $0.location)
        }
        try Self.checkComparable(source: source, desired: index, live: live, header: header)
        differ = Differ(
          source: source.name, rules: side.rules, managers: reader.managers, ignore: ignore,
          severity: policies)
        analysis = differ.compare(desired: index, live: filter.keep(live)) { count, body in
          Parallel.map(Array(0..<count), body)
        }
        analysis.summary.unevaluated = side.unevaluated
      }
      snapshots.append(header)
      if provenanceDepth != nil, Self.historyFormats.contains(source.format),
        analysis.drifts.contains(where: { !$0.changes.isEmpty })
      {
        if desiredHistory == nil {
          desiredHistory = DesiredHistory(
            repository: workspace.repository, tip: commit.id, secrets: secrets)
        }
        if let desiredHistory {
          let finder = ProvenanceFinder(
            history: desiredHistory, source: source, depth: provenanceDepth, live: provenanceLive)
          analysis.drifts = try Self.annotate(analysis.drifts, finder: finder, commit: commit.id)
        }
      }
      summary.add(analysis.summary)
      drifts += analysis.drifts
      inSync += analysis.inSync.map {
        DriftReport.InSync(source: source.name, type: $0.type, address: $0.address)
      }
      states.append(
        SourceState(
          source: source, desired: index, live: live, snapshot: header, differ: differ, side: side))
    }
    try filter.checkEveryPatternMatched()
    let owners = try workspace.codeOwners(at: commit)
    for index in drifts.indices {
      if let file = drifts[index].location?.file, let owners {
        drifts[index].owners = owners.owners(of: file)
      }
    }
    let report = DriftReport(
      desired: DriftReport.Desired(commit: commit.id.hex, ref: revision),
      snapshots: snapshots, summary: summary, drifts: drifts,
      diagnostics: ignore.diagnostics + diagnostics,
      inSync: inSync)
    return Evaluation(
      report: report, commit: commit, configuration: configuration, sources: states,
      secrets: secrets,
      workspace: workspace)
  }

  /// Live state read and compared in one pass: an export file (or `-`), or a recorded snapshot.
  enum StreamedLive {
    case export(String)
    case snapshot(Snapshot)
  }

  /// The live state of a Kubernetes source that is read and compared in one pass, if any.
  ///
  /// Each live object is judged as soon as it is read and let go unless it drifted, so memory
  /// holds the desired state and the drifted objects only. Address arguments (which also
  /// collect what they matched) and captured resources take the general path.
  private func streamedLive(of source: SourceConfiguration, store: SnapshotStore)
    throws(Failure) -> StreamedLive?
  {
    guard source.format == .kubernetes, addresses.isEmpty, liveResources[source.name] == nil
    else { return nil }
    if let snapshot, snapshot == "-" || FileManager.default.fileExists(atPath: snapshot) {
      return .export(snapshot)
    }
    return .snapshot(try recordedSnapshot(of: source, store: store))
  }

  /// A Terraform state none of whose addresses the configuration declares is the wrong state
  /// (or the wrong root module): nothing can be compared, so it is an error, not a report of
  /// everything missing and unmanaged.
  static func checkComparable(
    source: SourceConfiguration, desired: [String: Resource], live: [Resource],
    header: DriftReport.Snapshot
  ) throws(Failure) {
    guard source.format == .hcl || source.format == .terraform, !desired.isEmpty, !live.isEmpty,
      !live.contains(where: { desired[$0.id.address] != nil })
    else { return }
    let example = live.map(\.id.address).min() ?? ""
    throw Failure(
      "source '\(source.name)': none of the \(live.count) addresses of the live state "
        + "(\(header.file ?? "latest snapshot"), e.g. \(example)) is declared in the "
        + "configuration; is it the state of another root module?", at: source.location)
  }

  /// Live resources: the export file, the snapshot an id names, or the latest snapshot.
  private func liveState(
    of source: SourceConfiguration, reader: SourceReader, store: SnapshotStore
  ) throws(Failure) -> ([Resource], DriftReport.Snapshot) {
    if let captured = liveResources[source.name] {
      return (
        captured, DriftReport.Snapshot(source: source.name, capturedAt: Timestamp.format(Date()))
      )
    }
    if let snapshot, snapshot == "-" || FileManager.default.fileExists(atPath: snapshot) {
      let name = snapshot == "-" ? "<stdin>" : snapshot
      return (
        try reader.live(file: snapshot), DriftReport.Snapshot(source: source.name, file: name)
      )
    }
    let picked = try recordedSnapshot(of: source, store: store)
    let resources = try history { () throws(HistoryError) in try store.resources(of: picked) }
    return (
      resources,
      DriftReport.Snapshot(
        source: source.name, id: picked.id.hex, capturedAt: picked.capturedAtText)
    )
  }

  /// The recorded snapshot `--snapshot` names, else the latest one.
  private func recordedSnapshot(of source: SourceConfiguration, store: SnapshotStore)
    throws(Failure) -> Snapshot
  {
    // The latest needs no walk along the chain; other ids are resolved in it.
    guard let snapshot else {
      return try history { () throws(HistoryError) in try store.latest(of: source.name) }
    }
    let chain: [Snapshot]
    do throws(HistoryError) {
      chain = try store.snapshots(of: source.name)
    } catch {
      if case .noSnapshots = error {
        throw Failure("cannot read '\(snapshot)': No such file or directory")
      }
      throw Failure(error.description)
    }
    return try SnapshotID.resolve(snapshot, in: chain, source: source.name)
  }

  /// The formats whose desired history provenance reads.
  static let historyFormats: Set<SourceFormat> = [.kubernetes, .hcl, .terraform]

  /// Adds provenance to every change: undeployed (an older commit's value) or out-of-band.
  static func annotate(_ drifts: [Drift], finder: ProvenanceFinder, commit: ObjectID)
    throws(Failure) -> [Drift]
  {
    var result = drifts
    for index in result.indices where result[index].kind == .modified {
      let address = result[index].id.address
      let file = result[index].location?.file
      for changeIndex in result[index].changes.indices {
        let change = result[index].changes[changeIndex]
        let finding = try history { () throws(HistoryError) in
          try finder.explain(change, of: address, at: commit, file: file)
        }
        result[index].changes[changeIndex].provenance = finding.provenance
      }
    }
    return result
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
        "--snapshot names one source's live state: name it with --source (one of: \(known))")
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
