public import DriftModel
public import Git

/// Why a history command could not answer.
public enum HistoryError: Error, Equatable, CustomStringConvertible {
  /// The source has no snapshot yet.
  case noSnapshots(source: String)
  /// A snapshot id that names nothing in the chain.
  case unknownSnapshot(String, source: String)
  /// The ref holds a commit that git-drift did not write as a snapshot of this source.
  case notASnapshotChain(reference: String, commit: String)
  /// A capture time after now.
  case captureInFuture(String)
  /// A capture time before the repository's first commit.
  case captureBeforeHistory(String, firstCommit: String)
  /// An address that matches no resource, with the closest ones.
  case noSuchResource(String, suggestions: [String])
  /// A source whose format no adapter reads.
  case unsupported(DriftError)
  /// A source name with a control character, which its ref name and snapshot messages cannot
  /// hold.
  case invalidSourceName(String)
  /// A source name that is not a valid part of a ref name, and why.
  case sourceNameNotAReference(String, problem: String)
  /// An object of an export that a snapshot tree cannot hold, by its index in the export.
  case unstorableObject(index: Int, address: String, problem: String)
  /// A snapshot tree that does not read back as it was written.
  case unreadableTree(String)
  /// A failure of libgit2.
  case git(GitError)

  public var description: String {
    switch self {
    case .noSnapshots(let source):
      return "no snapshot recorded for source '\(source)' yet (record one with "
        + "'git drift snapshot record --source \(source) FILE', or pass --snapshot FILE)"
    case .unknownSnapshot(let id, let source):
      return "no snapshot '\(id)' in source '\(source)' (use a snapshot sha, latest, latest~N "
        + "or @TIME; see 'git drift snapshot list --source \(source)')"
    case .notASnapshotChain(let reference, let commit):
      return "\(reference) is not a snapshot chain: commit \(commit) was not recorded by git-drift "
        + "(no Drift-Source trailer)"
    case .captureInFuture(let time):
      return "capture time \(time) is in the future"
    case .captureBeforeHistory(let time, let first):
      return "capture time \(time) is before the repository's first commit (\(first))"
    case .noSuchResource(let address, let suggestions):
      let hint =
        suggestions.isEmpty
        ? "" : " (did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?)"
      return "no resource matches '\(address)'\(hint)"
    case .unsupported(let error):
      return error.description
    case .invalidSourceName(let source):
      return "source name \(source.debugDescription) has a control character, which a ref name "
        + "and a commit message cannot hold"
    case .sourceNameNotAReference(let source, let problem):
      return "source name \(source.debugDescription) \(problem), so it cannot name the ref "
        + "refs/drift/snapshots/<name>"
    case .unstorableObject(let index, let address, let problem):
      let shown = address.count > 80 ? String(address.prefix(77)) + "..." : address
      return "object \(index) of the export (\(shown.debugDescription)) \(problem); "
        + "nothing was recorded"
    case .unreadableTree(let problem):
      return "the new snapshot tree does not read back (\(problem)); nothing was recorded"
    case .git(let error):
      return error.description
    }
  }
}

/// Runs a libgit2 call, wrapping its error.
func git<T>(_ body: () throws(GitError) -> T) throws(HistoryError) -> T {
  do {
    return try body()
  } catch {
    throw .git(error)
  }
}
