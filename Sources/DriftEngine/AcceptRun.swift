package import DriftFormats
import DriftModel
import DriftRecovery
import Foundation
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
    var notes = judgement.refused.map { "git-drift: not accepted: \($0.line)" }
    notes += judgement.skipped.map { "git-drift: skipped \($0.line)" }
    notes += judgement.warnings.map { "git-drift: warning: accepting \($0.line)" }
    var chosen = session
    chosen.drifts = judgement.drifts
    guard !judgement.drifts.isEmpty else {
      let reasons = (judgement.refused + judgement.skipped).map(\.line)
      throw Failure(
        "nothing to accept" + (reasons.isEmpty ? "" : ": " + reasons.joined(separator: "; ")))
    }
    let plan = partial ? Self.partialPlan(&chosen) : chosen.acceptance()
    notes += try refuse(plan, judgement: judgement)
    let writer = PatchBranch(repository: session.repository)
    let name = try branchName(session, writer)
    var accepted = chosen
    accepted.drifts = plan.accepted
    let slug = Incident(
      source: accepted.state.source.name, date: accepted.today,
      desired: accepted.evaluation.report.desired, snapshot: nil, drifts: plan.accepted
    ).slug
    let postmortemPath = try accepted.newPostmortemPath(slug: "accept-" + slug)
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

  /// The plan of what can be written, attribute by attribute: a refused change is left out and
  /// the rest planned again, until nothing is refused; the refusals of every round are kept.
  private static func partialPlan(_ session: inout RecoverySession) -> Acceptance {
    var plan = session.acceptance()
    var refusals: [Refusal] = []
    var partly: Set<String> = []
    while !plan.refusals.isEmpty {
      refusals += plan.refusals
      var kept: [Drift] = []
      let taken = Set(plan.accepted.map(Self.key))
      for drift in session.drifts {
        let refused = plan.refusals.filter { $0.address == drift.id.address }
        // Of a drift split change by change, the refusals name the resource only: the parts
        // that were accepted are kept.
        guard !refused.isEmpty, !taken.contains(Self.key(drift)) else {
          kept.append(drift)
          continue
        }
        guard drift.kind == .modified else { continue }
        // A refusal of the resource as a whole (the edit would change another resource): try
        // its changes one by one, so that the writable ones are still taken.
        guard refused.allSatisfy({ $0.path != nil }) else {
          if drift.changes.count > 1 {
            for change in drift.changes {
              var single = drift
              single.changes = [change]
              kept.append(single)
            }
            partly.insert(drift.id.address)
          } else if partly.contains(drift.id.address), let change = drift.changes.first {
            // Of a drift tried change by change: name the change the refusal is about.
            for index in refusals.indices
            where refusals[index].address == drift.id.address && refusals[index].path == nil {
              refusals[index].path = change.path
            }
          }
          continue
        }
        let paths = Set(refused.compactMap { $0.path?.pointer })
        var rest = drift
        rest.changes.removeAll { paths.contains($0.path.pointer) }
        if !rest.changes.isEmpty { kept.append(rest) }
      }
      // Each round leaves out a change or splits a drift, or stops.
      func weight(_ drifts: [Drift]) -> Int {
        drifts.reduce(0) { $0 + 2 * $1.changes.count + ($1.changes.count > 1 ? 1 : 0) }
      }
      let before = weight(session.drifts)
      let after = weight(kept)
      session.drifts = kept
      guard after < before, !kept.isEmpty else {
        plan = kept.isEmpty ? Acceptance() : plan
        break
      }
      plan = session.acceptance()
    }
    plan.refusals =
      refusals
      + plan.refusals.filter { refusal in
        !refusals.contains { $0.description == refusal.description }
      }
    // Drifts split change by change are one drift again.
    var merged: [Drift] = []
    for drift in plan.accepted {
      if let index = merged.firstIndex(where: { $0.id == drift.id }) {
        merged[index].changes += drift.changes
      } else {
        merged.append(drift)
      }
    }
    plan.accepted = merged
    session.drifts = merged
    return plan
  }

  /// A drift's address and changed paths.
  private static func key(_ drift: Drift) -> String {
    drift.id.address + " " + drift.changes.map(\.path.pointer).joined(separator: " ")
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
      \(plan.summary.map(\.escapingControlCharacters).joined(separator: "\n"))

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
