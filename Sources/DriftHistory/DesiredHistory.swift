public import DriftFormats
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
  /// First-parent commits, oldest first, as headers (no text copied).
  public let headers: [CommitHeader]
  /// Whether the history stops early because the clone is shallow.
  public let isTruncated: Bool

  private var configurations: [ObjectID: Configuration] = [:]
  private var materialized: [Int: Commit] = [:]
  private var parsed: [ParseKey: [Resource]] = [:]
  private var indexes: [IndexKey: [String: Record]] = [:]
  private var listings: [ObjectID: [TreeEntry]] = [:]

  private struct ParseKey: Hashable {
    var blob: ObjectID
    var namespace: String?
  }

  private struct IndexKey: Hashable {
    var tree: ObjectID
    var source: String
    var paths: [String]
    var namespace: String?
  }

  /// Reads the first-parent history that ends at `tip`.
  public init(repository: Repository, tip: ObjectID, secrets: SecretDigester) throws(HistoryError) {
    self.repository = repository
    self.secrets = secrets
    let history = try git { () throws(GitError) in
      try repository.firstParentHeaders(from: tip, stopAtShallowBoundary: true)
    }
    headers = history.reversed()
    isTruncated = repository.isShallow && history.last?.firstParent != nil
  }

  /// The number of first-parent commits.
  public var count: Int { headers.count }

  /// The whole commit at `index` (oldest first), read once.
  public func commit(at index: Int) throws(HistoryError) -> Commit {
    if let known = materialized[index] { return known }
    let id = headers[index].id
    let commit = try git { () throws(GitError) in try repository.commit(id) }
    materialized[index] = commit
    return commit
  }

  /// The index of the commit in force at `date`: the last first-parent commit not newer than it.
  public func index(inForceAt date: Date) -> Int? {
    var low = 0
    var high = headers.count
    while low < high {
      let middle = (low + high) / 2
      if headers[middle].time <= date { low = middle + 1 } else { high = middle }
    }
    return low == 0 ? nil : low - 1
  }

  /// The commit in force at `date`.
  public func commit(inForceAt date: Date) throws(HistoryError) -> Commit? {
    try index(inForceAt: date).map { (index) throws(HistoryError) in try commit(at: index) }
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
    if let cached = configurations[entry.id] { return (entry.id, cached) }
    let bytes = try git { () throws(GitError) in try repository.blob(entry.id) }
    guard let configuration = try? ConfigurationReader.parse(bytes, file: name) else { return nil }
    configurations[entry.id] = configuration
    return (entry.id, configuration)
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
    if let file {
      let entry = try git { () throws(GitError) in
        try repository.entry(atPath: file, inCommit: commit.tree)
      }
      if let knownBlob, entry?.id == knownBlob.blob { return knownBlob }
      if let entry,
        let found = try resources(blob: entry.id, file: file, namespace: source.namespace)
          .first(where: { $0.id.address == address })
      {
        return Record(resource: found, blob: entry.id, file: file)
      }
    }
    guard searchEverywhere || file == nil else { return nil }
    return try index(of: source, at: commit)[address]
  }

  /// Every resource `source` declares at `commit`, by address.
  public func index(of source: SourceConfiguration, at commit: CommitHeader) throws(HistoryError)
    -> [String: Record]
  {
    let key = IndexKey(
      tree: commit.tree, source: source.name, paths: source.paths, namespace: source.namespace)
    if let cached = indexes[key] { return cached }
    let listing: [TreeEntry]
    if let cached = listings[commit.tree] {
      listing = cached
    } else {
      listing = try git { () throws(GitError) in try repository.files(inCommit: commit.tree) }
      listings[commit.tree] = listing
    }
    let globs = source.paths.map(Glob.init)
    var index: [String: Record] = [:]
    for entry in listing where entry.kind == .blob || entry.kind == .executable {
      guard globs.contains(where: { $0.matches(entry.path) }) else { continue }
      for resource in try resources(blob: entry.id, file: entry.path, namespace: source.namespace) {
        index[resource.id.address] = Record(resource: resource, blob: entry.id, file: entry.path)
      }
    }
    indexes[key] = index
    return index
  }

  private func resources(blob: ObjectID, file: String, namespace: String?) throws(HistoryError)
    -> [Resource]
  {
    let key = ParseKey(blob: blob, namespace: namespace)
    if let cached = parsed[key] { return cached }
    let bytes = try git { () throws(GitError) in try repository.blob(blob) }
    let format = KubernetesFormat(defaultNamespace: namespace, secrets: secrets)
    let resources = (try? format.desiredResources(bytes, file: file)) ?? []
    parsed[key] = resources
    return resources
  }
}
