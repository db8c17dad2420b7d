import DriftDiff
import DriftModel
import Testing

/// Fields present live but absent from the desired manifest: drift only when an out-of-band
/// manager wrote them, reported with that manager and time.
@Suite struct FieldOwnershipTests {
  static let deployed = managed(
    "argocd", time: "2026-01-01T00:00:00Z",
    fields: [
      "f:spec": [
        "f:replicas": [:],
        "f:template": [
          "f:spec": [
            "f:containers": [
              #"k:{"name":"app"}"#: [
                ".": [:], "f:image": [:],
                "f:env": [#"k:{"name":"A"}"#: [".": [:], "f:name": [:], "f:value": [:]]],
              ]
            ]
          ]
        ],
      ]
    ])

  /// The field set of a manager that wrote only `fields` of the `app` container.
  static func appContainer(_ fields: Value) -> Value {
    ["f:spec": ["f:template": ["f:spec": ["f:containers": [#"k:{"name":"app"}"#: fields]]]]]
  }

  @Test func envVarInsertedLiveByKubectlEditIsAnAddAtTheLiveIndex() throws {
    let edit = managed(
      "kubectl-edit", time: "2026-05-04T12:00:00Z",
      fields: Self.appContainer([
        "f:env": [#"k:{"name":"B"}"#: [".": [:], "f:name": [:], "f:value": [:]]]
      ]))
    let app = DifferTests.app.setting(
      "env", to: [["name": "B", "value": "injected"], ["name": "A", "value": "1"]])
    let live = DifferTests.live(
      containers: [app, DifferTests.sidecar], managedFields: [Self.deployed, edit])
    let analysis = try DiffHarness().compare(desired: DifferTests.desired, live: [live])
    let drift = try #require(analysis.drifts.first)
    #expect(
      drift.changes == [
        Change(
          .add, at: FieldPath(["spec", "template", "spec", "containers", "0", "env", "0"]),
          desired: nil,
          live: ["name": "B", "value": "injected"],
          actor: Actor(manager: "kubectl-edit", operation: "Update", time: "2026-05-04T12:00:00Z"))
      ])
    #expect(drift.actor?.manager == "kubectl-edit")
  }

  @Test func liveLabelAddedOutOfBandIsAnAdd() throws {
    let edit = managed(
      "kubectl-label", time: "2026-05-05T08:00:00Z",
      fields: ["f:metadata": ["f:labels": ["f:owner": [:]]]])
    let live = DifferTests.live(
      labels: ["tier": "front", "owner": "bob"], managedFields: [Self.deployed, edit])
    let analysis = try DiffHarness().compare(desired: DifferTests.desired, live: [live])
    let change = try #require(analysis.drifts.first?.changes.first)
    #expect(analysis.changeSummary == ["add /metadata/labels/owner"])
    #expect(change.live == "bob")
    #expect(change.desired == nil)
    #expect(change.actor?.manager == "kubectl-label")
  }

  @Test(arguments: [
    ("argocd", "Update", false),
    ("kubectl-client-side-apply", "Update", false),
    ("kube-controller-manager", "Update", false),
    ("kubectl-patch", "Update", true),
    ("kubectl-edit", "Update", true),
    ("hpa-tuner", "Apply", true),
    ("argocd-controller", "Apply", true),
  ])
  func undeclaredFieldIsDriftOnlyWhenWrittenOutOfBand(
    manager: String, operation: String, isDrift: Bool
  ) throws {
    let writer = managed(
      manager, operation, time: "2026-04-01T09:30:00Z",
      fields: ["f:spec": ["f:progressDeadlineSeconds": [:]]])
    let live = DifferTests.live(
      managedFields: [Self.deployed, writer], extraSpec: [Member("progressDeadlineSeconds", 900)])
    let analysis = try DiffHarness().compare(desired: DifferTests.desired, live: [live])
    if isDrift {
      let change = try #require(analysis.drifts.first?.changes.first)
      #expect(analysis.changeSummary == ["add /spec/progressDeadlineSeconds"])
      #expect(change.live == 900)
      #expect(
        change.actor == Actor(manager: manager, operation: operation, time: "2026-04-01T09:30:00Z"))
    } else {
      #expect(analysis.drifts.isEmpty, "\(analysis.changeSummary)")
      #expect(analysis.summary.inSync == 1)
    }
  }

  @Test func unownedUndeclaredFieldIsNotDrift() throws {
    let live = DifferTests.live(
      managedFields: [Self.deployed], extraSpec: [Member("progressDeadlineSeconds", 600)])
    let analysis = try DiffHarness().compare(desired: DifferTests.desired, live: [live])
    #expect(analysis.drifts.isEmpty, "\(analysis.changeSummary)")
  }

  @Test func replaceNamesTheOutOfBandWriter() throws {
    let scaler = managed(
      "ops-script", time: "2026-03-03T03:03:03Z", fields: ["f:spec": ["f:replicas": [:]]])
    let live = DifferTests.live(replicas: 9, managedFields: [Self.deployed, scaler])
    let analysis = try DiffHarness().compare(desired: DifferTests.desired, live: [live])
    let change = try #require(analysis.drifts.first?.changes.first)
    #expect(change.operation == .replace)
    #expect(
      change.actor
        == Actor(manager: "ops-script", operation: "Update", time: "2026-03-03T03:03:03Z"))
  }

  @Test("a long keyed list matches by key, and a change names the writer at its live index")
  func changeInLongReorderedListNamesWriterOfTheLiveElement() throws {
    let names = (0..<20).map { "V\($0)" }
    let desired =
      DifferTests.desired.replacing(
        "          env:\n            - name: A\n              value: \"1\"\n",
        with: "          env:\n"
          + names.map { "            - {name: \($0), value: \"1\"}\n" }.joined())
    let env: [Value] = names.reversed().map {
      ["name": .string($0), "value": $0 == "V7" ? "2" : "1"]
    }
    let edit = managed(
      "kubectl-edit", time: "2026-05-04T12:00:00Z",
      fields: Self.appContainer(["f:env": [#"k:{"name":"V7"}"#: ["f:value": [:]]]]))
    let app = DifferTests.app.setting("env", to: .array(env))
    let live = DifferTests.live(
      containers: [app, DifferTests.sidecar], managedFields: [Self.deployed, edit])
    let analysis = try DiffHarness().compare(desired: desired, live: [live])
    let change = try #require(analysis.drifts.first?.changes.first)
    #expect(analysis.changeSummary == ["replace /spec/template/spec/containers/0/env/7/value"])
    #expect(change.desired == "1")
    #expect(change.live == "2")
    #expect(change.actor?.manager == "kubectl-edit")
  }

  @Test func ownersAreListedMostRecentFirst() throws {
    let older = managed("a", time: "2026-01-01T00:00:00Z", fields: ["f:spec": ["f:replicas": [:]]])
    let newer = managed("b", time: "2026-02-01T00:00:00Z", fields: ["f:spec": ["f:replicas": [:]]])
    let other = managed("c", time: "2026-03-01T00:00:00Z", fields: ["f:spec": ["f:paused": [:]]])
    let live: Value = ["spec": ["replicas": 3, "paused": true]]
    let ownership = FieldOwnership(managedFields: [older, newer, other])
    #expect(
      ownership.owners(of: FieldPath(["spec", "replicas"]), in: live).map(\.manager) == ["b", "a"])
    #expect(ownership.owners(of: FieldPath(["spec"]), in: live).map(\.manager) == ["c", "b", "a"])
    #expect(ownership.owners(of: FieldPath(["spec", "missing"]), in: live).isEmpty)
  }

  @Test("a server default is not drift, even when an out-of-band manager owns it")
  func serverDefaultOwnedOutOfBandIsNotDrift() throws {
    let creator = managed(
      "kubectl-create", "Update", time: "2026-04-01T09:30:00Z",
      fields: ["f:spec": ["f:progressDeadlineSeconds": [:]]])
    let live = DifferTests.live(
      managedFields: [Self.deployed, creator], extraSpec: [Member("progressDeadlineSeconds", 600)])
    let analysis = try DiffHarness().compare(desired: DifferTests.desired, live: [live])
    #expect(analysis.drifts.isEmpty, "\(analysis.changeSummary)")
  }
}
