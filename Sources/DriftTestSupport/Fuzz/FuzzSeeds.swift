public import Foundation

/// What a fuzzed input is, which decides where the oracle puts it and how it runs git-drift.
public enum FuzzKind: String, CaseIterable, Sendable {
  /// A committed Kubernetes manifest (`apps/fuzz.yaml`).
  case manifest
  /// A `kubectl get -o json` export passed with `--snapshot` or recorded.
  case exportJSON = "export-json"
  /// A `kubectl get -o yaml` export passed with `--snapshot` or recorded.
  case exportYAML = "export-yaml"
  /// A committed `.drift.yml`.
  case driftConfig = "drift-yml"
  /// A committed `.driftignore`.
  case driftIgnore = "driftignore"
  /// A committed `CODEOWNERS`.
  case codeOwners = "codeowners"
  /// A committed Terraform configuration file (`infra/main.tf`).
  case hcl
  /// A committed `infra/terraform.tfvars`.
  case tfvars
  /// A Terraform state, `show -json` or plan JSON passed as the live state of an `hcl` source.
  case terraformLive = "terraform-live"
  /// A Terraform state or `show -json` committed as the desired state of a `terraform` source.
  case terraformDesired = "terraform-desired"

  /// Whether the input is YAML, for the mutations that only YAML has (anchors, tags, documents).
  var isYAML: Bool { [.manifest, .exportYAML, .driftConfig].contains(self) }

  /// Whether the input is JSON.
  var isJSON: Bool { [.exportJSON, .terraformLive, .terraformDesired].contains(self) }

  /// Whether the input is HCL.
  var isHCL: Bool { [.hcl, .tfvars].contains(self) }
}

/// One valid input that mutations start from.
public struct FuzzSeed: Sendable {
  /// Where it comes from, for reports (`examples/live.json`, `built-in: anchors`).
  public var origin: String
  /// Its bytes.
  public var bytes: [UInt8]
}

/// The valid inputs of every kind: the repository's `examples/` and `Tests/Fixtures`, a few
/// written here for what those lack (anchors, tags, flow style, ignore files, CODEOWNERS), and,
/// when asked, the files of an outside corpus, read in place and never copied.
public struct FuzzSeeds: Sendable {
  /// The seeds of each kind, never empty for any kind.
  public var byKind: [FuzzKind: [FuzzSeed]]

  /// Loads the seeds; `corpus` is a folder of outside examples (`kubernetes/`, `terraform/`).
  public init(corpus: URL? = nil) {
    var seeds: [FuzzKind: [FuzzSeed]] = [:]
    func add(_ kind: FuzzKind, _ origin: String, _ bytes: [UInt8]) {
      guard !bytes.isEmpty, bytes.count <= 1 << 20 else { return }
      seeds[kind, default: []].append(FuzzSeed(origin: origin, bytes: bytes))
    }
    let root = Golden.root
    for file in Self.files(
      under: root,
      [
        "examples/gitops/deploy": "yaml", "examples/kubernetes": "yaml",
        "examples/terraform/infra": "tf", "Tests/Fixtures/terraform": "tf",
      ])
    {
      add(file.kind == "yaml" ? .manifest : .hcl, file.relative, file.bytes)
      if file.kind == "yaml" { add(.exportYAML, file.relative, file.bytes) }
    }
    for path in ["examples/live.json"] {
      add(.exportJSON, path, Self.read(root.appendingPathComponent(path)))
    }
    add(
      .driftConfig, "examples/gitops/.drift.yml",
      Self.read(root.appendingPathComponent("examples/gitops/.drift.yml")))
    add(
      .tfvars, "Tests/Fixtures/terraform/config/basic/terraform.tfvars",
      Self.read(
        root.appendingPathComponent("Tests/Fixtures/terraform/config/basic/terraform.tfvars")))
    for path in [
      "examples/terraform/live.json", "Tests/Fixtures/terraform/state/show-state.json",
      "Tests/Fixtures/terraform/state/terraform.tfstate",
      "Tests/Fixtures/terraform/state/plan-refresh-only.json",
      "Tests/Fixtures/terraform/aws/show-state.json",
    ] {
      let bytes = Self.read(root.appendingPathComponent(path))
      add(.terraformLive, path, bytes)
      add(.terraformDesired, path, bytes)
    }
    for (kind, texts) in BuiltInSeeds.all {
      for (index, text) in texts.enumerated() {
        add(kind, "built-in \(kind.rawValue) \(index)", Array(text.utf8))
      }
    }
    if let corpus {
      for file in Self.files(under: corpus, ["kubernetes": "yaml", "": "tf"]) {
        add(file.kind == "yaml" ? .manifest : .hcl, "corpus " + file.relative, file.bytes)
        if file.kind == "yaml" { add(.exportYAML, "corpus " + file.relative, file.bytes) }
      }
      for file in Self.files(under: corpus, ["kubernetes": "json"]) {
        add(.exportJSON, "corpus " + file.relative, file.bytes)
      }
      for file in Self.files(under: corpus, ["terraform": "tfstate"])
        + Self.files(under: corpus, ["terraform": "json"])
      where !file.relative.hasSuffix("golden.json") {
        add(.terraformLive, "corpus " + file.relative, file.bytes)
        add(.terraformDesired, "corpus " + file.relative, file.bytes)
      }
    }
    byKind = seeds
  }

  static func read(_ url: URL) -> [UInt8] {
    Array(FileManager.default.contents(atPath: url.path) ?? Data())
  }

  /// The files below each folder (relative to `root`) whose name ends in `.<extension>`, sorted.
  static func files(under root: URL, _ folders: [String: String]) -> [(
    relative: String, kind: String, bytes: [UInt8]
  )] {
    var found: [(relative: String, kind: String, bytes: [UInt8])] = []
    for (folder, ext) in folders.sorted(by: { $0.key < $1.key }) {
      let base = folder.isEmpty ? root : root.appendingPathComponent(folder)
      guard let walker = FileManager.default.enumerator(atPath: base.path) else { continue }
      while let relative = walker.nextObject() as? String {
        guard relative.hasSuffix("." + ext) else { continue }
        let path = folder.isEmpty ? relative : folder + "/" + relative
        found.append((path, ext, read(base.appendingPathComponent(relative))))
      }
    }
    return found.sorted { $0.relative < $1.relative }
  }
}

/// Seeds written for what the repository's files lack.
enum BuiltInSeeds {
  static let all: [FuzzKind: [String]] = [
    .manifest: [
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: anchors
        labels: &labels {app: web, tier: "front"}
        annotations:
          drift.git/ignore: "/data/skip"
      data:
        <<: &base
          a: "1"
          b: '2'
        c: !!str 3
        d: |
          multi
          line
        e: >-
          folded
          text
        skip: x
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, labels: *labels}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: app, image: "registry.example.com/web:1.0", ports: [{containerPort: 8080}]}]
      ...
      """,
      """
      %YAML 1.1
      ---
      apiVersion: v1
      kind: Secret
      metadata:
        name: db
        namespace: prod
      type: Opaque
      data:
        password: cGFzc3dvcmQ=
      stringData:
        token: "t0ken"
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: prod}
      spec:
        ports:
          - {port: 80, targetPort: 8080, protocol: TCP}
        selector: {app: web}
      """,
      """
      apiVersion: v1
      kind: List
      items:
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: listed}
          data: {k: v}
      """,
    ],
    .exportYAML: [
      """
      apiVersion: v1
      kind: List
      items:
      - apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: prod
          uid: 1b2c
          resourceVersion: "42"
          managedFields:
          - manager: kubectl-edit
            operation: Update
            time: "2026-11-20T10:00:00Z"
            fieldsType: FieldsV1
            fieldsV1: {"f:spec": {"f:replicas": {}}}
        spec:
          replicas: 5
          template:
            spec:
              containers:
              - name: app
                image: registry.example.com/team/web:1.11.0
      - apiVersion: v1
        kind: Secret
        metadata: {name: db, namespace: prod}
        data: {password: cGFzc3dvcmQ=}
      """
    ],
    .driftConfig: [
      """
      version: 1
      sources:
        - name: prod-k8s
          format: kubernetes
          paths: ["apps/**/*.yaml", "apps/*.yml"]
          namespace: prod
      ignore:
        - resource: "Deployment.apps/prod/*"
          paths: ["/spec/replicas", "/metadata/labels/*"]
          managers: ["hpa-controller"]
          reason: "scaled"
          expires: 2099-01-31
      policies:
        - path: "/spec/template/spec/containers/*/image"
          severity: high
      postmortems: docs/postmortems
      branch: main
      """
    ],
    .driftIgnore: [
      """
      # noise
      Deployment.apps/prod/web#/spec/replicas
      ConfigMap/prod/*
      !ConfigMap/prod/keep
      **/debug-*
      Secret/*/db#/data/password
      """
    ],
    .codeOwners: [
      """
      # owners
      *            @acme/platform
      /apps/       @acme/sre @alice
      apps/*.yaml  @bob
      **/web.yaml  @carol
      /docs/**     @docs
      \\#literal   @dave
      """
    ],
    .tfvars: [
      """
      name     = "web"
      replicas = 3
      tags     = { owner = "team", "cost-center" = 42 }
      zones    = ["a", "b", "c"]
      nested   = { a = { b = [1, 2.5, true, null] } }
      text     = <<-EOT
        heredoc $${literal}
        EOT
      """
    ],
  ]
}
