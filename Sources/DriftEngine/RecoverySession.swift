import DriftDiff
package import DriftFormats
package import DriftHistory
package import DriftModel
package import DriftRecovery
import Foundation
package import Git

/// What accept, rollback and postmortem share: one source's check, the drifts chosen on the
/// command line, and the repository's owners, templates and history.
package struct RecoverySession {
  package let context: HistoryContext
  package let evaluation: Check.Evaluation
  package let state: Check.SourceState
  package var drifts: [Drift]
  /// The addresses the command line names exactly (no glob), whose missing resources accept
  /// may remove.
  package let named: Set<String>
  package var today = CalendarDate.today

  /// Checks the source and keeps the drifts `targets` name (`ADDRESS[#POINTER]`, globs
  /// allowed); all of them when there is none.
  ///
  /// - Parameter workspace: the repository; the one that holds the current folder when nil.
  package init(
    targets: [String], sourceName: String?, snapshot: String?, revision: String,
    workspace: Workspace? = nil
  ) throws(Failure) {
    context = try HistoryContext.open(
      sourceName: sourceName, revision: revision, workspace: workspace)
    var check = Check(
      revision: revision, sourceName: context.source.name, snapshot: snapshot, addresses: [])
    check.workspace = context.workspace
    evaluation = try check.evaluate()
    guard let state = evaluation.sources.first else { throw Failure("nothing was checked") }
    self.state = state
    let warnings = evaluation.report.diagnostics.filter { $0.level == .warning }.map(\.message)
    // A pointer that names nothing in desired or live is a typo, not an attribute in sync.
    let filter = try AddressFilter(targets)
    if filter.hasPointers {
      filter.notePointers(desired: state.desired, live: state.live)
      try filter.checkPointers()
    }
    drifts = try Self.choose(targets, from: evaluation.report.drifts, warnings: warnings.sorted())
    // A target names what it matches when it is an address, or a pattern without wildcards
    // (`terraform_data.zone\["a"\]`); `*` and `?` name nothing.
    var named: Set<String> = []
    for target in targets {
      guard let address = (try? AddressArgument(target))?.address else { continue }
      if evaluation.report.drifts.contains(where: { $0.id.address == address }) {
        named.insert(address)
      } else if !address.contains("*"), !address.contains("?") {
        let glob = Glob(address)
        for drift in evaluation.report.drifts where glob.matches(drift.id.address) {
          named.insert(drift.id.address)
        }
      }
    }
    self.named = named
  }

  private static func choose(_ targets: [String], from drifts: [Drift], warnings: [String])
    throws(Failure) -> [Drift]
  {
    guard !targets.isEmpty else {
      guard !drifts.isEmpty else {
        // An empty export or one of other kinds judges nothing missing: say why.
        let why = warnings.isEmpty ? "" : " (\(warnings.joined(separator: "; ")))"
        throw Failure("nothing drifted: there is nothing to recover\(why)")
      }
      return drifts
    }
    var chosen: [String: Drift] = [:]
    var order: [String] = []
    for target in targets {
      let argument = try AddressArgument(target)
      // An exact address first, so that `[...]` in a Terraform address is literal; a glob only
      // when no address is exactly the argument.
      let exact = drifts.filter { $0.id.address == argument.address }
      let glob = Glob(argument.address)
      let matching = exact.isEmpty ? drifts.filter { glob.matches($0.id.address) } : exact
      guard !matching.isEmpty else {
        let closest = Suggestions.closest(
          to: argument.address, among: Set(drifts.map(\.id.address)))
        let hint =
          closest.isEmpty ? "" : " (drifted: \(closest.map { "'\($0)'" }.joined(separator: ", ")))"
        throw Failure("'\(argument.address)' is not drifted\(hint)")
      }
      for drift in matching {
        var picked = drift
        if let pointer = argument.pointer {
          picked.changes = drift.changes.filter { $0.path.hasPrefix(pointer) }
          guard !picked.changes.isEmpty else {
            let paths = drift.changes.map(\.path.pointer).joined(separator: ", ")
            throw Failure(
              "'\(target)' is not drifted (drifted attributes of \(drift.id.address): \(paths))")
          }
        }
        if var known = chosen[drift.id.address] {
          for change in picked.changes
          where !known.changes.contains(where: { $0.path == change.path }) {
            known.changes.append(change)
          }
          chosen[drift.id.address] = known
        } else {
          chosen[drift.id.address] = picked
          order.append(drift.id.address)
        }
      }
    }
    return order.compactMap { chosen[$0] }
  }

  package var repository: Repository { evaluation.workspace.repository }
  package var commit: Commit { evaluation.commit }

  /// A file of the desired commit.
  package func read(_ path: String) -> [UInt8]? {
    (try? repository.file(atPath: path, inCommit: commit.id)) ?? nil
  }

  /// The templates, with the repository's overrides from `.drift/templates/`.
  package func templates() -> TemplateSet {
    var overrides: [String: String] = [:]
    for name in TemplateSet.names {
      if let bytes = read(TemplateSet.overrideFolder + name) {
        overrides[name] = String(decoding: bytes, as: UTF8.self)
      }
    }
    return TemplateSet(overrides: overrides)
  }

  /// Owners of each drifted resource's file, from the commit's CODEOWNERS.
  package func owners() -> [String: [String]] {
    guard let bytes = CodeOwners.locations.lazy.compactMap({ read($0) }).first else { return [:] }
    let codeOwners = CodeOwners(bytes)
    var owners: [String: [String]] = [:]
    for drift in drifts {
      guard let file = drift.location?.file else { continue }
      owners[file] = codeOwners.owners(of: file)
    }
    return owners
  }

  /// When each drifted resource's current drift began, where snapshots are recorded.
  package func episodes() throws(Failure) -> [String: Episode] {
    let store = context.store
    guard let snapshots = try? store.snapshots(of: state.source.name), !snapshots.isEmpty else {
      return [:]
    }
    let history = context.desiredHistory(secrets: evaluation.secrets)
    // Check parsed the desired commit already; history reads only the older ones.
    let resources = state.side.resources
    let source = state.source
    try DriftEngine.history { () throws(HistoryError) in
      guard let age = try history.age(of: commit.id), let header = try history.header(age: age)
      else { return }
      try history.prime(resources, source: source, at: header)
    }
    let evaluator = Evaluator(
      store: store, history: history, source: state.source.name, today: today)
    var episodes: [String: Episode] = [:]
    for drift in drifts {
      let found = try DriftEngine.history { () throws(HistoryError) in
        try Episode.find(
          address: drift.id.address, pointer: nil, snapshots: snapshots, evaluator: evaluator)
      }
      if let found { episodes[drift.id.address] = found }
    }
    return episodes
  }

  /// A path in the post-mortem folder that the commit does not hold yet.
  ///
  /// - Throws: when the folder goes through a symbolic link, of the commit or of the working
  ///   tree, since writing through one could leave the repository.
  package func newPostmortemPath(slug: String, suffix: String = ".md") throws(Failure) -> String {
    let folder = try postmortemFolder()
    let base = (folder.isEmpty ? "" : folder + "/") + "\(today)-\(slug)"
    var path = base + suffix
    var number = 2
    while read(path) != nil || FileManager.default.fileExists(atPath: workingPath(path)) {
      path = "\(base)-\(number)\(suffix)"
      number += 1
    }
    return path
  }

  /// The post-mortem folder of `.drift.yml`, checked to stay inside the repository.
  private func postmortemFolder() throws(Failure) -> String {
    let configuration = evaluation.configuration
    let folder = configuration.postmortems.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
    let location =
      configuration.postmortemsLocation ?? SourceLocation(file: ConfigurationReader.fileName)
    func refuse(_ problem: String) -> Failure {
      Failure("postmortems '\(configuration.postmortems)' \(problem)", at: location)
    }
    if let problem = RepositoryPath.problem(folder) { throw refuse(problem) }
    for parent in RepositoryPath.parents(of: folder + "/file") {
      let entry = try? repository.entry(atPath: parent, inCommit: commit.id)
      if let entry, entry.kind != .tree {
        throw refuse("cannot be written: '\(parent)' is a \(entry.kind.noun) in the commit")
      }
      let attributes = try? FileManager.default.attributesOfItem(atPath: workingPath(parent))
      if let type = attributes?[.type] as? FileAttributeType, type != .typeDirectory {
        let noun = type == .typeSymbolicLink ? "symbolic link" : "file"
        throw refuse("cannot be written: '\(parent)' is a \(noun) in the working tree")
      }
    }
    return folder
  }

  /// Where a repository path lies in the working tree.
  package func workingPath(_ path: String) -> String {
    (repository.workingDirectory ?? ".") + "/" + path
  }

  /// The incident of the chosen drifts.
  package func incident(decision: Incident.Decision, postmortemPath: String?) throws(Failure)
    -> Incident
  {
    Incident(
      source: state.source.name, date: today, desired: evaluation.report.desired,
      snapshot: state.snapshot, drifts: drifts, episodes: try episodes(), owners: owners(),
      decision: decision, postmortemPath: postmortemPath)
  }

  /// The short id that names branches: the snapshot's, or the export file's content hash.
  package var shortID: String {
    if let id = state.snapshot.id { return String(id.prefix(7)) }
    if let file = state.snapshot.file, file != "<stdin>",
      let data = FileManager.default.contents(atPath: file)
    {
      return Repository.blobID(of: [UInt8](data)).short
    }
    return commit.id.short
  }

  /// The value of the Drift-Snapshot trailer.
  package var snapshotTrailer: String { state.snapshot.id ?? state.snapshot.file ?? "unknown" }
}

extension Failure {
  package init(_ error: RecoveryError) {
    self.init(error.description)
  }
}

/// Runs recovery work, turning its errors into a `Failure`.
package func recovery<T>(_ body: () throws(RecoveryError) -> T) throws(Failure) -> T {
  do {
    return try body()
  } catch {
    throw Failure(error)
  }
}

extension RecoverySession {
  /// What the source's adapter needs to plan recovery.
  package var recoveryInput: RecoveryInput {
    let live = Dictionary(
      state.live.map { ($0.id.address, $0) }, uniquingKeysWith: { first, _ in first })
    let paths = (try? repository.files(inCommit: commit.id))?.filter {
      $0.kind == .blob || $0.kind == .executable
    }.map(\.path)
    return RecoveryInput(
      source: state.source, commit: commit.id.hex, desired: state.side, index: state.desired,
      live: live,
      paths: paths ?? [], read: read, differ: state.differ, secrets: evaluation.secrets)
  }

  /// The edits that codify the chosen drifts, planned by the source's adapter.
  package func acceptance() -> Acceptance {
    state.adapter.accept(drifts, recoveryInput)
  }

  /// Accept's judgement of the chosen drifts (see ``AcceptJudgement``).
  package func judgeForAccept(_ options: AcceptJudgement.Options) throws(Failure)
    -> AcceptJudgement
  {
    let all = evaluation.report.drifts.filter { $0.source == state.source.name }
    var covered = Set(
      evaluation.report.inSync.filter { $0.source == state.source.name }.map(\.type))
    for drift in all where drift.kind != .missing { covered.insert(drift.id.type) }
    return try AcceptJudgement(
      drifts, all: all, named: named, desiredCount: state.desired.count, coveredTypes: covered,
      options: options)
  }

  /// The steps that restore the desired state of the chosen drifts, planned by the source's
  /// adapter.
  package func rollbackPlan() -> RollbackPlan {
    state.adapter.rollback(drifts, recoveryInput)
  }
}
