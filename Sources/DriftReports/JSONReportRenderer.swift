import DriftJSON
public import DriftModel

/// The JSON report, schemaVersion 1 (DESIGN.md): keys in a fixed order, drifts sorted by source
/// and address, changes by path; secrets as `"(sensitive)"`.
public struct JSONReportRenderer: ReportRenderer {
  /// The version of the report's shape; it changes only when a field changes meaning.
  public static let schemaVersion = 1

  /// Creates the renderer.
  public init() {}

  public func render(_ report: DriftReport) -> String {
    JSONWriter(pretty: true).string(Self.value(of: report)) + "\n"
  }

  /// The report as a JSON value, for embedding.
  public static func value(of report: DriftReport) -> Value {
    var members: [Member] = [
      Member("schemaVersion", .integer(schemaVersion)),
      Member(
        "desired",
        ["commit": .string(report.desired.commit), "ref": .string(report.desired.ref)]),
    ]
    let snapshots = report.snapshots.map(snapshot)
    if snapshots.count == 1 {
      members.append(Member("snapshot", snapshots[0]))
    } else {
      members.append(Member("snapshots", .array(snapshots)))
    }
    let summary = report.summary
    var counts: Value = [
      "resources": .integer(summary.resources), "inSync": .integer(summary.inSync),
      "modified": .integer(summary.modified), "missing": .integer(summary.missing),
      "unmanaged": .integer(summary.unmanaged), "ignored": .integer(summary.ignored),
      "coverage": .double((summary.coverage * 10_000).rounded() / 10_000),
    ]
    // Counts that most reports do not have are written only when there are any, so that
    // schemaVersion 1 grows without changing what existing reports say.
    let optional = [
      ("unevaluated", summary.unevaluated),
      ("unevaluatedResources", summary.unevaluatedResources),
      ("clusterOwned", summary.clusterOwned),
      ("notExported", summary.notExported),
    ]
    if case .object(var fields) = counts {
      for (name, count) in optional where count > 0 {
        fields.append(Member(name, .integer(count)))
      }
      counts = .object(fields)
    }
    members.append(Member("summary", counts))
    members.append(Member("drifts", .array(report.drifts.map(drift))))
    if !report.unevaluated.isEmpty {
      members.append(Member("unevaluated", .array(report.unevaluated.map(unevaluated))))
    }
    if !report.diagnostics.isEmpty {
      members.append(Member("diagnostics", .array(report.diagnostics.map(diagnostic))))
    }
    return .object(members)
  }

  private static func unevaluated(_ entry: DriftReport.Unevaluated) -> Value {
    var members = [
      Member("source", .string(entry.source)), Member("address", .string(entry.address)),
      Member("reason", .string(entry.reason)),
    ]
    if let location = entry.location {
      members.append(Member("file", .string(location.file)))
      members.append(Member("line", .integer(location.line)))
    }
    return .object(members)
  }

  private static func snapshot(_ snapshot: DriftReport.Snapshot) -> Value {
    var members = [Member("source", .string(snapshot.source))]
    if let id = snapshot.id { members.append(Member("id", .string(id))) }
    if let file = snapshot.file { members.append(Member("file", .string(file))) }
    if let capturedAt = snapshot.capturedAt {
      members.append(Member("capturedAt", .string(capturedAt)))
    }
    return .object(members)
  }

  /// One drift as JSON, as the report writes it.
  public static func drift(_ drift: Drift) -> Value {
    var members: [Member] = [
      Member("kind", .string(drift.kind.rawValue)),
      Member("source", .string(drift.source)),
      Member("address", .string(drift.id.address)),
      Member("type", .string(drift.id.type)),
    ]
    if let location = drift.location {
      members.append(Member("file", .string(location.file)))
      members.append(Member("line", .integer(location.line)))
    }
    members.append(Member("severity", .string(drift.severity.name)))
    members.append(Member("csf", .array(drift.csf.map(Value.string))))
    if !drift.owners.isEmpty {
      members.append(Member("owners", .array(drift.owners.map(Value.string))))
    }
    if let actor = drift.actor {
      members.append(contentsOf: actorMembers(actor))
    }
    if drift.kind == .modified {
      members.append(Member("changes", .array(drift.changes.map(change))))
    }
    return .object(members)
  }

  /// One change as JSON, as the report writes it.
  public static func change(_ change: Change) -> Value {
    var members: [Member] = [
      Member("op", .string(change.operation.rawValue)),
      Member("path", .string(change.path.pointer)),
    ]
    if let desired = change.desired { members.append(Member("desired", desired)) }
    if let live = change.live { members.append(Member("live", live)) }
    if let file = change.file { members.append(Member("file", .string(file))) }
    if let line = change.line { members.append(Member("line", .integer(line))) }
    members.append(Member("severity", .string(change.severity.name)))
    if let rule = change.rule { members.append(Member("rule", .string(rule))) }
    if !change.csf.isEmpty { members.append(Member("csf", .array(change.csf.map(Value.string)))) }
    if let actor = change.actor { members.append(contentsOf: actorMembers(actor)) }
    if let provenance = change.provenance {
      var details = [Member("class", .string(provenance.kind))]
      if let commit = provenance.commit { details.append(Member("commit", .string(commit))) }
      members.append(Member("provenance", .object(details)))
    }
    return .object(members)
  }

  private static func actorMembers(_ actor: Actor) -> [Member] {
    var members = [Member("actor", .string(actor.manager))]
    if let time = actor.time { members.append(Member("changedAt", .string(time))) }
    return members
  }

  private static func diagnostic(_ diagnostic: Diagnostic) -> Value {
    var members = [
      Member("level", .string(diagnostic.level.rawValue)),
      Member("message", .string(diagnostic.message)),
    ]
    if let location = diagnostic.location {
      members.append(Member("file", .string(location.file)))
      if location.line > 0 { members.append(Member("line", .integer(location.line))) }
    }
    return .object(members)
  }
}
