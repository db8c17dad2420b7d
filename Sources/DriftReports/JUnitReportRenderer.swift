import DriftJSON
public import DriftModel

/// JUnit XML for CI dashboards: one test suite per source, one test case per resource, a
/// failure for each drifted one.
public struct JUnitReportRenderer: ReportRenderer {
  /// Creates the renderer.
  public init() {}

  public func render(_ report: DriftReport) -> String {
    let sources = report.snapshots.map(\.source)
    var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
    let total = report.drifts.count + report.inSync.count
    lines.append(
      "<testsuites name=\"git-drift\" tests=\"\(total)\" failures=\"\(report.drifts.count)\">")
    for source in sources {
      let drifts = report.drifts.filter { $0.source == source }
      let clean = report.inSync.filter { $0.source == source }
      lines.append(
        "  <testsuite name=\"\(Self.escape(source))\" tests=\"\(drifts.count + clean.count)\" failures=\"\(drifts.count)\">"
      )
      var cases: [(String, String)] = drifts.map { ($0.id.address, failureCase($0)) }
      cases += clean.map {
        (
          $0.address,
          "    <testcase classname=\"\(Self.escape($0.type))\" name=\"\(Self.escape($0.address))\"/>"
        )
      }
      for (_, text) in cases.sorted(by: { $0.0 < $1.0 }) { lines.append(text) }
      lines.append("  </testsuite>")
    }
    lines.append("</testsuites>")
    return lines.joined(separator: "\n") + "\n"
  }

  private func failureCase(_ drift: Drift) -> String {
    let writer = JSONWriter()
    var details: [String] = []
    if let location = drift.location { details.append("\(location.file):\(location.line)") }
    for change in drift.changes {
      details.append(
        "\(change.operation.rawValue) \(change.path): desired \(change.desired.map(writer.string) ?? "(absent)"), "
          + "live \(change.live.map(writer.string) ?? "(absent)")"
          + (change.actor.map { " by \($0.manager)" } ?? ""))
    }
    if drift.kind == .unmanaged, let actor = drift.actor {
      details.append("created by \(actor.manager)")
    }
    let message =
      "\(drift.kind.rawValue) (\(drift.severity.name))"
      + (drift.changes.isEmpty ? "" : ": \(drift.changes.count) change(s)")
    let file = drift.location.map { " file=\"\(Self.escape($0.file))\"" } ?? ""
    return """
          <testcase classname="\(Self.escape(drift.id.type))" name="\(Self.escape(drift.id.address))"\(file)>
            <failure type="\(drift.kind.rawValue)" message="\(Self.escape(message))">\(Self.escape(details.joined(separator: "\n")))</failure>
          </testcase>
      """
  }

  static func escape(_ text: String) -> String {
    text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
      .replacing("\"", with: "&quot;").replacing("'", with: "&apos;")
  }
}
