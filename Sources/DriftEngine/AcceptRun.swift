package import DriftFormats
package import DriftModel
package import DriftRecovery
package import Foundation
package import Git

/// `accept` as a use case: judge the chosen drifts, plan the edits with the source's adapter,
/// check the invariant on the accepted tree (``RecoverySession/verifyAccepted(files:accepted:candidate:)``),
/// and only then point a branch at it.
package struct AcceptRun {
  package var branch: String?
  package var message: String?
  package var force = false
  package var dryRun = false
  package var partial = false
  package var options = AcceptJudgement.Options()

  /// What an accept did.
  package struct Outcome {
    package var branch: String
    /// The commit on the branch; nil for a dry run.
    package var commit: ObjectID?
    /// The unified diff of a dry run.
    package var patch: String?
    package var pullRequest: String
    package var plan: Acceptance
    package var judgement: AcceptJudgement
    /// Lines for standard error: refusals taken with `--partial`, skips and warnings.
    package var notes: [String]
  }

  /// Creates a run with the command line's choices.
  package init(
    branch: String? = nil, message: String? = nil, force: Bool = false, dryRun: Bool = false,
    partial: Bool = false, options: AcceptJudgement.Options = AcceptJudgement.Options()
  ) {
    self.branch = branch
    self.message = message
    self.force = force
    self.dryRun = dryRun
    self.partial = partial
    self.options = options
  }

  /// Accepts the drifts `session` chose.
  ///
  /// - Throws: `Failure` when the judgement or the invariant refuses, or git fails; nothing is
  ///   written then (no branch; at most unreachable objects).
  package func run(_ session: RecoverySession) throws(Failure) -> Outcome {
    let judgement = try session.judgeForAccept(options)
    var notes = judgement.skipped.map { "git-drift: skipped \($0.line)" }
    notes += judgement.warnings.map { "git-drift: warning: accepting \($0.line)" }
    var chosen = session
    chosen.drifts = judgement.drifts
    guard !judgement.drifts.isEmpty else {
      let reasons = (judgement.refused + judgement.skipped).map(\.line)
      throw Failure(
        "nothing to accept" + (reasons.isEmpty ? "" : ": " + reasons.joined(separator: "; ")))
    }
    let plan = chosen.acceptance()
    notes += try refuse(plan, judgement: judgement)
    let writer = PatchBranch(repository: session.repository)
    let name = try branchName(session, writer)
    var accepted = chosen
    accepted.drifts = plan.accepted
    let slug = Incident(
      source: accepted.state.source.name, date: accepted.today,
      desired: accepted.evaluation.report.desired, snapshot: nil, drifts: plan.accepted
    ).slug
    let postmortemPath = accepted.newPostmortemPath(slug: "accept-" + slug)
    var incident = try accepted.incident(
      decision: .accepted(branch: name), postmortemPath: postmortemPath)
    incident.acceptance = Incident.AcceptanceNotes(
      files: plan.files.keys.sorted(),
      refused: (judgement.refused.map(\.line) + plan.refusals.map(\.description)),
      skipped: judgement.skipped.map(\.line), warnings: judgement.warnings.map(\.line),
      created: plan.created)
    let templates = session.templates()
    let postmortem = try recovery { () throws(RecoveryError) in
      try templates.render("postmortem.md.mustache", incident.context)
    }
    let pullRequest = try recovery { () throws(RecoveryError) in
      try templates.render("pull-request.md.mustache", incident.context)
    }
    var files = plan.files
    files[postmortemPath] = Array(postmortem.utf8)
    let tree = try recovery { () throws(RecoveryError) in
      try writer.tree(base: session.commit, files: files)
    }
    let candidate = try recovery { () throws(RecoveryError) in
      try writer.commitObject(
        tree: tree, base: session.commit,
        message: commitMessage(session, plan: plan, postmortem: postmortemPath))
    }
    try session.verifyAccepted(files: plan.files, accepted: plan.accepted, candidate: candidate)
    var outcome = Outcome(
      branch: name, commit: nil, patch: nil, pullRequest: pullRequest, plan: plan,
      judgement: judgement, notes: notes)
    if dryRun {
      outcome.patch = try failing {
        try session.repository.patch(from: session.commit.tree, to: tree)
      }
      return outcome
    }
    try recovery { () throws(RecoveryError) in try writer.point(name, at: candidate, force: force) }
    outcome.commit = candidate
    return outcome
  }

  /// `--branch`, or `drift/accept/<date>-<short>` with `-2`, `-3`… when an accept of the same
  /// day and snapshot made it already.
  private func branchName(_ session: RecoverySession, _ writer: PatchBranch) throws(Failure)
    -> String
  {
    if let branch {
      if !dryRun, !force, try recovery({ () throws(RecoveryError) in try writer.exists(branch) }) {
        throw Failure(RecoveryError.branchExists(branch))
      }
      return branch
    }
    let base = "drift/accept/\(session.today)-\(session.shortID)"
    var name = base
    var number = 2
    while try recovery({ () throws(RecoveryError) in try writer.exists(name) }) {
      name = "\(base)-\(number)"
      number += 1
    }
    return name
  }

  private func commitMessage(_ session: RecoverySession, plan: Acceptance, postmortem: String)
    -> String
  {
    let title =
      message
      ?? "Accept live drift of \(session.state.source.name): \(plan.summary.count) change(s)"
    return """
      \(title)

      Codifies what runs live, as found in \(session.snapshotTrailer):
      \(plan.summary.joined(separator: "\n"))

      Post-mortem: \(postmortem)

      Drift-Snapshot: \(session.snapshotTrailer)
      Drift-Source: \(session.state.source.name)
      """
  }

  /// The refusals as warnings with `--partial` (when something is left to accept); else the
  /// failure of the last one, the others as lines before it.
  private func refuse(_ plan: Acceptance, judgement: AcceptJudgement) throws(Failure) -> [String] {
    guard !plan.refusals.isEmpty else { return [] }
    if partial, !plan.accepted.isEmpty {
      return plan.refusals.map { "git-drift: warning: \($0)" }
    }
    let last = plan.refusals[plan.refusals.count - 1]
    let others = plan.refusals.dropLast().map(\.description)
    throw Failure(
      (others + [last.description]).joined(separator: "; ")
        + (partial ? "" : " (nothing was written; --partial accepts the rest)"),
      at: nil)
  }
}
