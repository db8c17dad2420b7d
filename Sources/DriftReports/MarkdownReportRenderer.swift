import DriftJSON
public import DriftModel

/// A pull-request or issue comment: a summary table, then one collapsible section per
/// resource with severity badges.
public struct MarkdownReportRenderer: ReportRenderer {
  /// Creates the renderer.
  public init() {}

  static func badge(_ severity: Severity) -> String {
    switch severity {
    case .critical: return "🟥 critical"
    case .high: return "🟧 high"
    case .medium: return "🟨 medium"
    case .low: return "🟦 low"
    case .info: return "⬜ info"
    }
  }

  public func render(_ report: DriftReport) -> String {
    let summary = report.summary
    var lines: [String] = []
    let commit = String(report.desired.commit.prefix(7))
    if summary.hasDrift {
      lines.append(
        "### git-drift: drift found in \(report.snapshots.map { "`\($0.source)`" }.joined(separator: ", "))"
      )
    } else {
      lines.append("### git-drift: in sync")
    }
    lines.append("")
    lines.append(
      "Desired state `\(commit)` (\(Self.escape(report.desired.ref))) compared with "
        + report.snapshots.map(Self.describe).joined(separator: ", ") + ".")
    lines.append("")
    lines.append("| in sync | modified | missing | unmanaged | ignored | coverage |")
    lines.append("|---:|---:|---:|---:|---:|---:|")
    let coverage = Int((summary.coverage * 100).rounded())
    lines.append(
      "| \(summary.inSync) | \(summary.modified) | \(summary.missing) | \(summary.unmanaged) | \(summary.ignored) | \(coverage)% |"
    )
    for drift in report.drifts {
      lines.append("")
      lines.append(
        "<details><summary>\(Self.marker(drift.kind)) <code>\(Self.escape(drift.id.address))</code> — \(drift.kind.rawValue), \(Self.badge(drift.severity))</summary>"
      )
      lines.append("")
      var facts: [String] = []
      if let location = drift.location {
        facts.append("Declared in `\(ReportText.code(location.file)):\(location.line)`.")
      }
      if !drift.owners.isEmpty {
        facts.append("Owners: " + Self.escape(drift.owners.joined(separator: ", ")) + ".")
      }
      if let actor = drift.actor {
        facts.append(
          (drift.kind == .unmanaged ? "Created by" : "Last changed by")
            + " `\(ReportText.code(actor.manager))`"
            + (actor.time.map { " at \(Self.escape($0))" } ?? "") + ".")
      }
      if !facts.isEmpty { lines.append(facts.joined(separator: " ")) }
      if !drift.changes.isEmpty {
        lines.append("")
        lines.append("| attribute | desired | live | severity | by |")
        lines.append("|---|---|---|---|---|")
        for change in drift.changes {
          lines.append(
            "| `\(Self.cell(change.path.pointer))` | \(Self.value(change.desired)) | \(Self.value(change.live)) | "
              + "\(Self.badge(change.severity)) | \(change.actor.map { "`\(Self.cell(ReportText.code($0.manager)))`" } ?? "") |"
          )
        }
      }
      lines.append("")
      lines.append("</details>")
    }
    if !report.diagnostics.isEmpty {
      lines.append("")
      for diagnostic in report.diagnostics {
        lines.append("> ⚠️ \(Self.escape(diagnostic.description))")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private static func describe(_ snapshot: DriftReport.Snapshot) -> String {
    if let id = snapshot.id {
      return "snapshot `\(id.prefix(7))`" + (snapshot.capturedAt.map { " (\($0))" } ?? "")
    }
    return "`\(ReportText.code(snapshot.file ?? snapshot.source))`"
  }

  private static func marker(_ kind: DriftKind) -> String {
    switch kind {
    case .modified: return "~"
    case .missing: return "−"
    case .unmanaged: return "+"
    }
  }

  private static func value(_ value: Value?) -> String {
    guard let value else { return "—" }
    let text = JSONWriter().string(value)
    let short = text.count > 60 ? String(text.prefix(59)) + "…" : text
    return "`" + cell(short) + "`"
  }

  private static func cell(_ text: String) -> String {
    ReportText.code(text).replacing("|", with: "\\|")
  }

  private static func escape(_ text: String) -> String {
    ReportText.plain(text).replacing("&", with: "&amp;").replacing("<", with: "&lt;")
      .replacing(">", with: "&gt;")
  }
}
