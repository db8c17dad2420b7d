import DriftDiff
import DriftFormats
import DriftModel
import Testing

@Suite struct DifferTests {
  static let desired = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      labels:
        tier: front
    spec:
      replicas: 2
      template:
        spec:
          containers:
            - name: app
              image: app:1
              env:
                - name: A
                  value: "1"
              resources:
                limits: {cpu: "0.5", memory: 1Gi}
                requests: {cpu: 1, memory: 512Mi}
            - name: sidecar
              image: side:1
    """

  static let app: Value = [
    "name": "app", "image": "app:1", "env": [["name": "A", "value": "1"]],
    "imagePullPolicy": "IfNotPresent",
    "resources": [
      "limits": ["cpu": "500m", "memory": "1024Mi"],
      "requests": ["cpu": "1000m", "memory": "0.5Gi"],
    ],
  ]
  static let sidecar: Value = ["name": "sidecar", "image": "side:1"]

  /// The live Deployment: what `desired` declares plus server noise and the given changes.
  static func live(
    replicas: Value = 2, containers: [Value] = [app, sidecar], labels: Value? = ["tier": "front"],
    managedFields: [Value] = [], extraSpec: [Member] = []
  ) -> Value {
    var metadata: Value = [
      "name": "web", "namespace": "prod", "uid": "0d6c", "resourceVersion": "42", "generation": 7,
      "creationTimestamp": "2026-01-01T00:00:00Z",
      "annotations": ["kubectl.kubernetes.io/last-applied-configuration": "{\"spec\":{}}"],
    ]
    if let labels { metadata = metadata.setting("labels", to: labels) }
    if !managedFields.isEmpty {
      metadata = metadata.setting("managedFields", to: .array(managedFields))
    }
    let spec = Value.object(
      [
        Member("replicas", replicas),
        Member(
          "template", ["spec": ["containers": .array(containers), "dnsPolicy": "ClusterFirst"]]),
      ] + extraSpec)
    return [
      "apiVersion": "apps/v1", "kind": "Deployment", "metadata": metadata, "spec": spec,
      "status": ["replicas": 2, "readyReplicas": 2],
    ]
  }

  @Test func serverNoiseQuantitiesAndDefaultsAreInSync() throws {
    let analysis = try DiffHarness().compare(desired: Self.desired, live: [Self.live()])
    #expect(analysis.drifts.isEmpty, "\(analysis.changeSummary)")
    #expect(analysis.summary.resources == 1)
    #expect(analysis.summary.inSync == 1)
    #expect(!analysis.summary.hasDrift)
  }

  @Test func reorderedContainersAreMatchedByName() throws {
    let analysis = try DiffHarness().compare(
      desired: Self.desired, live: [Self.live(containers: [Self.sidecar, Self.app])])
    #expect(analysis.drifts.isEmpty, "\(analysis.changeSummary)")
  }

  @Test func replaceCarriesBothValuesAndTheDesiredLine() throws {
    let sidecar = Self.sidecar.setting("image", to: "side:2")
    let analysis = try DiffHarness().compare(
      desired: Self.desired, live: [Self.live(replicas: 5, containers: [sidecar, Self.app])])
    let drift = try #require(analysis.drifts.first)
    #expect(drift.kind == .modified)
    #expect(drift.id.address == "Deployment.apps/prod/web")
    #expect(drift.location?.file == "k8s/app.yaml")
    #expect(
      drift.changes == [
        Change(.replace, at: FieldPath(["spec", "replicas"]), desired: 2, live: 5),
        Change(
          .replace, at: FieldPath(["spec", "template", "spec", "containers", "1", "image"]),
          desired: "side:1",
          live: "side:2"),
      ])
    #expect(drift.changes.map(\.line) == [8, 21])
    #expect(analysis.summary.modified == 1)
  }

  @Test func removeWhenDesiredAttributeIsAbsentLive() throws {
    let analysis = try DiffHarness().compare(desired: Self.desired, live: [Self.live(labels: nil)])
    let change = try #require(analysis.drifts.first?.changes.first)
    #expect(change.operation == .remove)
    #expect(change.path.pointer == "/metadata/labels")
    #expect(change.desired == ["tier": "front"])
    #expect(change.live == nil)
    #expect(analysis.drifts.first?.changes.count == 1)
  }

  @Test func quantitiesOutsideResourcesCompareAsText() throws {
    let desired =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: sizes}\ndata:\n  size: 1Gi\n  port: \"8080\"\n"
    let live: Value = [
      "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "sizes", "namespace": "prod"],
      "data": ["size": "1024Mi", "port": "8080"],
    ]
    let analysis = try DiffHarness().compare(desired: desired, live: [live])
    let change = try #require(analysis.drifts.first?.changes.first)
    #expect(analysis.changeSummary == ["replace /data/size"])
    #expect(change.desired == "1Gi")
    #expect(change.live == "1024Mi")
  }

  @Test func intOrStringTargetPortIsEqual() throws {
    let desired = """
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec:
        ports:
          - {name: http, port: 80, targetPort: 8080}
          - {name: admin, port: 81, targetPort: "9090", protocol: UDP}
      """
    let live: Value = [
      "apiVersion": "v1", "kind": "Service", "metadata": ["name": "web", "namespace": "prod"],
      "spec": [
        "clusterIP": "10.0.0.1",
        "ports": [
          ["name": "admin", "port": 81, "protocol": "UDP", "targetPort": 9090],
          ["name": "http", "port": 80, "protocol": "TCP", "targetPort": "8080"],
        ],
      ],
    ]
    let analysis = try DiffHarness().compare(desired: desired, live: [live])
    #expect(analysis.drifts.isEmpty, "\(analysis.changeSummary)")
  }

  @Test func missingAndUnmanagedAreClassifiedAndCounted() throws {
    let desired =
      Self.desired
      + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: gone}\ndata: {a: b}\n"
    let role: Value = [
      "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
      "metadata": [
        "name": "intruder",
        "managedFields": [
          managed("kubectl-create", time: "2026-02-01T10:00:00Z", fields: ["f:rules": [:]]),
          managed("kubectl-edit", time: "2026-03-01T10:00:00Z", fields: ["f:rules": [:]]),
        ],
      ],
      "rules": [],
    ]
    // The ConfigMap every namespace gets makes ConfigMaps of prod part of the export (so
    // `gone` is missing, not "not exported"); it is the cluster's own, not unmanaged.
    let rootCA: Value = [
      "apiVersion": "v1", "kind": "ConfigMap",
      "metadata": ["name": "kube-root-ca.crt", "namespace": "prod"], "data": ["ca.crt": "x"],
    ]
    let analysis = try DiffHarness().compare(
      desired: desired, live: [Self.live(replicas: 3), role, rootCA])
    #expect(
      analysis.drifts.map(\.id.address) == [
        "ClusterRole.rbac.authorization.k8s.io/intruder", "ConfigMap/prod/gone",
        "Deployment.apps/prod/web",
      ])
    #expect(analysis.drifts.map(\.kind) == [.unmanaged, .missing, .modified])
    #expect(analysis.drifts[0].location == nil)
    #expect(
      analysis.drifts[0].actor
        == Actor(manager: "kubectl-create", operation: "Update", time: "2026-02-01T10:00:00Z"))
    #expect(analysis.drifts[0].severity == .high)
    #expect(analysis.drifts[1].location?.line == 23)
    #expect(analysis.drifts[1].severity == .high)
    var expected = DriftReport.Summary()
    (expected.resources, expected.modified, expected.missing, expected.unmanaged) = (3, 1, 1, 1)
    expected.clusterOwned = 1
    #expect(analysis.summary == expected)
    #expect(analysis.summary.coverage == 0.5)
  }

  @Test func duplicateDesiredAddressesAreRejected() throws {
    let twice =
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: prod}\n"
    let resources = try DiffHarness().format.desiredResources(
      Array(twice.utf8), file: "k8s/dup.yaml")
    let error = try #require(throws: DriftError.self) { try Differ.index(desired: resources) }
    #expect(
      error.message.contains("ConfigMap/prod/a is declared twice (first at k8s/dup.yaml:1:1)"))
    #expect(error.location?.line == 5)
  }
}
