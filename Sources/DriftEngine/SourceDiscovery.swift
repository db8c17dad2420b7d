package import DriftFormats
import DriftJSON
import DriftModel
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

  /// What `init` found: the sources, and the YAML files that are symbolic links (a commit
  /// holds a link as the name of its target, so no source reads them).
  package struct Proposal {
    package var sources: [DiscoveredSource]
    package var symlinks: [String]
  }

  /// Every source found, in the registry's order of formats.
  package func sources() -> [DiscoveredSource] { propose().sources }

  /// Every source found, in the registry's order of formats, and the manifests no source can
  /// read because they are symbolic links.
  package func propose() -> Proposal {
    let (files, links) = self.files()
    let read = { (path: String) -> [UInt8]? in
      FileManager.default.contents(atPath: root + "/" + path).map { [UInt8]($0) }
    }
    let found = formats.all.flatMap { $0.discover(files: files, read: read) }
    // A folder a GitOps unit renders is that unit's: no kustomize or plain source again.
    let rendered = found.flatMap(\.renders)
    let sources = found.filter { source in
      !source.renders.isEmpty
        || !rendered.contains { folder in
          folder == "." || source.folder == folder || source.folder.hasPrefix(folder + "/")
        }
    }
    let manifests = links.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
    return Proposal(sources: sources, symlinks: manifests)
  }

  /// The files below the root, relative to it, without hidden files and folders, and the
  /// symbolic links among them (not in `files`).
  private func files() -> (files: [String], links: [String]) {
    let manager = FileManager.default
    guard let walker = manager.enumerator(atPath: root) else { return ([], []) }
    var files: [String] = []
    var links: [String] = []
    while let relative = walker.nextObject() as? String, files.count < Self.maximumFiles {
      let name = (relative as NSString).lastPathComponent
      var isFolder: ObjCBool = false
      let path = root + "/" + relative
      let exists = manager.fileExists(atPath: path, isDirectory: &isFolder)
      if name.hasPrefix(".") {
        if exists, isFolder.boolValue { walker.skipDescendants() }
        continue
      }
      if (try? manager.destinationOfSymbolicLink(atPath: path)) != nil {
        links.append(relative)
      } else if exists, !isFolder.boolValue {
        files.append(relative)
      }
    }
    return (files.sorted(), links.sorted())
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
      // Names, paths and namespaces come from the repository's files: a quote or a line break
      // in one must not write configuration of its own.
      for comment in source.comments { lines.append("  # \(comment.escapingControlCharacters)") }
      lines.append("  - name: \(scalar(name))")
      lines.append("    format: \(scalar(source.format.rawValue))")
      lines.append("    paths: [\(source.paths.map(quoted).joined(separator: ", "))]")
      if !source.exclude.isEmpty {
        lines.append("    exclude: [\(source.exclude.map(quoted).joined(separator: ", "))]")
      }
      if let unit = source.unit { lines.append("    unit: \(scalar(unit))") }
      if let namespace = source.namespace { lines.append("    namespace: \(scalar(namespace))") }
      if let capture = source.capture { lines.append("    capture: \(quoted(capture))") }
    }
    lines.append("ignore: []")
    lines.append("postmortems: docs/postmortems")
    if let branch { lines.append("branch: \(scalar(branch))") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `text` as a YAML double-quoted scalar (JSON's quoting, which YAML reads the same).
  private static func quoted(_ text: String) -> String {
    var output = ""
    JSONWriter.quote(text, into: &output)
    return output
  }

  /// `text` plain when YAML reads it back as the same string, quoted otherwise.
  private static func scalar(_ text: String) -> String {
    let plain =
      text.first.map { $0.isLetter || $0.isNumber } ?? false
      && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }
      && !["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"].contains(
        text.lowercased())
      && Double(text) == nil
    return plain ? text : quoted(text)
  }
}
