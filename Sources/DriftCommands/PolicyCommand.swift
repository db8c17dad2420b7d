import ArgumentParser
import DriftDiff
import DriftFormats
import DriftJSON
import DriftModel
import Foundation
import Git

/// `git drift policy check`: desired files must parse and pass the severity policies.
struct PolicyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "policy",
    abstract: "Check desired files against git-drift's policies before they are committed.",
    subcommands: [PolicyCheckCommand.self])
}

/// `git drift policy check [--staged] [FILES...]`.
struct PolicyCheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "The desired files must parse and break no policy at or above --fail-on.",
    discussion: """
      The policies are the severity rules that concern desired state: privileged containers,
      host namespaces and paths, added capabilities, root users, Services exposed outside the
      cluster, network policies and security groups open to 0.0.0.0/0, public buckets; with
      the severities of .drift.yml's policies. Exit status: 0 clean, 1 a policy is broken,
      2 a file does not parse.

      Examples:
        git drift policy check --staged            # what the pre-commit hook runs
        git drift policy check deploy/prod/web.yaml
      """)

  @Flag(name: .long, help: "Check the files staged for the next commit (their staged content).")
  var staged = false

  @Option(name: .long, help: "The lowest severity that fails: info, low, medium, high or critical.")
  var failOn: String = "high"

  @Argument(help: "Files of the working tree to check (those no source declares are skipped).")
  var files: [String] = []

  func run() throws {
    guard let threshold = Severity(name: failOn) else {
      throw Failure("--fail-on takes info, low, medium, high or critical, not '\(failOn)'")
    }
    let outcome = try PolicyCheck(staged: staged, files: files, threshold: threshold).run()
    for line in outcome.messages { Console.error("git-drift: \(line)") }
    if outcome.parseErrors > 0 { throw ExitCode(ExitStatus.error.rawValue) }
    if outcome.violations > 0 { throw ExitCode(ExitStatus.drift.rawValue) }
  }
}

/// The work of the policy check.
struct PolicyCheck {
  var staged: Bool
  var files: [String]
  var threshold: Severity

  struct Outcome {
    var messages: [String] = []
    var violations = 0
    var parseErrors = 0
  }

  func run() throws(Failure) -> Outcome {
    let workspace = try Workspace.discover()
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
            { () throws(Failure) in try Console.read(absolute, limit: Workspace.maximumManifestSize)
            }
          ))
      }
    }
    var outcome = Outcome()
    let secrets = SecretDigester.random()
    let rules = SeverityRules(policies: configuration.policies)
    for source in configuration.sources where source.format == .kubernetes {
      let globs = source.paths.map(Glob.init)
      let format = KubernetesFormat(defaultNamespace: source.namespace, secrets: secrets)
      for candidate in candidates where globs.contains(where: { $0.matches(candidate.path) }) {
        let resources: [Resource]
        do {
          resources = try format.desiredResources(try candidate.bytes(), file: candidate.path)
        } catch let error as DriftError {
          outcome.messages.append(error.description)
          outcome.parseErrors += 1
          continue
        } catch {
          outcome.messages.append("\(candidate.path): \(error)")
          outcome.parseErrors += 1
          continue
        }
        for resource in resources {
          for violation in rules.violations(in: resource) where violation.rule.severity >= threshold
          {
            let place = SourceLocation(
              file: candidate.path, line: violation.line ?? resource.location?.line ?? 0)
            outcome.messages.append(
              "\(place): \(violation.rule.severity.name): \(violation.rule.summary) at \(violation.path) "
                + "of \(resource.id.address) (\(violation.rule.id); \(violation.rule.csf.joined(separator: ", ")))"
            )
            outcome.violations += 1
          }
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
      return try failing { try ConfigurationReader.parse(bytes, file: name) }
    }
    if !staged, let data = FileManager.default.contents(atPath: root + "/" + name) {
      return try failing { try ConfigurationReader.parse([UInt8](data), file: name) }
    }
    return try workspace.configuration(at: try workspace.commit("HEAD"))
  }
}
