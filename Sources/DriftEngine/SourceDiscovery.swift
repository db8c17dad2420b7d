package import DriftFormats
package import DriftModel
import Foundation

/// The sources `init` proposes for a working tree: each adapter looks at the files and says
/// which sources of its format it finds; this writes them as a `.drift.yml`.
package struct SourceDiscovery {
  /// The working tree's root.
  package var root: String
  package var formats: FormatRegistry = .standard

  /// Larger trees are not walked further: `init` is for repositories people keep by hand.
  private static let maximumFiles = 200_000

  /// A discovery over the working tree at `root`.
  package init(root: String, formats: FormatRegistry = .standard) {
    self.root = root
    self.formats = formats
  }

  /// Every source found, in the registry's order of formats.
  package func sources() -> [DiscoveredSource] {
    let files = self.files()
    let read = { (path: String) -> [UInt8]? in
      FileManager.default.contents(atPath: root + "/" + path).map { [UInt8]($0) }
    }
    let found = formats.all.flatMap { $0.discover(files: files, read: read) }
    // A folder a GitOps unit renders is that unit's: no kustomize or plain source again.
    let rendered = found.flatMap(\.renders)
    return found.filter { source in
      !source.renders.isEmpty
        || !rendered.contains { folder in
          folder == "." || source.folder == folder || source.folder.hasPrefix(folder + "/")
        }
    }
  }

  /// The files below the root, relative to it, without hidden files and folders.
  private func files() -> [String] {
    let manager = FileManager.default
    guard let walker = manager.enumerator(atPath: root) else { return [] }
    var files: [String] = []
    while let relative = walker.nextObject() as? String, files.count < Self.maximumFiles {
      let name = (relative as NSString).lastPathComponent
      var isFolder: ObjCBool = false
      let exists = manager.fileExists(atPath: root + "/" + relative, isDirectory: &isFolder)
      if name.hasPrefix(".") {
        if exists, isFolder.boolValue { walker.skipDescendants() }
        continue
      }
      if exists, !isFolder.boolValue { files.append(relative) }
    }
    return files.sorted()
  }

  /// The `.drift.yml` that proposes `sources`.
  package static func configuration(_ sources: [DiscoveredSource], branch: String?) -> String {
    var lines = [
      "# git-drift: desired state in git, compared with live exports.",
      "# Every source is checked against its own export: git drift check --source NAME --snapshot FILE",
      "version: 1",
      "sources:",
    ]
    var names = Set<String>()
    for source in sources {
      var name = source.name
      while !names.insert(name).inserted { name += "-2" }
      for comment in source.comments { lines.append("  # \(comment)") }
      lines.append("  - name: \(name)")
      lines.append("    format: \(source.format)")
      lines.append("    paths: [\(source.paths.map { "\"\($0)\"" }.joined(separator: ", "))]")
      if let unit = source.unit { lines.append("    unit: \(unit)") }
      if let namespace = source.namespace { lines.append("    namespace: \(namespace)") }
      if let capture = source.capture { lines.append("    capture: \"\(capture)\"") }
    }
    lines.append("ignore: []")
    lines.append("postmortems: docs/postmortems")
    if let branch { lines.append("branch: \(branch)") }
    return lines.joined(separator: "\n") + "\n"
  }
}
