package import DriftFormats
package import DriftHistory
package import DriftJSON
package import DriftModel
import Foundation
package import Git

/// The repository a command works in, and the desired state read from its commits.
///
/// Everything is read from git objects, never from the working tree: a check of `HEAD~3` sees
/// exactly what that commit held.
package struct Workspace {
  /// The largest desired file read; larger blobs are refused with a clear message.
  package static let maximumManifestSize = 64 << 20

  package let repository: Repository
  /// The adapters of the formats sources may name.
  package var formats: FormatRegistry = .standard

  /// A workspace over `repository`, reading the formats of `formats`.
  package init(repository: Repository, formats: FormatRegistry = .standard) {
    self.repository = repository
    self.formats = formats
    // Renders are pure functions of their inputs' ids: every process of the repository shares
    // them (a hook renders once per distinct input set, not once per run).
    KustomizeAdapter().cache.persist(in: repository.commonDirectory + "/drift/renders")
  }

  /// The snapshot store of the repository, whose chains are indexed in `.git/drift/chains` so
  /// that a command reads what a chain's commits say from one file (see
  /// ``SnapshotChainIndex``).
  package func snapshotStore() -> SnapshotStore {
    SnapshotStore(
      repository: repository,
      chainIndex: SnapshotChainIndex(directory: repository.commonDirectory + "/drift/chains"))
  }

  /// Opens the repository that contains the current folder, as git does.
  package static func discover() throws(Failure) -> Workspace {
    let folder = FileManager.default.currentDirectoryPath
    do {
      return Workspace(repository: try Repository.discover(from: folder))
    } catch {
      if error.code == .notFound {
        throw Failure("not a git repository (or any parent up to /): \(folder)")
      }
      throw Failure(error)
    }
  }

  /// The commit that `revision` names.
  package func commit(_ revision: String) throws(Failure) -> Commit {
    do {
      let id = try repository.resolveCommit(revision)
      return try repository.commit(id)
    } catch {
      switch error.code {
      case .notFound, .invalidSpec, .ambiguous, .peel:
        throw Failure("unknown revision '\(revision)': \(error.message)")
      case .unbornBranch:
        throw Failure("the repository has no commits yet; commit the desired state first")
      default:
        throw Failure(error)
      }
    }
  }

  /// `.drift.yml` as committed in `commit`.
  package func configuration(at commit: Commit) throws(Failure) -> Configuration {
    let name = ConfigurationReader.fileName
    let bytes = try failing { try repository.file(atPath: name, inCommit: commit.id) }
    guard let bytes else {
      throw Failure(
        "no \(name) in commit \(commit.id.short) (run 'git drift init', then commit the file)")
    }
    return try failing { try ConfigurationReader.parse(bytes, file: name, formats: formats) }
  }

  /// `.drift.yml` as committed in `commit`, or HEAD's when the commit predates the file, with
  /// a note that says so: checking an old commit must not need its configuration to exist.
  package func configurationOrHead(at commit: Commit) throws(Failure)
    -> (Configuration, Diagnostic?)
  {
    let name = ConfigurationReader.fileName
    guard try failing({ try repository.file(atPath: name, inCommit: commit.id) }) == nil,
      let head = try? self.commit("HEAD"), head.id != commit.id,
      let configuration = try? configuration(at: head)
    else { return (try configuration(at: commit), nil) }
    let note = Diagnostic(
      .note,
      "commit \(commit.id.short) has no \(name) yet; checked with HEAD's (\(head.id.short))")
    return (configuration, note)
  }

  /// The rules of `.driftignore` as committed in `commit`, none when there is no such file.
  package func driftIgnore(at commit: Commit) throws(Failure) -> [DriftIgnoreReader.Entry] {
    let name = DriftIgnoreReader.fileName
    guard let bytes = try failing({ try repository.file(atPath: name, inCommit: commit.id) })
    else { return [] }
    return try failing { try DriftIgnoreReader.parse(bytes, file: name) }
  }

  /// Secret digests with this machine's digest key (see ``DigestKey``), so that they compare
  /// with recorded snapshots; a random key when none is set (a comparison with snapshots
  /// recorded elsewhere then says that their secrets cannot be compared).
  package func secrets() throws(Failure) -> SecretDigester {
    try DigestKey.resolve(in: repository, creating: false).digester
  }

  /// Secret digests for what is stored: the digest key, created in the git folder when none
  /// is set.
  package func recordingSecrets() throws(Failure) -> SecretDigester {
    try DigestKey.resolve(in: repository, creating: true).digester
  }

  /// The repository's CODEOWNERS at `commit` (root, `.github/` or `docs/`), nil when none.
  package func codeOwners(at commit: Commit) throws(Failure) -> CodeOwners? {
    for path in CodeOwners.locations {
      if let bytes = try failing({ try repository.file(atPath: path, inCommit: commit.id) }) {
        return CodeOwners(bytes)
      }
    }
    return nil
  }

  /// The files of `commit` that `source` declares, in path order.
  package func files(of source: SourceConfiguration, in listing: [TreeEntry]) throws(Failure)
    -> [TreeEntry]
  {
    let files = SourceFiles(source)
    let matched = listing.filter { entry in
      entry.kind != .submodule && entry.kind != .symlink && files.contains(entry.path)
    }
    guard !matched.isEmpty else {
      let patterns = source.paths.map { "'\($0)'" }.joined(separator: ", ")
      throw Failure(
        "source '\(source.name)': paths \(patterns) match no file in this commit",
        at: source.location)
    }
    return matched
  }

  /// The bytes of a desired file, refusing absurd sizes.
  package func contents(of entry: TreeEntry) throws(Failure) -> [UInt8] {
    try Self.contents(of: entry, in: repository)
  }

  /// The bytes of a desired file read through `repository` (each thread has its own handle).
  package static func contents(of entry: TreeEntry, in repository: Repository) throws(Failure)
    -> [UInt8]
  {
    let size = try failing { try repository.blobSize(entry.id) }
    guard size <= Self.maximumManifestSize else {
      throw Failure(
        "file is \(size) bytes, more than the \(Self.maximumManifestSize >> 20) MiB limit",
        at: SourceLocation(file: entry.path))
    }
    return try failing { try repository.blob(entry.id) }
  }
}
