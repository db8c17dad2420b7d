import DriftEngine
import DriftFormats
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

/// The reproductions of issue 18: accept must never commit a manifest that does not re-check in
/// sync, whatever the list, line ending or number of documents.
@Suite("accept never corrupts: every edit re-checked before a branch is written")
struct AcceptSafetyTests {
  /// A repository with `files` committed and `live` (a kubectl List) as the export.
  private func session(
    _ files: [(String, [UInt8])], live: String, targets: [String] = []
  ) throws -> (ScratchRepository, RecoverySession, String) {
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", KubernetesWorkload.configuration())
    for (path, bytes) in files { try repo.write(path, bytes: bytes) }
    _ = try repo.commit("Desired", date: "2026-11-01T09:00:00Z")
    let export = repo.root + "/live.json"
    try Data(live.utf8).write(to: URL(fileURLWithPath: export))
    let session = try RecoverySession(
      targets: targets, sourceName: nil, snapshot: export, revision: "HEAD",
      workspace: Workspace(repository: try Repository(path: repo.path)))
    return (repo, session, export)
  }

  /// The drifts left when the branch is checked against the same export.
  private func recheck(_ repo: ScratchRepository, branch: String, export: String) throws -> [Drift]
  {
    var check = Check(revision: branch, sourceName: nil, snapshot: export, addresses: [])
    check.workspace = Workspace(repository: try Repository(path: repo.path))
    return try check.evaluate().report.drifts
  }

  /// The lines `git diff --numstat` counts between the desired commit and the branch, without
  /// the post-mortem.
  private func changedLines(_ repo: ScratchRepository, branch: String) throws -> [String: Int] {
    var lines: [String: Int] = [:]
    for row in try repo.git("diff", "--numstat", "HEAD", branch).split(separator: "\n") {
      let fields = row.split(separator: "\t")
      guard fields.count == 3, !fields[2].hasPrefix("docs/postmortems/") else { continue }
      lines[String(fields[2])] = (Int(fields[0]) ?? 0) + (Int(fields[1]) ?? 0)
    }
    return lines
  }

  /// The failure of `body`, nil when it succeeds.
  private func refusal<T>(_ body: () throws(Failure) -> T) -> Failure? {
    do {
      _ = try body()
      return nil
    } catch {
      return error
    }
  }

  private func list(_ items: [String]) -> String {
    #"{"apiVersion": "v1", "kind": "List", "items": ["# + items.joined(separator: ",\n") + "]}"
  }

  private func configMap(_ name: String, _ data: String) -> String {
    #"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "\#(name)", "namespace": "prod", "uid": "u-\#(name)", "resourceVersion": "3"}, "data": {\#(data)}}"#
  }

  @Test("an env item kubectl-edit inserted mid-list goes between its neighbours")
  func midListEnvInsert() throws {
    let manifest = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: api
      spec:
        replicas: 2
        selector:
          matchLabels: {app: api}
        template:
          metadata:
            labels: {app: api}
          spec:
            containers:
              - name: api
                image: api:1.0
                env:
                  - name: LOG_LEVEL
                    value: info
                  - name: DB_PASSWORD
                    valueFrom:
                      secretKeyRef: {name: db, key: password}

      """
    let container = #"{\"name\":\"api\"}"#
    let applier = """
      {"manager": "kubectl-client-side-apply", "operation": "Update", "time": "2026-11-01T10:00:00Z", "fieldsV1": {"f:spec": {"f:replicas": {}, "f:template": {"f:spec": {"f:containers": {"k:\(container)": {".": {}, "f:image": {}, "f:name": {}, "f:env": {".": {}, "k:{\\"name\\":\\"LOG_LEVEL\\"}": {".": {}, "f:name": {}, "f:value": {}}, "k:{\\"name\\":\\"DB_PASSWORD\\"}": {".": {}, "f:name": {}, "f:valueFrom": {}}}}}}}}}}
      """
    let editor = """
      {"manager": "kubectl-edit", "operation": "Update", "time": "2026-11-05T08:30:00Z", "fieldsV1": {"f:spec": {"f:template": {"f:spec": {"f:containers": {"k:\(container)": {"f:env": {"k:{\\"name\\":\\"FEATURE_X\\"}": {".": {}, "f:name": {}, "f:value": {}}}}}}}}}}
      """
    let live = list([
      """
      {"apiVersion": "apps/v1", "kind": "Deployment",
       "metadata": {"name": "api", "namespace": "prod", "uid": "u1", "resourceVersion": "9",
         "managedFields": [\(applier), \(editor)]},
       "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "api"}},
         "template": {"metadata": {"labels": {"app": "api"}}, "spec": {"containers": [
           {"name": "api", "image": "api:1.0", "env": [
             {"name": "LOG_LEVEL", "value": "info"},
             {"name": "FEATURE_X", "value": "enabled"},
             {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}]}]}}}}
      """
    ])
    let (repo, session, export) = try session([("apps/api.yaml", Array(manifest.utf8))], live: live)
    defer { repo.remove() }
    #expect(session.drifts.count == 1)
    let outcome = try AcceptRun().run(session)
    let edited = try repo.git("show", "\(outcome.branch):apps/api.yaml")
    let item = String(repeating: " ", count: 12)
    let expected = [
      "- name: LOG_LEVEL", "  value: info", "- name: FEATURE_X", "  value: enabled",
      "- name: DB_PASSWORD", "  valueFrom:", "    secretKeyRef: {name: db, key: password}",
    ].map { item + $0 }.joined(separator: "\n")
    #expect(edited.contains(expected), "\(edited)")
    #expect(try changedLines(repo, branch: outcome.branch) == ["apps/api.yaml": 2])
    #expect(try recheck(repo, branch: outcome.branch, export: export).isEmpty)
    try repo.fsck()
  }

  @Test("a CRLF ConfigMap keeps its CRLF endings and changes one line")
  func crlfConfigMap() throws {
    let manifest =
      "apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: flags\r\ndata:\r\n"
      + "  mode: blue # colour\r\n  size: \"3\"\r\n"
    let live = list([configMap("flags", #""mode": "green", "size": "3""#)])
    let (repo, session, export) = try session(
      [("apps/flags.yaml", Array(manifest.utf8))], live: live)
    defer { repo.remove() }
    let outcome = try AcceptRun().run(session)
    let edited = try repo.git("cat-file", "blob", "\(outcome.branch):apps/flags.yaml")
    #expect(edited == manifest.replacingOccurrences(of: "mode: blue", with: "mode: green"))
    #expect(try changedLines(repo, branch: outcome.branch) == ["apps/flags.yaml": 2])
    #expect(try recheck(repo, branch: outcome.branch, export: export).isEmpty)
    try repo.fsck()
  }

  @Test("two drifted documents of one file are both accepted")
  func twoDocumentsInOneFile() throws {
    let manifest = """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: one
      data:
        mode: blue
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: two
      data:
        mode: red
        size: "1"

      """
    let live = list([
      configMap("one", #""mode": "green""#),
      configMap("two", #""mode": "black", "size": "1""#),
    ])
    let (repo, session, export) = try session(
      [("apps/maps.yaml", Array(manifest.utf8))], live: live)
    defer { repo.remove() }
    #expect(session.drifts.count == 2)
    let outcome = try AcceptRun().run(session)
    #expect(outcome.plan.refusals.isEmpty, "\(outcome.plan.refusals)")
    #expect(outcome.plan.accepted.count == 2)
    #expect(try recheck(repo, branch: outcome.branch, export: export).isEmpty)
    // Two replaced values: two lines each way.
    let diff = try repo.git("diff", "HEAD", outcome.branch, "--", "apps")
    #expect(try changedLines(repo, branch: outcome.branch) == ["apps/maps.yaml": 4], "\(diff)")
    try repo.fsck()
  }

  @Test("an empty export is refused: nothing is deleted, no branch is written")
  func emptyExport() throws {
    let manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\ndata:\n  mode: blue\n"
    let repo = try ScratchRepository()
    defer { repo.remove() }
    try repo.write(".drift.yml", KubernetesWorkload.configuration())
    try repo.write("apps/one.yaml", manifest)
    try repo.write("apps/two.yaml", manifest.replacingOccurrences(of: "one", with: "two"))
    _ = try repo.commit("Desired", date: "2026-11-01T09:00:00Z")
    let export = repo.root + "/live.json"
    try Data(list([]).utf8).write(to: URL(fileURLWithPath: export))
    do {
      let session = try RecoverySession(
        targets: [], sourceName: nil, snapshot: export, revision: "HEAD",
        workspace: Workspace(repository: try Repository(path: repo.path)))
      _ = try AcceptRun(options: .init(includeMissing: true)).run(session)
      Issue.record("an accept against an empty export was not refused")
    } catch let error as Failure {
      #expect(error.message.contains("the live export holds no objects"), "\(error)")
    }
    #expect(try repo.git("branch", "--list", "drift/*").isEmpty)
    try repo.fsck()
  }
}

extension AcceptSafetyTests {
  @Test("the judgement refuses to remove resources when an export lacks most of the source")
  func judgementDistrustsAnIncompleteExport() throws {
    let drifts = (0..<4).map { number in
      Drift(
        kind: .missing, source: "prod-k8s",
        id: ResourceID(type: "ConfigMap", address: "ConfigMap/prod/c\(number)"),
        location: SourceLocation(file: "apps/c\(number).yaml", line: 1), severity: .high, csf: [])
    }
    let judged = try AcceptJudgement(
      drifts, all: drifts, named: [], desiredCount: 10, coveredTypes: ["ConfigMap"],
      options: .init(includeMissing: true))
    #expect(judged.drifts.isEmpty)
    #expect(judged.refused.allSatisfy { $0.reason.contains("more than a quarter") })
    #expect(throws: Failure.self) {
      try AcceptJudgement(
        drifts, all: drifts, named: [], desiredCount: 4, coveredTypes: [],
        options: .init(includeMissing: true))
    }
    let named = try AcceptJudgement(
      [drifts[0]], all: [drifts[0]], named: ["ConfigMap/prod/c0"], desiredCount: 10,
      coveredTypes: ["ConfigMap"], options: .init())
    #expect(named.drifts.count == 1)
    let unnamed = try AcceptJudgement(
      [drifts[0]], all: [drifts[0]], named: [], desiredCount: 10, coveredTypes: ["ConfigMap"],
      options: .init())
    #expect(unnamed.drifts.isEmpty && unnamed.refused.count == 1)
  }

  @Test("undeployed changes are skipped unless --include-undeployed; high values warn")
  func judgementSkipsUndeployed() throws {
    let image = Change(
      .replace, at: FieldPath(["spec", "image"]), desired: "1.6.0", live: "1.5.0",
      provenance: Provenance(kind: "undeployed", commit: "0123456789"))
    var privileged = Change(
      .replace, at: FieldPath(["spec", "privileged"]), desired: false, live: true, severity: .high)
    privileged.provenance = .outOfBand
    let drift = Drift(
      kind: .modified, source: "prod-k8s",
      id: ResourceID(type: "Deployment.apps", address: "Deployment.apps/prod/web"),
      location: SourceLocation(file: "apps/web.yaml", line: 1), severity: .high, csf: [],
      changes: [image, privileged])
    let judged = try AcceptJudgement(
      [drift], all: [drift], named: [], desiredCount: 1, coveredTypes: ["Deployment.apps"],
      options: .init())
    #expect(judged.drifts.first?.changes.map(\.path.pointer) == ["/spec/privileged"])
    #expect(judged.skipped.first?.reason.contains("0123456") == true)
    #expect(judged.warnings.count == 1)
    let all = try AcceptJudgement(
      [drift], all: [drift], named: [], desiredCount: 1, coveredTypes: ["Deployment.apps"],
      options: .init(includeUndeployed: true))
    #expect(all.drifts.first?.changes.count == 2)
  }
}

extension AcceptSafetyTests {
  @Test("--partial works per attribute: the writable change is taken, the other refused")
  func partialPerAttribute() throws {
    let manifest =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\ndata:\n"
      + "  mode: !!str blue\n  size: \"3\"\n"
    let live = list([configMap("flags", #""mode": "green", "size": "4""#)])
    let (repo, session, export) = try session(
      [("apps/flags.yaml", Array(manifest.utf8))], live: live)
    defer { repo.remove() }
    let whole = refusal { () throws(Failure) in try AcceptRun().run(session) }
    let refusal = try #require(whole)
    #expect(refusal.description.contains("apps/flags.yaml"), "\(refusal)")
    #expect(refusal.message.contains("nothing was written"), "\(refusal)")
    #expect(try repo.git("branch", "--list", "drift/*").isEmpty)
    let outcome = try AcceptRun(partial: true).run(session)
    #expect(outcome.notes.contains { $0.contains("#/data/mode") }, "\(outcome.notes)")
    #expect(try changedLines(repo, branch: outcome.branch) == ["apps/flags.yaml": 2])
    let left = try recheck(repo, branch: outcome.branch, export: export)
    #expect(left.flatMap(\.changes).map(\.path.pointer) == ["/data/mode"])
    try repo.fsck()
  }

  @Test("an accept of N value changes is N changed lines, besides the post-mortem")
  func numstatOfValueChanges() throws {
    let maps = """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: one
      data:
        a: "1"  # first
        b: '2'
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: two
      data:
        c: three

      """
    let solo = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: solo\ndata:\n  d: x\n  e: y\n"
    let live = list([
      configMap("one", #""a": "10", "b": "20""#), configMap("two", #""c": "thirty""#),
      configMap("solo", #""d": "x", "e": "why""#),
    ])
    let (repo, session, export) = try session(
      [("apps/maps.yaml", Array(maps.utf8)), ("apps/solo.yaml", Array(solo.utf8))], live: live)
    defer { repo.remove() }
    let outcome = try AcceptRun().run(session)
    var added = 0
    var removed = 0
    for row in try repo.git("diff", "--numstat", "HEAD", outcome.branch).split(separator: "\n") {
      let fields = row.split(separator: "\t")
      guard fields.count == 3, !fields[2].hasPrefix("docs/postmortems/") else { continue }
      added += Int(fields[0]) ?? 0
      removed += Int(fields[1]) ?? 0
    }
    #expect(added == 4 && removed == 4, "four values, four lines")
    #expect(try recheck(repo, branch: outcome.branch, export: export).isEmpty)
    let body = outcome.pullRequest
    #expect(body.contains("### Accepted changes") && body.contains("`/data/a`"))
    try repo.fsck()
  }

  @Test("two accepts on one day get two branches")
  func uniqueBranchNames() throws {
    let manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\ndata:\n  a: b\n"
    let (repo, session, _) = try session(
      [("apps/one.yaml", Array(manifest.utf8))], live: list([configMap("one", #""a": "c""#)]))
    defer { repo.remove() }
    let first = try AcceptRun().run(session)
    let second = try AcceptRun().run(session)
    #expect(first.branch != second.branch)
    #expect(second.branch == first.branch + "-2")
    #expect(throws: Failure.self) { try AcceptRun(branch: first.branch).run(session) }
    try repo.fsck()
  }
}

extension AcceptSafetyTests {
  @Test("an undeployed release is skipped, not reverted; --include-undeployed takes it")
  func undeployedIsSkipped() throws {
    let repo = try ScratchRepository()
    defer { repo.remove() }
    try repo.write(".drift.yml", KubernetesWorkload.configuration())
    try repo.write(
      "apps/web.yaml", SampleDeployment.manifest(replicas: 3, image: "web:1.5.0") + "\n")
    _ = try repo.commit("Release 1.5.0", date: "2026-11-01T09:00:00Z")
    try repo.write(
      "apps/web.yaml", SampleDeployment.manifest(replicas: 3, image: "web:1.6.0") + "\n")
    _ = try repo.commit("Release 1.6.0", date: "2026-11-02T09:00:00Z")
    let export = repo.root + "/live.json"
    try Data(
      SampleDeployment.liveList(
        replicas: 5, image: "web:1.5.0",
        managers: [SampleDeployment.applier, SampleDeployment.scaler]
      ).utf8
    ).write(to: URL(fileURLWithPath: export))
    let workspace = Workspace(repository: try Repository(path: repo.path))
    let session = try RecoverySession(
      targets: [], sourceName: nil, snapshot: export, revision: "HEAD", workspace: workspace)
    let outcome = try AcceptRun().run(session)
    #expect(
      outcome.judgement.skipped.map(\.path?.pointer) == ["/spec/template/spec/containers/0/image"])
    #expect(outcome.notes.contains { $0.contains("undeployed") }, "\(outcome.notes)")
    #expect(outcome.pullRequest.contains("### Skipped (undeployed)"))
    let edited = try repo.git("show", "\(outcome.branch):apps/web.yaml")
    #expect(edited.contains("image: web:1.6.0") && edited.contains("replicas: 5"))
    let all = try AcceptRun(options: .init(includeUndeployed: true)).run(session)
    #expect(try repo.git("show", "\(all.branch):apps/web.yaml").contains("image: web:1.5.0"))
    try repo.fsck()
  }
}

extension AcceptSafetyTests {
  /// A candidate commit of the desired commit's tree with `files` written.
  private func candidate(_ session: RecoverySession, _ files: [String: [UInt8]]) throws -> ObjectID
  {
    let repository = session.repository
    var updates: [TreeUpdate] = []
    for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
      updates.append(.upsert(path: path, blob: try repository.writeBlob(bytes)))
    }
    let tree = try repository.writeTree(base: session.commit.tree, updates: updates)
    let signature = try repository.defaultSignature()
    return try repository.createCommit(
      tree: tree, parents: [session.commit.id], author: signature, committer: signature,
      message: "candidate")
  }

  @Test("the invariant refuses an edit beyond the accepted drift, at that edit's line")
  func invariantRefusesAStrayEdit() throws {
    let (repo, session, _) = try session(
      [("apps/web.yaml", Array((SampleDeployment.manifest(replicas: 3) + "\n").utf8))],
      live: SampleDeployment.liveList(
        replicas: 5, managers: [SampleDeployment.applier, SampleDeployment.scaler]))
    defer { repo.remove() }
    let plan = session.acceptance()
    let edited = try #require(plan.files["apps/web.yaml"] ?? nil)
    let stray = String(decoding: edited, as: UTF8.self).replacingOccurrences(
      of: "image: web:1.0", with: "image: web:2.0")
    let commit = try candidate(session, ["apps/web.yaml": Array(stray.utf8)])
    let failure = try #require(
      refusal { () throws(Failure) in
        try session.verifyAccepted(
          files: ["apps/web.yaml": Array(stray.utf8)], accepted: plan.accepted, candidate: commit)
        throw Failure("verified")
      })
    #expect(failure.location?.file == "apps/web.yaml")
    #expect(failure.location?.line == 15, "the image line: \(failure)")
    #expect(failure.message.contains("/spec/template/spec/containers/0/image"), "\(failure)")
    #expect(failure.message.hasSuffix("nothing was written"))
    let good = try candidate(session, ["apps/web.yaml": edited])
    try session.verifyAccepted(
      files: ["apps/web.yaml": edited], accepted: plan.accepted, candidate: good)
  }

  @Test("the invariant refuses a change to a file of a resource whose drift was not accepted")
  func invariantKeepsOtherFilesIdentical() throws {
    let other = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata:\n  a: b\n"
    let (repo, session, _) = try session(
      [
        ("apps/web.yaml", Array((SampleDeployment.manifest(replicas: 3) + "\n").utf8)),
        ("apps/other.yaml", Array(other.utf8)),
      ],
      live: SampleDeployment.liveList(
        replicas: 5, managers: [SampleDeployment.applier, SampleDeployment.scaler]))
    defer { repo.remove() }
    let plan = session.acceptance()
    var files = plan.files.compactMapValues { $0 }
    files["apps/other.yaml"] = Array((other + "# touched\n").utf8)
    let commit = try candidate(session, files)
    let failure = try #require(
      refusal { () throws(Failure) in
        try session.verifyAccepted(
          files: files.mapValues { $0 }, accepted: plan.accepted, candidate: commit)
        throw Failure("verified")
      })
    #expect(failure.description.hasPrefix("apps/other.yaml:7"), "\(failure)")
  }
}
