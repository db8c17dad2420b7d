import DriftEngine
import DriftModel
import DriftReports
import DriftTestSupport
import Foundation
import Git
import Testing

/// A check of the commit the last check judged, against a snapshot in which a few resources
/// changed, patches the last report for those resources; the patched report is exactly a
/// fresh check's, and whatever depends on other resources is judged in full.
@Suite("checks that patch the last report")
struct ReportPatchTests {
  private static let apps = 12
  private static let day = CalendarDate(year: 2026, month: 11, day: 30)

  /// A scaler of app 0's Deployment (its replicas are claimed, so never patched), and a
  /// cluster-scoped kind whose scope only its CRD in another file says.
  private static let extraFiles = [
    (
      "apps/hpa.yaml",
      """
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata:
        name: web
        namespace: prod
      spec:
        scaleTargetRef:
          apiVersion: apps/v1
          kind: Deployment
          name: app-0000
        minReplicas: 1
        maxReplicas: 5

      """
    ),
    (
      "apps/crd.yaml",
      """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: widgets.example.com
      spec:
        group: example.com
        scope: Cluster
        names:
          kind: Widget
          plural: widgets

      """
    ),
    (
      "apps/widget.yaml",
      """
      apiVersion: example.com/v1
      kind: Widget
      metadata:
        name: gear
      spec:
        size: 1

      """
    ),
  ]

  private func workload() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    // App 3's replicas are ignored: a judgement that counts an ignored change is one the
    // report alone does not say.
    try repo.write(
      ".drift.yml",
      KubernetesWorkload.configuration()
        + "ignore:\n  - resource: \"Deployment.apps/prod/app-0003\"\n"
        + "    paths: [\"/spec/replicas\"]\n")
    for file in KubernetesWorkload(apps: Self.apps).desiredFiles() {
      try repo.write(file.path, file.contents)
    }
    for (path, text) in Self.extraFiles { try repo.write(path, text) }
    _ = try repo.commit("desired", date: "2026-11-01T10:00:00Z")
    return repo
  }

  /// The workload's export with the scaler and the widget (of `size`) added, as the API
  /// server returns them.
  ///
  /// With `owned`, they carry the field owners of their `kubectl apply`; without, no export
  /// says who wrote which field of them, and the check warns with a count.
  private func live(
    _ drifts: KubernetesWorkload.Drifts, widgetSize: Int = 1, owned: Bool = false,
    widget: Bool = true, withoutFieldOwners: Bool = false, endpointsIP: String? = nil
  ) throws -> String {
    let text = KubernetesWorkload(apps: Self.apps, drifts: drifts).liveList()
    var list = try #require(
      JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    if withoutFieldOwners {
      // As `kubectl get` exports since Kubernetes 1.21.
      list["items"] = ((list["items"] as? [[String: Any]]) ?? []).map { item in
        var item = item
        var metadata = item["metadata"] as? [String: Any] ?? [:]
        metadata["managedFields"] = nil
        item["metadata"] = metadata
        return item
      }
    }
    let metadata = { (name: String, namespace: String?) -> [String: Any] in
      var fields: [String: Any] = [
        "name": name, "uid": "0f7c1d2e-\(name.count)", "resourceVersion": "41",
        "creationTimestamp": "2026-11-01T10:00:00Z",
      ]
      fields["namespace"] = namespace
      if owned {
        fields["managedFields"] = [
          [
            "manager": "kubectl-client-side-apply", "operation": "Update",
            "apiVersion": "v1", "time": "2026-11-01T10:00:00Z", "fieldsType": "FieldsV1",
            "fieldsV1": ["f:spec": [:] as [String: Any]],
          ]
        ]
      }
      return fields
    }
    let extra: [[String: Any]] = [
      [
        "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
        "metadata": metadata("web", "prod"),
        "spec": [
          "scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "app-0000"],
          "minReplicas": 1, "maxReplicas": 5,
        ],
      ],
      [
        "apiVersion": "example.com/v1", "kind": "Widget", "metadata": metadata("gear", nil),
        "spec": ["size": widgetSize],
      ],
    ]
    var added: [Any] = Array(extra.prefix(widget ? 2 : 1))
    if let endpointsIP {
      // The endpoints controller's object for app 1's Service, as the API server returns it.
      added.append(
        [
          "apiVersion": "v1", "kind": "Endpoints", "metadata": metadata("app-0001", "prod"),
          "subsets": [
            [
              "addresses": [["ip": endpointsIP, "nodeName": "node-1"]],
              "ports": [["port": 8080, "protocol": "TCP"]],
            ]
          ],
        ] as [String: Any])
    }
    list["items"] = ((list["items"] as? [Any]) ?? []) + added
    let data = try JSONSerialization.data(withJSONObject: list, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }

  private func record(_ repo: ScratchRepository, _ live: String, minute: Int) throws {
    try repo.recordSnapshot(live, minute: minute)
  }

  /// A check of HEAD against `snapshot` (the latest when nil): its reports rendered, with how
  /// many resources it judged again when it patched the last report.
  private func check(_ repo: ScratchRepository, snapshot: String? = nil, reusing: Bool = true)
    throws -> (text: String, patched: Int?)
  {
    var check = Check(revision: "HEAD", sourceName: nil, snapshot: snapshot, addresses: [])
    check.workspace = Workspace(repository: try Repository(path: repo.path))
    check.reusesVerdicts = reusing
    check.today = Self.day
    let evaluation = try check.evaluate()
    let report = evaluation.report
    let inSync = report.inSync.map { "\($0.source) \($0.type) \($0.address)" }
    return (
      JSONReportRenderer().render(report) + TextReportRenderer().render(report)
        + inSync.joined(separator: "\n"),
      evaluation.patchedResources
    )
  }

  /// The patched (or reused) report and a fresh check's, which must be equal.
  private func bothChecks(_ repo: ScratchRepository, snapshot: String? = nil) throws -> (
    kept: String, fresh: String, patched: Int?
  ) {
    let kept = try check(repo, snapshot: snapshot)
    let fresh = try check(repo, snapshot: snapshot, reusing: false)
    return (kept.text, fresh.text, kept.patched)
  }

  private func latestSnapshot(_ repo: ScratchRepository) throws -> String {
    try repo.git("rev-parse", "refs/drift/snapshots/prod-k8s").trimmingCharacters(
      in: .whitespacesAndNewlines)
  }

  @Test("patched and fresh checks agree over seeded random live changes", arguments: 1...6)
  func agreesOverRandomLiveChanges(seed: UInt64) throws {
    let repo = try workload()
    defer { repo.remove() }
    var random = SeededGenerator(seed: seed)
    // App 0's Deployment, whose replicas its scaler claims, never patches: it changes rarely.
    func some() -> [Int] {
      (0..<Self.apps).filter { app in
        Int.random(in: 0..<4, using: &random) == 0
          && (app != 0 || Int.random(in: 0..<4, using: &random) == 0)
      }
    }
    var patchedRounds = 0
    for round in 0..<10 {
      // Mostly edits of live objects; now and then one deleted or made by hand, which no
      // patch may answer.
      let drifts = KubernetesWorkload.Drifts(
        scaled: some(), imageChanged: some(), envAdded: some(), configEdited: some(),
        deleted: Int.random(in: 0..<10, using: &random) == 0
          ? [Int.random(in: 0..<Self.apps, using: &random)] : [],
        handCreated: Int.random(in: 0..<10, using: &random) == 0 ? 1 : 0)
      let size = Int.random(in: 1...2, using: &random)
      let previous = round == 0 ? nil : try latestSnapshot(repo)
      try record(
        repo,
        try live(
          drifts, widgetSize: size, owned: seed % 2 == 0, withoutFieldOwners: seed % 3 == 0,
          endpointsIP: "10.0.0.\(Int.random(in: 1...3, using: &random))"),
        minute: round)
      let changes = "\(drifts), widget size \(size)"
      if let previous, Bool.random(using: &random) {
        // The report kept last is another selection's.
        let other = try bothChecks(repo, snapshot: previous)
        #expect(
          other.kept == other.fresh,
          "seed \(seed), round \(round), the previous snapshot: reports differ")
      }
      let (kept, fresh, patched) = try bothChecks(repo)
      #expect(kept == fresh, "seed \(seed), round \(round), after \(changes): reports differ")
      if let patched, patched > 0 { patchedRounds += 1 }
    }
    #expect(patchedRounds > 0, "seed \(seed): no report was ever patched")
  }

  @Test("a changed resource is judged again alone, its kind's scope read from its CRD's file")
  func patchesOnlyTheChangedResources() throws {
    let repo = try workload()
    defer { repo.remove() }
    try record(repo, try live(.init(scaled: [3])), minute: 0)
    #expect(try check(repo).patched == nil)
    try record(repo, try live(.init(scaled: [3, 5]), widgetSize: 2), minute: 1)
    let (kept, fresh, patched) = try bothChecks(repo)
    #expect(kept == fresh)
    #expect(patched == 2, "the Deployment of app 5 and the widget")
    #expect(fresh.contains("Widget.example.com/gear"))
    #expect(!fresh.contains("Widget.example.com/prod/gear"))
  }

  @Test(
    "resources removed (their desired ones missing) or made by hand are patched",
    arguments: [
      (KubernetesWorkload.Drifts(deleted: [2]), 3), (.init(handCreated: 2), 2),
      (.init(scaled: [4], deleted: [2, 7], handCreated: 1), 8),
    ])
  func patchesAddedAndRemoved(drifts: KubernetesWorkload.Drifts, count: Int) throws {
    let repo = try workload()
    defer { repo.remove() }
    try record(repo, try live(.init(), owned: true), minute: 0)
    _ = try check(repo)
    try record(repo, try live(drifts, owned: true), minute: 1)
    let (kept, fresh, patched) = try bothChecks(repo)
    #expect(kept == fresh)
    #expect(patched == count)
    // And back.
    try record(repo, try live(.init(), owned: true), minute: 2)
    let back = try bothChecks(repo)
    #expect(back.kept == back.fresh)
    #expect(back.patched == count)
  }

  @Test(
    "what depends on other resources is judged in full: claims, warning counts, the scope",
    arguments: [
      (KubernetesWorkload.Drifts(scaled: [0]), true, true), (.init(deleted: [2]), false, true),
      // The only Widget: without it, its kind is not exported, and the desired one not missing.
      (.init(), true, false),
    ])
  func givesUpOnWhatDependsOnOthers(
    drifts: KubernetesWorkload.Drifts, owned: Bool, widget: Bool
  ) throws {
    let repo = try workload()
    defer { repo.remove() }
    try record(repo, try live(.init(), owned: owned), minute: 0)
    _ = try check(repo)
    try record(repo, try live(drifts, owned: owned, widget: widget), minute: 1)
    let (kept, fresh, patched) = try bothChecks(repo)
    #expect(kept == fresh)
    #expect(patched == nil)
  }

  @Test("a patched report is patched again, and a commit that changes nothing else is not")
  func chainsPatchesPerCommit() throws {
    let repo = try workload()
    defer { repo.remove() }
    try record(repo, try live(.init()), minute: 0)
    _ = try check(repo)
    for (minute, app) in [1, 4, 7].enumerated() {
      try record(repo, try live(.init(imageChanged: [app])), minute: minute + 1)
      let (kept, fresh, patched) = try bothChecks(repo)
      #expect(kept == fresh, "minute \(minute + 1)")
      // The image of this app changed, and of the app before changed back.
      #expect(patched == (minute == 0 ? 1 : 2), "minute \(minute + 1)")
    }
    try repo.write("README.md", "docs\n")
    _ = try repo.commit("docs", date: "2026-11-02T10:00:00Z")
    try record(repo, try live(.init(imageChanged: [9])), minute: 5)
    let (kept, fresh, patched) = try bothChecks(repo)
    #expect(kept == fresh)
    #expect(patched == nil, "provenance reads the history of another commit")
  }

  @Test(
    "with two sources, each source's part of the report is patched in its place", arguments: 1...3)
  func patchesEachSourceInPlace(seed: UInt64) throws {
    let repo = try ScratchRepository()
    defer { repo.remove() }
    try repo.write(
      ".drift.yml",
      KubernetesWorkload.configuration()
        + """
          - name: staging-k8s
            format: kubernetes
            paths: ["staging/**/*.yaml"]
            namespace: staging

        """)
    for file in KubernetesWorkload(apps: Self.apps).desiredFiles() {
      try repo.write(file.path, file.contents)
    }
    for file in KubernetesWorkload(apps: 6, namespace: "staging").desiredFiles() {
      try repo.write("staging/" + file.path.dropFirst("apps/".count), file.contents)
    }
    _ = try repo.commit("desired", date: "2026-11-01T10:00:00Z")
    var random = SeededGenerator(seed: seed)
    func some(_ apps: Int) -> [Int] {
      (0..<apps).filter { _ in Int.random(in: 0..<4, using: &random) == 0 }
    }
    var patchedRounds = 0
    for round in 0..<6 {
      for (source, namespace, apps) in [
        ("prod-k8s", "prod", Self.apps), ("staging-k8s", "staging", 6),
      ]
      where round == 0 || Bool.random(using: &random) {
        let drifts = KubernetesWorkload.Drifts(
          scaled: some(apps), imageChanged: some(apps), configEdited: some(apps),
          deleted: Int.random(in: 0..<4, using: &random) == 0 ? [1] : [],
          handCreated: Int.random(in: 0..<4, using: &random) == 0 ? 1 : 0)
        let export = repo.root + "/\(source).json"
        let text = KubernetesWorkload(apps: apps, namespace: namespace, drifts: drifts).liveList()
        try Data(text.utf8).write(to: URL(fileURLWithPath: export))
        let result = try GitDriftExecutable.run(
          [
            "snapshot", "record", "--source", source, "--at",
            String(format: "2026-11-20T10:%02d:00Z", round), export,
          ], in: repo.path)
        #expect(result.status == 0, "\(result.stderr)")
      }
      let (kept, fresh, patched) = try bothChecks(repo)
      #expect(kept == fresh, "seed \(seed), round \(round): reports differ")
      if let patched, patched > 0 { patchedRounds += 1 }
    }
    #expect(patchedRounds > 0, "seed \(seed): no report was ever patched")
  }

  @Test("the cluster's object for a live Service is patched; with the Service gone, it is not")
  func patchesClusterObjectsOfLiveOwners() throws {
    let repo = try workload()
    defer { repo.remove() }
    try record(repo, try live(.init(), owned: true, endpointsIP: "10.0.0.1"), minute: 0)
    _ = try check(repo)
    try record(repo, try live(.init(), owned: true, endpointsIP: "10.0.0.2"), minute: 1)
    let moved = try bothChecks(repo)
    #expect(moved.kept == moved.fresh)
    #expect(moved.patched == 1)
    // The cluster's, not unmanaged: listed nowhere.
    #expect(!moved.fresh.contains("Endpoints/prod/app-0001"))
    try record(
      repo, try live(.init(deleted: [1]), owned: true, endpointsIP: "10.0.0.3"), minute: 2)
    let orphaned = try bothChecks(repo)
    #expect(orphaned.kept == orphaned.fresh)
    #expect(orphaned.patched == nil)
  }

  @Test("a kept report cut short anywhere is not patched from")
  func truncatedBasisIsIgnored() throws {
    let repo = try workload()
    defer { repo.remove() }
    try record(repo, try live(.init()), minute: 0)
    _ = try check(repo)
    let folder = repo.path + "/.git/drift/reports"
    let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first)
    let whole = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
    try record(repo, try live(.init(configEdited: [6])), minute: 1)
    let fresh = try check(repo, reusing: false).text
    for length in stride(from: 0, to: whole.count, by: max(1, whole.count / 40)) {
      try? FileManager.default.removeItem(atPath: folder)
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      try whole.prefix(length).write(to: URL(fileURLWithPath: folder + "/" + name))
      let kept = try check(repo)
      #expect(kept.text == fresh, "cut at \(length)")
      #expect(kept.patched == nil, "cut at \(length)")
    }
  }
}
