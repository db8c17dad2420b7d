import DriftTestSupport
import Foundation
import Testing

/// Issue 24, acceptance 3: unique secret values planted in Kubernetes Secret data, stringData
/// and last-applied annotations, in Terraform sensitive variables and in sensitive attributes of
/// state; every command runs in every format; no output, no git object and nothing under
/// `.git/drift/` holds one, in clear, base64, URL encoding or hex.
@Suite("secret canaries never leave in clear")
struct SecretCanaryTests {
  /// Values only the live side has: nothing git-drift writes or prints may hold them.
  static let live = [
    "kLiveData-4n7!q@Zx1", "kLiveToken-8m2!w@Yc3", "kLiveApplied-5b9!e@Xv5",
    "kLiveFirst-3c6!r@Wb7", "tLiveState-7v1!t@Un9", "tLiveShow-2x4!y@Tm2",
    "kLiveStray-1d3!a@Pg1", "kLiveStrayString-5f2!s@Of3",
  ]
  /// Values the user committed in the desired state: nothing git-drift adds to the repository
  /// or prints may hold them.
  static let desired = ["kWantString-6z3!u@Sk4", "kWantData-9a5!i@Rj6", "tWantVar-1s8!o@Qh8"]

  static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

  static let secretManifest = """
    apiVersion: v1
    kind: Secret
    metadata:
      name: db
      namespace: prod
    type: Opaque
    stringData:
      password: "\(desired[0])"
    data:
      token: \(base64(desired[1]))

    """

  static let deployment = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: prod
    spec:
      replicas: 2
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
            - name: web
              image: nginx:1.27

    """

  /// In a file of its own, as the Secret: an accept edits the file of the drifted resource,
  /// and a copy of the user's own file with its secret would be no leak of git-drift's.
  static let variables = """
    variable "db_password" {
      type      = string
      default   = "\(desired[2])"
      sensitive = true
    }

    """

  static let module = """
    resource "terraform_data" "db" {
      input = var.db_password
    }

    resource "terraform_data" "app" {
      input = { replicas = 2 }
    }

    """

  /// A kubectl List: the Deployment with `replicas`, the Secret with `password` and `token`.
  static func kubernetes(replicas: Int, password: String, token: String) -> String {
    let applied =
      #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"prod"},"#
      + #""stringData":{"password":"\#(live[2])"},"type":"Opaque"}"#
    // The annotation is the applied manifest as one JSON string.
    let annotation = "\"" + applied.replacing("\"", with: "\\\"") + "\""
    return """
      {"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "web", "namespace": "prod", "uid": "u-web", "generation": 2},
         "spec": {"replicas": \(replicas), "selector": {"matchLabels": {"app": "web"}},
           "template": {"metadata": {"labels": {"app": "web"}},
             "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}}},
        {"apiVersion": "v1", "kind": "Secret",
         "metadata": {"name": "db", "namespace": "prod", "uid": "u-db",
           "annotations": {"kubectl.kubernetes.io/last-applied-configuration": \(annotation)}},
         "type": "Opaque",
         "data": {"password": "\(base64(password))", "token": "\(base64(token))"}},
        {"apiVersion": "v1", "kind": "Secret",
         "metadata": {"name": "stray", "namespace": "prod", "uid": "u-stray"},
         "type": "Opaque", "data": {"key": "\(base64(live[6]))"},
         "stringData": {"other": "\(live[7])"}}
      ]}
      """
  }

  /// A state file (version 4) whose `terraform_data.db` holds `password`, marked sensitive.
  static func state(password: String, replicas: Int) -> String {
    """
    {"version": 4, "terraform_version": "1.9.0", "serial": 3, "lineage": "l-1", "outputs": {},
     "resources": [
      {"mode": "managed", "type": "terraform_data", "name": "db",
       "provider": "provider[\\"terraform.io/builtin/terraform\\"]",
       "instances": [{"schema_version": 0,
         "attributes": {"id": "db-1", "input": {"value": "\(password)", "type": "string"},
           "output": {"value": "\(password)", "type": "string"}, "triggers_replace": null},
         "sensitive_attributes": [[{"type": "get_attr", "value": "input"}]]}]},
      {"mode": "managed", "type": "terraform_data", "name": "app",
       "provider": "provider[\\"terraform.io/builtin/terraform\\"]",
       "instances": [{"schema_version": 0,
         "attributes": {"id": "app-1",
           "input": {"value": {"replicas": \(replicas)}, "type": ["object", {"replicas": "number"}]},
           "output": {"value": {"replicas": \(replicas)}, "type": ["object", {"replicas": "number"}]},
           "triggers_replace": null},
         "sensitive_attributes": []}]}
     ]}
    """
  }

  /// `terraform show -json` of the same resources, `output` copying the secret unmarked.
  static func shown(password: String, replicas: Int) -> String {
    """
    {"format_version": "1.0", "terraform_version": "1.9.0", "values": {"root_module": {
      "resources": [
        {"address": "terraform_data.db", "mode": "managed", "type": "terraform_data",
         "name": "db", "provider_name": "terraform.io/builtin/terraform", "schema_version": 0,
         "values": {"id": "db-1", "input": "\(password)", "output": "\(password)",
           "triggers_replace": null},
         "sensitive_values": {"input": true}},
        {"address": "terraform_data.app", "mode": "managed", "type": "terraform_data",
         "name": "app", "provider_name": "terraform.io/builtin/terraform", "schema_version": 0,
         "values": {"id": "app-1", "input": {"replicas": \(replicas)},
           "output": {"replicas": \(replicas)}, "triggers_replace": null},
         "sensitive_values": {"input": {}, "output": {}}}
      ]}}}
    """
  }

  @Test("every command in every format, then every output, object and .git/drift file")
  func noCanaryLeaves() throws {
    let repo = try ScratchRepository()
    let root = repo.root
    let files = [
      ("k8s.json", Self.kubernetes(replicas: 2, password: Self.live[3], token: Self.live[1])),
      (
        "k8s-drifted.json",
        Self.kubernetes(replicas: 3, password: Self.live[0], token: Self.live[1])
      ),
      ("state.tfstate", Self.state(password: Self.live[4], replicas: 2)),
      ("show.json", Self.shown(password: Self.live[5], replicas: 3)),
    ]
    for (name, text) in files {
      try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/" + name))
    }
    try repo.write(
      ".drift.yml",
      """
      version: 1
      sources:
        - name: prod-k8s
          format: kubernetes
          paths: ["apps/*.yaml"]
          namespace: prod
          capture: "cat '\(root)/k8s-drifted.json'"
        - name: prod-tf
          format: hcl
          paths: ["infra"]
          capture: "cat '\(root)/show.json'"
      postmortems: docs/postmortems

      """)
    try repo.write("apps/secret.yaml", Self.secretManifest)
    try repo.write("apps/web.yaml", Self.deployment)
    try repo.write("infra/variables.tf", Self.variables)
    try repo.write("infra/main.tf", Self.module)
    try repo.commit("desired state", date: "2026-11-01T10:00:00Z")
    let before = Set(
      try repo.git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)")
        .split(separator: "\n").map(String.init))

    var outputs: [(command: String, text: String)] = []
    let k8s = ["--source", "prod-k8s"]
    let tf = ["--source", "prod-tf"]
    func run(_ arguments: [String]) throws {
      let result = try GitDriftExecutable.run(arguments, in: repo.path)
      #expect(
        result.status == 0 || result.status == 1,
        "\(arguments.joined(separator: " ")): \(result.stderr)")
      outputs.append((arguments.joined(separator: " "), result.stdout + result.stderr))
    }
    try run(["snapshot", "record"] + k8s + ["--at", "2026-11-01T12:00:00Z", root + "/k8s.json"])
    try run(
      ["snapshot", "record"] + k8s + ["--at", "2026-11-02T12:00:00Z", root + "/k8s-drifted.json"])
    try run(
      ["snapshot", "record"] + tf + ["--at", "2026-11-01T12:00:00Z", root + "/state.tfstate"])
    try run(["snapshot", "record"] + tf + ["--at", "2026-11-02T12:00:00Z", root + "/show.json"])
    for format in ["text", "json"] {
      try run(["snapshot", "list", "--format", format])
      for source in [k8s, tf] {
        for id in ["latest", "latest~1"] {
          try run(["snapshot", "show"] + source + ["--format", format, id])
        }
      }
    }
    for format in ["text", "json", "sarif", "markdown", "junit"] {
      try run(["check", "--format", format])
      try run(["check"] + k8s + ["--snapshot", root + "/k8s-drifted.json", "--format", format])
      try run(["check"] + tf + ["--snapshot", root + "/show.json", "--format", format])
    }
    for format in ["text", "json"] {
      for (source, target) in [
        (k8s, "Secret/prod/db"), (k8s, "Secret/prod/db#/data/password"),
        (tf, "terraform_data.db"), (tf, "terraform_data.db#/input"),
      ] {
        try run(["timeline"] + source + ["--format", format, target])
        try run(["bisect"] + source + ["--format", format, target])
      }
      for (source, target) in [(k8s, "Secret/prod/db"), (tf, "terraform_data.db")] {
        try run(["explain"] + source + ["--format", format, target])
      }
    }
    for format in ["markdown", "json", "script"] {
      for source in [k8s, tf] {
        try run(["rollback"] + source + ["--format", format, "--no-branch"])
      }
    }
    try run(["rollback"] + k8s + ["--format", "script"])
    try run(["rollback"] + tf + ["--format", "json"])
    for source in [k8s, tf] {
      try run(["accept"] + source + ["--dry-run", "--partial"])
      try run(["accept"] + source + ["--partial"])
      try run(["postmortem"] + source + ["--output", "-"])
      try run(["postmortem"] + source)
    }
    try run(["watch", "--once"])
    try repo.fsck()

    let scanner = CanaryScanner(Self.live + Self.desired)
    for output in outputs {
      let found = scanner.findings(in: output.text)
      #expect(found.isEmpty, "git drift \(output.command) printed \(found)")
    }
    // Every object git-drift added: snapshots, accept and rollback branches, post-mortems.
    let objects = try repo.git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)")
      .split(separator: "\n").map(String.init).filter { !before.contains($0) }
    #expect(objects.count > 20, "the commands wrote their objects")
    let contents = try Shell.run(
      ["git", "cat-file", "--batch"], cwd: repo.path, env: repo.environment,
      stdin: objects.joined(separator: "\n") + "\n")
    let found = scanner.findings(in: contents.stdout)
    #expect(found.isEmpty, "objects git-drift wrote hold \(found)")
    // The live canaries anywhere in the git folder, packed, loose or left over, and every
    // canary under .git/drift/.
    let liveOnly = CanaryScanner(Self.live)
    let anywhere = liveOnly.findings(inFolder: repo.path + "/.git")
    #expect(anywhere.isEmpty, "\(anywhere)")
    let drift = scanner.findings(inFolder: repo.path + "/.git/drift")
    #expect(drift.isEmpty, "\(drift)")
    #expect(FileManager.default.fileExists(atPath: repo.path + "/.git/drift/key"))
    // Post-mortems in the working tree.
    let written = scanner.findings(inFolder: repo.path + "/docs")
    #expect(written.isEmpty, "\(written)")
  }

  @Test("the scanner finds a canary in every encoding, and in a git object however stored")
  func scannerFindsWhatItLooksFor() throws {
    let canary = "kControl-3q7!p@Lm0"
    let scanner = CanaryScanner([canary])
    let embedded = "{\"x\": \"a\(canary)b\"}"
    for shift in 0..<3 {
      let text = String(repeating: "y", count: shift) + embedded
      #expect(!scanner.findings(in: Self.base64(text)).isEmpty, "base64 at shift \(shift)")
    }
    #expect(!scanner.findings(in: "q=kControl-3q7%21p%40Lm0&").isEmpty)
    #expect(
      !scanner.findings(in: Array(canary.utf8).map { String(format: "%02x", $0) }.joined()).isEmpty)
    let repo = try ScratchRepository()
    try repo.write("leak.txt", "prefix \(Self.base64(canary)) suffix\n")
    try repo.commit("a leak", date: "2026-11-01T10:00:00Z")
    #expect(!scanner.findings(inFolder: repo.path + "/.git/objects").isEmpty, "loose")
    try repo.git("gc", "--quiet")
    #expect(!scanner.findings(inFolder: repo.path + "/.git/objects/pack").isEmpty, "packed")
  }
}
