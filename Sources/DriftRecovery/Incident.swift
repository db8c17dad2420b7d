public import DriftHistory
import DriftJSON
public import DriftModel
import Foundation
import Git

/// A drift incident: what drifted, when and by whom, who owns it, and what was decided; the
/// material of post-mortems, pull-request bodies and rollback plans.
public struct Incident: Sendable {
  /// What was done about the drift.
  public enum Decision: Sendable {
    case accepted(branch: String)
    case rolledBack(branch: String?)
    case open

    var text: String {
      switch self {
      case .accepted: return "accepted"
      case .rolledBack: return "rolled back"
      case .open: return "open"
      }
    }

    var branch: String? {
      switch self {
      case .accepted(let branch): return branch
      case .rolledBack(let branch): return branch
      case .open: return nil
      }
    }
  }

  public var source: String
  public var date: CalendarDate
  public var desired: DriftReport.Desired
  public var snapshot: DriftReport.Snapshot?
  /// The drifts of the incident, sorted by address.
  public var drifts: [Drift]
  /// The start of each drifted resource's current episode, when snapshots are recorded.
  public var episodes: [String: Episode]
  /// Owners of each desired file, from CODEOWNERS.
  public var owners: [String: [String]]
  public var decision: Decision
  /// Where the post-mortem is written.
  public var postmortemPath: String?
  /// What an accept touched, refused, skipped and warns about, for its pull request.
  public var acceptance: AcceptanceNotes?
  /// The HTML report written with the post-mortem: its path as given, and the link to it
  /// from the post-mortem's folder.
  public var htmlReport: (path: String, link: String)?

  /// What an accept touched, refused, skipped and warns about: one line per item.
  public struct AcceptanceNotes: Sendable {
    public var files: [String]
    public var refused: [String]
    public var skipped: [String]
    public var warnings: [String]
    /// The new file of each codified unmanaged resource, by address.
    public var created: [String: String]

    /// Creates notes.
    public init(
      files: [String], refused: [String], skipped: [String], warnings: [String],
      created: [String: String] = [:]
    ) {
      self.files = files
      self.created = created
      self.refused = refused
      self.skipped = skipped
      self.warnings = warnings
    }
  }

  /// Creates an incident.
  public init(
    source: String, date: CalendarDate, desired: DriftReport.Desired,
    snapshot: DriftReport.Snapshot?,
    drifts: [Drift], episodes: [String: Episode] = [:], owners: [String: [String]] = [:],
    decision: Decision = .open, postmortemPath: String? = nil
  ) {
    self.source = source
    self.date = date
    self.desired = desired
    self.snapshot = snapshot
    self.drifts = drifts.sorted { $0.id.address < $1.id.address }
    self.episodes = episodes
    self.owners = owners
    self.decision = decision
    self.postmortemPath = postmortemPath
  }

  /// A short name for files and branches: `web-replicas`, `3-resources`.
  public var slug: String {
    let base: String
    if drifts.count == 1, let drift = drifts.first {
      base = drift.id.address.split(separator: "/").last.map(String.init) ?? drift.id.address
    } else {
      base = "\(drifts.count)-resources"
    }
    let allowed = base.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
    // A file name holds 255 bytes: the date and a counter come around the slug.
    let slug = String(allowed).split(separator: "-").joined(separator: "-")
    return String(slug.prefix(48).drop { $0 == "-" }.reversed().drop { $0 == "-" }.reversed())
  }

  /// Every owner named for the incident's files, in order of first appearance.
  public var ownerList: [String] {
    var seen: [String] = []
    for drift in drifts {
      for owner in drift.location.flatMap({ owners[$0.file] }) ?? [] where !seen.contains(owner) {
        seen.append(owner)
      }
    }
    return seen
  }

  /// The values templates see.
  public var context: [String: Any] {
    let writer = JSONWriter()
    func show(_ value: Value?) -> String {
      guard let value else { return "(absent)" }
      let text = writer.string(value)
      let short = text.count > 80 ? String(text.prefix(79)) + "…" : text
      return short.replacing("|", with: "\\|")
    }
    var driftRows: [[String: Any]] = []
    var prRows: [[String: Any]] = []
    var outOfBand: [String] = []
    var undeployed: [String] = []
    var changeCount = 0
    for drift in drifts {
      var changes: [[String: Any]] = []
      for change in drift.changes {
        changeCount += 1
        let provenance =
          change.provenance.map { p in
            p.kind + (p.commit.map { " `\($0.prefix(7))`" } ?? "")
          } ?? ""
        let actor =
          change.actor.map { "`\($0.manager)`" + ($0.time.map { " at \($0)" } ?? "") } ?? ""
        changes.append([
          "op": change.operation.rawValue, "path": change.path.pointer,
          "desired": show(change.desired),
          "live": show(change.live), "severity": change.severity.name, "actor": actor,
          "provenance": provenance,
        ])
        prRows.append([
          "address": drift.id.address, "path": change.path.pointer, "desired": show(change.desired),
          "live": show(change.live), "actor": actor.isEmpty ? "unknown" : actor,
          "severity": change.severity.name,
          "csf": change.csf.isEmpty
            ? drift.csf.joined(separator: ", ") : change.csf.joined(separator: ", "),
        ])
        if let manager = change.actor?.manager, change.provenance?.kind != "undeployed",
          !outOfBand.contains("`\(manager)`")
        {
          outOfBand.append("`\(manager)`")
        }
        if change.provenance?.kind == "undeployed", !undeployed.contains(drift.id.address) {
          undeployed.append(drift.id.address)
        }
      }
      if drift.kind == .unmanaged, let manager = drift.actor?.manager,
        !outOfBand.contains("`\(manager)`")
      {
        outOfBand.append("`\(manager)`")
      }
      var row: [String: Any] = [
        "address": drift.id.address, "kind": drift.kind.rawValue, "severity": drift.severity.name,
        "changes": changes, "hasChanges": !changes.isEmpty,
      ]
      if let location = drift.location {
        row["file"] = location.file
        row["line"] = location.line
        if let names = owners[location.file], !names.isEmpty {
          row["owners"] = names.joined(separator: ", ")
        }
      }
      if let actor = drift.actor { row["actor"] = actor.manager }
      var details: [String] = []
      if let location = drift.location {
        details.append("Declared in `\(location.file):\(location.line)`.")
      }
      if let names = drift.location.flatMap({ owners[$0.file] }), !names.isEmpty {
        details.append("Owners: \(names.joined(separator: ", ")).")
      }
      if let actor = drift.actor {
        let verb = drift.kind == .unmanaged ? "Created" : "Last changed"
        details.append(
          "\(verb) by `\(actor.manager)`" + (actor.time.map { " at \($0)" } ?? "") + ".")
      }
      row["details"] = details.joined(separator: " ")
      driftRows.append(row)
    }
    var timeline: [[String: Any]] = []
    for drift in drifts {
      guard let episode = episodes[drift.id.address] else { continue }
      let first = episode.firstDrifted
      let actor: String
      if case .drifted(let changes) = first.state,
        let who = changes.compactMap(\.actor).max(by: { ($0.time ?? "") < ($1.time ?? "") })
      {
        actor = "`\(who.manager)`" + (who.time.map { " at \($0)" } ?? "")
      } else {
        actor = drift.actor.map { "`\($0.manager)`" } ?? "unknown"
      }
      timeline.append([
        "address": drift.id.address,
        "lastClean": episode.lastClean.map {
          "`\($0.snapshot.id.short)` \($0.snapshot.capturedAtText)"
        } ?? "never in sync",
        "firstDrifted": "`\(first.snapshot.id.short)` \(first.snapshot.capturedAtText)",
        "commit": first.commit.map { "`\($0.id.short)` \($0.summary)" } ?? "unknown",
        "actor": actor,
      ])
    }
    let severity = drifts.map(\.severity).max() ?? .info
    let csf = Set(drifts.flatMap(\.csf)).sorted().joined(separator: ", ")
    var context: [String: Any] = [
      "title": title, "date": date.description, "source": source, "severity": severity.name,
      "decision": decision.text, "decisionText": decisionText,
      "desiredShort": String(desired.commit.prefix(7)), "desiredRef": desired.ref,
      "modified": drifts.filter { $0.kind == .modified }.count,
      "missing": drifts.filter { $0.kind == .missing }.count,
      "unmanaged": drifts.filter { $0.kind == .unmanaged }.count,
      "changeCount": changeCount, "resourceCount": drifts.count,
      "drifts": driftRows, "rows": prRows, "timeline": timeline, "hasTimeline": !timeline.isEmpty,
      "csf": csf.isEmpty ? "none" : csf, "outOfBand": outOfBand, "undeployed": undeployed,
      "protect": protect, "followUps": followUps,
      "postmortem": postmortemPath ?? "(not written)",
    ]
    if !ownerList.isEmpty { context["ownerList"] = ownerList.joined(separator: ", ") }
    context.merge(acceptContext) { first, _ in first }
    if let branch = decision.branch { context["branch"] = branch }
    if let htmlReport {
      context["htmlReport"] = htmlReport.path
      context["htmlReportLink"] = htmlReport.link
    }
    if let snapshot {
      if let id = snapshot.id {
        context["snapshotID"] = id
        context["snapshotShort"] = String(id.prefix(7))
      }
      if let file = snapshot.file { context["snapshotFile"] = file }
      if let time = snapshot.capturedAt { context["capturedAt"] = time }
    }
    return context
  }

  var title: String {
    let what = drifts.count == 1 ? drifts[0].id.address : "\(drifts.count) resources of \(source)"
    return "drift of \(what) (\(date))"
  }

  var decisionText: String {
    switch decision {
    case .accepted(let branch):
      return "The live values were accepted: branch `\(branch)` codifies them in git, for review."
    case .rolledBack(let branch):
      return "The desired state is to be restored by the rollback plan"
        + (branch.map { " committed on branch `\($0)`" } ?? "") + "."
    case .open:
      return
        "No decision yet: accept the live values (`git drift accept`) or restore the desired state (`git drift rollback`)."
    }
  }

  var protect: [String] {
    var items: [String] = []
    let managers = Set(
      drifts.flatMap { drift in
        drift.changes.filter { $0.provenance?.kind != "undeployed" }.compactMap(\.actor?.manager)
      }
    ).sorted()
    for manager in managers where manager.hasPrefix("kubectl-") {
      items.append(
        "Restrict `\(manager.replacing("kubectl-", with: "kubectl "))` in this namespace (RBAC: no update/patch for people; changes go through git)."
      )
    }
    if drifts.contains(where: { $0.kind == .unmanaged }) {
      items.append("Limit who can create resources here outside the deployer.")
    }
    items.append(
      "Run `git drift check` from CI and `git drift watch` so the next deviation is seen within minutes."
    )
    return items
  }

  var followUps: [String] {
    var items: [String] = []
    for drift in drifts where drift.kind == .modified {
      for change in drift.changes
      where change.actor.map({ !$0.manager.hasPrefix("kubectl") }) ?? false {
        items.append(
          "If `\(change.actor?.manager ?? "")` is expected to set `\(change.path)` of `\(drift.id.address)`, add an ignore rule with a reason and an expiry date to `.drift.yml`."
        )
      }
    }
    switch decision {
    case .accepted(let branch):
      items.append("Review and merge `\(branch)`, then apply it so git and live agree.")
    case .rolledBack:
      items.append(
        "Run the rollback plan, then `git drift check` to confirm the desired state is back.")
    case .open: items.append("Decide: `git drift accept` or `git drift rollback`.")
    }
    items.append(
      "Record snapshots regularly (`git drift snapshot capture`) so the next post-mortem has a timeline."
    )
    return items
  }
}

extension Incident {
  /// The pull request's sections beyond the changed values: unmanaged resources codified,
  /// missing ones removed, files touched, refusals, skips and warnings.
  var acceptContext: [String: Any] {
    func entries(_ kind: DriftKind) -> [[String: Any]] {
      drifts.filter { $0.kind == kind }.map { drift in
        var entry: [String: Any] = [
          "address": drift.id.address, "severity": drift.severity.name,
          "csf": drift.csf.isEmpty ? "none" : drift.csf.joined(separator: ", "),
          "actor": drift.actor.map {
            "`\($0.manager)`" + ($0.time.map { " at \($0)" } ?? "")
          } ?? "unknown",
        ]
        if let file = drift.location?.file ?? acceptance?.created[drift.id.address] {
          entry["file"] = file
        }
        return entry
      }
    }
    let unmanaged = entries(.unmanaged)
    let missing = entries(.missing)
    let notes = acceptance
    return [
      "codified": unmanaged, "hasCodified": !unmanaged.isEmpty,
      "removed": missing, "hasRemoved": !missing.isEmpty,
      "hasRows": drifts.contains { !$0.changes.isEmpty },
      "files": notes?.files ?? [], "hasFiles": !(notes?.files.isEmpty ?? true),
      "refused": notes?.refused ?? [], "hasRefused": !(notes?.refused.isEmpty ?? true),
      "skipped": notes?.skipped ?? [], "hasSkipped": !(notes?.skipped.isEmpty ?? true),
      "warnings": notes?.warnings ?? [], "hasWarnings": !(notes?.warnings.isEmpty ?? true),
    ]
  }
}
