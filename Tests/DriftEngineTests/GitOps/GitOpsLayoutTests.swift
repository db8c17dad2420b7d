import DriftEngine
import DriftFormats
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

/// Repositories laid out as fluxcd/flux2-kustomize-helm-example and argoproj/argocd-example-apps
/// are (written here, not copied), with exports that Python makes from the real
/// `kubectl kustomize` output as the controllers would apply it: the oracle shares no code with
/// the adapter.
@Suite("Flux Kustomizations and Argo CD Applications as units")
struct GitOpsLayoutTests {
  static let podinfo = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: podinfo
      labels:
        env: ${cluster_env}
    spec:
      replicas: ${replicas:=1}
      selector:
        matchLabels: {app: podinfo}
      template:
        metadata:
          labels: {app: podinfo}
        spec:
          containers:
            - name: podinfo
              image: ghcr.io/stefanprodan/podinfo:6.5.0
              args: ["--ui-message=$${not_a_variable}"]

    """

  /// clusters/production holds the Flux Kustomizations; apps/production overlays apps/base;
  /// infrastructure/configs is a folder without kustomization, with a values file beside.
  static func flux() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    try repo.write(
      "clusters/production/apps.yaml",
      """
      apiVersion: kustomize.toolkit.fluxcd.io/v1
      kind: Kustomization
      metadata:
        name: apps
        namespace: flux-system
      spec:
        interval: 10m
        path: ./apps/production
        prune: true
        sourceRef: {kind: GitRepository, name: flux-system}
        postBuild:
          substitute:
            cluster_env: production
          substituteFrom:
            - kind: ConfigMap
              name: cluster-vars
            - kind: Secret
              name: absent-but-optional
              optional: true

      """)
    try repo.write(
      "clusters/production/infrastructure.yaml",
      """
      apiVersion: kustomize.toolkit.fluxcd.io/v1
      kind: Kustomization
      metadata:
        name: infra-configs
        namespace: flux-system
      spec:
        interval: 1h
        path: ./infrastructure/configs
        targetNamespace: infra
        sourceRef: {kind: GitRepository, name: flux-system}

      """)
    try repo.write(
      "clusters/production/cluster-vars.yaml",
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: cluster-vars
        namespace: flux-system
      data:
        replicas: "3"

      """)
    try repo.write(
      "apps/base/podinfo/kustomization.yaml",
      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n"
    )
    try repo.write("apps/base/podinfo/deployment.yaml", podinfo)
    try repo.write(
      "apps/production/kustomization.yaml",
      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: podinfo\n"
        + "resources:\n  - ../base/podinfo\n")
    try repo.write(
      "infrastructure/configs/issuer.yaml",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: issuer\ndata:\n  server: acme\n")
    try repo.write("infrastructure/configs/values.yaml", "replicaCount: 2\n")
    return repo
  }

  /// apps/ holds the Applications: a plain folder with a PreSync hook, a kustomize folder with
  /// Argo CD's own prefix and image, and a Helm chart that an offline check cannot render.
  static func argo() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    try repo.write(
      "apps/applications.yaml",
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Application
      metadata:
        name: guestbook
        namespace: argocd
      spec:
        source: {repoURL: "https://example.com/apps.git", path: guestbook}
        destination: {server: "https://kubernetes.default.svc", namespace: guestbook}
      ---
      apiVersion: argoproj.io/v1alpha1
      kind: Application
      metadata:
        name: kustomize-guestbook
        namespace: argocd
      spec:
        source:
          repoURL: https://example.com/apps.git
          path: kustomize-guestbook
          kustomize:
            namePrefix: prod-
            images: ["gcr.io/heptio-images/ks-guestbook-demo:0.2"]
        destination: {namespace: kg}
      ---
      apiVersion: argoproj.io/v1alpha1
      kind: Application
      metadata:
        name: helm-guestbook
        namespace: argocd
      spec:
        source: {path: helm-guestbook, helm: {valueFiles: [values.yaml]}}
        destination: {namespace: hg}

      """)
    let deployment = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: guestbook-ui
      spec:
        replicas: 1
        selector:
          matchLabels: {app: guestbook-ui}
        template:
          metadata:
            labels: {app: guestbook-ui}
          spec:
            containers:
              - name: guestbook-ui
                image: gcr.io/heptio-images/ks-guestbook-demo:0.1

      """
    try repo.write("guestbook/guestbook-ui-deployment.yaml", deployment)
    try repo.write(
      "guestbook/presync.yaml",
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: presync
        annotations: {argocd.argoproj.io/hook: PreSync}
      spec:
        template:
          spec:
            containers: [{name: migrate, image: busybox}]
            restartPolicy: Never

      """)
    try repo.write("kustomize-guestbook/guestbook-ui-deployment.yaml", deployment)
    try repo.write(
      "kustomize-guestbook/kustomization.yaml", "resources:\n  - guestbook-ui-deployment.yaml\n")
    try repo.write(
      "helm-guestbook/Chart.yaml", "apiVersion: v2\nname: helm-guestbook\nversion: 0.1.0\n")
    try repo.write("helm-guestbook/values.yaml", "replicaCount: 1\n")
    return repo
  }

  /// init's sources, written and committed.
  private func initialise(_ repo: ScratchRepository) throws -> [DiscoveredSource] {
    let sources = SourceDiscovery(root: repo.path).sources()
    try repo.write(".drift.yml", SourceDiscovery.configuration(sources, branch: nil))
    _ = try repo.commit("git-drift init", date: "2026-11-01T09:00:00Z")
    return sources
  }

  /// A List of `documents` (YAML text) as an API server returns them, after `python`
  /// transformed each object `d`.
  private func export(_ repo: ScratchRepository, _ documents: String, python: String = "")
    throws -> String
  {
    let script = """
      import json, re, sys, yaml
      items = [d for d in yaml.safe_load_all(sys.stdin) if d]
      for i, d in enumerate(items):
      \(python.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
          d["metadata"]["uid"] = "uid-%d" % i
          d["metadata"]["resourceVersion"] = str(100 + i)
      print(json.dumps({"apiVersion": "v1", "kind": "List", "items": items}))
      """
    let path = repo.root + "/live-\(UUID().uuidString).json"
    try Data(try Shell.check(["python3", "-c", script], stdin: documents).utf8).write(
      to: URL(fileURLWithPath: path))
    return path
  }

  private func check(_ repo: ScratchRepository, source: String, export: String) throws
    -> DriftReport
  {
    var check = Check(revision: "HEAD", sourceName: source, snapshot: export, addresses: [])
    check.workspace = Workspace(repository: try Repository(path: repo.path))
    return try check.run()
  }

  /// Flux's substitution, as its documentation states it, in Python over the rendered text.
  static let fluxSubstitution = """
    import re
    def substitute(text, values):
        def one(m):
            if m.group(0).startswith("$$"):
                return m.group(0)[1:]
            value = values.get(m.group(1), "")
            return value if value or m.group(3) is None else m.group(3)
        return re.sub(r"\\$\\$\\{[^}]*\\}|\\$\\{([_a-zA-Z][_a-zA-Z0-9]*)(:=([^}]*))?\\}", one, text)
    """

  @Test("init on a Flux layout writes one source per Kustomization, and each checks in sync")
  func fluxLayout() throws {
    let repo = try Self.flux()
    defer { repo.remove() }
    let sources = try initialise(repo)
    let units = sources.filter { $0.format == "flux" }
    #expect(units.map(\.name).sorted() == ["apps", "infra-configs"])
    #expect(units.first { $0.name == "apps" }?.namespace == "podinfo")
    #expect(units.first { $0.name == "infra-configs" }?.namespace == "infra")
    #expect(
      !sources.contains { $0.format == "kustomize" },
      "the overlay a unit renders is not proposed again: \(sources.map(\.paths))")

    let rendered = try Shell.check(["kubectl", "kustomize", "apps/production"], cwd: repo.path)
    let substituted = try Shell.check(
      [
        "python3", "-c",
        Self.fluxSubstitution
          + "\nimport sys\nsys.stdout.write(substitute(sys.stdin.read(), {\"replicas\": \"3\", \"cluster_env\": \"production\"}))\n",
      ], stdin: rendered)
    let apps = try export(repo, substituted)
    let report = try check(repo, source: "apps", export: apps)
    #expect(!report.summary.hasDrift, "\(report.drifts.map(\.id.address))")
    #expect(report.inSync.map(\.address) == ["Deployment.apps/podinfo/podinfo"])

    let issuer = try String(
      contentsOfFile: repo.path + "/infrastructure/configs/issuer.yaml", encoding: .utf8)
    let infra = try export(repo, issuer, python: "d[\"metadata\"][\"namespace\"] = \"infra\"")
    let infraReport = try check(repo, source: "infra-configs", export: infra)
    #expect(!infraReport.summary.hasDrift, "\(infraReport.drifts.map(\.id.address))")
    #expect(infraReport.inSync.map(\.address) == ["ConfigMap/infra/issuer"])

    let edited = try export(
      repo, substituted,
      python:
        "d[\"spec\"][\"template\"][\"spec\"][\"containers\"][0][\"image\"] = \"podinfo:hotfix\"")
    let drift = try #require(try check(repo, source: "apps", export: edited).drifts.first)
    #expect(drift.location?.file == "apps/base/podinfo/deployment.yaml")
    #expect(drift.changes.map(\.path.pointer) == ["/spec/template/spec/containers/0/image"])
  }

  @Test(
    "accept into the kustomization a unit renders as written; refused where the unit substitutes")
  func acceptIntoUnits() throws {
    let repo = try Self.flux()
    defer { repo.remove() }
    try repo.write(
      "clusters/staging/apps.yaml",
      """
      apiVersion: kustomize.toolkit.fluxcd.io/v1
      kind: Kustomization
      metadata: {name: staging-apps, namespace: flux-system}
      spec:
        interval: 10m
        path: ./apps/staging
        sourceRef: {kind: GitRepository, name: flux-system}

      """)
    try repo.write(
      "apps/staging/kustomization.yaml",
      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: staging\n"
        + "resources:\n  - ../base/podinfo\nreplicas:\n  - name: podinfo\n    count: 2\n")
    _ = try initialise(repo)
    let rendered = try Shell.check(["kubectl", "kustomize", "apps/staging"], cwd: repo.path)
    let scaled = try export(repo, rendered, python: "d[\"spec\"][\"replicas\"] = 5")
    let result = try GitDriftExecutable.run(
      ["accept", "--source", "staging-apps", "--snapshot", scaled, "--branch", "scale"],
      in: repo.path)
    #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
    let diff = try repo.git("diff", "--numstat", "HEAD", "scale", "--", "apps", "clusters")
    #expect(diff == "1\t1\tapps/staging/kustomization.yaml", "one line: \(diff)")
    var recheck = Check(
      revision: "scale", sourceName: "staging-apps", snapshot: scaled, addresses: [])
    recheck.workspace = Workspace(repository: try Repository(path: repo.path))
    #expect(!(try recheck.run()).summary.hasDrift)

    let production = try Shell.check(["kubectl", "kustomize", "apps/production"], cwd: repo.path)
    let substituted = try export(
      repo,
      production.replacingOccurrences(of: "${replicas:=1}", with: "9")
        .replacingOccurrences(of: "${cluster_env}", with: "production")
        .replacingOccurrences(of: "$${not_a_variable}", with: "${not_a_variable}"))
    let refused = try GitDriftExecutable.run(
      ["accept", "--source", "apps", "--snapshot", substituted, "--branch", "nope"], in: repo.path)
    #expect(
      refused.stdout.contains("substitutes variables")
        || refused.stderr.contains("substitutes variables"), "\(refused.stdout) \(refused.stderr)")
    #expect(try repo.git("for-each-ref", "refs/heads/nope").isEmpty)
  }

  @Test("init on an Argo CD layout: one source per Application it can render, hooks skipped")
  func argoLayout() throws {
    let repo = try Self.argo()
    defer { repo.remove() }
    let sources = try initialise(repo)
    let units = sources.filter { $0.format == "argocd" }
    #expect(units.map(\.name) == ["guestbook", "kustomize-guestbook"], "no source for Helm")
    #expect(units.map(\.namespace) == ["guestbook", "kg"])
    #expect(!sources.contains { $0.folder.hasPrefix("helm-guestbook") })

    let plain = try String(
      contentsOfFile: repo.path + "/guestbook/guestbook-ui-deployment.yaml", encoding: .utf8)
    let guestbook = try export(
      repo, plain, python: "d[\"metadata\"][\"namespace\"] = \"guestbook\"")
    let report = try check(repo, source: "guestbook", export: guestbook)
    #expect(!report.summary.hasDrift, "\(report.drifts.map(\.id.address))")
    #expect(report.inSync.map(\.address) == ["Deployment.apps/guestbook/guestbook-ui"])
    #expect(
      report.diagnostics.contains { $0.message.contains("Job is a hook (argocd.argoproj.io/hook)") }
    )

    let rendered = try Shell.check(["kubectl", "kustomize", "kustomize-guestbook"], cwd: repo.path)
    let kustomized = try export(
      repo, rendered,
      python: """
        d["metadata"]["name"] = "prod-" + d["metadata"]["name"]
        d["metadata"]["namespace"] = "kg"
        c = d["spec"]["template"]["spec"]["containers"][0]
        c["image"] = c["image"].rsplit(":", 1)[0] + ":0.2"
        """)
    let kustomizeReport = try check(repo, source: "kustomize-guestbook", export: kustomized)
    #expect(!kustomizeReport.summary.hasDrift, "\(kustomizeReport.drifts)")
    #expect(kustomizeReport.inSync.map(\.address) == ["Deployment.apps/kg/prod-guestbook-ui"])
  }

  @Test("an ApplicationSet's git directories and list generators expand to one unit each")
  func applicationSets() throws {
    let repo = try ScratchRepository()
    defer { repo.remove() }
    try repo.write(
      "appsets/envs.yaml",
      """
      apiVersion: argoproj.io/v1alpha1
      kind: ApplicationSet
      metadata:
        name: envs
        namespace: argocd
      spec:
        goTemplate: true
        generators:
          - git:
              repoURL: https://example.com/apps.git
              revision: HEAD
              directories:
                - path: envs/*
                - path: envs/legacy
                  exclude: true
        template:
          metadata:
            name: "web-{{.path.basename}}"
          spec:
            source: {repoURL: "https://example.com/apps.git", path: "{{.path.path}}"}
            destination: {namespace: "{{.path.basename}}"}
      ---
      apiVersion: argoproj.io/v1alpha1
      kind: ApplicationSet
      metadata:
        name: clusters
        namespace: argocd
      spec:
        generators:
          - clusters: {}
        template:
          metadata: {name: "x-{{name}}"}
          spec:
            source: {path: envs/prod}
            destination: {namespace: x}

      """)
    for env in ["prod", "staging", "legacy"] {
      try repo.write(
        "envs/\(env)/config.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  env: \(env)\n")
    }
    let sources = try initialise(repo)
    let units = sources.filter { $0.format == "argocd" }
    #expect(units.map(\.name) == ["web-prod", "web-staging"], "legacy excluded, clusters offline")
    #expect(units.map(\.namespace) == ["prod", "staging"])
    let config = try String(
      contentsOfFile: repo.path + "/envs/staging/config.yaml", encoding: .utf8)
    let live = try export(repo, config, python: "d[\"metadata\"][\"namespace\"] = \"staging\"")
    let report = try check(repo, source: "web-staging", export: live)
    #expect(!report.summary.hasDrift, "\(report.drifts.map(\.id.address))")
    #expect(report.inSync.map(\.address) == ["ConfigMap/staging/web"])
  }

  @Test("a unit whose path leaves the repository is refused, never rendered from the machine")
  func unitOutsideTheRepository() throws {
    let repo = try Self.flux()
    defer { repo.remove() }
    try repo.write(
      "clusters/production/escape.yaml",
      """
      apiVersion: kustomize.toolkit.fluxcd.io/v1
      kind: Kustomization
      metadata: {name: escape, namespace: flux-system}
      spec:
        path: ../../../../etc
        sourceRef: {kind: GitRepository, name: flux-system}

      """)
    try repo.write(
      ".drift.yml",
      "version: 1\nsources:\n  - name: x\n    format: flux\n"
        + "    paths: [\"clusters/production/escape.yaml\"]\n")
    _ = try repo.commit("escape", date: "2026-11-01T09:00:00Z")
    #expect {
      _ = try check(repo, source: "x", export: try export(repo, ""))
    } throws: { error in
      (error as? Failure)?.description.contains("leaves the repository") == true
    }
    #expect(!SourceDiscovery(root: repo.path).sources().contains { $0.name == "escape" })
  }

  @Test("a source naming a unit its paths do not hold fails with the source's line")
  func unknownUnit() throws {
    let repo = try Self.argo()
    defer { repo.remove() }
    try repo.write(
      ".drift.yml",
      "version: 1\nsources:\n  - name: x\n    format: argocd\n    paths: [\"apps/applications.yaml\"]\n"
        + "    unit: nope\n")
    _ = try repo.commit("config", date: "2026-11-01T09:00:00Z")
    #expect {
      _ = try check(repo, source: "x", export: try export(repo, ""))
    } throws: { error in
      let failure = error as? Failure
      return failure?.description.contains(".drift.yml:3:5") == true
        && failure?.description.contains("no Argo CD Application (argoproj.io) named 'nope'")
          == true
    }
  }
}
