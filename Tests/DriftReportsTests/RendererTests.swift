import DriftModel
import DriftReports
import DriftTestSupport
import Foundation
import Testing

/// Every renderer on one fixed report, checked against reviewed golden files.
@Suite("report renderers")
struct RendererTests {
  static let report: DriftReport = {
    var privileged = Change(
      .add, at: FieldPath(["spec", "template", "spec", "containers", "0", "securityContext"]),
      desired: nil,
      live: ["privileged": true], line: 17, severity: .critical,
      actor: Actor(manager: "kubectl-edit", operation: "Update", time: "2026-11-20T09:00:00Z"),
      provenance: .outOfBand)
    privileged.rule = "privileged-container"
    privileged.csf = ["PR.AA-05", "PR.PS-01"]
    var replicas = Change(
      .replace, at: FieldPath(["spec", "replicas"]), desired: 3, live: 5, line: 9, severity: .low,
      actor: Actor(manager: "kubectl-scale", operation: "Update", time: "2026-11-21T10:00:00Z"),
      provenance: Provenance(kind: "undeployed", commit: "0123456789abcdef0123456789abcdef01234567")
    )
    replicas.rule = "replicas"
    replicas.csf = ["PR.IR-04", "DE.CM-09"]
    var web = Drift(
      kind: .modified, source: "prod-k8s",
      id: ResourceID(type: "Deployment.apps", address: "Deployment.apps/prod/web"),
      location: SourceLocation(file: "deploy/prod/web.yaml", line: 2), severity: .critical,
      csf: ["DE.CM-09", "PR.AA-05", "PR.IR-04", "PR.PS-01"], changes: [replicas, privileged],
      actor: replicas.actor)
    web.owners = ["@acme/sre"]
    let missing = Drift(
      kind: .missing, source: "prod-k8s",
      id: ResourceID(type: "ConfigMap", address: "ConfigMap/prod/web-config"),
      location: SourceLocation(file: "deploy/prod/web.yaml", line: 40), severity: .high,
      csf: ["PR.IR-03", "RC.RP-01", "DE.CM-09"])
    let unmanaged = Drift(
      kind: .unmanaged, source: "prod-k8s",
      id: ResourceID(type: "Deployment.apps", address: "Deployment.apps/prod/debug"),
      location: nil, severity: .medium, csf: ["ID.AM-02", "DE.CM-09"],
      actor: Actor(manager: "kubectl-create", time: "2026-11-22T12:00:00Z"))
    var summary = DriftReport.Summary()
    summary.resources = 5
    summary.inSync = 2
    summary.modified = 1
    summary.missing = 1
    summary.unmanaged = 1
    summary.ignored = 1
    return DriftReport(
      desired: DriftReport.Desired(commit: "fedcba9876543210fedcba9876543210fedcba98", ref: "main"),
      snapshots: [
        DriftReport.Snapshot(
          source: "prod-k8s", id: "aaaabbbbccccddddeeeeffff0000111122223333",
          capturedAt: "2026-11-27T08:00:00Z")
      ],
      summary: summary, drifts: [web, missing, unmanaged],
      diagnostics: [
        Diagnostic(
          .warning, "ignore rule for 'Deployment.apps/prod/*' expired on 2026-01-31",
          at: SourceLocation(file: ".drift.yml", line: 12, column: 5))
      ],
      inSync: [
        .init(source: "prod-k8s", type: "Service", address: "Service/prod/web"),
        .init(source: "prod-k8s", type: "ConfigMap", address: "ConfigMap/prod/api-config"),
      ])
  }()

  @Test(arguments: [
    ("text", "reports/report.txt"), ("json", "reports/report.json"),
    ("sarif", "reports/report.sarif"),
    ("markdown", "reports/report.md"), ("junit", "reports/report.xml"),
  ])
  func golden(format: String, file: String) throws {
    let renderer: any ReportRenderer
    switch format {
    case "text": renderer = TextReportRenderer()
    case "json": renderer = JSONReportRenderer()
    case "sarif": renderer = SARIFReportRenderer()
    case "markdown": renderer = MarkdownReportRenderer()
    default: renderer = JUnitReportRenderer()
    }
    let text = renderer.render(Self.report)
    assertGolden(text, at: file)
  }

  @Test("SARIF validates against the official 2.1.0 schema")
  func sarifIsValid() throws {
    let schema = Golden.root.deletingLastPathComponent().appendingPathComponent(
      "shared/corpus/sarif/sarif-schema-2.1.0.json")
    try #require(
      FileManager.default.fileExists(atPath: schema.path), "the corpus is beside the project")
    let result = try SARIFValidation.validate(
      SARIFReportRenderer().render(Self.report), schema: schema.path)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
  }

  @Test func junitCountsEveryResource() throws {
    let xml = JUnitReportRenderer().render(Self.report)
    #expect(xml.contains("<testsuite name=\"prod-k8s\" tests=\"5\" failures=\"3\">"))
    #expect(xml.components(separatedBy: "<testcase ").count - 1 == 5)
    let parsed = try Shell.run(
      [
        "python3", "-c",
        "import sys, xml.etree.ElementTree as E; print(len(E.fromstring(sys.stdin.read()).findall('.//failure')))",
      ],
      stdin: xml)
    #expect(parsed.stdout == "3\n", "well-formed XML with three failures: \(parsed.stderr)")
  }
}
