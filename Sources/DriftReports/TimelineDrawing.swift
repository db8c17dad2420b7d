import DriftHistory
import DriftModel
import Git

/// The SVG timeline of one resource in the HTML report: one band per run of snapshots in the
/// same state (in sync, drifted, missing…), a mark at each transition, and a tick above the
/// band wherever the desired commit in force changes; then the same as a table, the drawing's
/// text alternative.
///
/// Snapshots are spaced evenly (a band's width counts snapshots, not hours), so a short
/// incident between long quiet periods stays visible; the times are in the labels and the
/// table. States are told by pattern and by word as well as by colour.
struct TimelineDrawing {
  let timeline: Timeline
  /// The prefix of every id in the drawing, unique in the page.
  let id: String

  static let width = 720
  static let left = 10
  static let bandTop = 30
  static let bandHeight = 36

  /// A run of consecutive snapshots in the same state.
  struct Run {
    var first: Int
    var count: Int
    var state: ResourceState
  }

  var runs: [Run] {
    var runs: [Run] = []
    for (index, verdict) in timeline.verdicts.enumerated() {
      if let last = runs.last, last.state.sameOutcome(as: verdict.state) {
        runs[runs.count - 1].count += 1
      } else {
        runs.append(Run(first: index, count: 1, state: verdict.state))
      }
    }
    return runs
  }

  var html: String {
    let verdicts = timeline.verdicts
    let target =
      HTMLReportRenderer.escape(timeline.address)
      + (timeline.pointer.map { HTMLReportRenderer.escape("#" + $0.pointer) } ?? "")
    guard !verdicts.isEmpty else {
      return "<p class=\"note\">No snapshot of \(target) is recorded.</p>\n"
    }
    let runs = self.runs
    let transitions = timeline.transitions
    let span = Double(Self.width - 2 * Self.left)
    let step = span / Double(verdicts.count)
    func x(_ index: Int) -> String { Self.number(Double(Self.left) + step * Double(index)) }
    let description =
      "\(verdicts.count) snapshot(s) from \(verdicts[0].snapshot.capturedAtText) to "
      + "\(verdicts[verdicts.count - 1].snapshot.capturedAtText): "
      + runs.map { run in
        "\(run.state.name) in \(run.count) snapshot(s) from "
          + verdicts[run.first].snapshot.capturedAtText
      }.joined(separator: "; ") + "."
    var svg = """
      <figure class="timeline">
      <svg viewBox="0 0 \(Self.width) 110" role="img" aria-labelledby="\(id)-title \(id)-desc">
      <title id="\(id)-title">Timeline of \(target) over the recorded snapshots</title>
      <desc id="\(id)-desc">\(HTMLReportRenderer.escape(description))</desc>
      <defs>
      <pattern id="\(id)-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffebe9"/><line x1="0" y1="0" x2="0" y2="8" stroke="#cf222e" stroke-width="3"/></pattern>
      <pattern id="\(id)-dots" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#fbefff"/><circle cx="4" cy="4" r="1.8" fill="#8250df"/></pattern>
      <pattern id="\(id)-cross" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#fff1e5"/><path d="M0 0L8 8M8 0L0 8" stroke="#bc4c00" stroke-width="1.2"/></pattern>
      </defs>
      <text x="\(Self.left)" y="12">desired commit in force (a tick where a new one applies), then the state in each snapshot</text>

      """
    for (index, verdict) in verdicts.enumerated() {
      let commit = verdict.commit?.id
      if index == 0 || verdicts[index - 1].commit?.id != commit {
        let label = commit.map { "commit \($0.short)" } ?? "no commit in force"
        svg +=
          "<line class=\"tick\" x1=\"\(x(index))\" y1=\"18\" x2=\"\(x(index))\" "
          + "y2=\"\(Self.bandTop)\"><title>\(label) from "
          + "\(verdict.snapshot.capturedAtText)</title></line>\n"
        if let commit {
          svg +=
            "<text class=\"commit\" x=\"\(Self.number(Double(Self.left) + step * Double(index) + 3))\" "
            + "y=\"27\">\(commit.short)</text>\n"
        }
      }
    }
    for run in runs {
      let width = Self.number(step * Double(run.count))
      let first = verdicts[run.first].snapshot.capturedAtText
      let fill = fill(run.state)
      svg +=
        "<rect class=\"\(run.state.name)\" x=\"\(x(run.first))\" y=\"\(Self.bandTop)\" "
        + "width=\"\(width)\" height=\"\(Self.bandHeight)\"\(fill)>"
        + "<title>\(run.state.name): \(run.count) snapshot(s) from \(first)</title></rect>\n"
      if step * Double(run.count) >= 56 {
        let middle = Self.number(
          Double(Self.left) + step * (Double(run.first) + Double(run.count) / 2))
        svg +=
          "<text class=\"band\" x=\"\(middle)\" y=\"\(Self.bandTop + 23)\" "
          + "text-anchor=\"middle\">\(run.state.name)</text>\n"
      }
    }
    for (index, verdict) in verdicts.enumerated() where index > 0 {
      guard !verdicts[index - 1].state.sameOutcome(as: verdict.state) else { continue }
      svg +=
        "<line class=\"transition\" x1=\"\(x(index))\" y1=\"\(Self.bandTop - 4)\" "
        + "x2=\"\(x(index))\" y2=\"\(Self.bandTop + Self.bandHeight + 4)\"><title>"
        + "\(verdicts[index - 1].state.name) to \(verdict.state.name) at "
        + "\(verdict.snapshot.capturedAtText)</title></line>\n"
    }
    let axis = Self.bandTop + Self.bandHeight + 22
    svg +=
      "<text x=\"\(Self.left)\" y=\"\(axis)\">\(verdicts[0].snapshot.capturedAtText)</text>\n"
      + "<text x=\"\(Self.width - Self.left)\" y=\"\(axis)\" text-anchor=\"end\">"
      + "\(verdicts[verdicts.count - 1].snapshot.capturedAtText)</text>\n"
      + "<text x=\"\(Self.width / 2)\" y=\"\(axis)\" text-anchor=\"middle\">"
      + "\(verdicts.count) snapshot(s), evenly spaced</text>\n"
    svg += "</svg>\n"
    svg += "<figcaption>Timeline of <code>\(target)</code>: \(transitions.count) transition(s)"
    svg += " over \(verdicts.count) snapshot(s).</figcaption>\n</figure>\n"
    svg += table(transitions, target: target)
    return svg
  }

  /// The transitions as a table: the text alternative of the drawing.
  private func table(_ transitions: [Timeline.Transition], target: String) -> String {
    var html = """
      <table class="transitions">
      <caption>Transitions of <code>\(target)</code></caption>
      <thead><tr><th scope="col">captured at</th><th scope="col">snapshot</th><th scope="col">from</th><th scope="col">to</th><th scope="col">desired commit in force</th><th scope="col">changes</th></tr></thead>
      <tbody>

      """
    for transition in transitions {
      let verdict = transition.verdict
      var changes = ""
      if case .drifted(let list) = verdict.state {
        changes = list.map { "<code>\(HTMLReportRenderer.escape($0.path.pointer))</code>" }
          .joined(separator: ", ")
      } else if case .unknown(let reason) = verdict.state {
        changes = HTMLReportRenderer.escape(reason)
      }
      html +=
        "<tr><td><time>\(verdict.snapshot.capturedAtText)</time></td>"
        + "<td><code>\(verdict.snapshot.id.short)</code></td>"
        + "<td>\(transition.from?.name ?? "—")</td><td>\(verdict.state.name)</td>"
        + "<td>\(verdict.commit.map { "<code>\($0.id.short)</code> " + HTMLReportRenderer.escape($0.summary) } ?? "—")</td>"
        + "<td>\(changes)</td></tr>\n"
    }
    html += "</tbody>\n</table>\n"
    return html
  }

  private func fill(_ state: ResourceState) -> String {
    switch state {
    case .drifted: return " fill=\"url(#\(id)-hatch)\""
    case .missing: return " fill=\"url(#\(id)-dots)\""
    case .unmanaged: return " fill=\"url(#\(id)-cross)\""
    case .inSync, .absent, .unknown: return ""
    }
  }

  /// A coordinate with at most one decimal, the same on every machine.
  static func number(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
  }
}
