import DriftFormats
import DriftModel
import DriftTestSupport
import Foundation
import Testing

@testable import DriftRecovery

@Suite("templates")
struct TemplateTests {
  @Test(
    "the compiled-in defaults are the files of templates/, byte for byte",
    arguments: TemplateSet.names)
  func defaultsMatchTheFiles(name: String) throws {
    let file = try String(
      contentsOf: Golden.root.appendingPathComponent("templates/" + name), encoding: .utf8)
    #expect(TemplateSet.defaultText(of: name) == file)
  }

  /// A fixed incident: a scaled Deployment (out of band), an undeployed image, a missing
  /// ConfigMap and an unmanaged Deployment.
  static let incident: Incident = {
    let scaled = Change(
      .replace, at: FieldPath(["spec", "replicas"]), desired: 3, live: 5, line: 9, severity: .low,
      actor: Actor(manager: "kubectl-scale", operation: "Update", time: "2026-11-20T09:58:00Z"),
      provenance: .outOfBand)
    let image = Change(
      .replace, at: FieldPath(["spec", "template", "spec", "containers", "0", "image"]),
      desired: "web:1.2", live: "web:1.1", line: 21, severity: .medium,
      actor: Actor(
        manager: "kubectl-client-side-apply", operation: "Update", time: "2026-11-01T10:00:00Z"),
      provenance: Provenance(kind: "undeployed", commit: "0123456789abcdef0123456789abcdef01234567")
    )
    let drifts = [
      Drift(
        kind: .modified, source: "prod-k8s",
        id: ResourceID(type: "Deployment.apps", address: "Deployment.apps/prod/web"),
        location: SourceLocation(file: "deploy/prod/web.yaml", line: 2), severity: .medium,
        csf: ["PR.PS-01", "DE.CM-09"], changes: [scaled, image], actor: scaled.actor),
      Drift(
        kind: .missing, source: "prod-k8s",
        id: ResourceID(type: "ConfigMap", address: "ConfigMap/prod/web-config"),
        location: SourceLocation(file: "deploy/prod/web.yaml", line: 30), severity: .high,
        csf: ["PR.IR-03", "DE.CM-09"]),
      Drift(
        kind: .unmanaged, source: "prod-k8s",
        id: ResourceID(type: "Deployment.apps", address: "Deployment.apps/prod/debug"),
        location: nil, severity: .medium, csf: ["ID.AM-02", "DE.CM-09"],
        actor: Actor(manager: "kubectl-create", time: "2026-11-21T12:00:00Z")),
    ]
    return Incident(
      source: "prod-k8s", date: CalendarDate(year: 2026, month: 11, day: 27),
      desired: DriftReport.Desired(commit: "fedcba9876543210fedcba9876543210fedcba98", ref: "main"),
      snapshot: DriftReport.Snapshot(
        source: "prod-k8s", id: "aaaabbbbccccddddeeeeffff0000111122223333",
        capturedAt: "2026-11-27T08:00:00Z"),
      drifts: drifts, owners: ["deploy/prod/web.yaml": ["@acme/sre", "@alice"]],
      decision: .accepted(branch: "drift/accept/2026-11-27-aaaabbb"),
      postmortemPath: "docs/postmortems/2026-11-27-accept-3-resources.md")
  }()

  @Test func postmortemGolden() throws {
    let text = try TemplateSet().render("postmortem.md.mustache", Self.incident.context)
    assertGolden(text, at: "recovery/postmortem.md")
    for heading in [
      "Summary", "Timeline", "Impact", "Identify", "Protect", "Detect", "Respond", "Recover",
      "Follow-ups",
    ] {
      #expect(text.contains("\n## \(heading)\n"), "\(heading)")
    }
  }

  @Test func pullRequestGolden() throws {
    var incident = Self.incident
    incident.acceptance = Incident.AcceptanceNotes(
      files: ["deploy/prod/deployment-debug.yaml", "deploy/prod/web.yaml"],
      refused: [
        "deploy/prod/db.yaml:4: cannot accept Secret/prod/db#/data/password: secret values are"
          + " never written to git"
      ],
      skipped: [
        "Deployment.apps/prod/api#/spec/template/spec/containers/0/image: undeployed: live is what"
          + " 0123456 desired; accepting would revert the code (--include-undeployed takes it)"
      ],
      warnings: [
        "Deployment.apps/prod/debug#/spec/template/spec/hostNetwork: the live value breaks a high"
          + " policy (host-network)"
      ],
      created: ["Deployment.apps/prod/debug": "deploy/prod/deployment-debug.yaml"])
    let text = try TemplateSet().render("pull-request.md.mustache", incident.context)
    assertGolden(text, at: "recovery/pull-request.md")
    for heading in [
      "Accepted changes", "Unmanaged resources codified", "Missing resources removed", "Refused",
      "Skipped (undeployed)", "Files",
    ] {
      #expect(text.contains("\n### \(heading)\n"), "\(heading)")
    }
    #expect(text.contains("Post-mortem: [`docs/postmortems/"))
  }

  @Test func rollbackPlanGolden() throws {
    let plan = RollbackPlan.build(Self.incident.drifts, source: "prod-k8s", commit: "HEAD") {
      drift in
      RollbackPlan.DesiredDocument(
        text:
          "apiVersion: v1\nkind: \(drift.id.type.prefix { $0 != "." })\nmetadata:\n  name: \(drift.id.address.split(separator: "/").last ?? "")",
        file: drift.location?.file ?? "", alone: true)
    }
    var context = Self.incident.context
    context["steps"] = plan.context
    context["verify"] = plan.verify
    let markdown = try TemplateSet().render("rollback-plan.md.mustache", context)
    assertGolden(markdown, at: "recovery/rollback-plan.md")
    assertGolden(plan.script, at: "recovery/rollback-plan.sh")
    #expect(plan.steps.map(\.destructive) == [false, false, true], "destructive steps come last")
  }

  @Test func overridesReplaceTheDefault() throws {
    let templates = TemplateSet(overrides: [
      "postmortem.md.mustache": "{{% CONTENT_TYPE: TEXT}}\nIncident {{title}} <{{severity}}>\n"
    ])
    let text = try templates.render("postmortem.md.mustache", Self.incident.context)
    #expect(text == "Incident drift of 3 resources of prod-k8s (2026-11-27) <high>\n")
  }

  @Test(
    "a repository's template cannot nest deeply, repeat a list in itself or change delimiters",
    arguments: [
      ("10,000 nested sections", "nests section 'a' inside itself"),
      ("20 nested sections", "nests sections more than 16 deep"),
      ("{{#drifts}}{{#drifts}}x{{/drifts}}{{/drifts}}", "nests section 'drifts' inside itself"),
      ("{{=<% %>=}}<%#a%><%/a%>", "changes the tag delimiters"),
      ("300,000 bytes", "is larger than 256 KiB"),
    ])
  func boundedTemplates(label: String, problem: String) throws {
    let texts = [
      "10,000 nested sections": String(repeating: "{{#a}}", count: 10_000)
        + String(repeating: "{{/a}}", count: 10_000),
      "20 nested sections": (0..<20).map { "{{#s\($0)}}" }.joined()
        + (0..<20).reversed().map { "{{/s\($0)}}" }.joined(),
      "300,000 bytes": String(repeating: "x", count: 300_000),
    ]
    let text = texts[label] ?? label
    let templates = TemplateSet(overrides: ["postmortem.md.mustache": text])
    let clock = ContinuousClock()
    var thrown: RecoveryError?
    let elapsed = clock.measure {
      do {
        _ = try templates.render("postmortem.md.mustache", Self.incident.context)
      } catch {
        thrown = error as? RecoveryError
      }
    }
    let error = try #require(thrown)
    #expect(error.description.contains(problem), "\(error)")
    #expect(elapsed < .seconds(1))
  }

  @Test func nestedSectionsOfDifferentNamesStillRender() throws {
    let text = "{{#drifts}}{{#changes}}{{path}};{{/changes}}{{/drifts}}"
    let templates = TemplateSet(overrides: ["postmortem.md.mustache": text])
    #expect(try !templates.render("postmortem.md.mustache", Self.incident.context).isEmpty)
  }

  @Test func brokenTemplatesSaySo() {
    let templates = TemplateSet(overrides: ["postmortem.md.mustache": "{{#open}} never closed"])
    #expect(throws: RecoveryError.self) { try templates.render("postmortem.md.mustache", [:]) }
  }
}
