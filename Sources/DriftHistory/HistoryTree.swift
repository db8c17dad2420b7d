import DriftFormats
import DriftModel
import Git

/// The files of one commit of the history, as adapters that render a whole source read them.
struct HistoryTree: DesiredTree {
  /// The largest desired file read.
  static let maximumFileSize = 64 << 20

  let entries: [String: TreeEntry]
  let paths: [String]
  let repository: Repository

  init(listing: [TreeEntry], repository: Repository) {
    let files = listing.filter { $0.kind == .blob || $0.kind == .executable }
    entries = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    paths = files.map(\.path)
    self.repository = repository
  }

  func id(of path: String) -> String? { entries[path]?.id.hex }

  func contents(_ path: String) throws(DriftError) -> [UInt8] {
    guard let entry = entries[path] else {
      throw DriftError("no such file in this commit", at: SourceLocation(file: path))
    }
    let size: Int
    do throws(GitError) {
      size = try repository.blobSize(entry.id)
    } catch {
      throw DriftError(error.description, at: SourceLocation(file: path))
    }
    guard size <= Self.maximumFileSize else {
      throw DriftError(
        "file is \(size) bytes, more than the \(Self.maximumFileSize >> 20) MiB limit",
        at: SourceLocation(file: path))
    }
    do throws(GitError) {
      return try repository.blob(entry.id)
    } catch {
      throw DriftError(error.description, at: SourceLocation(file: path))
    }
  }
}
