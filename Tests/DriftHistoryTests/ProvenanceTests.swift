import DriftTestSupport
import Foundation
import Testing

@Suite("provenance: undeployed or out-of-band")
struct ProvenanceTests {
  static let configuration = KubernetesWorkload.configuration()

  @Test("live equal to the desired state three commits ago is undeployed, with that commit")
  func undeployed() throws {
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", Self.configuration)
    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 2))
    let old = try repo.commit("web at 2 replicas", date: "2026-11-01T10:00:00Z")
    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 3))
    try repo.commit("web at 3", date: "2026-11-02T10:00:00Z")
    try repo.write("apps/web.yaml", SampleDeployment.manifest(replicas: 4))
    let current = try repo.commit("web at 4", date: "2026-11-03T10:00:00Z")
    try repo.write("README.md", "docs\n")
    try repo.commit("docs", date: "2026-11-04T10:00:00Z")
    let export = repo.root + "/live.json"
    try Data(
      SampleDeployment.liveList(
        replicas: 2, image: "web:9.9-hotfix",
        managers: [SampleDeployment.applier, SampleDeployment.editor]
      )
      .utf8
    )
    .write(to: URL(fileURLWithPath: export))

    let result = try GitDriftExecutable.run(
      ["check", "--snapshot", export, "--format", "json"], in: repo.path)
    #expect(result.status == 1, "\(result.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let changes = try #require(
      (json["drifts"] as? [[String: Any]])?.first?["changes"] as? [[String: Any]])
    let replicas = try #require(changes.first { $0["path"] as? String == "/spec/replicas" })
    let provenance = try #require(replicas["provenance"] as? [String: Any])
    #expect(provenance["class"] as? String == "undeployed")
    #expect(provenance["commit"] as? String == old)
    let image = try #require(
      changes.first { $0["path"] as? String == "/spec/template/spec/containers/0/image" })
    #expect((image["provenance"] as? [String: Any])?["class"] as? String == "out-of-band")
    #expect(image["actor"] as? String == "kubectl-edit")
    #expect(image["changedAt"] as? String == "2026-11-05T08:30:00Z")

    let explain = try GitDriftExecutable.run(
      ["explain", "Deployment.apps/prod/web", "--snapshot", export], in: repo.path)
    #expect(explain.status == 1, "\(explain.stderr)")
    #expect(
      explain.stdout.contains("undeployed: live equals what commit \(old.prefix(7)) desired"),
      "\(explain.stdout)")
    #expect(explain.stdout.contains("desired value set by \(current.prefix(7)) \"web at 4\""))
    #expect(explain.stdout.contains("out-of-band: kubectl-edit at 2026-11-05T08:30:00Z"))
  }

  static let plainConfiguration = """
    version: 1
    sources:
      - name: web
        format: kubernetes
        paths: ["apps/**/*.yaml", "deploy/**/*.yaml"]
        namespace: prod

    """

  /// A Deployment with `containers` (name, image, env as `name=value`) as a manifest.
  static func manifest(replicas: Int = 2, containers: [(String, String, [String])]) -> String {
    var text = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: prod
      spec:
        replicas: \(replicas)
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:

      """
    for (name, image, env) in containers {
      text += "      - name: \(name)\n        image: \(image)\n"
      if !env.isEmpty { text += "        env:\n" }
      for variable in env {
        let parts = variable.split(separator: "=")
        text += "        - name: \(parts[0])\n          value: \"\(parts[1])\"\n"
      }
    }
    return text
  }

  /// The same Deployment as an API server returns it in a `kubectl get -o json` List.
  static func live(replicas: Int = 2, containers: [(String, String, [String])]) -> String {
    let list = containers.map { name, image, env in
      let variables = env.map { variable in
        let parts = variable.split(separator: "=")
        return #"{"name": "\#(parts[0])", "value": "\#(parts[1])"}"#
      }
      return
        #"{"name": "\#(name)", "image": "\#(image)", "env": [\#(variables.joined(separator: ", "))], "#
        + #""imagePullPolicy": "IfNotPresent", "resources": {}, "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}"#
    }
    return #"""
      {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": [
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "web", "namespace": "prod", "uid": "6f1c2a8e-0d4b-4c55-9a57-0b3f6a1d2e11",
           "resourceVersion": "48213", "generation": 3, "creationTimestamp": "2026-11-01T10:05:00Z",
           "annotations": {"deployment.kubernetes.io/revision": "3"}},
         "spec": {"replicas": \#(replicas), "selector": {"matchLabels": {"app": "web"}},
           "progressDeadlineSeconds": 600, "revisionHistoryLimit": 10,
           "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
           "template": {"metadata": {"labels": {"app": "web"}},
             "spec": {"containers": [\#(list.joined(separator: ", "))],
               "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "schedulerName": "default-scheduler",
               "securityContext": {}, "terminationGracePeriodSeconds": 30}}},
         "status": {"observedGeneration": 3, "replicas": \#(replicas)}}]}
      """#
  }

  /// The provenance of every change of the one drifted resource in check's JSON report.
  static func provenances(_ repo: ScratchRepository, live: String) throws -> [String: String] {
    let export = repo.root + "/live.json"
    try Data(live.utf8).write(to: URL(fileURLWithPath: export))
    let result = try GitDriftExecutable.run(
      ["check", "--snapshot", export, "--format", "json"], in: repo.path)
    #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let changes = (json["drifts"] as? [[String: Any]])?.first?["changes"] as? [[String: Any]]
    var found: [String: String] = [:]
    for change in changes ?? [] {
      let provenance = change["provenance"] as? [String: Any]
      found[change["path"] as? String ?? "?"] =
        "\(provenance?["class"] as? String ?? "-") \(provenance?["commit"] as? String ?? "-")"
    }
    return found
  }

  @Test("list elements are followed by their merge key, not their position")
  func keyedListElements() throws {
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", Self.plainConfiguration)
    try repo.write("apps/web.yaml", Self.manifest(containers: [("app", "web:1", ["A=1"])]))
    let deployed = try repo.commit("web 1", date: "2026-11-01T10:00:00Z")
    // A sidecar before the app container and a variable before A: every index moves.
    try repo.write(
      "apps/web.yaml",
      Self.manifest(containers: [("proxy", "envoy:1", []), ("app", "web:2", ["B=2", "A=1"])]))
    try repo.commit("proxy sidecar, web 2", date: "2026-11-02T10:00:00Z")
    try repo.fsck()

    let found = try Self.provenances(
      repo, live: Self.live(containers: [("app", "web:1", ["A=1"])]))
    #expect(
      found == [
        "/spec/template/spec/containers/0": "undeployed \(deployed)",
        "/spec/template/spec/containers/1/image": "undeployed \(deployed)",
        "/spec/template/spec/containers/1/env/0": "undeployed \(deployed)",
      ], "\(found)")
  }

  @Test("a renamed or moved manifest is followed through git mv")
  func followsRenames() throws {
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", Self.plainConfiguration)
    let containers = [("app", "web:1", ["A=1"])]
    try repo.write("apps/web.yaml", Self.manifest(replicas: 2, containers: containers))
    let deployed = try repo.commit("web at 2", date: "2026-11-01T10:00:00Z")
    try repo.write("apps/web.yaml", Self.manifest(replicas: 3, containers: containers))
    let raised = try repo.commit("web at 3", date: "2026-11-02T10:00:00Z")
    try repo.git("mv", "apps", "deploy")
    try repo.commit("apps/ is deploy/ now", date: "2026-11-03T10:00:00Z")
    try repo.fsck()

    let live = Self.live(replicas: 2, containers: containers)
    let found = try Self.provenances(repo, live: live)
    #expect(found == ["/spec/replicas": "undeployed \(deployed)"], "\(found)")

    let export = repo.root + "/live.json"
    let explain = try GitDriftExecutable.run(
      ["explain", "Deployment.apps/prod/web", "--snapshot", export], in: repo.path)
    #expect(explain.status == 1, "\(explain.stderr)")
    #expect(
      explain.stdout.contains("desired value set by \(raised.prefix(7)) \"web at 3\""),
      "\(explain.stdout)")
  }

  @Test("a value the resource had from its first commit, removed live, is out-of-band")
  func noEvidenceBeforeTheResourceExisted() throws {
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", Self.plainConfiguration)
    try repo.write("README.md", "before the app\n")
    try repo.commit("readme", date: "2026-10-31T10:00:00Z")
    try repo.write("apps/web.yaml", Self.manifest(containers: [("app", "web:1", ["A=1", "B=2"])]))
    try repo.commit("web", date: "2026-11-01T10:00:00Z")
    try repo.fsck()
    // B was deleted by hand: the commit before the manifest existed desired no B, but that is
    // not a deployment of anything.
    let found = try Self.provenances(
      repo, live: Self.live(containers: [("app", "web:1", ["A=1"])]))
    #expect(found == ["/spec/template/spec/containers/0/env/1": "out-of-band -"], "\(found)")
  }

  @Test("explain names the commit not applied, and the commits that declared and removed a field")
  func commitAttribution() throws {
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", Self.plainConfiguration)
    try repo.write("apps/web.yaml", Self.manifest(containers: [("app", "web:1", ["A=1", "X=1"])]))
    let deployed = try repo.commit("web 1 with X", date: "2026-11-01T10:00:00Z")
    try repo.write("apps/web.yaml", Self.manifest(containers: [("app", "web:2", ["A=1"])]))
    let dropped = try repo.commit("web 2, X dropped", date: "2026-11-02T10:00:00Z")
    try repo.fsck()
    // Live still runs web 1; X came back by hand with another value, and Y was never in git.
    // The last-applied annotation (without X and Y) tells that they were added out of band.
    let live = Self.live(containers: [("app", "web:1", ["A=1", "X=9", "Y=1"])])
      .replacingOccurrences(
        of: #""annotations": {"#,
        with: #""annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}", "#)
    let export = repo.root + "/live.json"
    try Data(live.utf8).write(to: URL(fileURLWithPath: export))
    let result = try GitDriftExecutable.run(
      ["explain", "Deployment.apps/prod/web", "--snapshot", export, "--format", "json"],
      in: repo.path)
    #expect(result.status == 1, "\(result.stderr)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let items = try #require(json["explanations"] as? [[String: Any]])
    func item(_ path: String) -> [String: Any]? { items.first { $0["path"] as? String == path } }
    func commit(_ value: Any?) -> String? { (value as? [String: Any])?["commit"] as? String }
    let image = try #require(item("/spec/template/spec/containers/0/image"), "\(items)")
    #expect(commit(image["notApplied"]) == dropped, "\(image)")
    let x = try #require(item("/spec/template/spec/containers/0/env/1"), "\(items)")
    #expect(commit(x["lastDeclared"]) == deployed, "\(x)")
    #expect(commit(x["removedBy"]) == dropped, "\(x)")
    let y = try #require(item("/spec/template/spec/containers/0/env/2"), "\(items)")
    #expect(y["neverInGit"] as? Bool == true, "\(y)")

    let text = try GitDriftExecutable.run(
      ["explain", "Deployment.apps/prod/web", "--snapshot", export], in: repo.path)
    #expect(text.stdout.contains("not applied: \(dropped.prefix(7)) \"web 2, X dropped\""))
    #expect(
      text.stdout.contains(
        "last declared by \(deployed.prefix(7)) \"web 1 with X\""), "\(text.stdout)")
    #expect(text.stdout.contains("never in git"), "\(text.stdout)")
  }
}
