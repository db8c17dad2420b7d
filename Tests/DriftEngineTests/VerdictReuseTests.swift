import DriftEngine
import DriftModel
import DriftReports
import DriftTestSupport
import Foundation
import Git
import Testing

/// A check against a recorded snapshot that reuses the verdicts of the last one reports
/// exactly what a check that reuses nothing reports, whatever changed in between.
@Suite("checks that reuse verdicts of the last check")
struct VerdictReuseTests {
  private static let apps = 12

  /// Both checks of HEAD against the latest snapshot: reusing verdicts, then not; their JSON
  /// and text reports, and how many verdicts the first reused.
  ///
  /// With `keepingReports` false, the report of the last check (see ``ReportMemo``) is deleted
  /// first, so that the verdicts are what is reused.
  private func bothChecks(_ repo: ScratchRepository, keepingReports: Bool = true) throws -> (
    reused: String, fresh: String, count: Int
  ) {
    if !keepingReports {
      try? FileManager.default.removeItem(atPath: repo.path + "/.git/drift/reports")
    }
    func report(reusing: Bool) throws -> (String, Int) {
      var check = Check(revision: "HEAD", sourceName: nil, snapshot: nil, addresses: [])
      check.workspace = Workspace(repository: try Repository(path: repo.path))
      check.reusesVerdicts = reusing
      check.today = CalendarDate(year: 2026, month: 11, day: 30)
      let evaluation: Check.Evaluation
      do {
        evaluation = try check.evaluate()
      } catch {
        return ("error: \(error)", 0)
      }
      let report = evaluation.report
      return (
        JSONReportRenderer().render(report) + TextReportRenderer().render(report),
        evaluation.reusedVerdicts
      )
    }
    let (reused, count) = try report(reusing: true)
    let (fresh, _) = try report(reusing: false)
    return (reused, fresh, count)
  }

  private func record(_ repo: ScratchRepository, _ live: String, minute: Int) throws {
    try repo.recordSnapshot(live, minute: minute)
  }

  private func randomDrifts(_ random: inout SeededGenerator) -> KubernetesWorkload.Drifts {
    func some() -> [Int] {
      (0..<Self.apps).filter { _ in Int.random(in: 0..<5, using: &random) == 0 }
    }
    return KubernetesWorkload.Drifts(
      scaled: some(), imageChanged: some(), envAdded: some(), configEdited: some(),
      deleted: Int.random(in: 0..<3, using: &random) == 0
        ? [Int.random(in: 0..<Self.apps, using: &random)] : [],
      handCreated: Int.random(in: 0..<3, using: &random))
  }

  /// One random change of the desired state, committed: a replica count, a deleted or added
  /// file, a scaler, a hook, or an ignore rule.
  private func changeDesired(
    _ repo: ScratchRepository, _ random: inout SeededGenerator, round: Int
  ) throws -> String {
    let app = Int.random(in: 0..<Self.apps, using: &random)
    let name = "app-" + String(format: "%04d", app)
    let path = "apps/\(name).yaml"
    let file = repo.path + "/" + path
    let choice = Int.random(in: 0..<8, using: &random)
    switch choice {
    case 0:
      guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return "none" }
      try repo.write(
        path,
        text.replacingOccurrences(
          of: "replicas: ", with: "replicas: \(Int.random(in: 1..<9, using: &random))"))
    case 1:
      if FileManager.default.fileExists(atPath: file) { try repo.delete(path) }
    case 2:
      try repo.write(
        "apps/hpa-\(round).yaml",
        """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata:
          name: hpa-\(round)
          namespace: prod
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: \(name)
          minReplicas: 1
          maxReplicas: 5

        """)
    case 3:
      try repo.write(
        "apps/job-\(round).yaml",
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          generateName: migrate-
        spec: {}

        """)
    case 4:
      try repo.write(
        "apps/extra-\(round).yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: extra-\(round)
        data:
          key: "\(round)"

        """)
    case 6:
      // A kind the cluster serves cluster-scoped once its CRD says so: the Widgets of other
      // files change address.
      try repo.write(
        "apps/crd-\(round).yaml",
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          scope: \(Bool.random(using: &random) ? "Cluster" : "Namespaced")
          names:
            kind: Widget
            plural: widgets

        """)
      for file in try FileManager.default.contentsOfDirectory(atPath: repo.path + "/apps")
      where file.hasPrefix("crd-") && file != "crd-\(round).yaml" {
        try repo.delete("apps/" + file)
      }
    case 7:
      try repo.write(
        "apps/widget-\(round).yaml",
        """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: widget-\(round)
        spec:
          size: \(round)

        """)
    default:
      let configuration =
        (try? String(contentsOfFile: repo.path + "/.drift.yml", encoding: .utf8)) ?? ""
      let rules = configuration.contains("ignore:") ? "" : "ignore:\n"
      try repo.write(
        ".drift.yml",
        configuration + rules
          + "  - resource: \"Deployment.apps/prod/\(name)\"\n    paths: [\"/spec/replicas\"]\n")
    }
    _ = try repo.git("add", "-A")
    _ = try repo.git(
      "commit", "-q", "--allow-empty", "-m", "change \(round)",
      env: [
        "GIT_AUTHOR_DATE": "2026-11-01T10:00:00Z", "GIT_COMMITTER_DATE": "2026-11-01T10:00:00Z",
      ])
    return "desired change \(choice) of \(path)"
  }

  @Test(
    "cached and uncached checks agree over seeded random changes", arguments: [1, 2, 3, 4, 5, 6])
  func agreesOverRandomChanges(seed: UInt64) throws {
    let repo = try ScratchRepository()
    defer { repo.remove() }
    try repo.write(".drift.yml", KubernetesWorkload.configuration())
    for file in KubernetesWorkload(apps: Self.apps).desiredFiles() {
      try repo.write(file.path, file.contents)
    }
    _ = try repo.commit("desired", date: "2026-11-01T10:00:00Z")
    var random = SeededGenerator(seed: seed)
    var reusedAny = false
    for round in 0..<8 {
      var changes: [String] = []
      if round == 0 || Bool.random(using: &random) {
        let drifts = randomDrifts(&random)
        try record(
          repo, KubernetesWorkload(apps: Self.apps, drifts: drifts).liveList(), minute: round)
        changes.append("live \(drifts)")
      }
      if round > 0, Bool.random(using: &random) {
        changes.append(try changeDesired(repo, &random, round: round))
      }
      // Twice: the second reuses what the first wrote.
      for pass in 0..<2 {
        let (reused, fresh, count) = try bothChecks(repo)
        #expect(
          reused == fresh,
          "seed \(seed), round \(round), pass \(pass), after \(changes): reports differ")
        if count > 0 { reusedAny = true }
      }
    }
    #expect(reusedAny, "seed \(seed): no verdict was ever reused")
  }

  @Test("a second check with nothing changed compares only what drifted")
  func unchangedReusesInSync() throws {
    let repo = try ScratchRepository()
    defer { repo.remove() }
    try repo.write(".drift.yml", KubernetesWorkload.configuration())
    for file in KubernetesWorkload(apps: Self.apps).desiredFiles() {
      try repo.write(file.path, file.contents)
    }
    _ = try repo.commit("desired", date: "2026-11-01T10:00:00Z")
    let drifts = KubernetesWorkload.Drifts(scaled: [1], deleted: [2])
    try record(repo, KubernetesWorkload(apps: Self.apps, drifts: drifts).liveList(), minute: 0)
    let first = try bothChecks(repo, keepingReports: false)
    #expect(first.count == 0, "nothing to reuse yet")
    let second = try bothChecks(repo, keepingReports: false)
    #expect(second.reused == second.fresh)
    // 12 apps x 3 objects, less the 3 deleted and the one scaled Deployment.
    #expect(second.count == Self.apps * 3 - 3 - 1)
  }

  @Test("a cache file that is truncated or of another context is not used")
  func brokenCacheIsIgnored() throws {
    let repo = try ScratchRepository()
    defer { repo.remove() }
    try repo.write(".drift.yml", KubernetesWorkload.configuration())
    for file in KubernetesWorkload(apps: Self.apps).desiredFiles() {
      try repo.write(file.path, file.contents)
    }
    _ = try repo.commit("desired", date: "2026-11-01T10:00:00Z")
    try record(repo, KubernetesWorkload(apps: Self.apps).liveList(), minute: 0)
    _ = try bothChecks(repo, keepingReports: false)
    let folder = repo.path + "/.git/drift/verdicts"
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
    #expect(names.count == 1)
    for name in names {
      let file = folder + "/" + name
      let data = try #require(FileManager.default.contents(atPath: file))
      try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: file))
    }
    let truncated = try bothChecks(repo, keepingReports: false)
    #expect(truncated.count == 0)
    #expect(truncated.reused == truncated.fresh)
    let again = try bothChecks(repo, keepingReports: false)
    #expect(again.count > 0, "the truncated file was replaced")
    try FileManager.default.removeItem(atPath: folder)
    let deleted = try bothChecks(repo, keepingReports: false)
    #expect(deleted.count == 0)
    #expect(deleted.reused == deleted.fresh)
  }
}
