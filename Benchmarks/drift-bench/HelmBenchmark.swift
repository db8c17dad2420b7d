import DriftTestSupport
import Foundation

/// `git drift check` of `releases` Flux HelmReleases against an export of their release
/// Secrets (one deployed revision each, made by Python's gzip and base64 as Helm stores
/// them) and the `objects` objects each release installed, as the API server returns them.
///
/// Two releases have a value set by hand (`helm upgrade --set`, revision 2) and one
/// Deployment has an env var that `kubectl edit` added: the check must find exactly those.
struct HelmBenchmark {
  var releases = 50
  var objects = 40
  static let handSet: Set<Int> = [7, 31]
  static let edited = 12

  /// The repository (one commit) and the export.
  func prepare() throws -> (ScratchRepository, String) {
    let repo = try ScratchRepository()
    try repo.write(
      ".drift.yml",
      """
      version: 1
      sources:
        - name: releases
          format: helm
          paths: ["apps/**/*.yaml"]

      """)
    var revisions: [HelmReleaseSecret.Revision] = []
    var live: [String] = []
    for release in 0..<releases {
      let name = "app\(release)"
      try repo.write("apps/\(name)/release.yaml", Self.helmRelease(name))
      let manifest = (0..<objects).map { Self.object($0, of: name) }.joined()
      revisions.append(
        .init(
          release: name, namespace: name, revision: 1, status: "superseded", chart: "service",
          version: "2.3.1", config: Self.config(replicas: 2), manifest: manifest,
          deployed: "2026-11-01T09:00:00Z"))
      revisions.append(
        .init(
          release: name, namespace: name, revision: 2, chart: "service", version: "2.3.1",
          config: Self.config(replicas: Self.handSet.contains(release) ? 5 : 2),
          manifest: manifest, deployed: "2026-11-20T10:00:00Z"))
      for index in 0..<objects {
        live.append(Self.liveObject(index, of: name, edited: release == Self.edited))
      }
    }
    _ = try repo.commit("releases", date: "2026-11-01T08:00:00Z")
    let secrets = try HelmReleaseSecret.secrets(revisions, storage: "flux-system")
    let export = repo.root + "/live.json"
    let list =
      "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
      + (secrets + live).joined(separator: ",")
      + "]}"
    try Data(list.utf8).write(to: URL(fileURLWithPath: export))
    return (repo, export)
  }

  /// Runs the check once; returns wall seconds, peak memory in MB and the drifted addresses.
  func run(_ repo: ScratchRepository, _ export: String) throws -> (Double, Double, Set<String>) {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("git-drift").path
    let report = repo.root + "/report.json"
    let (seconds, memory) = try timed(
      binary, ["check", "--snapshot", export, "--format", "json", "--output", report],
      in: repo.path)
    let json = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: report)))
    let drifts = (json as? [String: Any])?["drifts"] as? [[String: Any]] ?? []
    let drifted = drifts.compactMap { $0["address"] as? String }
    return (seconds, memory, Set(drifted))
  }

  /// The addresses the check must report.
  var expected: Set<String> {
    Set(Self.handSet.map { "Release.helm.sh/flux-system/app\($0)" })
      .union(["Deployment.apps/app\(Self.edited)/app\(Self.edited)-0"])
  }

  static func helmRelease(_ name: String) -> String {
    """
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata:
      name: \(name)
      namespace: flux-system
    spec:
      interval: 10m
      releaseName: \(name)
      targetNamespace: \(name)
      chart:
        spec:
          chart: service
          version: "2.3.x"
          sourceRef:
            kind: HelmRepository
            name: charts
      values:
        replicaCount: 2
        image:
          tag: "1.4"
        resources:
          limits: {cpu: 500m, memory: 256Mi}

    """
  }

  static func config(replicas: Int) -> String {
    """
    {"replicaCount": \(replicas), "image": {"tag": "1.4"},
     "resources": {"limits": {"cpu": "500m", "memory": "256Mi"}}}
    """
  }

  /// Object `index` of a release: a Deployment, Service, ConfigMap or ServiceAccount in turn.
  static func object(_ index: Int, of release: String) -> String {
    let name = "\(release)-\(index)"
    switch index % 4 {
    case 0:
      return """
        ---
        # Source: service/templates/deployment.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: \(name)
          labels: {app.kubernetes.io/name: \(name), app.kubernetes.io/managed-by: Helm}
        spec:
          replicas: 2
          selector:
            matchLabels: {app.kubernetes.io/name: \(name)}
          template:
            metadata:
              labels: {app.kubernetes.io/name: \(name)}
            spec:
              containers:
                - name: app
                  image: "registry.example.com/\(release):1.4"
                  ports:
                    - {name: http, containerPort: 8080, protocol: TCP}
                  resources:
                    limits: {cpu: 500m, memory: 256Mi}

        """
    case 1:
      return """
        ---
        # Source: service/templates/service.yaml
        apiVersion: v1
        kind: Service
        metadata:
          name: \(name)
          labels: {app.kubernetes.io/name: \(name), app.kubernetes.io/managed-by: Helm}
        spec:
          type: ClusterIP
          ports:
            - {port: 80, targetPort: http, protocol: TCP, name: http}
          selector: {app.kubernetes.io/name: \(name)}

        """
    case 2:
      return """
        ---
        # Source: service/templates/configmap.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: \(name)
          labels: {app.kubernetes.io/name: \(name), app.kubernetes.io/managed-by: Helm}
        data:
          LOG_LEVEL: info
          LISTEN: ":8080"

        """
    default:
      return """
        ---
        # Source: service/templates/serviceaccount.yaml
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: \(name)
          labels: {app.kubernetes.io/name: \(name), app.kubernetes.io/managed-by: Helm}

        """
    }
  }

  /// The object as `kubectl get -o json` returns it: server metadata and defaults, Helm's
  /// annotations, helm's managedFields (and kubectl-edit's for the edited Deployment).
  static func liveObject(_ index: Int, of release: String, edited: Bool) -> String {
    let name = "\(release)-\(index)"
    let labels =
      "\"labels\":{\"app.kubernetes.io/name\":\"\(name)\",\"app.kubernetes.io/managed-by\":\"Helm\"}"
    let helmFields: String
    let body: String
    let kind: (String, String)
    switch index % 4 {
    case 0:
      kind = ("apps/v1", "Deployment")
      let env =
        edited && index == 0
        ? ",\"env\":[{\"name\":\"DEBUG\",\"value\":\"1\"}]" : ""
      body = """
        "spec":{"replicas":2,"revisionHistoryLimit":10,"progressDeadlineSeconds":600,\
        "selector":{"matchLabels":{"app.kubernetes.io/name":"\(name)"}},\
        "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},\
        "template":{"metadata":{"creationTimestamp":null,"labels":{"app.kubernetes.io/name":"\(name)"}},\
        "spec":{"containers":[{"name":"app","image":"registry.example.com/\(release):1.4",\
        "ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}],\
        "resources":{"limits":{"cpu":"500m","memory":"256Mi"}}\(env),\
        "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File",\
        "imagePullPolicy":"IfNotPresent"}],"restartPolicy":"Always","terminationGracePeriodSeconds":30,\
        "dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}}},\
        "status":{"observedGeneration":1,"replicas":2,"readyReplicas":2}
        """
      helmFields =
        "{\"f:metadata\":{\"f:labels\":{}},\"f:spec\":{\"f:replicas\":{},\"f:template\":{}}}"
    case 1:
      kind = ("v1", "Service")
      body = """
        "spec":{"type":"ClusterIP","clusterIP":"10.96.\(index).\(release.count)",\
        "clusterIPs":["10.96.\(index).\(release.count)"],"ipFamilies":["IPv4"],\
        "ipFamilyPolicy":"SingleStack","internalTrafficPolicy":"Cluster","sessionAffinity":"None",\
        "ports":[{"port":80,"targetPort":"http","protocol":"TCP","name":"http"}],\
        "selector":{"app.kubernetes.io/name":"\(name)"}},"status":{"loadBalancer":{}}
        """
      helmFields =
        "{\"f:metadata\":{\"f:labels\":{}},\"f:spec\":{\"f:ports\":{},\"f:selector\":{}}}"
    case 2:
      kind = ("v1", "ConfigMap")
      body = "\"data\":{\"LOG_LEVEL\":\"info\",\"LISTEN\":\":8080\"}"
      helmFields =
        "{\"f:data\":{\"f:LOG_LEVEL\":{},\"f:LISTEN\":{}},\"f:metadata\":{\"f:labels\":{}}}"
    default:
      kind = ("v1", "ServiceAccount")
      body = "\"secrets\":[]"
      helmFields = "{\"f:metadata\":{\"f:labels\":{}}}"
    }
    var managers =
      "{\"manager\":\"helm\",\"operation\":\"Update\",\"apiVersion\":\"\(kind.0)\","
      + "\"time\":\"2026-11-01T09:00:00Z\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":\(helmFields)}"
    if edited, index == 0 {
      managers +=
        ",{\"manager\":\"kubectl-edit\",\"operation\":\"Update\",\"apiVersion\":\"apps/v1\","
        + "\"time\":\"2026-11-25T14:00:00Z\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":"
        + "{\"f:spec\":{\"f:template\":{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"app\\\"}\":"
        + "{\"f:env\":{\".\":{},\"k:{\\\"name\\\":\\\"DEBUG\\\"}\":{\".\":{},\"f:name\":{},\"f:value\":{}}}}}}}}}}"
    }
    return """
      {"apiVersion":"\(kind.0)","kind":"\(kind.1)","metadata":{"name":"\(name)",\
      "namespace":"\(release)",\(labels),"annotations":{"meta.helm.sh/release-name":"\(release)",\
      "meta.helm.sh/release-namespace":"\(release)"},"uid":"uid-\(release)-\(index)",\
      "resourceVersion":"\(1000 + index)","generation":1,"creationTimestamp":"2026-11-01T09:00:00Z",\
      "managedFields":[\(managers)]},\(body)}
      """
  }
}
