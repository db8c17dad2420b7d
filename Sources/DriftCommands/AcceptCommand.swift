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

  @Argument(
    help: "What to accept: ADDRESS or ADDRESS#/json/pointer (globs allowed); all drift by default.")
  var targets: [String] = []

  func run() throws {
    let session = try RecoverySession(
      targets: targets, sourceName: state.source, snapshot: state.snapshot, revision: state.rev)
    Teardown.skip(session)
    let plan = try Self.plan(session)
    try refuse(plan)
    let name = branch ?? "drift/accept/\(session.today)-\(session.shortID)"
    let branchWriter = PatchBranch(repository: session.repository)
    if !dryRun, !force, try recovery({ () throws(RecoveryError) in try branchWriter.exists(name) })
    {
      throw Failure(RecoveryError.branchExists(name))
    }
    var accepted = session
    accepted.drifts = plan.accepted
    let slug = Incident(
      source: accepted.state.source.name, date: accepted.today,
      desired: accepted.evaluation.report.desired,
      snapshot: nil, drifts: plan.accepted
    ).slug
    let postmortemPath = try accepted.newPostmortemPath(slug: "accept-" + slug)
    let incident = try accepted.incident(
      decision: .accepted(branch: name), postmortemPath: postmortemPath)
    let templates = session.templates()
    let postmortem = try recovery { () throws(RecoveryError) in
      try templates.render("postmortem.md.mustache", incident.context)
    }
    var files = plan.files
    files[postmortemPath] = Array(postmortem.utf8)
    let tree = try recovery { () throws(RecoveryError) in
      try branchWriter.tree(base: session.commit, files: files)
    }
    if dryRun {
      Console.out(try failing { try session.repository.patch(from: session.commit.tree, to: tree) })
      return
    }
    let title =
      message
      ?? "Accept live drift of \(session.state.source.name): \(plan.summary.count) change(s)"
    let body = """
      \(title)

      Codifies what runs live, as found in \(session.snapshotTrailer):
      \(plan.summary.joined(separator: "\n"))

      Post-mortem: \(postmortemPath)

      Drift-Snapshot: \(session.snapshotTrailer)
      Drift-Source: \(session.state.source.name)
      """
    let commit = try recovery { () throws(RecoveryError) in
      try branchWriter.commit(
        tree: tree, base: session.commit, message: body, branch: name, force: force)
    }
    let pullRequest = try recovery { () throws(RecoveryError) in
      try templates.render("pull-request.md.mustache", incident.context)
    }
    Console.out("Branch \(name) at \(commit.short): \(plan.accepted.count) resource(s) accepted.\n")
    if let prBody {
      try Console.write(pullRequest, to: prBody)
    } else {
      Console.out("\n" + pullRequest)
    }
  }

  /// The edits of the chosen drifts, planned by the source's adapter.
  static func plan(_ session: RecoverySession) throws(Failure) -> Acceptance {
    session.acceptance()
  }

  private func refuse(_ plan: Acceptance) throws(Failure) {
    guard !plan.refusals.isEmpty else { return }
    if partial, !plan.accepted.isEmpty {
      for refusal in plan.refusals { Console.error("git-drift: warning: \(refusal)") }
      return
    }
    for refusal in plan.refusals.dropLast() { Console.error("git-drift: \(refusal)") }
    let last = plan.refusals[plan.refusals.count - 1]
    throw Failure(
      last.description + (partial ? "" : " (nothing was written; --partial accepts the rest)"))
  }
}
