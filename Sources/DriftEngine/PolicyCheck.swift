import DriftDiff
import DriftFormats
import DriftHistory
import DriftJSON
package import DriftModel
import DriftReports
import DriftTerraform
import Foundation
import Git
import Parallelism

/// The work of the policy check.
package struct PolicyCheck {
  package var staged: Bool
  package var files: [String]
  package var threshold: Severity
  /// The repository; the one that holds the current folder when nil.
  package var workspace: Workspace?

  /// Checks the staged files, or `files` of the working tree.
  package init(staged: Bool, files: [String], threshold: Severity) {
    self.staged = staged
    self.files = files
    self.threshold = threshold
  }

  package struct Outcome {
    package var messages: [String] = []
    package var violations = 0
    package var parseErrors = 0
  }

  package func run() throws(Failure) -> Outcome {
    let workspace: Workspace
    if let given = self.workspace {
      workspace = given
    } else {
      workspace = try Workspace.discover()
    }
    let formats = workspace.formats
    let repository = workspace.repository
    let root = repository.workingDirectory ?? FileManager.default.currentDirectoryPath
    let configuration = try configurationFile(workspace, root: root)
    var candidates: [(path: String, bytes: () throws(Failure) -> [UInt8])] = []
    if staged {
      let head = try? repository.resolveCommit("HEAD")
      for entry in try failing({ try repository.stagedFiles() }) where entry.kind == .blob {
        let committed = head.flatMap { try? repository.entry(atPath: entry.path, inCommit: $0) }
        if committed?.id == entry.id { continue }
        let id = entry.id
        candidates.append(
          (entry.path, { () throws(Failure) in try failing { try repository.blob(id) } }))
      }
    } else {
      let cwd = FileManager.default.currentDirectoryPath
      for file in files {
        let absolute = file.hasPrefix("/") ? file : cwd + "/" + file
        let relative =
          absolute.hasPrefix(root + "/") ? String(absolute.dropFirst(root.count + 1)) : file
        candidates.append(
          (
            relative,
            { () throws(Failure) in
              try FileInput.read(absolute, limit: Workspace.maximumManifestSize)
            }
          ))
      }
    }
    var outcome = Outcome()
    let rules = SeverityRules(policies: configuration.policies)
    let head = try? workspace.commit("HEAD")
    let listing = try head.map { (commit) throws(Failure) in
      try failing { try repository.files(inCommit: commit.id) }
    }
    let tree = CommitTree(listing: listing ?? [], workspace: workspace)
    for source in configuration.sources {
      let adapter = try failing { try formats.adapter(of: source) }
      var files: [(path: String, bytes: [UInt8])] = []
      for candidate in candidates where adapter.declares(candidate.path, source: source) {
        do throws(Failure) {
          files.append((candidate.path, try candidate.bytes()))
        } catch {
          outcome.messages.append(error.description)
          outcome.parseErrors += 1
        }
      }
      guard !files.isEmpty else { continue }
      for finding in adapter.policyFindings(files, source: source, in: tree, rules: rules) {
        switch finding {
        case .unreadable:
          outcome.messages.append(finding.description)
          outcome.parseErrors += 1
        case .violation(let violation, _, _) where violation.rule.severity >= threshold:
          outcome.messages.append(finding.description)
          outcome.violations += 1
        case .violation: continue
        }
      }
    }
    return outcome
  }

  /// `.drift.yml` as it will be committed: staged, or in the working tree, or at HEAD.
  private func configurationFile(_ workspace: Workspace, root: String) throws(Failure)
    -> Configuration
  {
    let name = ConfigurationReader.fileName
    if staged,
      let entry = try failing({ try workspace.repository.stagedFiles() }).first(where: {
        $0.path == name
      })
    {
      let bytes = try failing { try workspace.repository.blob(entry.id) }
      return try failing {
        try ConfigurationReader.parse(bytes, file: name, formats: workspace.formats)
      }
    }
    if !staged, let data = FileManager.default.contents(atPath: root + "/" + name) {
      return try failing {
        try ConfigurationReader.parse([UInt8](data), file: name, formats: workspace.formats)
      }
    }
    return try workspace.configuration(at: try workspace.commit("HEAD"))
  }
}
