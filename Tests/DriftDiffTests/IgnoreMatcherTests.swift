import DriftDiff
import DriftFormats
import DriftModel
import Testing

@Suite struct IgnoreMatcherTests {
  /// Live `web`: replicas 5 and image app:2 changed, label `owner` added by kubectl-label.
  static func drifted(name: String = "web", annotations: Value? = nil) -> Value {
    let app = DifferTests.app.setting("image", to: "app:2")
    let label = managed(
      "kubectl-label", time: "2026-05-05T08:00:00Z",
      fields: ["f:metadata": ["f:labels": ["f:owner": [:]]]])
    var live = DifferTests.live(
      replicas: 5, containers: [app, DifferTests.sidecar],
      labels: ["tier": "front", "owner": "bob"],
      managedFields: [FieldOwnershipTests.deployed, label])
    var metadata = (live["metadata"] ?? [:]).setting("name", to: .string(name))
    if let annotations { metadata = metadata.setting("annotations", to: annotations) }
    live = live.setting("metadata", to: metadata)
    return live
  }

  static let all = [
    "add /metadata/labels/owner", "replace /spec/replicas",
    "replace /spec/template/spec/containers/0/image",
  ]

  private func analyse(_ rules: [IgnoreRule]) throws -> Differ.Analysis {
    var harness = DiffHarness()
    harness.ignore = rules.map { IgnoreMatcher.Entry(rule: $0) }
    return try harness.compare(desired: DifferTests.desired, live: [Self.drifted()])
  }

  @Test func withoutRulesEveryChangeIsReported() throws {
    #expect(try analyse([]).changeSummary == Self.all)
  }

  @Test(arguments: [
    ("Deployment.apps/prod/*", true), ("**", true), ("Deployment.apps/*", false),
    ("Service/**", false),
  ])
  func resourceGlobIgnoresWholeResources(glob: String, ignored: Bool) throws {
    let analysis = try analyse([IgnoreRule(resource: glob)])
    #expect(analysis.drifts.isEmpty == ignored)
    #expect(analysis.summary.ignored == (ignored ? 1 : 0))
    #expect(analysis.summary.resources == (ignored ? 0 : 1))
  }

  @Test(arguments: [
    (["/spec/template/spec/containers/*/image"], [Self.all[0], Self.all[1]]),
    (["/spec/template"], [Self.all[0], Self.all[1]]),
    (["/spec/*"], [Self.all[0]]),
    (["/metadata/labels", "/spec/replicas"], [Self.all[2]]),
    (["/spec/template/spec/containers/*/env"], Self.all),
  ])
  func pathPatternsCoverChildren(paths: [String], remaining: [String]) throws {
    let analysis = try analyse([IgnoreRule(resource: "Deployment.apps/**", paths: paths)])
    #expect(analysis.changeSummary == remaining)
    #expect(analysis.summary.ignored == Self.all.count - remaining.count)
  }

  @Test func managerRulesCoverOnlyThatManager() throws {
    let analysis = try analyse([IgnoreRule(resource: "**", managers: ["kubectl-label"])])
    #expect(analysis.changeSummary == [Self.all[1], Self.all[2]])
    let other = try analyse([IgnoreRule(resource: "**", managers: ["kubectl-edit"])])
    #expect(other.changeSummary == Self.all)
  }

  @Test func expiredRuleIsReportedAndNoLongerApplies() throws {
    let origin = SourceLocation(file: ".drift.yml", line: 12, column: 5)
    let expired = IgnoreRule(
      resource: "**", paths: ["/spec/replicas"], reason: "HPA",
      expires: CalendarDate(year: 2026, month: 6, day: 14),
      origin: origin)
    let matcher = IgnoreMatcher(
      [IgnoreMatcher.Entry(rule: expired)], today: CalendarDate(year: 2026, month: 6, day: 15))
    let diagnostic = try #require(matcher.diagnostics.first)
    #expect(diagnostic.level == .warning)
    #expect(diagnostic.location == origin)
    #expect(diagnostic.message.contains("expired on 2026-06-14"))
    #expect(diagnostic.message.contains("(HPA)"))
    #expect(try analyse([expired]).changeSummary == Self.all)
    var today = expired
    today.expires = CalendarDate(year: 2026, month: 6, day: 15)
    #expect(try analyse([today]).changeSummary == [Self.all[0], Self.all[2]])
    #expect(
      IgnoreMatcher(
        [IgnoreMatcher.Entry(rule: today)], today: CalendarDate(year: 2026, month: 6, day: 15)
      ).diagnostics.isEmpty)
  }

  @Test func driftIgnoreNegationTakesAResourceBack() throws {
    let text = "# all prod deployments but web\nDeployment.apps/prod/*\n!Deployment.apps/prod/web\n"
    var harness = DiffHarness()
    harness.ignore = try DriftIgnoreReader.parse(Array(text.utf8)).map {
      IgnoreMatcher.Entry(rule: $0.rule, negated: $0.negated)
    }
    let desired =
      DifferTests.desired + "\n---\n"
      + DifferTests.desired.replacing("name: web", with: "name: api")
    let analysis = try harness.compare(
      desired: desired, live: [Self.drifted(), Self.drifted(name: "api")])
    #expect(analysis.drifts.map(\.id.address) == ["Deployment.apps/prod/web"])
    #expect(analysis.summary.ignored == 1)
  }

  @Test func driftIgnorePointerLineCoversOneAttribute() throws {
    var harness = DiffHarness()
    harness.ignore = try DriftIgnoreReader.parse(
      Array("Deployment.apps/prod/web#/spec/replicas\n".utf8)
    ).map {
      IgnoreMatcher.Entry(rule: $0.rule, negated: $0.negated)
    }
    let analysis = try harness.compare(desired: DifferTests.desired, live: [Self.drifted()])
    #expect(analysis.changeSummary == [Self.all[0], Self.all[2]])
  }

  @Test func resourceAnnotationIgnoresItsOwnPaths() throws {
    let list = "/spec/replicas, /metadata/labels"
    let desired = DifferTests.desired.replacing(
      "  labels:\n", with: "  annotations:\n    drift.git/ignore: \"\(list)\"\n  labels:\n")
    let live = Self.drifted(annotations: ["drift.git/ignore": .string(list)])
    let analysis = try DiffHarness().compare(desired: desired, live: [live])
    #expect(analysis.changeSummary == [Self.all[2]])
    #expect(analysis.summary.ignored == 2)
  }

  @Test(arguments: [
    ("/spec/*/image", "/spec/containers/image", true),
    ("/spec", "/spec/replicas", true),
    ("/spec/replicas", "/spec", false),
    ("/spec/replica", "/spec/replicas", false),
    ("/metadata/annotations/a~1b", "/metadata/annotations/a~1b", true),
    ("spec", "/spec", false),
  ])
  func pointerPatterns(pattern: String, pointer: String, covers: Bool) throws {
    #expect(
      PointerPattern(pattern).covers(try #require(FieldPath(pointer: pointer))) == covers)
  }
}
