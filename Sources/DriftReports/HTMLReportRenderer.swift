import DriftFormats
public import DriftHistory
public import DriftModel
public import Foundation

/// One self-contained HTML page for people: a summary, the drifted resources by severity, per
/// resource a side-by-side diff of desired and live values with the actor and time of each
/// change, and an SVG timeline of the resource over the recorded snapshots.
///
/// The page has inline CSS and SVG only: no script, no font, no image and no link that a
/// browser would fetch, and a Content-Security-Policy that forbids them, so it works offline
/// and in a CI artifact viewer. Secrets appear as `(sensitive)`. Every drawing has a text
/// alternative, and states are told by words, markers and patterns, not by colour alone.
public struct HTMLReportRenderer: ReportRenderer {
  /// The recorded history of one drifted resource.
  public struct History: Sendable {
    /// The source the snapshots belong to.
    public var source: String
    /// The verdicts of every snapshot, oldest first.
    public var timeline: Timeline

    /// Creates the history of `timeline.address` in `source`.
    public init(source: String, timeline: Timeline) {
      self.source = source
      self.timeline = timeline
    }
  }

  /// Timelines by source and address.
  public var histories: [History]
  /// The time the page is written, for the age of each snapshot; no age when nil.
  public var now: Date?

  /// Creates the renderer.
  ///
  /// - Parameters:
  ///   - histories: timelines of the drifted resources, from the recorded snapshots.
  ///   - now: the time the page is written, for the snapshots' ages.
  public init(histories: [History] = [], now: Date? = nil) {
    self.histories = histories
    self.now = now
  }

  public func render(_ report: DriftReport) -> String {
    let summary = report.summary
    let title = summary.hasDrift ? "drift found" : "in sync"
    var html = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
      <title>git-drift: \(title)</title>
      <style>
      \(Self.style)
      </style>
      </head>
      <body>
      <header>
      <h1>git-drift: \(title)</h1>
      <p>Desired state <code>\(Self.escape(String(report.desired.commit.prefix(7))))</code> (\(Self.escape(report.desired.ref))) compared with \(report.snapshots.map(describe).joined(separator: ", ")).</p>
      </header>
      <main>

      """
    html += summarySection(report)
    html += tableSection(report)
    for (index, drift) in sortedDrifts(report).enumerated() {
      html += resourceSection(drift, number: index + 1)
    }
    if !report.diagnostics.isEmpty {
      html += "<section aria-labelledby=\"notes\">\n<h2 id=\"notes\">Notes</h2>\n<ul>\n"
      for diagnostic in report.diagnostics {
        html += "<li>\(Self.escape(diagnostic.description))</li>\n"
      }
      html += "</ul>\n</section>\n"
    }
    html += "</main>\n<footer><p>Written by git-drift.</p></footer>\n</body>\n</html>\n"
    return html
  }

  // MARK: Sections

  private func summarySection(_ report: DriftReport) -> String {
    let summary = report.summary
    let coverage = Int((summary.coverage * 100).rounded())
    var html = """
      <section aria-labelledby="summary">
      <h2 id="summary">Summary</h2>
      <table class="counts">
      <caption>Resources by outcome</caption>
      <thead><tr><th scope="col">in sync</th><th scope="col">modified</th><th scope="col">missing</th><th scope="col">unmanaged</th><th scope="col">ignored</th><th scope="col">coverage</th></tr></thead>
      <tbody><tr><td>\(summary.inSync)</td><td>\(summary.modified)</td><td>\(summary.missing)</td><td>\(summary.unmanaged)</td><td>\(summary.ignored)</td><td>\(coverage)%</td></tr></tbody>
      </table>
      <table class="counts">
      <caption>Drifted resources by severity</caption>
      <thead><tr>
      """
    let severities = Severity.allCases.sorted(by: >)
    for severity in severities {
      html +=
        "<th scope=\"col\"><span class=\"sev sev-\(severity.name)\">\(severity.name)</span></th>"
    }
    html += "</tr></thead>\n<tbody><tr>"
    for severity in severities {
      html += "<td>\(report.drifts.filter { $0.severity == severity }.count)</td>"
    }
    html += "</tr></tbody>\n</table>\n</section>\n"
    return html
  }

  private func tableSection(_ report: DriftReport) -> String {
    guard !report.drifts.isEmpty else {
      return "<section aria-labelledby=\"drifts\">\n<h2 id=\"drifts\">Drifted resources</h2>\n"
        + "<p>Every compared resource is in sync.</p>\n</section>\n"
    }
    var html = """
      <section aria-labelledby="drifts">
      <h2 id="drifts">Drifted resources</h2>
      <table class="drifts">
      <caption>Most severe first, then by source and address</caption>
      <thead><tr><th scope="col">severity</th><th scope="col">kind</th><th scope="col">resource</th><th scope="col">source</th><th scope="col">declared in</th><th scope="col">owners</th><th scope="col">changes</th></tr></thead>
      <tbody>

      """
    for (index, drift) in sortedDrifts(report).enumerated() {
      let location = drift.location.map { "\(Self.escape($0.file)):\($0.line)" } ?? "—"
      html += "<tr class=\"\(drift.kind.rawValue)\"><td>\(Self.badge(drift.severity))</td>"
      html += "<td>\(Self.marker(drift.kind)) \(drift.kind.rawValue)</td>"
      html +=
        "<td><a href=\"#r\(index + 1)\"><code>\(Self.escape(drift.id.address))</code></a></td>"
      html += "<td>\(Self.escape(drift.source))</td><td><code>\(location)</code></td>"
      html += "<td>\(Self.escape(drift.owners.joined(separator: ", ")))</td>"
      html += "<td>\(drift.changes.count)</td></tr>\n"
    }
    html += "</tbody>\n</table>\n</section>\n"
    return html
  }

  private func resourceSection(_ drift: Drift, number: Int) -> String {
    let address = Self.escape(drift.id.address)
    var html = "<section class=\"resource\" id=\"r\(number)\" aria-labelledby=\"r\(number)-h\">\n"
    html +=
      "<h2 id=\"r\(number)-h\">\(Self.marker(drift.kind)) <code>\(address)</code> "
      + "<small>\(drift.kind.rawValue), \(Self.badge(drift.severity))</small></h2>\n"
    var facts: [String] = ["Source \(Self.escape(drift.source))."]
    if let location = drift.location {
      facts.append("Declared in <code>\(Self.escape(location.file)):\(location.line)</code>.")
    }
    if !drift.owners.isEmpty {
      facts.append("Owners: \(Self.escape(drift.owners.joined(separator: ", "))).")
    }
    if let actor = drift.actor {
      facts.append(
        (drift.kind == .unmanaged ? "Created by " : "Last changed by ")
          + "<code>\(Self.escape(actor.manager))</code>"
          + (actor.time.map { " at <time>\(Self.escape($0))</time>" } ?? "") + ".")
    }
    if !drift.csf.isEmpty {
      facts.append("NIST CSF: \(Self.escape(drift.csf.joined(separator: ", "))).")
    }
    html += "<p>\(facts.joined(separator: " "))</p>\n"
    switch drift.kind {
    case .missing:
      html += "<p class=\"note\">Declared in git, not found live.</p>\n"
    case .unmanaged:
      html += "<p class=\"note\">Found live, not declared in git.</p>\n"
    case .modified: break
    }
    if !drift.changes.isEmpty { html += diff(drift, number: number) }
    if let history = histories.first(where: {
      $0.source == drift.source && $0.timeline.address == drift.id.address
    }) {
      html += TimelineDrawing(timeline: history.timeline, id: "r\(number)-t").html
    }
    html += "</section>\n"
    return html
  }

  /// The changes side by side: desired on the left, live on the right, one row per drifted
  /// attribute, each marked `−` (desired) and `+` (live) as a unified diff would.
  private func diff(_ drift: Drift, number: Int) -> String {
    var html = """
      <table class="diff">
      <caption>Desired (−) and live (+) values of <code>\(Self.escape(drift.id.address))</code></caption>
      <thead><tr><th scope="col">attribute</th><th scope="col">desired (git)</th><th scope="col">live</th><th scope="col">changed by</th></tr></thead>
      <tbody>

      """
    for change in drift.changes {
      html += "<tr class=\"\(change.operation.rawValue)\">"
      html +=
        "<th scope=\"row\"><code>\(Self.escape(change.path.pointer))</code>"
        + "<br><span class=\"op\">\(Self.operation(change.operation))</span> "
        + "\(Self.badge(change.severity))"
        + (change.line.map { " <span class=\"line\">line \($0)</span>" } ?? "") + "</th>"
      html += Self.valueCell(change.desired, at: change.path, marker: "−", side: "desired")
      html += Self.valueCell(change.live, at: change.path, marker: "+", side: "live")
      var by: [String] = []
      if let actor = change.actor {
        by.append("<code>\(Self.escape(actor.manager))</code>")
        if let time = actor.time { by.append("at <time>\(Self.escape(time))</time>") }
      }
      if let provenance = change.provenance {
        by.append(
          "(" + Self.escape(provenance.kind)
            + (provenance.commit.map {
              ", commit <code>\(Self.escape(String($0.prefix(7))))</code>"
            }
              ?? "") + ")")
      }
      html += "<td>\(by.isEmpty ? "—" : by.joined(separator: " "))</td></tr>\n"
    }
    html += "</tbody>\n</table>\n"
    return html
  }

  // MARK: Pieces

  /// Drifts most severe first, then as the report sorts them (source, address).
  private func sortedDrifts(_ report: DriftReport) -> [Drift] {
    report.drifts.enumerated().sorted { left, right in
      if left.element.severity != right.element.severity {
        return left.element.severity > right.element.severity
      }
      return left.offset < right.offset
    }.map(\.element)
  }

  private func describe(_ snapshot: DriftReport.Snapshot) -> String {
    let source = Self.escape(snapshot.source)
    guard let id = snapshot.id else {
      return "the export <code>\(Self.escape(snapshot.file ?? snapshot.source))</code> of \(source)"
    }
    var text = "snapshot <code>\(Self.escape(String(id.prefix(7))))</code> of \(source)"
    if let captured = snapshot.capturedAt {
      text += " captured at <time>\(Self.escape(captured))</time>"
      if let now, let date = Timestamp.parse(captured) {
        text += " (\(Self.age(now.timeIntervalSince(date))) old)"
      }
    }
    return text
  }

  static func age(_ seconds: TimeInterval) -> String {
    let minutes = Int(max(0, seconds) / 60)
    if minutes < 60 { return "\(minutes) min" }
    if minutes < 48 * 60 { return "\(minutes / 60) h" }
    return "\(minutes / (24 * 60)) days"
  }

  /// One side of a change as the YAML lines that state it (`replicas: 4`, or `- name: DEBUG`
  /// for a list item), each marked; secrets as `(sensitive)`.
  private static func valueCell(_ value: Value?, at path: FieldPath, marker: String, side: String)
    -> String
  {
    guard let value else { return "<td class=\"\(side) none\">(none)</td>" }
    let writer = YAMLWriter()
    let yaml: [String]
    if let last = path.last, Int(last) == nil {
      yaml = writer.entry(writer.key(last), value, indent: 0)
    } else {
      yaml = writer.block(.array([value]), indent: 0)
    }
    let lines = yaml.map { "<span class=\"mark\">\(marker)</span>" + escape($0) }
    return "<td class=\"\(side)\"><pre>\(lines.joined(separator: "\n"))</pre></td>"
  }

  private static func operation(_ operation: Change.Operation) -> String {
    switch operation {
    case .replace: return "~ changed"
    case .add: return "+ added live"
    case .remove: return "− removed live"
    }
  }

  static func badge(_ severity: Severity) -> String {
    "<span class=\"sev sev-\(severity.name)\">\(severity.name)</span>"
  }

  private static func marker(_ kind: DriftKind) -> String {
    switch kind {
    case .modified: return "<span class=\"kind\" aria-hidden=\"true\">~</span>"
    case .missing: return "<span class=\"kind\" aria-hidden=\"true\">−</span>"
    case .unmanaged: return "<span class=\"kind\" aria-hidden=\"true\">+</span>"
    }
  }

  /// Text for HTML content and attribute values: control characters escaped as in the other
  /// reports, and the five characters HTML gives meaning to written as references.
  static func escape(_ text: String) -> String {
    var result = ""
    for character in ReportText.plain(text) {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      default: result.append(character)
      }
    }
    return result
  }

  static let style = """
    :root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; }
    body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem; }
    h1 { font-size: 1.6rem; margin: .5rem 0; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
    code, pre { font: 13px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
    pre { margin: 0; white-space: pre-wrap; word-break: break-all; }
    table { border-collapse: collapse; margin: .75rem 0; }
    caption { text-align: left; font-weight: 600; padding: .25rem 0; }
    th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
    thead th { background: #f6f8fa; }
    table.counts td { text-align: right; min-width: 5rem; }
    table.diff { width: 100%; table-layout: fixed; }
    table.diff th[scope=row] { width: 26%; font-weight: normal; }
    table.diff td.desired { background: #ffebe9; width: 28%; }
    table.diff td.live { background: #dafbe1; width: 28%; }
    table.diff td.none { color: var(--muted); font-style: italic; }
    .mark { display: inline-block; width: 1.2em; font-weight: 700; }
    .sev { border: 1px solid; border-radius: .6em; padding: 0 .45em; font-size: .85em; font-weight: 600; }
    .sev-critical { background: #ffd7d5; border-color: #a40e26; color: #82071e; }
    .sev-high { background: #ffe2cc; border-color: #bc4c00; color: #953800; }
    .sev-medium { background: #fff4c2; border-color: #9a6700; color: #7d4e00; }
    .sev-low { background: #ddf4ff; border-color: #0969da; color: #0550ae; }
    .sev-info { background: #f6f8fa; border-color: #57606a; color: #424a53; }
    .kind { font-weight: 700; }
    .note, .line, small { color: var(--muted); }
    figure.timeline { margin: 1rem 0; }
    figure.timeline svg { width: 100%; max-width: 60rem; height: auto; display: block; }
    svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
    svg .in-sync { fill: #dafbe1; stroke: #1a7f37; }
    svg .drifted { stroke: #cf222e; }
    svg .missing { stroke: #8250df; }
    svg .unmanaged { stroke: #bc4c00; }
    svg .absent, svg .unknown { fill: #f6f8fa; stroke: #8c959f; stroke-dasharray: 3 2; }
    svg text.band { font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
    svg text.commit { font: 10px ui-monospace, Menlo, Consolas, monospace; fill: var(--muted); }
    svg .tick { stroke: var(--ink); stroke-width: 1.5; }
    svg .transition { stroke: var(--ink); stroke-width: 2; }
    @media print { body { max-width: none; } }
    """
}
