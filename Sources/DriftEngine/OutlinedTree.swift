import DriftFormats
package import DriftModel
import Foundation
import Git

/// A commit's files whose unchanged desired files are not read: for a file whose blob an
/// outline was kept for, ``parse(_:_:)`` returns the outline (identities and places, `.null`
/// bodies); every other file is read and parsed, and what it declared is remembered.
///
/// Only adapters whose ``FormatAdapter/mayOutline(_:)`` allowed every resource of a file are
/// given its outline (see ``VerdictCache``).
package final class OutlinedTree: DesiredTree, @unchecked Sendable {
  private let base: CommitTree
  private let outlines: [String: VerdictCache.FileOutline]
  private let lock = NSLock()
  private var readFiles: [String: [Resource]] = [:]
  private var outlinedFiles: Set<String> = []

  /// `base` with the outlines of `outlines` standing in for files whose blob is unchanged.
  package init(_ base: CommitTree, outlines: [String: VerdictCache.FileOutline]) {
    self.base = base
    self.outlines = outlines
  }

  package var paths: [String] { base.paths }
  package var symlinks: [String] { base.symlinks }
  package func id(of path: String) -> String? { base.id(of: path) }
  package func contents(_ path: String) throws(DriftError) -> [UInt8] {
    try base.contents(path)
  }

  /// What each file parsed in this tree declared, by path (before the adapter's later steps).
  package var parsed: [String: [Resource]] { lock.withLock { readFiles } }

  /// The files an outline stood in for.
  package var outlined: Set<String> { lock.withLock { outlinedFiles } }

  /// The outline of `path` when its blob is the one the outline was made from.
  private func outline(of path: String) -> [Resource]? {
    guard let outline = outlines[path], outline.blob == base.entries[path]?.id else {
      return nil
    }
    return outline.resources
  }

  package func parse(
    _ paths: [String],
    _ read: @escaping @Sendable ([UInt8], String) throws(DriftError) -> [Resource]
  ) throws(DriftError) -> [Resource] {
    let unread = paths.filter { outline(of: $0) == nil }
    _ = try base.parse(unread) { [self] (bytes, path) throws(DriftError) in
      let resources = try read(bytes, path)
      lock.withLock { readFiles[path] = resources }
      return []
    }
    var resources: [Resource] = []
    let read = parsed
    var outlined: Set<String> = []
    for path in paths {
      if let stubs = outline(of: path) {
        resources += stubs
        outlined.insert(path)
      } else {
        resources += read[path] ?? []
      }
    }
    lock.withLock { outlinedFiles.formUnion(outlined) }
    return resources
  }
}
