import DriftEngine
import DriftModel
import DriftReports
import DriftTestSupport
import Foundation
import Git
import Testing

/// A check whose inputs all equal the last check's reuses its whole report, and only then.
@Suite("checks that reuse the last report")
struct ReportMemoTests {
  private static let apps = 6
  private static let day = CalendarDate(year: 2026, month: 11, day: 30)

  /// A check of `revision` against the latest snapshot: its JSON and text reports, and
  /// whether it was the last check's report.
  private func check(
    _ repo: ScratchRepository, revision: String = "HEAD", reusing: Bool = true,
    today: CalendarDate = day
  ) throws -> (text: String, memo: Bool) {
    var check = Check(revision: revision, sourceName: nil, snapshot: nil, addresses: [])
    check.workspace = Workspace(repository: try Repository(path: repo.path))
    check.reusesVerdicts = reusing
    check.today = today
    let evaluation = try check.evaluate()
    let report = evaluation.report
    let inSync = report.inSync.map { "\($0.source) \($0.type) \($0.address)" }
    return (
      JSONReportRenderer().render(report) + TextReportRenderer().render(report)
        + JUnitReportRenderer().render(report) + inSync.joined(separator: "\n"),
      evaluation.reusedReport
    )
  }

  private func record(_ repo: ScratchRepository, _ live: String, minute: Int) throws {
    try repo.recordSnapshot(live, minute: minute)
  }

  private func workload() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", KubernetesWorkload.configuration())
    for file in KubernetesWorkload(apps: Self.apps).desiredFiles() {
      try repo.write(file.path, file.contents)
    }
    _ = try repo.commit("desired", date: "2026-11-01T10:00:00Z")
    return repo
  }

  private let drifted = KubernetesWorkload.Drifts(
    scaled: [1], imageChanged: [2], configEdited: [3], deleted: [4], handCreated: 1)

  @Test("a second check with nothing changed is the first one's report, to the byte")
  func unchangedIsReused() throws {
    let repo = try workload()
    defer { repo.remove() }
    try record(repo, KubernetesWorkload(apps: Self.apps, drifts: drifted).liveList(), minute: 0)
    let first = try check(repo)
    #expect(!first.memo)
    let second = try check(repo)
    #expect(second.memo)
    #expect(second.text == first.text)
    #expect(second.text == (try check(repo, reusing: false)).text)
    #expect(second.text.contains("hand-00"), "the report holds the drift")
  }

  @Test("any changed input is a new report: snapshot tree, commit, day, revision")
  func changedInputsAreNotReused() throws {
    let repo = try workload()
    defer { repo.remove() }
    try record(repo, KubernetesWorkload(apps: Self.apps, drifts: drifted).liveList(), minute: 0)
    _ = try check(repo)
    // The same tree recorded again: reused, with the new snapshot's header.
    try record(repo, KubernetesWorkload(apps: Self.apps, drifts: drifted).liveList(), minute: 5)
    let again = try check(repo)
    let fresh = try check(repo, reusing: false)
    #expect(again.text == fresh.text)
    #expect(again.text.contains("2026-11-20T10:05:00Z"))
    // Another live state.
    let scaled = KubernetesWorkload.Drifts(scaled: [0, 1])
    try record(repo, KubernetesWorkload(apps: Self.apps, drifts: scaled).liveList(), minute: 10)
    let live = try check(repo)
    #expect(!live.memo)
    #expect(live.text == (try check(repo, reusing: false)).text)
    #expect(try check(repo).memo)
    // A commit that changes no manifest still changes provenance's history.
    try repo.write("README.md", "notes\n")
    _ = try repo.commit("notes", date: "2026-11-02T10:00:00Z")
    #expect(!(try check(repo)).memo)
    #expect(try check(repo).memo)
    // Ignore rules expire by the day.
    let tomorrow = CalendarDate(year: 2026, month: 12, day: 1)
    #expect(!(try check(repo, today: tomorrow)).memo)
    // Each revision name is its own selection, and its report names it.
    let byName = try check(repo, revision: "main")
    #expect(!byName.memo)
    #expect(byName.text.contains("\"ref\": \"main\""))
    #expect(try check(repo, revision: "main").text == byName.text)
  }

  @Test("a report that is truncated, or of another key, is not used, at every length")
  func truncatedMemo() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "reports-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let memo = ReportMemo(directory: folder, selection: ["HEAD", "", ""])
    let key = VerdictCache.context(["one"])
    let desired = DriftReport.Desired(commit: String(repeating: "a", count: 40), ref: "HEAD")
    let snapshots = [DriftReport.Snapshot(source: "s", id: "b", capturedAt: "2026-01-01T00:00:00Z")]
    var summary = DriftReport.Summary()
    summary.inSync = 2
    summary.modified = 1
    let drift = Drift(
      kind: .modified, source: "s", id: ResourceID(type: "ConfigMap", address: "ConfigMap/p/é"),
      location: SourceLocation(file: "a.yaml", line: 3, column: 1), severity: .high,
      changes: [
        Change(
          .replace, at: FieldPath(["data", "a/b"]), desired: .string("x"),
          live: .sensitive(digest: "hmac-sha256:00"), line: 4,
          actor: Actor(manager: "kubectl-edit", time: "2026-01-01T00:00:00Z"),
          provenance: .outOfBand)
      ])
    var report = DriftReport(
      desired: desired, snapshots: snapshots, summary: summary, drifts: [drift],
      diagnostics: [Diagnostic(.warning, "expired", at: SourceLocation(file: ".drift.yml"))])
    report.inSync = [
      DriftReport.InSync(source: "s", type: "Service", address: "Service/p/a"),
      DriftReport.InSync(source: "s", type: "Deployment.apps", address: "Deployment.apps/p/b"),
    ]
    memo.save(report, key: key)
    let loaded = try #require(memo.load(key: key, desired: desired, snapshots: snapshots))
    #expect(JSONReportRenderer().render(loaded) == JSONReportRenderer().render(report))
    #expect(loaded.inSync == report.inSync)
    #expect(memo.load(key: VerdictCache.context(["two"]), desired: desired, snapshots: []) == nil)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
    let file = folder + "/" + (try #require(names.first))
    let bytes = try #require(FileManager.default.contents(atPath: file))
    for length in 0..<bytes.count {
      try bytes.prefix(length).write(to: URL(fileURLWithPath: file))
      #expect(
        memo.load(key: key, desired: desired, snapshots: snapshots) == nil,
        "\(length) of \(bytes.count) bytes")
    }
  }

  @Test("the kept report holds no Secret value in clear")
  func noSecretInClear() throws {
    let repo = try workload()
    defer { repo.remove() }
    let desiredValue = "desired-password-81f3"
    let liveValue = "live-password-c20e"
    func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
    try repo.write(
      "apps/secret.yaml",
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: db
        namespace: prod
      data:
        password: \(base64(desiredValue))

      """)
    _ = try repo.commit("secret", date: "2026-11-01T11:00:00Z")
    let list = KubernetesWorkload(apps: Self.apps).liveList()
    var parsed = try #require(
      try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [String: Any])
    var items = try #require(parsed["items"] as? [Any])
    items.append([
      "apiVersion": "v1", "kind": "Secret",
      "metadata": ["name": "db", "namespace": "prod"],
      "data": ["password": base64(liveValue)],
    ])
    parsed["items"] = items
    let live = try JSONSerialization.data(withJSONObject: parsed)
    try record(repo, String(decoding: live, as: UTF8.self), minute: 0)
    let first = try check(repo)
    #expect(first.text.contains("Secret/prod/db"), "the Secret drifted")
    #expect(try check(repo).memo)
    let folder = repo.path + "/.git/drift/reports"
    for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
      let stored = String(
        decoding: try #require(FileManager.default.contents(atPath: folder + "/" + name)),
        as: UTF8.self)
      for clear in [desiredValue, liveValue, base64(desiredValue), base64(liveValue)] {
        #expect(!stored.contains(clear), "\(clear) is in \(name)")
      }
    }
  }

  @Test("git drift check twice prints the same report and exits the same")
  func commandLine() throws {
    let repo = try workload()
    defer { repo.remove() }
    try record(repo, KubernetesWorkload(apps: Self.apps, drifts: drifted).liveList(), minute: 0)
    let first = try GitDriftExecutable.run(["check", "--format", "json"], in: repo.path)
    #expect(first.status == 1, "\(first.stderr)")
    let second = try GitDriftExecutable.run(["check", "--format", "json"], in: repo.path)
    #expect(second.status == first.status)
    #expect(second.stdout == first.stdout)
    #expect(second.stderr == first.stderr)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: repo.path + "/.git/drift/reports")
        .count == 1)
    try repo.fsck()
  }

  /// A Kustomize source (one overlay of one base) with a snapshot recorded in which its
  /// ConfigMap's value was edited.
  private func kustomizeRepository() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    try repo.write(
      ".drift.yml",
      "version: 1\nsources:\n  - name: prod\n    format: kustomize\n    paths: [\"overlays/prod\"]\n"
    )
    try repo.write(
      "base/cm.yaml",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  LEVEL: info\n")
    try repo.write("base/kustomization.yaml", "resources:\n  - cm.yaml\n")
    try repo.write(
      "overlays/prod/kustomization.yaml",
      "namespace: prod\nresources:\n  - ../../base\ncommonLabels:\n  tier: web\n")
    _ = try repo.commit("overlay", date: "2026-11-01T10:00:00Z")
    let live = """
      {"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "settings", "namespace": "prod", "labels": {"tier": "web"}},
         "data": {"LEVEL": "debug"}}]}
      """
    try record(repo, live, minute: 0)
    return repo
  }

  @Test("a Kustomize source's report is reused too, and equals a fresh check")
  func kustomizeIsReused() throws {
    let repo = try kustomizeRepository()
    defer { repo.remove() }
    let first = try check(repo)
    #expect(first.text.contains("ConfigMap/prod/settings"), "the edited value drifted")
    let second = try check(repo)
    #expect(second.memo)
    #expect(second.text == first.text)
    #expect(second.text == (try check(repo, reusing: false)).text)
  }

  @Test("another kustomize binary on PATH is another key: the report is computed again")
  func kustomizeToolIsKeyed() throws {
    let repo = try kustomizeRepository()
    defer { repo.remove() }
    let reports = repo.path + "/.git/drift/reports"
    /// The inode of the one report file: a file written again is a new one (renamed over).
    func reportFile() throws -> Int {
      let names = try FileManager.default.contentsOfDirectory(atPath: reports)
      #expect(names.count == 1)
      let attributes = try FileManager.default.attributesOfItem(
        atPath: reports + "/" + (try #require(names.first)))
      return try #require((attributes[.systemFileNumber] as? NSNumber)?.intValue)
    }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let arguments = ["check", "--format", "json"]
    let first = try GitDriftExecutable.run(arguments, in: repo.path, env: ["PATH": path])
    #expect(first.status == 1, "\(first.stderr)")
    let written = try reportFile()
    let again = try GitDriftExecutable.run(arguments, in: repo.path, env: ["PATH": path])
    #expect(again.stdout == first.stdout)
    #expect(try reportFile() == written, "the same kustomize: the kept report is read")
    // A kubectl of another size first on PATH, as an upgrade would be.
    let tools = repo.root + "/tools"
    try FileManager.default.createDirectory(atPath: tools, withIntermediateDirectories: true)
    let kubectl = try #require(
      path.split(separator: ":").map { "\($0)/kubectl" }.first {
        FileManager.default.isExecutableFile(atPath: $0)
      })
    let wrapper = tools + "/kubectl"
    try Data("#!/bin/sh\nexec \(kubectl) \"$@\"\n".utf8).write(to: URL(fileURLWithPath: wrapper))
    #expect(chmod(wrapper, 0o755) == 0)
    let upgraded = try GitDriftExecutable.run(
      arguments, in: repo.path, env: ["PATH": tools + ":" + path])
    #expect(upgraded.status == 1, "\(upgraded.stderr)")
    #expect(upgraded.stdout == first.stdout)
    #expect(try reportFile() != written, "another kustomize: the report is computed again")
  }
}
