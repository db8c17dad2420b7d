import ArgumentParser
import DriftEngine
import DriftFormats
import DriftModel
import DriftTerraform
import Foundation
import Git

/// `git drift init`: write a `.drift.yml` for the Kubernetes manifest folders and Terraform root
/// modules of the working tree.
struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract:
      "Write a .drift.yml for the Kubernetes manifest folders and Terraform root modules found.",
    discussion: """
      An existing .drift.yml is never overwritten. Review the file, then commit it: git-drift
      reads the configuration from the commit it checks.

      Examples:
        git drift init
        git drift init --print        # show the configuration without writing it
      """)

  @Flag(name: .long, help: "Print the configuration instead of writing it.")
  var print = false

  @Flag(name: .long, help: "Also install git-drift's git hooks (as git drift hooks install).")
  var hooks = false

  func run() throws {
    let workspace = try Workspace.discover()
    guard let root = workspace.repository.workingDirectory else {
      throw Failure("a bare repository has no working tree to look for manifests in")
    }
    let target = root + "/" + ConfigurationReader.fileName
    if !print, FileManager.default.fileExists(atPath: target) {
      throw Failure(
        "\(ConfigurationReader.fileName) already exists; not overwriting it",
        at: SourceLocation(file: ConfigurationReader.fileName))
    }
    let proposal = SourceDiscovery(root: root, formats: workspace.formats).propose()
    let sources = proposal.sources
    for link in proposal.symlinks {
      let note = Diagnostic(
        .note,
        "a symbolic link: a commit holds the link, not the manifest, so no source reads it "
          + "(commit the manifest itself)", at: SourceLocation(file: link))
      Console.error("git-drift: \(note)")
    }
    guard !sources.isEmpty else {
      throw Failure(
        "no Kubernetes manifests (YAML with apiVersion and kind) or Terraform root modules "
          + "(folders of .tf files) found under \(root)")
    }
    let branch = try? workspace.repository.currentBranch()
    let text = SourceDiscovery.configuration(sources, branch: branch ?? nil)
    if print {
      Console.out(text)
      return
    }
    try Console.write(text, to: target)
    let names = sources.map { $0.folder.isEmpty ? "." : $0.folder }.joined(separator: ", ")
    Console.out(
      "Wrote \(ConfigurationReader.fileName) with \(sources.count) source(s): \(names).\n")
    Console.out("Review it, commit it, then run: git drift check --snapshot live.json\n")
    if hooks {
      for line in try HookInstaller(workspace).install() { Console.out(line + "\n") }
    }
  }
}
