import DriftTestSupport
import Foundation
import Testing

@Suite("check: ignore rules, secrets and colour")
struct CheckRulesTests {
  static let workload = KubernetesWorkload(
    apps: 6, drifts: .init(scaled: [1, 2], imageChanged: [3], configEdited: [4], handCreated: 1))

  @Test("ignore rules from .drift.yml, .driftignore and the annotation are counted, not shown")
  func ignoreRules() throws {
    var files = Self.workload.desiredFiles()
    let index = try #require(files.firstIndex { $0.path == "apps/app-0003.yaml" })
    files[index].contents = files[index].contents.replacingOccurrences(
      of: "metadata:\n  name: app-0003\n",
      with:
        "metadata:\n  name: app-0003\n  annotations:\n    drift.git/ignore: \"/spec/template/spec/containers/*/image\"\n"
    )
    let repo = try gitOpsRepository(
      files: files,
      extraConfig: """
        ignore:
          - resource: "Deployment.apps/prod/app-0001"
            paths: ["/spec/replicas"]
            reason: "scaled by the HPA"
          - resource: "Deployment.apps/prod/*"
            managers: ["kubectl-scale"]
            reason: "old exception"
            expires: 2020-01-31
        """)
    try repo.write(
      ".driftignore", "# noise\nConfigMap/prod/*#/data/FEATURE_X\nDeployment.apps/prod/hand-*\n")
    try repo.commit("ignore rules", date: "2026-11-02T10:00:00Z")
    let live = try writeExport(Self.workload.liveList(), in: repo)
    let result = try gitDrift("check", "--snapshot", live, "--format", "json", in: repo)
    #expect(result.status == 1)
    let json = try report(result)
    let observed = try observedDrifts(json)
    #expect(
      observed.map(\.address) == ["Deployment.apps/prod/app-0002"],
      "only the expired rule's drift remains")
    let summary = try #require(json["summary"] as? [String: Any])
    #expect(summary["ignored"] as? Int == 4)
    #expect(
      result.stderr.hasPrefix(
        "git-drift: .drift.yml:11:5: warning: ignore rule for 'Deployment.apps/prod/*' (old exception) expired on 2020-01-31"
      ), "\(result.stderr)")
    let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
    #expect(diagnostics.count == 1)
  }

  @Test("Secret values are compared but never printed or written in clear")
  func secrets() throws {
    let secret = """
      apiVersion: v1
      kind: Secret
      metadata:
        name: db
      stringData:
        password: hunter2-desired
        user: admin
      """
    let repo = try gitOpsRepository(files: [("apps/secret.yaml", secret)])
    let applied =
      #"{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\",\"namespace\":\"prod\"},\"stringData\":{\"password\":\"hunter2-desired\",\"user\":\"admin\"}}"#
    let live = """
      {"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
         "metadata": {"name": "db", "namespace": "prod", "uid": "1", "resourceVersion": "9",
           "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "\(applied)"}},
         "data": {"password": "\(Data("hunter2-live".utf8).base64EncodedString())", "user": "\(Data("admin".utf8).base64EncodedString())"}}
      ]}
      """
    let export = try writeExport(live, in: repo)
    for format in ["text", "json"] {
      let result = try gitDrift("check", "--snapshot", export, "--format", format, in: repo)
      #expect(result.status == 1)
      #expect(result.stdout.contains("/data/password"))
      #expect(result.stdout.contains("(sensitive)"))
      for clear in ["hunter2", Data("hunter2-live".utf8).base64EncodedString(), "YWRtaW4="] {
        #expect(!result.stdout.contains(clear), "\(format) output leaks \(clear)")
      }
      #expect(!result.stdout.contains("/data/user"), "equal secret values are in sync")
    }
  }

  @Test("colour only when asked or on a terminal, never with NO_COLOR")
  func colour() throws {
    let repo = try gitOpsRepository(files: Self.workload.desiredFiles())
    let live = try writeExport(Self.workload.liveList(), in: repo)
    let always = try GitDriftExecutable.run(
      ["check", "--snapshot", live, "--color", "always"], in: repo.path, env: ["NO_COLOR": ""])
    #expect(always.stdout.contains("\u{1B}[33m~\u{1B}[0m"))
    let auto = try GitDriftExecutable.run(
      ["check", "--snapshot", live], in: repo.path, env: ["NO_COLOR": ""])
    #expect(!auto.stdout.contains("\u{1B}["))
  }

  @Test("the snapshot can come from standard input, as YAML")
  func standardInputYAML() throws {
    let repo = try gitOpsRepository(files: Self.workload.desiredFiles())
    let yaml = try Shell.check(
      ["python3", "-c", "import json,sys,yaml; print(yaml.safe_dump(json.load(sys.stdin)))"],
      stdin: Self.workload.liveList(noiseOnly: true))
    let result = try gitDrift("check", "--snapshot", "-", in: repo, stdin: yaml)
    #expect(result.status == 0, "\(result.stderr)")
  }
}
