import DriftTestSupport
import Foundation

/// A repository laid out as fluxcd/flux2-kustomize-helm-example keeps HelmReleases (written
/// here, not copied), and exports that Python makes as an API server returns them: the
/// release Secrets Helm stores and the objects it installed.
enum HelmLayout {
  static let canaryInline = "canary-inline-pw-5521"
  static let canaryFrom = "canary-valuesfrom-7713"

  static let helmRelease = """
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata:
      name: podinfo
      namespace: podinfo
    spec:
      interval: 10m
      chart:
        spec:
          chart: podinfo
          version: "6.5.x"
          sourceRef:
            kind: HelmRepository
            name: podinfo
            namespace: flux-system
      valuesFrom:
        - kind: Secret
          name: podinfo-values
          valuesKey: values.yaml
      values:
        replicaCount: 2
        image:
          tag: "1.4"
        database:
          password: \(canaryInline)

    """

  static let valuesSecret = """
    apiVersion: v1
    kind: Secret
    metadata:
      name: podinfo-values
      namespace: podinfo
    stringData:
      values.yaml: |
        redis:
          auth: \(canaryFrom)

    """

  /// The repository: the HelmRelease, the Secret its valuesFrom names, and `.drift.yml`.
  static func repository() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    try repo.write("apps/podinfo/release.yaml", helmRelease)
    try repo.write("apps/podinfo/values-secret.yaml", valuesSecret)
    try repo.write(
      ".drift.yml",
      """
      version: 1
      sources:
        - name: podinfo
          format: helm
          paths: ["apps/**/*.yaml"]

      """)
    _ = try repo.commit("podinfo release", date: "2026-11-01T09:00:00Z")
    return repo
  }

  /// The layout of argocd-example-apps' multi-source Helm apps (written here): the chart from
  /// its repository, values from a file of this repository (`$values/...`), an object and a
  /// parameter on top; and an Application of another chart that Argo CD installed without a
  /// release.
  static func argoRepository() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    try repo.write(
      "apps/podinfo.yaml",
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Application
      metadata:
        name: podinfo
        namespace: argocd
      spec:
        project: default
        destination:
          server: https://kubernetes.default.svc
          namespace: podinfo
        sources:
          - repoURL: https://stefanprodan.github.io/podinfo
            chart: podinfo
            targetRevision: 6.5.1
            helm:
              valueFiles:
                - $values/values/podinfo.yaml
              valuesObject:
                image:
                  tag: "1.4"
              parameters:
                - name: replicaCount
                  value: "2"
          - repoURL: https://github.com/example/deploy.git
            targetRevision: main
            ref: values
      ---
      apiVersion: argoproj.io/v1alpha1
      kind: Application
      metadata:
        name: guestbook
        namespace: argocd
      spec:
        destination: {namespace: guestbook}
        source:
          repoURL: https://example.github.io/charts
          chart: guestbook
          targetRevision: 1.0.0

      """)
    try repo.write(
      "values/podinfo.yaml",
      """
      replicaCount: 9
      image:
        tag: "0.9"
      redis:
        auth: \(canaryFrom)
      database:
        password: \(canaryInline)

      """)
    try repo.write(
      ".drift.yml",
      """
      version: 1
      sources:
        - name: podinfo
          format: helm
          paths: ["apps/*.yaml"]

      """)
    _ = try repo.commit("argo apps", date: "2026-11-01T09:00:00Z")
    return repo
  }

  /// The values Flux gives Helm: valuesFrom merged under the inline values.
  static func config(replicas: Int, tag: String = "1.4") -> String {
    """
    {"redis": {"auth": "\(canaryFrom)"}, "replicaCount": \(replicas), "image": {"tag": "\(tag)"},
     "database": {"password": "\(canaryInline)"}}
    """
  }

  /// What the chart renders for `replicas`.
  static func manifest(replicas: Int, tag: String = "1.4") -> String {
    let password = Data(canaryInline.utf8).base64EncodedString()
    return """
      ---
      # Source: podinfo/templates/secret.yaml
      apiVersion: v1
      kind: Secret
      metadata:
        name: podinfo-db
        labels:
          app.kubernetes.io/name: podinfo
          app.kubernetes.io/managed-by: Helm
      type: Opaque
      data:
        password: \(password)
      ---
      # Source: podinfo/templates/service.yaml
      apiVersion: v1
      kind: Service
      metadata:
        name: podinfo
        labels:
          app.kubernetes.io/name: podinfo
          app.kubernetes.io/managed-by: Helm
      spec:
        type: ClusterIP
        ports:
          - port: 9898
            targetPort: http
            protocol: TCP
            name: http
        selector:
          app.kubernetes.io/name: podinfo
      ---
      # Source: podinfo/templates/deployment.yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: podinfo
        labels:
          app.kubernetes.io/name: podinfo
          app.kubernetes.io/managed-by: Helm
      spec:
        replicas: \(replicas)
        selector:
          matchLabels:
            app.kubernetes.io/name: podinfo
        template:
          metadata:
            labels:
              app.kubernetes.io/name: podinfo
          spec:
            containers:
              - name: podinfo
                image: "ghcr.io/stefanprodan/podinfo:\(tag)"
                ports:
                  - name: http
                    containerPort: 9898
                    protocol: TCP

      """
  }

  /// Revisions 1 and 2 as git declares them (Flux installed, then upgraded the chart), and
  /// revision 3 by hand: `helm upgrade --reuse-values --set replicaCount=5`.
  static func revisions(handReplicas: Int? = 5) -> [HelmReleaseSecret.Revision] {
    func revision(_ number: Int, _ version: String, replicas: Int, at time: String, last: Bool)
      -> HelmReleaseSecret.Revision
    {
      HelmReleaseSecret.Revision(
        release: "podinfo", namespace: "podinfo", revision: number,
        status: last ? "deployed" : "superseded", chart: "podinfo", version: version,
        config: config(replicas: replicas), manifest: manifest(replicas: replicas), deployed: time)
    }
    var revisions = [
      revision(1, "6.5.0", replicas: 2, at: "2026-11-01T09:05:00Z", last: false),
      revision(2, "6.5.1", replicas: 2, at: "2026-11-10T09:05:00Z", last: handReplicas == nil),
    ]
    if let handReplicas {
      revisions.append(
        revision(3, "6.5.1", replicas: handReplicas, at: "2026-11-20T10:00:00Z", last: true))
    }
    return revisions
  }

  /// The objects of `manifest` as the API server returns them: Helm's annotations, the
  /// server's metadata and defaults, managedFields of helm, and `python` applied to each `d`.
  static let liveScript = """
    import base64, json, sys, yaml
    spec = json.load(sys.stdin)
    items = []
    for i, d in enumerate(d for d in yaml.safe_load_all(spec["manifest"]) if d):
        m = d["metadata"]
        m["namespace"] = "podinfo"
        m.setdefault("annotations", {}).update({
            "meta.helm.sh/release-name": "podinfo", "meta.helm.sh/release-namespace": "podinfo"})
        m["uid"] = "uid-%d" % i
        m["resourceVersion"] = str(200 + i)
        m["creationTimestamp"] = "2026-11-01T09:05:00Z"
        m["managedFields"] = [{"apiVersion": d["apiVersion"], "fieldsType": "FieldsV1",
            "fieldsV1": {"f:metadata": {"f:labels": {".": {}}}, "f:spec": {}} if d["kind"] != "Secret"
                else {"f:data": {".": {}}},
            "manager": "helm", "operation": "Update", "time": "2026-11-01T09:05:00Z"}]
        if d["kind"] == "Deployment":
            m["generation"] = 3
            s = d["spec"]
            s["revisionHistoryLimit"] = 10
            s["progressDeadlineSeconds"] = 600
            s["strategy"] = {"type": "RollingUpdate",
                             "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}}
            t = s["template"]["spec"]
            t.update({"restartPolicy": "Always", "dnsPolicy": "ClusterFirst",
                      "schedulerName": "default-scheduler", "securityContext": {},
                      "terminationGracePeriodSeconds": 30})
            for c in t["containers"]:
                c.update({"imagePullPolicy": "IfNotPresent", "resources": {},
                          "terminationMessagePath": "/dev/termination-log",
                          "terminationMessagePolicy": "File"})
            d["status"] = {"replicas": s["replicas"], "readyReplicas": s["replicas"]}
        if d["kind"] == "Service":
            d["spec"].update({"clusterIP": "10.96.12.7", "clusterIPs": ["10.96.12.7"],
                              "sessionAffinity": "None", "ipFamilies": ["IPv4"],
                              "ipFamilyPolicy": "SingleStack", "internalTrafficPolicy": "Cluster"})
    PYTHON
        items.append(d)
    items += [json.loads(s) for s in spec["secrets"]]
    print(json.dumps({"apiVersion": "v1", "kind": "List", "items": items}, indent=1))
    """

  /// kubectl edit added an env var to the Deployment's container.
  static let kubectlEditEnv = """
    if d["kind"] == "Deployment":
        d["spec"]["template"]["spec"]["containers"][0]["env"] = [{"name": "DEBUG", "value": "true"}]
        m["managedFields"].append({"apiVersion": "apps/v1", "fieldsType": "FieldsV1",
            "fieldsV1": {"f:spec": {"f:template": {"f:spec": {"f:containers": {
                'k:{"name":"podinfo"}': {"f:env": {".": {}, 'k:{"name":"DEBUG"}': {
                    ".": {}, "f:name": {}, "f:value": {}}}}}}}}},
            "manager": "kubectl-edit", "operation": "Update", "time": "2026-11-21T08:00:00Z"})
    """

  /// Writes the export of `revisions` (the deployed one's manifest installed) to a file.
  static func export(
    _ repo: ScratchRepository, revisions: [HelmReleaseSecret.Revision], python: String = "",
    extra: [String] = []
  ) throws -> String {
    let secrets = try HelmReleaseSecret.secrets(revisions, storage: "podinfo") + extra
    let deployed = revisions.last { $0.status == "deployed" } ?? revisions[revisions.count - 1]
    let spec: [String: Any] = ["manifest": deployed.manifest, "secrets": secrets]
    let script = liveScript.replacingOccurrences(
      of: "PYTHON", with: python.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
    let output = try Shell.check(
      ["python3", "-c", script],
      stdin: String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self))
    let path = repo.root + "/live-\(UUID().uuidString).json"
    try Data(output.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }
}
