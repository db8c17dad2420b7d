import Foundation

/// Repositories laid out as five public ones are (written here from their shape, not copied):
/// podinfo, microservices-demo, kubernetes/examples, argocd-example-apps and
/// flux2-kustomize-helm-example, with the edits their histories are made of.
public struct RealLayout: Sendable, CustomStringConvertible {
  public var name: String
  public var files: [(path: String, contents: String)]
  /// Files whose first `replicas: N` (or `replicaCount: N`) an edit changes.
  public var scaled: [String]
  /// Files whose first `image: NAME:TAG` an edit bumps.
  public var images: [String]
  /// Folders an edit adds a ConfigMap to (and removes it from), with the kustomization whose
  /// `resources:` list (its last key) names it, if any.
  public var configFolders: [(folder: String, kustomization: String?, namespace: String?)]
  /// Files an edit renames (`git mv`), once each.
  public var renames: [(from: String, to: String)]

  public var description: String { name }

  /// All five.
  public static let all: [RealLayout] = [
    podinfo, microservicesDemo, kubernetesExamples, argocdExampleApps, fluxKustomizeHelm,
  ]

  static func deployment(
    _ name: String, namespace: String? = nil, replicas: Int = 1, image: String,
    port: Int = 8080, labels: String? = nil
  ) -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: \(name)
    \(namespace.map { "  namespace: \($0)\n" } ?? "")  labels:
        app: \(labels ?? name)
    spec:
      replicas: \(replicas)
      selector:
        matchLabels:
          app: \(labels ?? name)
      template:
        metadata:
          labels:
            app: \(labels ?? name)
        spec:
          containers:
          - name: \(name)
            image: \(image)
            ports:
            - containerPort: \(port)
            env:
            - name: PORT
              value: "\(port)"

    """
  }

  static func service(_ name: String, namespace: String? = nil, port: Int = 80, target: Int = 8080)
    -> String
  {
    """
    apiVersion: v1
    kind: Service
    metadata:
      name: \(name)
    \(namespace.map { "  namespace: \($0)\n" } ?? "")spec:
      selector:
        app: \(name)
      ports:
      - name: http
        port: \(port)
        targetPort: \(target)

    """
  }

  static func namespace(_ name: String) -> String {
    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(name)\n"
  }

  static func kustomization(_ resources: [String], extra: String = "") -> String {
    "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n" + extra
      + "resources:\n" + resources.map { "- \($0)\n" }.joined()
  }

  static let chart: [(String, String)] = [
    ("Chart.yaml", "apiVersion: v2\nname: app\nversion: 6.5.1\nappVersion: 6.5.1\n"),
    ("values.yaml", "replicaCount: 1\nimage:\n  repository: ghcr.io/org/app\n  tag: 6.5.1\n"),
    (
      "templates/deployment.yaml",
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: {{ template "app.fullname" . }}
        labels:
          {{- include "app.labels" . | nindent 4 }}
      spec:
        {{- if not .Values.hpa.enabled }}
        replicas: {{ .Values.replicaCount }}
        {{- end }}

      """
    ),
    ("templates/_helpers.tpl", "{{- define \"app.fullname\" -}}app{{- end -}}\n"),
    ("templates/NOTES.txt", "Installed {{ .Release.Name }}.\n"),
    (
      "templates/tests/test.yaml",
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-test\n"
    ),
  ]

  static func inFolder(_ folder: String, _ files: [(String, String)]) -> [(String, String)] {
    files.map { (folder + "/" + $0.0, $0.1) }
  }

  static let ciWorkflow = (
    ".github/workflows/ci.yml",
    "name: ci\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n    - uses: actions/checkout@v4\n"
  )

  /// podinfo: plain kustomize/ beside deploy/ bases, a webapp and overlays, a Helm chart,
  /// e2e test data and CI.
  public static let podinfo = RealLayout(
    name: "podinfo",
    files: [
      (
        "kustomize/kustomization.yaml",
        kustomization(["hpa.yaml", "deployment.yaml", "service.yaml"])
      ),
      (
        "kustomize/deployment.yaml",
        deployment("podinfo", replicas: 2, image: "ghcr.io/stefanprodan/podinfo:6.5.1", port: 9898)
      ),
      ("kustomize/service.yaml", service("podinfo", port: 9898, target: 9898)),
      (
        "kustomize/hpa.yaml",
        "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: podinfo\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: podinfo\n  minReplicas: 2\n  maxReplicas: 4\n"
      ),
      (
        "deploy/bases/backend/kustomization.yaml",
        kustomization(["deployment.yaml", "service.yaml"])
      ),
      (
        "deploy/bases/backend/deployment.yaml",
        deployment("backend", replicas: 1, image: "ghcr.io/stefanprodan/podinfo:6.5.1", port: 9898)
      ),
      ("deploy/bases/backend/service.yaml", service("backend", port: 9898, target: 9898)),
      (
        "deploy/bases/frontend/kustomization.yaml",
        kustomization(["deployment.yaml", "service.yaml"])
      ),
      (
        "deploy/bases/frontend/deployment.yaml",
        deployment("frontend", replicas: 1, image: "ghcr.io/stefanprodan/podinfo:6.5.1", port: 9898)
      ),
      ("deploy/bases/frontend/service.yaml", service("frontend", port: 80, target: 9898)),
      ("deploy/webapp/namespace.yaml", namespace("webapp")),
      (
        "deploy/webapp/kustomization.yaml",
        kustomization(
          ["namespace.yaml", "../bases/backend", "../bases/frontend"], extra: "namespace: webapp\n")
      ),
      (
        "deploy/overlays/production/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: production\npatches:\n- path: replicas.yaml\nresources:\n- ../../bases/backend\n"
      ),
      (
        "deploy/overlays/production/replicas.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: backend\nspec:\n  replicas: 3\n"
      ),
      (
        "test/kind.yaml",
        "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n"
      ),
      ("test/e2e/workload.yaml", deployment("e2e", image: "busybox:1.36")),
      ciWorkflow,
      ("README.md", "# podinfo\n"),
    ] + inFolder("charts/podinfo", chart),
    scaled: [
      "kustomize/deployment.yaml", "deploy/bases/frontend/deployment.yaml",
      "deploy/overlays/production/replicas.yaml",
    ],
    images: ["deploy/bases/backend/deployment.yaml", "kustomize/deployment.yaml"],
    configFolders: [("deploy/bases/frontend", "deploy/bases/frontend/kustomization.yaml", nil)],
    renames: [])

  /// microservices-demo: kubernetes-manifests/ (with its kustomization), the same objects in
  /// one release/ file, istio manifests, a Helm chart, a root skaffold.yaml.
  public static let microservicesDemo = RealLayout(
    name: "microservices-demo",
    files: [
      (
        "skaffold.yaml",
        "apiVersion: skaffold/v4beta6\nkind: Config\nmetadata:\n  name: app\nbuild:\n  artifacts:\n  - image: frontend\n    context: src/frontend\n"
      ),
      (
        "cloudbuild.yaml", "steps:\n- name: gcr.io/k8s-skaffold/skaffold\n  args: [skaffold, run]\n"
      ),
      (
        "kubernetes-manifests/kustomization.yaml",
        kustomization(["adservice.yaml", "cartservice.yaml", "frontend.yaml", "redis.yaml"])
      ),
      (
        "kubernetes-manifests/adservice.yaml",
        deployment("adservice", image: "adservice:v0.10.1", port: 9555) + "---\n"
          + service("adservice", port: 9555, target: 9555)
      ),
      (
        "kubernetes-manifests/cartservice.yaml",
        deployment("cartservice", image: "cartservice:v0.10.1", port: 7070) + "---\n"
          + service("cartservice", port: 7070, target: 7070)
      ),
      (
        "kubernetes-manifests/frontend.yaml",
        deployment("frontend", image: "frontend:v0.10.1") + "---\n" + service("frontend", port: 80)
      ),
      (
        "kubernetes-manifests/redis.yaml",
        deployment("redis-cart", image: "redis:alpine", port: 6379) + "---\n"
          + service("redis-cart", port: 6379, target: 6379)
      ),
      (
        "release/kubernetes-manifests.yaml",
        "# Generated by release tooling.\n"
          + deployment("adservice", image: "gcr.io/ms/adservice:v0.10.1", port: 9555) + "---\n"
          + service("adservice", port: 9555, target: 9555) + "---\n"
          + deployment("frontend", image: "gcr.io/ms/frontend:v0.10.1") + "---\n"
          + service("frontend", port: 80)
      ),
      (
        "istio-manifests/frontend-gateway.yaml",
        "apiVersion: networking.istio.io/v1beta1\nkind: Gateway\nmetadata:\n  name: frontend-gateway\nspec:\n  selector:\n    istio: ingressgateway\n  servers:\n  - port:\n      number: 80\n      name: http\n      protocol: HTTP\n    hosts: [\"*\"]\n---\napiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata:\n  name: frontend-ingress\nspec:\n  hosts: [\"*\"]\n  gateways: [frontend-gateway]\n  http:\n  - route:\n    - destination:\n        host: frontend\n        port:\n          number: 80\n"
      ),
      (
        "istio-manifests/allow-egress-googleapis.yaml",
        "apiVersion: networking.istio.io/v1beta1\nkind: ServiceEntry\nmetadata:\n  name: allow-egress-googleapis\nspec:\n  hosts: [\"accounts.google.com\", \"*.googleapis.com\"]\n  ports:\n  - number: 443\n    name: https\n    protocol: HTTPS\n"
      ),
      ("src/frontend/README.md", "# frontend\n"),
      ("README.md", "# Online Boutique\n"),
      ciWorkflow,
    ] + inFolder("helm-chart", chart),
    scaled: ["kubernetes-manifests/frontend.yaml", "release/kubernetes-manifests.yaml"],
    images: ["kubernetes-manifests/cartservice.yaml", "release/kubernetes-manifests.yaml"],
    configFolders: [
      ("kubernetes-manifests", "kubernetes-manifests/kustomization.yaml", nil),
      ("release", nil, nil),
    ],
    renames: [])

  /// kubernetes/examples: independent examples in folders of their own and deeper ones, one
  /// of them also as an all-in-one file of the same objects.
  public static let kubernetesExamples = RealLayout(
    name: "kubernetes-examples",
    files: [
      ("README.md", "# Kubernetes examples\n"),
      (
        "guestbook/frontend-deployment.yaml",
        deployment("frontend", replicas: 3, image: "gb-frontend:v5", port: 80)
      ),
      ("guestbook/frontend-service.yaml", service("frontend", port: 80, target: 80)),
      (
        "guestbook/redis-leader-deployment.yaml",
        deployment("redis-leader", image: "redis:6.0.5", port: 6379)
      ),
      ("guestbook/redis-leader-service.yaml", service("redis-leader", port: 6379, target: 6379)),
      (
        "guestbook/all-in-one/guestbook-all-in-one.yaml",
        deployment("frontend", replicas: 3, image: "gb-frontend:v5", port: 80) + "---\n"
          + service("frontend", port: 80, target: 80) + "---\n"
          + deployment("redis-leader", image: "redis:6.0.5", port: 6379)
      ),
      (
        "mysql-wordpress-pd/local-volumes.yaml",
        "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: local-pv-1\nspec:\n  capacity:\n    storage: 20Gi\n  accessModes: [ReadWriteOnce]\n  hostPath:\n    path: /tmp/data/pv-1\n---\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: local-pv-2\nspec:\n  capacity:\n    storage: 20Gi\n  accessModes: [ReadWriteOnce]\n  hostPath:\n    path: /tmp/data/pv-2\n"
      ),
      (
        "mysql-wordpress-pd/mysql-deployment.yaml",
        service("wordpress-mysql", port: 3306, target: 3306) + "---\n"
          + deployment("wordpress-mysql", image: "mysql:8.0", port: 3306)
      ),
      (
        "mysql-wordpress-pd/wordpress-deployment.yaml",
        service("wordpress", port: 80, target: 80) + "---\n"
          + deployment("wordpress", image: "wordpress:6.2.1-apache", port: 80)
      ),
      (
        "staging/volumes/nfs/nfs-server-deployment.yaml",
        deployment("nfs-server", image: "registry.k8s.io/volume-nfs:0.8", port: 2049)
      ),
      (
        "staging/volumes/nfs/nfs-pv.yaml",
        "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: nfs\nspec:\n  capacity:\n    storage: 1Mi\n  accessModes: [ReadWriteMany]\n  nfs:\n    server: nfs-server.default.svc.cluster.local\n    path: \"/\"\n"
      ),
      (
        "staging/storage/redis/redis-sentinel-service.yaml",
        service("redis-sentinel", port: 26379, target: 26379)
      ),
      ("staging/storage/redis/README.md", "# redis\n"),
    ],
    scaled: [
      "guestbook/frontend-deployment.yaml", "staging/volumes/nfs/nfs-server-deployment.yaml",
    ],
    images: [
      "mysql-wordpress-pd/wordpress-deployment.yaml",
      "guestbook/all-in-one/guestbook-all-in-one.yaml",
    ],
    configFolders: [("guestbook", nil, nil)],
    renames: [("guestbook/redis-leader-service.yaml", "guestbook/redis/leader-service.yaml")])

  /// argocd-example-apps: plain, kustomize and Helm guestbooks, an app-of-apps chart, sync
  /// hooks, and jsonnet.
  public static let argocdExampleApps = RealLayout(
    name: "argocd-example-apps",
    files: [
      (
        "guestbook/guestbook-ui-deployment.yaml",
        deployment("guestbook-ui", image: "gcr.io/heptio-images/ks-guestbook-demo:0.2", port: 80)
      ),
      ("guestbook/guestbook-ui-svc.yaml", service("guestbook-ui", port: 80, target: 80)),
      (
        "kustomize-guestbook/kustomization.yaml",
        kustomization(
          ["guestbook-ui-deployment.yaml", "guestbook-ui-svc.yaml"],
          extra: "namePrefix: kustomize-\n")
      ),
      (
        "kustomize-guestbook/guestbook-ui-deployment.yaml",
        deployment("guestbook-ui", image: "gcr.io/heptio-images/ks-guestbook-demo:0.1", port: 80)
      ),
      ("kustomize-guestbook/guestbook-ui-svc.yaml", service("guestbook-ui", port: 80, target: 80)),
      (
        "sync-waves/manifests.yaml",
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: upgrade-sql-schema\n  annotations:\n    argocd.argoproj.io/hook: PreSync\nspec:\n  template:\n    spec:\n      containers:\n      - name: upgrade-sql-schema\n        image: alpine:latest\n        command: [\"sleep\", \"5\"]\n      restartPolicy: Never\n---\n"
          + deployment("backend", image: "nginx:1.25", port: 80) + "---\n"
          + service("backend", port: 80, target: 80)
      ),
      (
        "pre-post-sync/kustomization.yaml",
        kustomization(["pre-sync-job.yaml", "post-sync-job.yaml", "deployment.yaml"])
      ),
      (
        "pre-post-sync/pre-sync-job.yaml",
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: before\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: HookSucceeded\nspec:\n  template:\n    spec:\n      containers:\n      - name: sleep\n        image: alpine:latest\n        command: [\"sleep\", \"10\"]\n      restartPolicy: Never\n"
      ),
      (
        "pre-post-sync/post-sync-job.yaml",
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: after\n  annotations:\n    argocd.argoproj.io/hook: PostSync\nspec:\n  template:\n    spec:\n      containers:\n      - name: sleep\n        image: alpine:latest\n      restartPolicy: Never\n"
      ),
      (
        "pre-post-sync/deployment.yaml",
        deployment("guestbook-ui", image: "gcr.io/heptio-images/ks-guestbook-demo:0.2", port: 80)
      ),
      ("jsonnet-guestbook/guestbook-ui.jsonnet", "local params = import 'params.libsonnet';\n[]\n"),
      ("apps/Chart.yaml", "apiVersion: v2\nname: applications\nversion: 0.1.0\n"),
      ("apps/values.yaml", "spec:\n  destination:\n    server: https://kubernetes.default.svc\n"),
      (
        "apps/templates/guestbook.yaml",
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: guestbook\n  namespace: argocd\nspec:\n  destination:\n    namespace: guestbook\n    server: {{ .Values.spec.destination.server }}\n  project: default\n  source:\n    path: guestbook\n    repoURL: https://github.com/argoproj/argocd-example-apps\n"
      ),
      ("README.md", "# Argo CD example apps\n"),
    ] + inFolder("helm-guestbook", chart),
    scaled: [
      "guestbook/guestbook-ui-deployment.yaml", "kustomize-guestbook/guestbook-ui-deployment.yaml",
      "sync-waves/manifests.yaml",
    ],
    images: ["pre-post-sync/deployment.yaml", "guestbook/guestbook-ui-deployment.yaml"],
    configFolders: [
      ("kustomize-guestbook", "kustomize-guestbook/kustomization.yaml", nil),
      ("guestbook", nil, nil),
    ],
    renames: [("guestbook/guestbook-ui-svc.yaml", "guestbook/service.yaml")])

  static func fluxKustomization(_ name: String, path: String, extra: String = "") -> String {
    """
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: \(name)
      namespace: flux-system
    spec:
      interval: 10m0s
      path: \(path)
      prune: true
      sourceRef:
        kind: GitRepository
        name: flux-system
    \(extra)
    """
  }

  static func helmRelease(_ name: String, namespace: String, chart: String, replicas: Int)
    -> String
  {
    """
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata:
      name: \(name)
      namespace: \(namespace)
    spec:
      interval: 50m
      chart:
        spec:
          chart: \(chart)
          version: "*"
          sourceRef:
            kind: HelmRepository
            name: \(name)
      values:
        replicaCount: \(replicas)

    """
  }

  static func helmRepository(_ name: String, namespace: String, url: String) -> String {
    "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: \(name)\n  namespace: \(namespace)\nspec:\n  interval: 24h\n  url: \(url)\n"
  }

  /// flux2-kustomize-helm-example: a cluster folder of Flux Kustomizations (flux-system
  /// among them), apps as a base and a production overlay of HelmReleases, infrastructure
  /// controllers and configs.
  public static let fluxKustomizeHelm = RealLayout(
    name: "flux2-kustomize-helm-example",
    files: [
      (
        "clusters/production/apps.yaml",
        fluxKustomization(
          "apps", path: "./apps/production", extra: "  dependsOn:\n  - name: infra-configs\n")
      ),
      (
        "clusters/production/infrastructure.yaml",
        fluxKustomization("infra-controllers", path: "./infrastructure/controllers") + "---\n"
          + fluxKustomization(
            "infra-configs", path: "./infrastructure/configs",
            extra: "  dependsOn:\n  - name: infra-controllers\n")
      ),
      (
        "clusters/production/flux-system/kustomization.yaml",
        kustomization(["gotk-components.yaml", "gotk-sync.yaml"])
      ),
      (
        "clusters/production/flux-system/gotk-components.yaml",
        "---\n# This manifest was generated by flux. DO NOT EDIT.\n" + namespace("flux-system")
          + "---\n"
          + deployment(
            "source-controller", namespace: "flux-system",
            image: "ghcr.io/fluxcd/source-controller:v1.4.1", port: 9090)
      ),
      (
        "clusters/production/flux-system/gotk-sync.yaml",
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m0s\n  ref:\n    branch: main\n  url: ssh://git@github.com/org/fleet\n---\n"
          + fluxKustomization("flux-system", path: "./clusters/production")
      ),
      ("apps/base/podinfo/namespace.yaml", namespace("podinfo")),
      (
        "apps/base/podinfo/repository.yaml",
        helmRepository(
          "podinfo", namespace: "podinfo", url: "https://stefanprodan.github.io/podinfo")
      ),
      (
        "apps/base/podinfo/release.yaml",
        helmRelease("podinfo", namespace: "podinfo", chart: "podinfo", replicas: 1)
      ),
      (
        "apps/base/podinfo/kustomization.yaml",
        kustomization(
          ["namespace.yaml", "repository.yaml", "release.yaml"], extra: "namespace: podinfo\n")
      ),
      (
        "apps/production/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: podinfo\npatches:\n- path: podinfo-values.yaml\n  target:\n    kind: HelmRelease\nresources:\n- ../base/podinfo\n"
      ),
      (
        "apps/production/podinfo-values.yaml",
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\nspec:\n  values:\n    replicaCount: 2\n"
      ),
      (
        "infrastructure/controllers/ingress-nginx.yaml",
        namespace("ingress-nginx") + "---\n"
          + helmRepository(
            "ingress-nginx", namespace: "ingress-nginx",
            url: "https://kubernetes.github.io/ingress-nginx") + "---\n"
          + helmRelease(
            "ingress-nginx", namespace: "ingress-nginx", chart: "ingress-nginx", replicas: 1)
      ),
      ("infrastructure/controllers/kustomization.yaml", kustomization(["ingress-nginx.yaml"])),
      (
        "infrastructure/configs/cluster-issuers.yaml",
        "apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: letsencrypt\nspec:\n  acme:\n    email: ops@example.com\n    server: https://acme-staging-v02.api.letsencrypt.org/directory\n    privateKeySecretRef:\n      name: letsencrypt\n    solvers:\n    - http01:\n        ingress:\n          class: nginx\n"
      ),
      ("infrastructure/configs/kustomization.yaml", kustomization(["cluster-issuers.yaml"])),
      ("scripts/validate.sh", "#!/usr/bin/env bash\nkubeconform -strict .\n"),
      ("README.md", "# flux2-kustomize-helm-example\n"),
    ],
    scaled: [
      "apps/production/podinfo-values.yaml", "clusters/production/flux-system/gotk-components.yaml",
    ],
    images: ["clusters/production/flux-system/gotk-components.yaml"],
    configFolders: [("apps/base/podinfo", "apps/base/podinfo/kustomization.yaml", nil)],
    renames: [])
}

/// A seeded history of edits to a layout, as the repositories' histories are made: scaling,
/// image bumps, ConfigMaps added and removed, files renamed, documentation.
public struct LayoutHistory {
  public var layout: RealLayout
  public var seed: UInt64

  public init(layout: RealLayout, seed: UInt64) {
    self.layout = layout
    self.seed = seed
  }

  /// Writes the layout into `repo` and commits `count` commits in all (the first holds the
  /// layout); returns their ids, oldest first.
  public func commit(_ count: Int, into repo: ScratchRepository) throws -> [String] {
    for (path, contents) in layout.files { try repo.write(path, contents) }
    var commits = [try repo.commit("layout of \(layout.name)", date: Self.date(0))]
    var random = SeededGenerator(seed: seed)
    var renames = layout.renames
    var configs: [(folder: String, kustomization: String?, file: String)] = []
    var serial = 0
    while commits.count < count {
      let edit = Int.random(in: 0..<6, using: &random)
      var message: String
      switch edit {
      case 0 where !layout.scaled.isEmpty:
        let file = layout.scaled.randomElement(using: &random) ?? ""
        let value = Int.random(in: 1...9, using: &random)
        try rewrite(file, in: repo) {
          $0.replacing(/(replicas|replicaCount): \d+/, maxReplacements: 1) { "\($0.1): \(value)" }
        }
        message = "scale \(file) to \(value)"
      case 1 where !layout.images.isEmpty:
        let file = layout.images.randomElement(using: &random) ?? ""
        let tag = "v\(Int.random(in: 1...3, using: &random)).\(commits.count)"
        try rewrite(file, in: repo) {
          $0.replacing(/image: ([^:\s]+):\S+/, maxReplacements: 1) { "image: \($0.1):\(tag)" }
        }
        message = "bump \(file) to \(tag)"
      case 2 where !layout.configFolders.isEmpty:
        let target = layout.configFolders.randomElement(using: &random)
        guard let target else { continue }
        serial += 1
        let name = "settings-\(serial)"
        let file = "\(target.folder)/\(name).yaml"
        try repo.write(
          file,
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n"
            + (target.namespace.map { "  namespace: \($0)\n" } ?? "")
            + "data:\n  LOG_LEVEL: info\n  FEATURE_\(serial): \"true\"\n")
        if let kustomization = target.kustomization {
          try rewrite(kustomization, in: repo) { $0 + "- \(name).yaml\n" }
        }
        configs.append((target.folder, target.kustomization, file))
        message = "add \(file)"
      case 3 where !configs.isEmpty:
        let index = Int.random(in: 0..<configs.count, using: &random)
        let config = configs.remove(at: index)
        try repo.git("rm", "-q", config.file)
        if let kustomization = config.kustomization {
          let line = "- " + (config.file as NSString).lastPathComponent + "\n"
          try rewrite(kustomization, in: repo) { $0.replacingOccurrences(of: line, with: "") }
        }
        message = "remove \(config.file)"
      case 4 where !renames.isEmpty:
        let rename = renames.removeFirst()
        try FileManager.default.createDirectory(
          atPath: repo.path + "/" + (rename.to as NSString).deletingLastPathComponent,
          withIntermediateDirectories: true)
        try repo.git("mv", rename.from, rename.to)
        message = "move \(rename.from) to \(rename.to)"
      default:
        try rewrite("README.md", in: repo) { $0 + "\nNotes \(commits.count).\n" }
        message = "docs"
      }
      commits.append(try repo.commit(message, date: Self.date(commits.count)))
    }
    return commits
  }

  private func rewrite(
    _ file: String, in repo: ScratchRepository, _ change: (String) -> String
  ) throws {
    let path = repo.path + "/" + file
    let text = try String(contentsOfFile: path, encoding: .utf8)
    try repo.write(file, change(text))
  }

  static func date(_ index: Int) -> String {
    let start = Date(timeIntervalSince1970: 1_761_984_000)  // 2025-11-01T08:00:00Z
    let formatter = ISO8601DateFormatter()
    return formatter.string(from: start.addingTimeInterval(Double(index) * 3_600))
  }
}
