import DriftDiff
import DriftFormats
import DriftJSON
import DriftModel
import DriftTerraform
import Git
import HCL

/// A Terraform configuration (`format: hcl`) evaluated at the commits of a history.
///
/// Each evaluation is cached by what it read: the declarations of the folders it loaded (root
/// modules and the local modules they call: their `.tf`, `.tf.json` and variable files, by name
/// and blob), the files `file` and `fileexists` looked up, the names in the folders `fileset`
/// globbed, and the live resources its
/// references resolved. Commits that changed nothing of those (a README, another folder, a
/// subfolder of a root module), and snapshots that did not change those resources, reuse it:
/// each distinct configuration is evaluated once.
final class ConfigurationHistory {
  /// One evaluation, as history compares it.
  struct Evaluated {
    var records: [String: DesiredHistory.Record]
    var rules: TerraformRules
    /// New address → the former addresses `moved` blocks name, in order.
    var formerAddresses: [String: [String]]
    /// Resources and modules whose instances cannot be known offline.
    var unknownInstances: [String]
    /// Why the configuration does not evaluate at this commit.
    var problem: String?

    /// Whether `address` is an instance of something whose instances are unknown offline.
    func isUnknownInstance(_ address: String) -> Bool {
      unknownInstances.contains {
        address == $0 || address.hasPrefix($0 + "[") || address.hasPrefix($0 + ".")
      }
    }
  }

  private struct Key: Hashable {
    var source: String
    var paths: [String]
    /// The declarations of each root folder (see ``declarations(of:in:)``).
    var roots: [ObjectID?]
  }

  /// An evaluation and what it depends on.
  private struct Entry {
    /// Folder → the id of its declarations.
    var folders: [String: ObjectID?]
    /// Path → blob, of the files `file` and `fileexists` looked up.
    var files: [String: ObjectID?]
    /// Folder → the id of its names (see ``names(of:in:)``), of the folders `fileset` listed.
    var listings: [String: ObjectID?]
    var live: [String: ObjectID?]
    var evaluated: Evaluated
  }

  let repository: Repository
  let secrets: SecretDigester
  private var entries: [Key: [Entry]] = [:]
  private var listings: [ObjectID: [(path: String, id: ObjectID)]] = [:]
  private var blobs: [ObjectID: [UInt8]] = [:]
  private var declarationIDs: [ObjectID: ObjectID] = [:]
  private var nameIDs: [ObjectID: ObjectID] = [:]
  /// The `.tf` and `.tfvars` files parsed, by path and bytes.
  ///
  /// A commit that changes one file of a module parses only that one; nil parses every file at
  /// every evaluation.
  var parsed: HCLParseCache? = HCLParseCache()
  /// How many evaluations ran (not found in the cache).
  private(set) var evaluations = 0

  init(repository: Repository, secrets: SecretDigester, formats: FormatRegistry) {
    self.repository = repository
    self.secrets = secrets
  }

  /// The configuration `source` names, evaluated at `commit` against `live`.
  func evaluated(source: SourceConfiguration, at commit: CommitHeader, live: LiveView)
    throws(HistoryError) -> Evaluated
  {
    let roots = source.rootFolders
    var rootTrees: [ObjectID?] = []
    for root in roots { rootTrees.append(try declarations(of: root, in: commit)) }
    let key = Key(source: source.name, paths: source.paths, roots: rootTrees)
    for entry in entries[key] ?? [] where try isValid(entry, at: commit, live: live) {
      return entry.evaluated
    }
    let entry = try evaluate(roots: roots, at: commit, live: live)
    entries[key, default: []].append(entry)
    evaluations += 1
    return entry.evaluated
  }

  private func isValid(_ entry: Entry, at commit: CommitHeader, live: LiveView)
    throws(HistoryError) -> Bool
  {
    for (folder, id) in entry.folders where try declarations(of: folder, in: commit) != id {
      return false
    }
    for (path, id) in entry.files where try blob(at: path, in: commit) != id { return false }
    for (folder, id) in entry.listings where try names(of: folder, in: commit) != id {
      return false
    }
    for (address, id) in entry.live where try live.id(of: address) != id { return false }
    return true
  }

  /// Evaluates every root folder, recording the folders and live resources read.
  private func evaluate(roots: [String], at commit: CommitHeader, live: LiveView)
    throws(HistoryError) -> Entry
  {
    let reads = Reads()
    let files = { [self] (folder: String) throws(DriftError) -> [(path: String, bytes: [UInt8])]? in
      do throws(HistoryError) {
        let tree = try self.tree(of: folder, in: commit)
        reads.folders[folder] = try declarations(of: folder, in: commit)
        guard let tree else { return nil }
        return try self.files(in: tree, folder: folder)
      } catch {
        reads.failure = error
        throw DriftError(error.description, at: SourceLocation(file: folder))
      }
    }
    let liveValue = { (address: String) -> Value? in
      do throws(HistoryError) {
        reads.live[address] = try live.id(of: address)
        return try live.body(of: address)
      } catch {
        reads.failure = error
        return nil
      }
    }
    var evaluator = TerraformEvaluator(secrets: secrets, liveValue: liveValue, files: files)
      .readingYAML()
    evaluator.parsed = parsed
    evaluator.listing = { [self] folder throws(DriftError) in
      do throws(HistoryError) {
        reads.listings[folder] = try names(of: folder, in: commit)
        guard let tree = try tree(of: folder, in: commit) else { return nil }
        let entries = try git { () throws(GitError) in try repository.entries(inTree: tree) }
        return TerraformFolderListing(
          files: entries.filter { $0.kind == .blob || $0.kind == .executable }.map(\.path),
          folders: entries.filter { $0.kind == .tree }.map(\.path))
      } catch {
        reads.failure = error
        throw DriftError(error.description, at: SourceLocation(file: folder))
      }
    }
    evaluator.lookingUp = { [self] path in
      do throws(HistoryError) {
        reads.files[path] = try blob(at: path, in: commit)
      } catch {
        reads.failure = error
      }
    }
    var merged: TerraformDesiredState?
    var problem: String?
    do throws(DriftError) {
      var absent: String?
      for root in roots where try files(root) == nil {
        absent = root
        break
      }
      if let absent {
        problem = "'\(absent)' is not a folder of commit \(commit.id.short)"
      } else if !roots.isEmpty {
        merged = try evaluator.evaluate(roots: roots)
      }
    } catch {
      problem = error.description
    }
    if let failure = reads.failure { throw failure }
    let evaluated: Evaluated
    if let merged, problem == nil {
      evaluated = try Self.evaluated(merged)
    } else {
      evaluated = Evaluated(
        records: [:], rules: TerraformRules(), formerAddresses: [:], unknownInstances: [],
        problem: problem ?? "no root module folder in paths")
    }
    return Entry(
      folders: reads.folders, files: reads.files, listings: reads.listings, live: reads.live,
      evaluated: evaluated)
  }

  /// What an evaluation read; a class, since the evaluator's closures fill it.
  private final class Reads {
    var folders: [String: ObjectID?] = [:]
    var files: [String: ObjectID?] = [:]
    var listings: [String: ObjectID?] = [:]
    var live: [String: ObjectID?] = [:]
    var failure: HistoryError?
  }

  /// The records of an evaluated configuration.
  ///
  /// A record's id covers everything its verdict
  /// depends on (the arguments, ignore_changes, set pointers), so verdicts cache by it as they
  /// do by a manifest's blob.
  private static func evaluated(_ state: TerraformDesiredState) throws(HistoryError) -> Evaluated {
    let writer = JSONWriter(keepsDigests: true)
    var records: [String: DesiredHistory.Record] = [:]
    for resource in state.resources {
      let address = resource.id.address
      let identity: Value = .object([
        Member("type", .string(resource.id.type), at: .unknown),
        Member("body", resource.body, at: .unknown),
        Member(
          "ignored", .array((state.ignoredChanges[address] ?? []).map { .string($0) }),
          at: .unknown),
        Member(
          "sets", .array((state.setPointers[address] ?? []).sorted().map { .string($0) }),
          at: .unknown),
      ])
      let id = Repository.blobID(of: Array(writer.string(identity).utf8))
      records[address] = DesiredHistory.Record(
        resource: resource, blob: id, file: resource.location?.file ?? "")
    }
    var former: [String: [String]] = [:]
    for address in records.keys {
      let earlier = state.formerAddresses(of: address)
      if !earlier.isEmpty { former[address] = earlier }
    }
    let unknown = state.unevaluated.filter { $0.value.contains("") }.map(\.key).sorted()
    return Evaluated(
      records: records,
      rules: TerraformRules(ignoredChanges: state.ignoredChanges, setPointers: state.setPointers),
      formerAddresses: former, unknownInstances: unknown)
  }

  /// The tree of `folder` at `commit`, nil when there is no such folder.
  private func tree(of folder: String, in commit: CommitHeader) throws(HistoryError) -> ObjectID? {
    if folder == "." || folder.isEmpty { return commit.tree }
    let entry = try git { () throws(GitError) in
      try repository.entry(atPath: folder, inCommit: commit.tree)
    }
    guard let entry, entry.kind == .tree else { return nil }
    return entry.id
  }

  /// What of `folder` at `commit` an evaluation reads as declarations, as one id: the names and
  /// blobs of its `.tf`, `.tf.json`, `.tfvars` and `.tfvars.json` files; nil when there is no
  /// such folder.
  private func declarations(of folder: String, in commit: CommitHeader) throws(HistoryError)
    -> ObjectID?
  {
    guard let tree = try tree(of: folder, in: commit) else { return nil }
    if let known = declarationIDs[tree] { return known }
    var text = ""
    for entry in try listing(of: tree) where Self.isDeclaration(entry.path) {
      text += entry.id.hex + " " + entry.path + "\n"
    }
    let id = Repository.blobID(of: Array(text.utf8))
    declarationIDs[tree] = id
    return id
  }

  /// What `fileset` reads of `folder` at `commit`, as one id: the names of its files and
  /// folders, not their contents; nil when there is no such folder.
  private func names(of folder: String, in commit: CommitHeader) throws(HistoryError)
    -> ObjectID?
  {
    guard let tree = try tree(of: folder, in: commit) else { return nil }
    if let known = nameIDs[tree] { return known }
    let entries = try git { () throws(GitError) in try repository.entries(inTree: tree) }
    var text = ""
    for entry in entries {
      switch entry.kind {
      case .blob, .executable: text += "file " + entry.path + "\n"
      case .tree: text += "folder " + entry.path + "\n"
      default: continue
      }
    }
    let id = Repository.blobID(of: Array(text.utf8))
    nameIDs[tree] = id
    return id
  }

  private static func isDeclaration(_ name: String) -> Bool {
    name.hasSuffix(".tf") || name.hasSuffix(".tf.json") || name.hasSuffix(".tfvars")
      || name.hasSuffix(".tfvars.json")
  }

  /// The blob at `path` in `commit`, nil when there is none.
  private func blob(at path: String, in commit: CommitHeader) throws(HistoryError) -> ObjectID? {
    let entry = try git { () throws(GitError) in
      try repository.entry(atPath: path, inCommit: commit.tree)
    }
    guard let entry, entry.kind == .blob || entry.kind == .executable else { return nil }
    return entry.id
  }

  /// The files directly in the folder whose tree is `tree`.
  private func listing(of tree: ObjectID) throws(HistoryError) -> [(path: String, id: ObjectID)] {
    if let known = listings[tree] { return known }
    // Only the folder's own entries: a root module at the top of a repository would otherwise
    // list every file of it at every commit.
    let entries = try git { () throws(GitError) in try repository.entries(inTree: tree) }
    let listing =
      entries
      .filter { $0.kind == .blob || $0.kind == .executable }
      .map { ($0.path, $0.id) }
    listings[tree] = listing
    return listing
  }

  /// The files directly in the folder whose tree is `tree`, with repository-relative paths.
  private func files(in tree: ObjectID, folder: String) throws(HistoryError) -> [(
    path: String, bytes: [UInt8]
  )] {
    let listing = try listing(of: tree)
    let prefix = folder == "." || folder.isEmpty ? "" : folder + "/"
    var files: [(path: String, bytes: [UInt8])] = []
    for entry in listing {
      if blobs[entry.id] == nil {
        blobs[entry.id] = try git { () throws(GitError) in try repository.blob(entry.id) }
      }
      files.append((prefix + entry.path, blobs[entry.id] ?? []))
    }
    return files
  }
}
