import ArgumentParser
import DriftDiff
import DriftEngine
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
