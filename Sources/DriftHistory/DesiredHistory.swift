public import DriftDiff
public import DriftFormats
public import DriftJSON
public import DriftModel
public import Foundation
public import Git

/// The desired state through the first-parent history of a branch, read lazily and cached by
/// object id: a blob that did not change between commits is parsed once.
public final class DesiredHistory {
  /// A desired resource and where it was read.
  public struct Record: Sendable {
    public var resource: Resource
    /// The blob of the file that declares it.
    public var blob: ObjectID
    public var file: String
  }

  let repository: Repository
  let secrets: SecretDigester
  /// The adapters that read each source's format.
  let formats: FormatRegistry
  /// The first-parent commits read so far, newest first, as headers (no text copied).
  ///
  /// Commits are read only as far back as a question needs; the age of a commit is its index
  /// here.
  private var newestFirst: [CommitHeader] = []
  private var walk: FirstParentWalk
  private var walkEnded = false

  private var driftFiles: [ObjectID: Configuration] = [:]
  /// Whole commits read, by age.
  private var materialized: [Int: Commit] = [:]
  private var parsed: [ParseKey: Result<[Resource], DriftError>] = [:]
  /// The first file of a source's index that does not parse, by index.
  private var unparsable: [IndexKey: DriftError] = [:]
  private var indexes: [IndexKey: [String: Record]] = [:]
  private var listings: [ObjectID: [TreeEntry]] = [:]
  private lazy var configurations = ConfigurationHistory(
    repository: repository, secrets: secrets, formats: formats)

  private struct ParseKey: Hashable {
    var blob: ObjectID
    var format: SourceFormat
    /// The adapter's ``FormatAdapter/parseKey(_:)`` of the source.
    var options: String
  }

  /// One resource's desired side at one commit, with how to compare it.
  public struct Desired {
    /// The resource, when the commit declares it.
    public var record: Record?
    /// How it compares with live: its format's rules (for a Terraform configuration, with the
    /// evaluated `ignore_changes` and sets).
    public var rules: any ComparisonRules
    /// Where it may be live: its address, then the former addresses `moved` blocks name.
    public var liveAddresses: [String]
    /// Why it cannot be judged at this commit: the configuration does not evaluate, or the
    /// resource's instances cannot be known offline.
    public var unknown: String?
  }

  /// How many Terraform configurations were evaluated (not found in the cache).
  public var configurationEvaluations: Int { configurations.evaluations }

  private struct IndexKey: Hashable {
    var tree: ObjectID
    var source: String
    var paths: [String]
    var namespace: String?
  }

  /// The first-parent history that ends at `tip`, read lazily from the tip back.
  ///
  /// - Parameter formats: the adapters that read each source's format.
  public init(
    repository: Repository, tip: ObjectID, secrets: SecretDigester,
    formats: FormatRegistry = .standard
  ) {
    self.repository = repository
    self.secrets = secrets
    self.formats = formats
    walk = FirstParentWalk(repository: repository, from: tip, stopAtShallowBoundary: true)
  }

  /// Whether the history read so far stopped early because the clone is shallow: the commits
  /// some answer needed are missing.
  public var isTruncated: Bool {
    walkEnded && repository.isShallow && newestFirst.last?.firstParent != nil
  }

  /// The oldest commit read so far.
  public var oldestRead: CommitHeader? { newestFirst.last }

  /// The header of the commit `age` first parents before the tip (the tip is 0); nil beyond the
  /// root commit or the shallow boundary.
  public func header(age: Int) throws(HistoryError) -> CommitHeader? {
    while newestFirst.count <= age, !walkEnded { try readOlder() }
    return age < newestFirst.count ? newestFirst[age] : nil
  }

  /// The age of the first-parent commit `id`, the youngest one when the history holds it twice;
  /// nil when it is not on the first-parent history.
  public func age(of id: ObjectID) throws(HistoryError) -> Int? {
    var age = 0
    while let header = try header(age: age) {
      if header.id == id { return age }
      age += 1
    }
    return nil
  }

  /// The whole commit of `age`, read once.
  public func commit(age: Int) throws(HistoryError) -> Commit {
    if let known = materialized[age] { return known }
    guard let id = try header(age: age)?.id else {
      throw .git(GitError(code: .notFound, function: "commit", message: "no commit of age \(age)"))
    }
    let commit = try git { () throws(GitError) in try repository.commit(id) }
    materialized[age] = commit
    return commit
  }

  /// The age of the commit in force at `date`: the youngest first-parent commit not newer than
  /// it.
  ///
  /// The history is read back only until it is found.
  public func age(inForceAt date: Date) throws(HistoryError) -> Int? {
    while !walkEnded, newestFirst.last.map({ $0.time > date }) ?? true { try readOlder() }
    var low = 0
    var high = newestFirst.count
    while low < high {
      let middle = (low + high) / 2
      if newestFirst[middle].time > date { low = middle + 1 } else { high = middle }
    }
    return low < newestFirst.count ? low : nil
  }

  private func readOlder() throws(HistoryError) {
    if let header = try git({ () throws(GitError) in try walk.next() }) {
      newestFirst.append(header)
    } else {
      walkEnded = true
    }
  }

  /// `.drift.yml` at `commit`, nil when the commit has none.
  ///
  /// - Returns: the file's blob (verdicts depend on it) and the configuration it holds.
  public func configuration(at commit: CommitHeader) throws(HistoryError)
    -> (blob: ObjectID, configuration: Configuration)?
  {
    let name = ConfigurationReader.fileName
    guard
      let entry = try git({ () throws(GitError) in
        try repository.entry(atPath: name, inCommit: commit.tree)
      })
    else { return nil }
    if let cached = driftFiles[entry.id] { return (entry.id, cached) }
    let bytes = try git { () throws(GitError) in try repository.blob(entry.id) }
    guard let configuration = try? ConfigurationReader.parse(bytes, file: name) else { return nil }
    driftFiles[entry.id] = configuration
    return (entry.id, configuration)
  }

  /// The resource at `address` as `source` declares it at `commit`, with the rules to compare
  /// it by, whatever the source's format.
  ///
  /// - Parameters:
  ///   - live: the live state a Terraform configuration's references read (other formats
  ///     ignore it).
  ///   - hint: where the resource was found at another commit (see
  ///     ``record(of:source:at:hint:)``).
  public func desired(
    of address: String, source: SourceConfiguration, at commit: CommitHeader, live: LiveView,
    hint: Record? = nil
  ) throws(HistoryError) -> Desired {
    let adapter = try self.adapter(of: source)
    guard adapter.evaluatesFolders else {
      var desired = Desired(
        record: try record(of: address, source: source, at: commit, hint: hint),
        rules: adapter.fileRules, liveAddresses: [address])
      if desired.record == nil, let problem = try parseError(of: source, at: commit) {
        desired.unknown = "a desired file does not parse at \(commit.id.short): \(problem)"
      }
      return desired
    }
    let evaluated = try configurations.evaluated(source: source, at: commit, live: live)
    var desired = Desired(
      record: evaluated.records[address], rules: evaluated.rules,
      liveAddresses: [address] + (evaluated.formerAddresses[address] ?? []))
    if let problem = evaluated.problem {
      desired.unknown = "the configuration does not evaluate at \(commit.id.short): \(problem)"
    } else if desired.record == nil, evaluated.isUnknownInstance(address) {
      desired.unknown = "its count or for_each cannot be known offline"
    }
    return desired
  }

  /// The resource at `address` as `source` declares it at `commit`.
  ///
  /// - Parameter hint: where the resource was found at another commit; when its file still
  ///   holds the same blob the answer needs no parsing, and when it holds another blob only
  ///   that file is read.
  public func record(
    of address: String, source: SourceConfiguration, at commit: CommitHeader, hint: Record? = nil
  ) throws(HistoryError) -> Record? {
    try record(of: address, source: source, at: commit, file: hint?.file, knownBlob: hint)
  }

  /// The resource at `address` at `commit`, looked for in `file` first, then (with
  /// `searchEverywhere`) in every file of the source.
  public func record(
    of address: String, source: SourceConfiguration, at commit: CommitHeader, file: String?,
    knownBlob: Record? = nil, searchEverywhere: Bool = true
  ) throws(HistoryError) -> Record? {
    // A rendered resource comes from the whole source, not from the file it is located at.
    if try adapter(of: source).rendersSources { return try index(of: source, at: commit)[address] }
    if let file {
      let entry = try git { () throws(GitError) in
        try repository.entry(atPath: file, inCommit: commit.tree)
      }
      if let knownBlob, knownBlob.resource.id.address == address, entry?.id == knownBlob.blob {
        return knownBlob
      }
      if let entry,
        let found = try resources(blob: entry.id, file: file, source: source)
          .first(where: { $0.id.address == address })
      {
        return Record(resource: found, blob: entry.id, file: file)
      }
    }
    guard searchEverywhere || file == nil else { return nil }
    return try index(of: source, at: commit)[address]
  }

  /// Every resource `source` declares at `commit`, by address.
  ///
  /// - Parameter live: the live state a Terraform configuration's references read.
  public func index(
    of source: SourceConfiguration, at commit: CommitHeader, live: LiveView = .none
  ) throws(HistoryError) -> [String: Record] {
    if try adapter(of: source).evaluatesFolders {
      return try configurations.evaluated(source: source, at: commit, live: live).records
    }
    let key = IndexKey(
      tree: commit.tree, source: source.name, paths: source.paths, namespace: source.namespace)
    if let cached = indexes[key] { return cached }
    let listing = try listing(of: commit.tree)
    if try adapter(of: source).rendersSources {
      let index = try rendered(source, listing: listing, key: key)
      indexes[key] = index
      return index
    }
    let files = SourceFiles(source)
    var matched = listing.filter { entry in
      (entry.kind == .blob || entry.kind == .executable) && files.contains(entry.path)
    }
    // Check leaves out chart templates and kustomize patches; so does every commit of history.
    let selection = try adapter(of: source).declaringFiles(among: matched.map(\.path)) {
      HistoryTree(listing: listing, repository: repository)
    }
    if selection.files.count != matched.count {
      let declaring = Set(selection.files)
      matched = matched.filter { declaring.contains($0.path) }
    }
    var index: [String: Record] = [:]
    for entry in matched {
      for resource in try resources(blob: entry.id, file: entry.path, source: source) {
        index[resource.id.address] = Record(resource: resource, blob: entry.id, file: entry.path)
      }
      if unparsable[key] == nil, let error = try parseError(blob: entry.id, source: source) {
        unparsable[key] = error
      }
    }
    indexes[key] = index
    return index
  }

  /// Hands over what `check` already parsed at `commit`, so that history does not parse those
  /// files again: `resources` are `source`'s desired resources read from the commit's blobs,
  /// each with the file that declares it.
  ///
  /// Files of the source that declare none of them are still read when needed; a Terraform
  /// configuration is evaluated by history as before.
  public func prime(
    _ resources: [Resource], source: SourceConfiguration, at commit: CommitHeader
  ) throws(HistoryError) {
    let adapter = try self.adapter(of: source)
    if adapter.evaluatesFolders { return }
    var byFile: [String: [Resource]] = [:]
    for resource in resources {
      guard let file = resource.location?.file else { return }
      byFile[file, default: []].append(resource)
    }
    for entry in try listing(of: commit.tree) {
      guard let declared = byFile[entry.path] else { continue }
      let key = ParseKey(blob: entry.id, format: source.format, options: adapter.parseKey(source))
      if parsed[key] == nil { parsed[key] = .success(declared) }
    }
  }

  private func listing(of tree: ObjectID) throws(HistoryError) -> [TreeEntry] {
    if let cached = listings[tree] { return cached }
    let listing = try git { () throws(GitError) in try repository.files(inCommit: tree) }
    listings[tree] = listing
    return listing
  }

  private func adapter(of source: SourceConfiguration) throws(HistoryError) -> any FormatAdapter {
    do {
      return try formats.adapter(of: source)
    } catch {
      throw .unsupported(error)
    }
  }

  private func parseKey(blob: ObjectID, source: SourceConfiguration) throws(HistoryError)
    -> ParseKey
  {
    ParseKey(blob: blob, format: source.format, options: try adapter(of: source).parseKey(source))
  }

  /// The resources one blob declares; none when it does not parse (history judges what it
  /// can: ``desired(of:source:at:live:hint:)`` calls what the file declared unknown).
  private func resources(blob: ObjectID, file: String, source: SourceConfiguration)
    throws(HistoryError) -> [Resource]
  {
    let key = try parseKey(blob: blob, source: source)
    if let cached = parsed[key] { return (try? cached.get()) ?? [] }
    let adapter = try self.adapter(of: source)
    let bytes = try git { () throws(GitError) in try repository.blob(blob) }
    let result: Result<[Resource], DriftError>
    do throws(DriftError) {
      result = .success(
        try adapter.desiredResources(bytes, file: file, source: source, secrets: secrets))
    } catch {
      result = .failure(error)
    }
    parsed[key] = result
    return (try? result.get()) ?? []
  }

  /// The resources a rendering adapter makes of `source` at a commit, each recorded with the
  /// digest of its rendered body as its blob (verdicts are cached by it).
  private func rendered(_ source: SourceConfiguration, listing: [TreeEntry], key: IndexKey)
    throws(HistoryError) -> [String: Record]
  {
    let tree = HistoryTree(listing: listing, repository: repository)
    let adapter = try self.adapter(of: source)
    let state: DesiredState
    do throws(DriftError) {
      state = try adapter.desired(source, in: tree, live: [], secrets: secrets)
    } catch {
      unparsable[key] = error
      return [:]
    }
    var index: [String: Record] = [:]
    for resource in state.resources {
      let body = Array(JSONWriter().string(resource.body).utf8)
      index[resource.id.address] = Record(
        resource: resource, blob: Repository.blobID(of: body),
        file: resource.location?.file ?? "")
    }
    return index
  }

  /// Why the blob does not parse, nil when it parses (or was not read).
  private func parseError(blob: ObjectID, source: SourceConfiguration) throws(HistoryError)
    -> DriftError?
  {
    guard case .failure(let error) = parsed[try parseKey(blob: blob, source: source)] else {
      return nil
    }
    return error
  }

  /// The first file of `source` at `commit` that does not parse, nil when all do.
  private func parseError(of source: SourceConfiguration, at commit: CommitHeader)
    throws(HistoryError) -> DriftError?
  {
    _ = try index(of: source, at: commit)
    return unparsable[
      IndexKey(
        tree: commit.tree, source: source.name, paths: source.paths,
        namespace: source.namespace)]
  }
}
