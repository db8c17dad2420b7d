package import DriftDiff
package import DriftFormats
package import DriftJSON
package import DriftModel
package import Git

/// Reads one source's desired and live state through the adapter of its format.
package struct SourceReader {
  /// The largest live export read.
  package static let maximumSnapshotSize = 2 << 30

  package let source: SourceConfiguration
  package let secrets: SecretDigester
  package let adapter: any FormatAdapter
  /// Whether live objects may lose what comparison ignores (see `LiveReading.trims`).
  package let trimsLive: Bool

  /// Whether live objects may lose their status (see `LiveReading.omitsStatus`).
  package var omitsStatus = false

  /// Live values kept secret beyond what the export marks (see `LiveReading.secretPaths`).
  package var secretPaths: [String: Set<FieldPath>] = [:]

  package init(
    source: SourceConfiguration, secrets: SecretDigester, trimsLive: Bool = false,
    formats: FormatRegistry = .standard
  ) throws(Failure) {
    self.source = source
    self.secrets = secrets
    self.trimsLive = trimsLive
    adapter = try failing { try formats.adapter(of: source) }
  }

  /// The field managers that deploy this source's desired state.
  package var managers: ManagerClassification {
    ManagerClassification(deployers: source.deployers)
  }

  /// Whether the desired state refers to live values, so that live state must be read first.
  package var desiredNeedsLive: Bool { adapter.desiredNeedsLive }

  /// The desired resources that `source` declares in `listing` (all files of the commit).
  ///
  /// `live` is the live state references resolve from, for formats that read it.
  package func desired(listing: [TreeEntry], in workspace: Workspace, live: [Resource] = [])
    throws(Failure) -> DesiredState
  {
    let tree = CommitTree(listing: listing, workspace: workspace)
    return try failing { try adapter.desired(source, in: tree, live: live, secrets: secrets) }
  }

  /// What the adapter said about the exports read (see `LiveReading.notes`).
  package let exportNotes = ExportNotes()

  private var reading: LiveReading {
    var reading = LiveReading(trims: trimsLive, omitsStatus: omitsStatus, secretPaths: secretPaths)
    reading.notes = exportNotes
    return reading
  }

  /// The live values that the desired state at `commit` takes from Secrets, which an export
  /// holds in clear (Helm values from `valuesFrom` Secrets); the commit's files are listed
  /// only for formats that have such values.
  package func secretPaths(at commit: ObjectID, in workspace: Workspace) -> [String: Set<
    FieldPath
  >] {
    adapter.secretPaths(
      source,
      in: {
        (try? workspace.repository.files(inCommit: commit)).map {
          CommitTree(listing: $0, workspace: workspace)
        }
      }, secrets: secrets)
  }

  /// The live resources of an export already read.
  package func live(bytes: [UInt8], name: String) throws(Failure) -> [Resource] {
    try live(bytes: bytes, name: name) { $0 }
  }

  /// What `each` made of every live resource of an export already read, in export order.
  package func live<Output: Sendable>(
    bytes: [UInt8], name: String, each: @escaping @Sendable (Resource) -> Output
  ) throws(Failure) -> [Output] {
    try live(bytes: bytes, name: name, known: nil) { resource, _ in each(resource) }
  }

  /// What `each` made of every live resource of an export already read, for a reader that
  /// remembers the items of Lists it read before (see `FormatAdapter.live`).
  package func live<Output: Sendable>(
    bytes: [UInt8], name: String, known: (@Sendable (ArraySlice<UInt8>) -> Output?)?,
    each: @escaping @Sendable (Resource, ArraySlice<UInt8>?) -> Output
  ) throws(Failure) -> [Output] {
    try failing {
      try adapter.live(
        bytes, name: name, source: source, secrets: secrets, reading: reading, known: known,
        each: each)
    }
  }

  /// The live resources of an export file (`-` for standard input).
  package func live(file path: String) throws(Failure) -> [Resource] {
    try live(file: path) { $0 }
  }

  /// What `each` made of every live resource of an export file (`-` for standard input).
  package func live<Output: Sendable>(
    file path: String, each: @escaping @Sendable (Resource) -> Output
  )
    throws(Failure) -> [Output]
  {
    try live(file: path, known: nil) { resource, _ in each(resource) }
  }

  /// What `each` made of every live resource of an export file, for a reader that remembers
  /// the items of Lists it read before.
  package func live<Output: Sendable>(
    file path: String, known: (@Sendable (ArraySlice<UInt8>) -> Output?)?,
    each: @escaping @Sendable (Resource, ArraySlice<UInt8>?) -> Output
  ) throws(Failure) -> [Output] {
    let bytes = try FileInput.read(path, limit: Self.maximumSnapshotSize)
    return try live(bytes: bytes, name: path == "-" ? "<stdin>" : path, known: known, each: each)
  }
}

/// A commit's files as adapters read them: through the workspace's repository, one handle
/// per core when they are parsed in parallel.
package struct CommitTree: DesiredTree {
  package let entries: [String: TreeEntry]
  package let paths: [String]
  package let symlinks: [String]
  package let workspace: Workspace

  package init(listing: [TreeEntry], workspace: Workspace) {
    let files = listing.filter { $0.kind == .blob || $0.kind == .executable }
    symlinks = listing.filter { $0.kind == .symlink }.map(\.path)
    entries = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    paths = files.map(\.path)
    self.workspace = workspace
  }

  package func id(of path: String) -> String? { entries[path]?.id.hex }

  package func contents(_ path: String) throws(DriftError) -> [UInt8] {
    guard let entry = entries[path] else {
      throw DriftError("no such file in this commit", at: SourceLocation(file: path))
    }
    do throws(Failure) {
      return try workspace.contents(of: entry)
    } catch {
      throw DriftError(error.message, at: error.location)
    }
  }

  /// Each lane reads its blobs through its own repository handle (libgit2 handles are not
  /// shared between threads); the first error in path order is reported, so output stays
  /// deterministic.
  package func parse(
    _ paths: [String],
    _ read: @escaping @Sendable ([UInt8], String) throws(DriftError) -> [Resource]
  ) throws(DriftError) -> [Resource] {
    let files = paths.compactMap { entries[$0] }
    do throws(Failure) {
      let lanes = try workspace.repository.inLanes(files.count, opening: Failure.init) {
        repository, range throws(Failure) -> [Resource] in
        var resources: [Resource] = []
        for entry in files[range] {
          let bytes = try Workspace.contents(of: entry, in: repository)
          resources += try failing { try read(bytes, entry.path) }
        }
        return resources
      }
      return Array(lanes.joined())
    } catch {
      throw DriftError(error.message, at: error.location)
    }
  }
}
