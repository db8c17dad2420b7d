import ArgumentParser
import DriftDiff
import DriftEngine
import DriftFormats
import DriftModel
import DriftRecovery
import Foundation
import Git

/// `git drift accept`: codify live values in git, on a new branch ready for a pull request.
struct AcceptCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "accept",
    abstract: "Write the live values of drifted resources into the desired files, on a new branch.",
    discussion: """
      The edits are minimal (a changed value is a one-line diff; comments, order and quoting
      stay), are committed with the post-mortem on a branch whose parent is the desired commit,
      and never touch the working tree, the index or HEAD. Prints the branch, the commit and a
      pull-request body.

      Examples:
        git drift accept --snapshot live.json
        git drift accept 'Deployment.apps/prod/web#/spec/replicas' --dry-run
        git drift accept ConfigMap/prod/web-config --branch hotfix/keep-feature-flag
        gh pr create --head "$(git drift accept --pr-body body.md | head -1 | cut -d' ' -f2)" --body-file body.md
      """)

  @OptionGroup var state: StateOptions

  @Option(name: .long, help: "The branch to create (default drift/accept/<date>-<short id>).")
  var branch: String?

  @Option(name: .long, help: "The first line of the commit message.")
  var message: String?

  @Option(name: .long, help: "Write the pull-request body to this file instead of standard output.")
  var prBody: String?

  @Flag(name: .long, help: "Overwrite the branch if it exists.")
  var force = false

  @Flag(name: .long, help: "Print the unified diff instead of committing.")
  var dryRun = false

  @Flag(name: .long, help: "Accept what can be written even when some drifts cannot.")
  var partial = false

  @Flag(
    name: .long,
    help: "Also accept undeployed values (live is what an older commit desired), reverting git.")
  var includeUndeployed = false

  @Flag(name: .long, help: "Remove missing resources from git even when not named.")
  var includeMissing = false

  @Argument(
    help: "What to accept: ADDRESS or ADDRESS#/json/pointer (globs allowed); all drift by default.")
  var targets: [String] = []

  func run() throws {
    if let prBody { try FileInput.checkWritable(prBody) }
    let session = try RecoverySession(
      targets: targets, sourceName: state.source, snapshot: state.snapshot, revision: state.rev)
    Teardown.skip(session)
    let run = AcceptRun(
      branch: branch, message: message, force: force, dryRun: dryRun, partial: partial,
      options: AcceptJudgement.Options(
        includeUndeployed: includeUndeployed, includeMissing: includeMissing))
    let outcome = try run.run(session)
    for note in outcome.notes { Console.error(note) }
    if let patch = outcome.patch {
      Console.out(patch)
      return
    }
    let short = outcome.commit?.short ?? ""
    Console.out(
      "Branch \(outcome.branch) at \(short): \(outcome.plan.accepted.count) resource(s) accepted.\n"
    )
    if let prBody {
      try Console.write(outcome.pullRequest, to: prBody)
    } else {
      Console.out("\n" + outcome.pullRequest)
    }
  }

  /// The edits of the chosen drifts, planned by the source's adapter.
  static func plan(_ session: RecoverySession) throws(Failure) -> Acceptance {
    session.acceptance()
  }
}
