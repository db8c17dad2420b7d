import DriftHistory
import DriftModel
import DriftReports
import DriftTestSupport
import Foundation
import Testing

/// The HTML page on the renderers' fixed report and a real snapshot history, checked against a
/// reviewed golden, parsed by html5lib, and searched for anything a browser would fetch.
@Suite("HTML report renderer")
struct HTMLReportRendererTests {
  /// The fixed report, with a Secret whose values are digests and a resource whose name and
  /// manager try to break out of the page.
  static let report: DriftReport = {
    var report = RendererTests.report
    let secret = Drift(
      kind: .modified, source: "prod-k8s",
      id: ResourceID(type: "Secret", address: "Secret/prod/db"),
      location: SourceLocation(file: "deploy/prod/db.yaml", line: 1), severity: .high,
      csf: ["PR.DS-01"],
      changes: [
        Change(
          .replace, at: FieldPath(["data", "password"]),
          desired: .sensitive(digest: "d1d1d1d1d1d1d1d1"), live: .sensitive(digest: "e2e2e2e2e2e2"),
          line: 7, severity: .high,
          actor: Actor(manager: "kubectl-edit", time: "2026-11-26T07:00:00Z"),
          provenance: .outOfBand)
      ], actor: Actor(manager: "kubectl-edit", time: "2026-11-26T07:00:00Z"))
    let hostile = Drift(
      kind: .unmanaged, source: "prod-k8s",
      id: ResourceID(
        type: "ConfigMap", address: "ConfigMap/prod/<script>alert(1)</script>\"'&x"),
      location: nil, severity: .low,
      actor: Actor(manager: "evil\u{1B}[2J<img src=https://example.com/x>"))
    report.drifts.append(contentsOf: [secret, hostile])
    return DriftReport(
      desired: report.desired, snapshots: report.snapshots, summary: report.summary,
      drifts: report.drifts, diagnostics: report.diagnostics, inSync: report.inSync)
  }()

  /// The page, with the timeline of `web` over the scenario's six snapshots.
  static func page() throws -> String {
    let scenario = try HistoryScenario()
    let timeline = try Timeline.build(
      address: HistoryScenario.web, pointer: nil, snapshots: scenario.snapshots,
      evaluator: scenario.evaluator)
    let now = try #require(Timestamp.parse("2026-11-27T10:30:00Z"))
    return HTMLReportRenderer(
      histories: [.init(source: HistoryScenario.source, timeline: timeline)], now: now
    ).render(report)
  }

  @Test("the page: summary, table by severity, diffs and timeline, as reviewed")
  func golden() throws {
    let html = try Self.page()
    assertGolden(html, at: "reports/report.html")
    #expect(html.contains("(2 h old)"), "the snapshot's age")
    let table = try #require(html.range(of: "<table class=\"drifts\">"))
    let rows = html[table.upperBound...].components(separatedBy: "</table>")[0]
    let order = ["critical", "high", "high", "medium", "low"].map { "sev-\($0)\">" }
    var rest = Substring(rows)
    for badge in order {
      let found = try #require(rest.range(of: badge), "rows sorted by severity: \(badge)")
      rest = rest[found.upperBound...]
    }
    #expect(html.contains("<svg viewBox="))
    #expect(html.contains("<title id=\"r1-t-title\">Timeline of Deployment.apps/prod/web"))
  }

  @Test("secrets only as (sensitive); names and managers escaped; nothing that runs")
  func escaping() throws {
    let html = try Self.page()
    #expect(html.contains("(sensitive)"))
    #expect(!html.contains("d1d1d1d1"), "no digest")
    #expect(!html.contains("e2e2e2e2"), "no digest")
    #expect(!html.contains("<script"))
    #expect(!html.contains("<img"))
    #expect(!html.contains("\u{1B}"))
    #expect(html.contains("ConfigMap/prod/&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;x"))
  }

  @Test("valid HTML (html5lib, strict), unique ids, every reference resolves")
  func valid() throws {
    let result = try HTMLCheck.validate(try Self.page())
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let inSync = try HTMLCheck.validate(
      HTMLReportRenderer().render(
        DriftReport(
          desired: RendererTests.report.desired, snapshots: RendererTests.report.snapshots,
          summary: DriftReport.Summary(), drifts: [])))
    #expect(inSync.status == 0, "\(inSync.stdout)\(inSync.stderr)")
  }

  @Test("the page fetches nothing: no http(s) URL outside text, no loader element")
  func offline() throws {
    let html = try Self.page()
    #expect(try HTMLCheck.networkReferences(html) == [])
    #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))
    // The check itself finds what it should.
    let bad = html.replacingOccurrences(
      of: "<footer>",
      with: "<footer><a href=\"https://example.com/\">x</a><svg><image href=\"//x\"/></svg>")
    #expect(try HTMLCheck.networkReferences(bad).count == 3)
  }
}
