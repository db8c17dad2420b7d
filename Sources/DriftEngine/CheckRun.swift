package import DriftDiff
package import DriftFormats
package import DriftHistory
package import DriftJSON
package import DriftModel
import DriftReports
import DriftTerraform
import Foundation
package import Git
import Parallelism

/// The work of `check`, apart from argument parsing and printing.
package struct Check {
  package var revision: String
  package var sourceName: String?
  package var snapshot: String?
  package var addresses: [String]
  package var today = CalendarDate.today
  /// The repository; the one that holds the current folder when nil.
  package var workspace: Workspace?
  /// How many commits back provenance looks for a live value in the desired history.
  package var provenanceDepth: Int? = 1_000
  /// Live resources already read, by source (the watcher's captures).
  package var liveResources: [String: [Resource]] = [:]
  /// The ids of the bytes each source's `liveResources` were read from: with them, the report
  /// of a check of captured resources may be reused (see ``ReportMemo``).
  package var liveDigests: [String: ObjectID] = [:]
  /// Whether a check against a recorded snapshot may reuse the verdicts of the last one (see
  /// ``VerdictCache``): only for callers that read the report alone, since the desired state
  /// of such a check holds outlines (no bodies) for unchanged files.
  package var reusesVerdicts = false

  /// A check of `revision` against `snapshot` (an export file, `-`, a snapshot id, or the
  /// latest snapshot when nil), of one source or all, of the resources `addresses` match.
  package init(
    revision: String, sourceName: String?, snapshot: String?, addresses: [String],
    provenanceDepth: Int? = 1_000
  ) {
    self.revision = revision
    self.sourceName = sourceName
    self.snapshot = snapshot
    self.addresses = addresses
    self.provenanceDepth = provenanceDepth
  }

  /// One source's desired and live resources, as compared.
  package struct SourceState {
    package var source: SourceConfiguration
    package var desired: [String: Resource]
    /// The live resources compared; of a Kubernetes export judged as it was read, only the
    /// drifted ones (the rest were let go as soon as they were compared).
    package var live: [Resource]
    package var snapshot: DriftReport.Snapshot
    package var differ: Differ
    /// The desired side as its format read it (for hcl: the evaluated configuration).
    package var side: DesiredState
    /// The adapter of the source's format.
    package var adapter: any FormatAdapter
  }

  /// The report, with what it was computed from.
  package struct Evaluation {
    package var report: DriftReport
    package var commit: Commit
    package var configuration: Configuration
    package var sources: [SourceState]
    package var secrets: SecretDigester
    package var workspace: Workspace
    /// How many live resources were judged by a verdict of an earlier check (see
    /// ``reusesVerdicts``) rather than compared.
    package var reusedVerdicts = 0
    /// Whether the whole report is the last check's, all of whose inputs were the same (see
    /// ``ReportMemo``); ``sources`` is then empty.
    package var reusedReport = false
    /// When the report is the last check's of the same commit patched for the live resources
    /// that changed since (see ``patchedReport(slot:commit:configuration:sources:ignore:secrets:store:workspace:listing:desired:)``),
    /// how many were judged again; ``sources`` is then empty.
    package var patchedResources: Int?
  }

  package func run() throws(Failure) -> DriftReport {
    try evaluate().report
  }

  package func evaluate() throws(Failure) -> Evaluation {
    let workspace: Workspace
    if let given = self.workspace {
      workspace = given
    } else {
      workspace = try Workspace.discover()
    }
    let commit = try workspace.commit(revision)
    let (configuration, configurationNote) = try workspace.configurationOrHead(at: commit)
    let formats = workspace.formats
    let sources = try selectSources(configuration)
    var ignoreEntries = configuration.ignore.map { IgnoreMatcher.Entry(rule: $0) }
    ignoreEntries += try workspace.driftIgnore(at: commit).map {
      IgnoreMatcher.Entry(rule: $0.rule, negated: $0.negated)
    }
    let ignore = IgnoreMatcher(ignoreEntries, today: today)
    let filter = try AddressFilter(addresses)
    let store = workspace.snapshotStore()
    let secrets = try workspace.secrets()
    let slot = memoSlot(
      commit: commit, configuration: configuration, sources: sources,
      ignoreEntries: ignoreEntries, secrets: secrets, store: store, workspace: workspace)
    let desiredHeader = DriftReport.Desired(commit: commit.id.hex, ref: revision)
    if let slot,
      let report = slot.memo.load(key: slot.key, desired: desiredHeader, snapshots: slot.headers)
    {
      return Evaluation(
        report: report, commit: commit, configuration: configuration, sources: [],
        secrets: secrets, workspace: workspace, reusedReport: true)
    }
    let listing = try failing { try workspace.repository.files(inCommit: commit.id) }
    if let slot,
      let patched = try patchedReport(
        slot: slot, commit: commit, configuration: configuration, sources: sources,
        ignore: ignore, secrets: secrets, store: store, workspace: workspace, listing: listing,
        desired: desiredHeader)
    {
      slot.memo.save(patched.report, key: slot.key, basis: patched.basis)
      return Evaluation(
        report: patched.report, commit: commit, configuration: configuration, sources: [],
        secrets: secrets, workspace: workspace, patchedResources: patched.judged)
    }
    var basisSources: [ReportMemo.Basis.Source]? = slot?.basisKey == nil ? nil : []
    var summary = DriftReport.Summary()
    var drifts: [Drift] = []
    var snapshots: [DriftReport.Snapshot] = []
    var desiredHistory: DesiredHistory?
    var states: [SourceState] = []
    var inSync: [DriftReport.InSync] = []
    var unevaluated: [DriftReport.Unevaluated] = []
    var evaluatedAny = false
    var reusedVerdicts = 0
    var diagnostics: [Diagnostic] = configurationNote.map { [$0] } ?? []
    for source in sources {
      // Live values the desired state takes from Secrets are digested by the adapter's
      // prepare(live:for:); a check stores nothing before it.
      let reader = try SourceReader(
        source: source, secrets: secrets, trimsLive: true, formats: formats)
      let policies = SeverityRules(policies: configuration.policies)
      let side: DesiredState
      let index: [String: Resource]
      let header: DriftReport.Snapshot
      let differ: Differ
      var analysis: Differ.Analysis
      let live: [Resource]
      var provenanceLive = LiveView.none
      var verdictRun: JudgedSnapshot?
      if let streamed = try streamedLive(of: source, adapter: reader.adapter, store: store) {
        let judged: [Differ.Judgement]
        if case .snapshot(let snapshot) = streamed, reusesVerdicts, reader.adapter.desiredPerFile {
          let context = [
            source.name, String(reflecting: source), String(reflecting: configuration.policies),
            String(reflecting: ignoreEntries), "\(today)", secrets.fingerprint,
          ]
          let run = try judgeReusingVerdicts(
            snapshot, source: source, reader: reader, workspace: workspace, listing: listing,
            ignore: ignore, policies: policies, store: store, context: context)
          side = run.side
          index = run.index
          differ = run.differ
          judged = run.judged
          reusedVerdicts += run.reused
          verdictRun = run
          diagnostics += side.diagnostics
          header = DriftReport.Snapshot(
            source: source.name, id: snapshot.id.hex, capturedAt: snapshot.capturedAtText)
        } else {
          side = try reader.desired(listing: listing, in: workspace)
          diagnostics += side.diagnostics
          index = try failing { try Differ.index(desired: side.resources) }
          differ = Differ(
            source: source.name, rules: side.rules, managers: reader.managers, ignore: ignore,
            severity: policies)
          let judge = { @Sendable [differ, index] (resource: Resource) in
            differ.judge(resource, desired: index)
          }
          switch streamed {
          case .export(let export):
            judged = try reader.live(file: export, each: judge)
            header = DriftReport.Snapshot(
              source: source.name, file: export == "-" ? "<stdin>" : export)
          case .snapshot(let snapshot):
            judged = try history { () throws(HistoryError) in
              try store.resources(
                of: snapshot, pruning: reader.adapter.storedPruning ?? JSONReader.Pruning(),
                each: judge)
            }
            header = DriftReport.Snapshot(
              source: source.name, id: snapshot.id.hex, capturedAt: snapshot.capturedAtText)
          }
        }
        analysis = differ.compare(desired: index, judged: judged)
        analysis.drifts = reader.adapter.locate(analysis.drifts, in: side)
        live = judged.compactMap(\.resource)
        if let verdictRun, let tree = slot?.trees[source.name], basisSources != nil {
          let facts = differ.patchFacts(of: judged)
          basisSources?.append(
            ReportMemo.Basis.Source(
              name: source.name, tree: tree, claimed: analysis.claimed.sorted(),
              alwaysRead: verdictRun.alwaysRead,
              inSyncFiles: analysis.inSync.map {
                Self.target(of: $0, in: index, rules: side.rules)?.resource.location?.file ?? ""
              }, counterpartMatched: facts.counterpartMatched.sorted(),
              ownerObjects: facts.ownerObjects.sorted(), scopeKeys: facts.scopeKeys,
              live: facts.live, compared: facts.compared, unattributed: facts.unattributed,
              irregular: facts.irregular.sorted(), mostlyUnattributed: facts.mostlyUnattributed,
              unattributedExceptions: facts.unattributedExceptions.sorted()))
        } else {
          basisSources = nil
        }
      } else {
        basisSources = nil
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
        live = reader.adapter.prepare(live: exported, for: side)
        diagnostics += side.diagnostics
        try failing {
          try reader.adapter.checkComparable(
            source, desired: index, live: live, liveName: header.file ?? "latest snapshot")
        }
        differ = Differ(
          source: source.name, rules: side.rules, managers: reader.managers, ignore: ignore,
          severity: policies)
        let asked = filter.keep(live)
        filter.notePointers(desired: index, live: asked)
        analysis = differ.compare(desired: index, live: asked) { count, body in
          Parallel.map(Array(0..<count), body)
        }
        analysis = filter.narrow(analysis)
        analysis.drifts = reader.adapter.locate(analysis.drifts, in: side)
        analysis.summary.unevaluated = side.unevaluated
      }
      let notEvaluated = filter.keep(side.unevaluatedResources)
      analysis.summary.unevaluatedResources = notEvaluated.count
      unevaluated += notEvaluated
      if !index.isEmpty || side.unevaluatedResources.isEmpty { evaluatedAny = true }
      snapshots.append(header)
      if provenanceDepth != nil, analysis.drifts.contains(where: { !$0.changes.isEmpty }) {
        if desiredHistory == nil {
          desiredHistory = DesiredHistory(
            repository: workspace.repository, tip: commit.id, secrets: secrets, formats: formats)
        }
        if let desiredHistory {
          let finder = ProvenanceFinder(
            history: desiredHistory, source: source, depth: provenanceDepth, live: provenanceLive)
          analysis.drifts = try Self.annotate(analysis.drifts, finder: finder, commit: commit.id)
        }
      }
      summary.add(analysis.summary)
      diagnostics += reader.exportNotes.diagnostics
      diagnostics += analysis.diagnostics
      drifts += analysis.drifts
      inSync += analysis.inSync.map {
        DriftReport.InSync(source: source.name, type: $0.type, address: $0.address)
      }
      states.append(
        SourceState(
          source: source, desired: index, live: live, snapshot: header, differ: differ, side: side,
          adapter: reader.adapter))
    }
    try filter.checkEveryPatternMatched()
    if !evaluatedAny, let first = unevaluated.first {
      // Nothing was compared: "no drift" would be a claim about nothing.
      let names = unevaluated.prefix(5).map(\.address).joined(separator: ", ")
      let more = unevaluated.count > 5 ? " and \(unevaluated.count - 5) more" : ""
      throw Failure(
        "source '\(first.source)': nothing evaluated: \(unevaluated.count) resource(s) cannot "
          + "be evaluated offline (\(names)\(more)); \(first.address): \(first.reason)",
        at: first.location)
    }
    let owners = try workspace.codeOwners(at: commit)
    for index in drifts.indices {
      if let file = drifts[index].location?.file, let owners {
        drifts[index].owners = owners.owners(of: file)
      }
    }
    let report = DriftReport(
      desired: desiredHeader,
      snapshots: snapshots, summary: summary, drifts: drifts,
      diagnostics: Array(Set(ignore.diagnostics + diagnostics)),
      inSync: inSync, unevaluated: unevaluated)
    if let slot {
      var basis: ReportMemo.Basis?
      if let key = slot.basisKey, let basisSources {
        basis = ReportMemo.Basis(key: key, sources: basisSources)
      }
      slot.memo.save(report, key: slot.key, basis: basis)
    }
    return Evaluation(
      report: report, commit: commit, configuration: configuration, sources: states,
      secrets: secrets, workspace: workspace, reusedVerdicts: reusedVerdicts)
  }

  /// Live state read and compared in one pass: an export file (or `-`), or a recorded snapshot.
  package enum StreamedLive {
    case export(String)
    case snapshot(Snapshot)
  }

  /// The live state of a Kubernetes source that is read and compared in one pass, if any.
  ///
  /// Each live object is judged as soon as it is read and let go unless it drifted, so memory
  /// holds the desired state and the drifted objects only. Address arguments (which also
  /// collect what they matched) and captured resources take the general path.
  private func streamedLive(
    of source: SourceConfiguration, adapter: any FormatAdapter, store: SnapshotStore
  ) throws(Failure) -> StreamedLive? {
    guard adapter.judgesWhileReading, addresses.isEmpty, liveResources[source.name] == nil
    else { return nil }
    if let snapshot, snapshot == "-" || FileManager.default.fileExists(atPath: snapshot) {
      return .export(snapshot)
    }
    return .snapshot(try recordedSnapshot(of: source, store: store))
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
  func recordedSnapshot(of source: SourceConfiguration, store: SnapshotStore)
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

  /// Adds provenance to every change: undeployed (an older commit's value) or out-of-band.
  package static func annotate(_ drifts: [Drift], finder: ProvenanceFinder, commit: ObjectID)
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
  package static var today: CalendarDate {
    let components = Calendar(identifier: .gregorian).dateComponents(
      in: TimeZone(identifier: "UTC") ?? .current, from: Date())
    return CalendarDate(
      year: components.year ?? 1970, month: components.month ?? 1, day: components.day ?? 1)
  }
}
