import DriftJSON
public import DriftModel

/// The human report, grouped by kind as `terraform plan` groups actions.
///
/// `~` modified, `-` missing (deleted out of band), `+` unmanaged (created out of band). One
/// line when nothing drifted.
public struct TextReportRenderer: ReportRenderer {
  /// Whether to colour the markers with ANSI escapes (only on a terminal, never with NO_COLOR).
  public var colors: Bool
  /// Values longer than this are cut, so that one change stays on one line.
  public var valueWidth: Int

  /// Creates the renderer.
  public init(colors: Bool = false, valueWidth: Int = 100) {
    self.colors = colors
    self.valueWidth = valueWidth
  }

  public func render(_ report: DriftReport) -> String {
    var output = ""
    for kind in DriftKind.allCases {
      let drifts = report.drifts.filter { $0.kind == kind }
      guard !drifts.isEmpty else { continue }
      output += bold(heading(kind, count: drifts.count)) + "\n"
      for drift in drifts { render(drift, into: &output) }
      output += "\n"
    }
    output += summaryLine(report) + "\n"
    return output
  }

  private func heading(_ kind: DriftKind, count: Int) -> String {
    let noun = count == 1 ? "resource" : "resources"
    switch kind {
    case .modified: return "\(count) \(noun) modified live:"
    case .missing: return "\(count) \(noun) missing live (desired, not found):"
    case .unmanaged: return "\(count) \(noun) unmanaged (live, not in git):"
    }
  }

  private func render(_ drift: Drift, into output: inout String) {
    var line = "  " + marker(drift.kind) + " " + ReportText.plain(drift.id.address)
    if let location = drift.location {
      line += "  " + dim("\(ReportText.plain(location.file)):\(location.line)")
    }
    line += "  [\(drift.severity.name)]"
    if !drift.owners.isEmpty {
      line += dim("  " + ReportText.plain(drift.owners.joined(separator: " ")))
    }
    if drift.kind == .unmanaged, let actor = drift.actor {
      line +=
        "  created by \(ReportText.plain(actor.manager))"
        + (actor.time.map { " at \(ReportText.plain($0))" } ?? "")
    }
    output += line + "\n"
    for change in drift.changes {
      output += "      " + changeLine(change) + "\n"
    }
  }

  private func changeLine(_ change: Change) -> String {
    var line: String
    let path = ReportText.plain(change.path.description)
    switch change.operation {
    case .replace:
      line = color("~", 33) + " \(path): \(show(change.desired)) -> \(show(change.live))"
    case .add:
      line = color("+", 32) + " \(path): \(show(change.live))"
    case .remove:
      line = color("-", 31) + " \(path): \(show(change.desired)) (absent live)"
    }
    if let actor = change.actor {
      line += dim(
        "  by \(ReportText.plain(actor.manager))"
          + (actor.time.map { " at \(ReportText.plain($0))" } ?? ""))
    }
    if let provenance = change.provenance {
      line += dim(
        "  [\(provenance.kind)" + (provenance.commit.map { " \($0.prefix(7))" } ?? "") + "]")
    }
    return line
  }

  private func show(_ value: Value?) -> String {
    guard let value else { return "(none)" }
    let text = JSONWriter().string(value)
    guard text.count > valueWidth else { return text }
    return String(text.prefix(valueWidth - 1)) + "…"
  }

  private func summaryLine(_ report: DriftReport) -> String {
    let summary = report.summary
    let commit = String(report.desired.commit.prefix(7))
    let against = "\(commit) (\(ReportText.plain(report.desired.ref)))"
    var ignored = summary.ignored > 0 ? ", \(summary.ignored) ignored" : ""
    if summary.unevaluated > 0 {
      ignored += "; \(summary.unevaluated) attributes not known offline, not compared"
    }
    if summary.unevaluatedResources > 0 {
      let count = summary.unevaluatedResources
      let names = report.unevaluated.prefix(5).map { ReportText.plain($0.address) }
      let more = report.unevaluated.count > 5 ? ", …" : ""
      ignored +=
        "; \(count) resource\(count == 1 ? "" : "s") not evaluated "
        + "(\(names.joined(separator: ", "))\(more))"
    }
    if summary.clusterOwned > 0 { ignored += "; cluster-owned: \(summary.clusterOwned)" }
    if summary.notExported > 0 { ignored += "; not exported: \(summary.notExported)" }
    guard summary.hasDrift else {
      return "No drift: \(summary.inSync) resources in sync with \(against)\(ignored)."
    }
    var parts: [String] = []
    if summary.modified > 0 { parts.append("\(summary.modified) modified") }
    if summary.missing > 0 { parts.append("\(summary.missing) missing") }
    if summary.unmanaged > 0 { parts.append("\(summary.unmanaged) unmanaged") }
    return "Drift: " + parts.joined(separator: ", ")
      + "; \(summary.inSync) in sync with \(against)\(ignored)."
  }

  private func marker(_ kind: DriftKind) -> String {
    switch kind {
    case .modified: return color("~", 33)
    case .missing: return color("-", 31)
    case .unmanaged: return color("+", 32)
    }
  }

  private func color(_ text: String, _ code: Int) -> String {
    colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  private func bold(_ text: String) -> String { colors ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

  private func dim(_ text: String) -> String { colors ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
}
