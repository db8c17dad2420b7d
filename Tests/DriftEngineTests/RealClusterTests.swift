import DriftEngine
import DriftFormats
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

/// Issue 17's acceptance cases, checked in-process on objects shaped as API servers return
/// them: the cluster's own objects, hand-added privileges with and without managedFields, CRD
/// kinds outside namespaces, deprecated groups and autoscalers.
@Suite("checks of real clusters")
struct RealClusterTests {
  static let manifest = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: 2
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
            - name: app
              image: registry.example/web:1.4
    ---
    apiVersion: v1
    kind: Service
    metadata:
      name: web
    spec:
      selector: {app: web}
      ports:
        - port: 80
          targetPort: 8080

    """

  /// The configuration `kubectl apply -f` of `manifest` records.
  static let applied: Value = [
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": ["annotations": [:], "name": "web", "namespace": "prod"],
    "spec": [
      "replicas": 2, "selector": ["matchLabels": ["app": "web"]],
      "template": [
        "metadata": ["labels": ["app": "web"]],
        "spec": ["containers": [["name": "app", "image": "registry.example/web:1.4"]]],
      ],
    ],
  ]

  private struct Outcome {
    var report: DriftReport
  }

  /// Checks `files` committed with a source `cluster` (namespace prod) against `live` items.
  private func check(
    _ live: [Value], files: [String: String] = ["deploy/app.yaml": manifest]
  ) throws -> DriftReport {
    let repo = try ScratchRepository()
    defer { repo.remove() }
    try repo.write(
      ".drift.yml",
      "version: 1\nsources:\n  - name: cluster\n    format: kubernetes\n"
        + "    paths: [\"deploy/**\"]\n    namespace: prod\n")
    for (path, text) in files { try repo.write(path, text) }
    _ = try repo.commit("Desired state")
    let export = repo.root + "/live.json"
    let list: Value = ["apiVersion": "v1", "kind": "List", "items": .array(live)]
    try Data(JSONWriter(pretty: true).string(list).utf8).write(to: URL(fileURLWithPath: export))
    var check = Check(revision: "HEAD", sourceName: "cluster", snapshot: export, addresses: [])
    check.workspace = Workspace(repository: try Repository(path: repo.path))
    check.provenanceDepth = nil
    return try check.run()
  }

  /// `body` as the API server returns it: identity, a timestamp and a status.
  static func served(_ body: Value, uid: String, managedFields: [Value]? = nil) -> Value {
    var metadata = body["metadata"] ?? [:]
    metadata = metadata.setting("uid", to: .string(uid))
      .setting("resourceVersion", to: "4242")
      .setting("creationTimestamp", to: "2026-11-01T08:00:00Z")
    if let managedFields { metadata = metadata.setting("managedFields", to: .array(managedFields)) }
    return body.setting("metadata", to: metadata).setting("status", to: ["observedGeneration": 1])
  }

  /// The Deployment as the server keeps it: the manifest, its defaults, the annotation of the
  /// configuration applied, and `template` edits.
  static func deployment(
    applied: Value = applied, hostNetwork: Bool = false, privileged: Bool = false,
    replicas: Int = 2, managedFields: [Value]? = nil
  ) -> Value {
    var container: Value = [
      "name": "app", "image": "registry.example/web:1.4", "imagePullPolicy": "IfNotPresent",
      "resources": [:], "terminationMessagePath": "/dev/termination-log",
      "terminationMessagePolicy": "File",
    ]
    if privileged { container = container.setting("securityContext", to: ["privileged": true]) }
    var podSpec: Value = [
      "containers": [container], "dnsPolicy": "ClusterFirst", "restartPolicy": "Always",
      "schedulerName": "default-scheduler", "securityContext": [:],
      "terminationGracePeriodSeconds": 30,
    ]
    if hostNetwork { podSpec = podSpec.setting("hostNetwork", to: true) }
    let body: Value = [
      "apiVersion": "apps/v1", "kind": "Deployment",
      "metadata": [
        "name": "web", "namespace": "prod", "generation": 3,
        "annotations": [
          "deployment.kubernetes.io/revision": "3",
          "kubectl.kubernetes.io/last-applied-configuration": .string(JSONWriter().string(applied)),
        ],
      ],
      "spec": [
        "progressDeadlineSeconds": 600, "replicas": .integer(replicas),
        "revisionHistoryLimit": 10,
        "selector": ["matchLabels": ["app": "web"]],
        "strategy": [
          "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": "25%"], "type": "RollingUpdate",
        ],
        "template": [
          "metadata": ["creationTimestamp": .null, "labels": ["app": "web"]], "spec": podSpec,
        ],
      ],
    ]
    return served(body, uid: "d-1", managedFields: managedFields)
  }

  static let service = served(
    [
      "apiVersion": "v1", "kind": "Service",
      "metadata": ["name": "web", "namespace": "prod"],
      "spec": [
        "clusterIP": "10.96.4.7", "clusterIPs": ["10.96.4.7"], "ipFamilies": ["IPv4"],
        "ipFamilyPolicy": "SingleStack", "internalTrafficPolicy": "Cluster",
        "ports": [["port": 80, "protocol": "TCP", "targetPort": 8080]],
        "selector": ["app": "web"], "sessionAffinity": "None", "type": "ClusterIP",
      ],
    ], uid: "s-1")

  /// A managedFields entry of `manager`.
  static func managed(
    _ manager: String, _ operation: String = "Update", time: String, subresource: String? = nil,
    fields: Value
  ) -> Value {
    var entry: Value = [
      "apiVersion": "apps/v1", "fieldsType": "FieldsV1", "fieldsV1": fields,
      "manager": .string(manager), "operation": .string(operation), "time": .string(time),
    ]
    if let subresource { entry = entry.setting("subresource", to: .string(subresource)) }
    return entry
  }

  static let appliedFields: Value = [
    "f:metadata": [
      "f:annotations": [".": [:], "f:kubectl.kubernetes.io/last-applied-configuration": [:]]
    ],
    "f:spec": [
      "f:replicas": [:], "f:selector": [:],
      "f:template": [
        "f:metadata": ["f:labels": [".": [:], "f:app": [:]]],
        "f:spec": [
          "f:containers": ["k:{\"name\":\"app\"}": [".": [:], "f:image": [:], "f:name": [:]]]
        ],
      ],
    ],
  ]

  static let privilegeFields: Value = [
    "f:spec": [
      "f:template": [
        "f:spec": [
          "f:hostNetwork": [:],
          "f:containers": [
            "k:{\"name\":\"app\"}": ["f:securityContext": [".": [:], "f:privileged": [:]]]
          ],
        ]
      ]
    ]
  ]

  static let statusWriter = managed(
    "kube-controller-manager", time: "2026-11-01T08:00:05Z", subresource: "status",
    fields: ["f:status": ["f:observedGeneration": [:]]])

  /// The changes of the Deployment's drift, as `op pointer severity`.
  private func privilegeChanges(_ report: DriftReport) -> [String] {
    let drift = report.drifts.first { $0.id.address == "Deployment.apps/prod/web" }
    return (drift?.changes ?? []).map {
      "\($0.operation.rawValue) \($0.path.pointer) \($0.severity.name)"
    }
  }

  static let foundPrivileges = [
    "add /spec/template/spec/containers/0/securityContext/privileged critical",
    "add /spec/template/spec/hostNetwork critical",
  ]

  @Test("privileged and hostNetwork added by kubectl edit, named by managedFields")
  func privilegesEditedWithManagedFields() throws {
    let live = Self.deployment(
      hostNetwork: true, privileged: true,
      managedFields: [
        Self.managed(
          "kubectl-client-side-apply", time: "2026-11-01T08:00:00Z", fields: Self.appliedFields),
        Self.statusWriter,
        Self.managed("kubectl-edit", time: "2026-11-20T22:10:00Z", fields: Self.privilegeFields),
      ])
    let report = try check([live, Self.service])
    #expect(privilegeChanges(report) == Self.foundPrivileges)
    let drift = try #require(report.drifts.first)
    #expect(drift.severity == .critical)
    #expect(drift.changes.allSatisfy { $0.actor?.manager == "kubectl-edit" })
    // `check` exits 1 exactly when the summary has drift (CheckCommand, ExitStatus.drift).
    #expect(report.summary.hasDrift)
  }

  @Test(
    "privileged and hostNetwork added to an object applied server-side, exported without managedFields"
  )
  func privilegesEditedWithNeitherView() throws {
    var live = Self.deployment(hostNetwork: true, privileged: true)
    if let metadata = live["metadata"] {
      live = live.setting("metadata", to: metadata.removing("annotations"))
    }
    let report = try check([live, Self.service])
    #expect(privilegeChanges(report) == Self.foundPrivileges)
    #expect(report.drifts.first?.severity == .critical)
    let clean = try check([
      Self.deployment().setting(
        "metadata", to: (Self.deployment()["metadata"] ?? [:]).removing("annotations")),
      Self.service,
    ])
    #expect(
      !clean.summary.hasDrift,
      "the defaults the server filled in are not drift: \(clean.drifts.flatMap(\.changes).map(\.path.pointer))"
    )
  }

  @Test("privileged and hostNetwork added by hand, exported without managedFields")
  func privilegesEditedWithoutManagedFields() throws {
    let report = try check([Self.deployment(hostNetwork: true, privileged: true), Self.service])
    #expect(privilegeChanges(report) == Self.foundPrivileges)
    #expect(report.drifts.first?.severity == .critical)
    #expect(report.summary.hasDrift)
    #expect(report.diagnostics.contains { $0.message.contains("carry no managedFields") })
    #expect(report.diagnostics.filter { $0.message.contains("managedFields") }.count == 1)
  }

  @Test(
    "privileged and hostNetwork applied from a local copy: last-applied carries them",
    arguments: [true, false])
  func privilegesAppliedFromALocalCopy(withManagedFields: Bool) throws {
    let copy = Self.applied.setting(
      "spec",
      to: (Self.applied["spec"] ?? [:]).setting(
        "template",
        to: [
          "metadata": ["labels": ["app": "web"]],
          "spec": [
            "hostNetwork": true,
            "containers": [
              [
                "name": "app", "image": "registry.example/web:1.4",
                "securityContext": ["privileged": true],
              ]
            ],
          ],
        ]))
    // kubectl apply writes as kubectl-client-side-apply, a deployer: managedFields alone
    // cannot tell this apply from one of git's manifests.
    let managedFields =
      withManagedFields
      ? [
        Self.managed(
          "kubectl-client-side-apply", time: "2026-11-21T09:00:00Z",
          fields: Self.appliedFields),
        Self.managed(
          "kubectl-client-side-apply", time: "2026-11-21T09:00:00Z",
          fields: Self.privilegeFields),
      ] : nil
    let live = Self.deployment(
      applied: copy, hostNetwork: true, privileged: true, managedFields: managedFields)
    let report = try check([live, Self.service])
    #expect(privilegeChanges(report) == Self.foundPrivileges)
    #expect(report.drifts.first?.severity == .critical)
    #expect(report.summary.hasDrift)
  }

  @Test("the export of a whole cluster: what the cluster made itself is not unmanaged")
  func clusterOwnedObjectsAreNotUnmanaged() throws {
    func object(
      _ apiVersion: String, _ kind: String, _ name: String, _ namespace: String?,
      _ extra: [String: Value] = [:], owner: (String, String)? = nil
    ) -> Value {
      var metadata: Value = ["name": .string(name)]
      if let namespace { metadata = metadata.setting("namespace", to: .string(namespace)) }
      if let owner {
        metadata = metadata.setting(
          "ownerReferences",
          to: [
            [
              "apiVersion": "apps/v1", "kind": .string(owner.0), "name": .string(owner.1),
              "uid": "u", "controller": true, "blockOwnerDeletion": true,
            ]
          ])
      }
      for (key, value) in extra where key.hasPrefix("metadata.") {
        metadata = metadata.setting(String(key.dropFirst(9)), to: value)
      }
      var body: Value = [
        "apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": metadata,
      ]
      for (key, value) in extra where !key.hasPrefix("metadata.") {
        body = body.setting(key, to: value)
      }
      return Self.served(body, uid: "\(kind)-\(namespace ?? "")-\(name)")
    }
    var live = [Self.deployment(), Self.service]
    for namespace in ["prod", "default", "kube-system"] {
      live.append(
        object("v1", "ConfigMap", "kube-root-ca.crt", namespace, ["data": ["ca.crt": "x"]]))
      live.append(object("v1", "ServiceAccount", "default", namespace))
    }
    live += [
      object("apps/v1", "ReplicaSet", "web-5d8f7c", "prod", owner: ("Deployment", "web")),
      object("v1", "Pod", "web-5d8f7c-abcde", "prod", owner: ("ReplicaSet", "web-5d8f7c")),
      object(
        "discovery.k8s.io/v1", "EndpointSlice", "web-x7k2p", "prod",
        ["metadata.labels": ["kubernetes.io/service-name": "web"]], owner: ("Service", "web")),
      object("v1", "Endpoints", "web", "prod"),
      object("v1", "Service", "kubernetes", "default"),
      object("v1", "Endpoints", "kubernetes", "default"),
      object("v1", "Namespace", "kube-system", nil),
      object(
        "v1", "Namespace", "prod", nil, ["metadata.labels": ["kubernetes.io/metadata.name": "prod"]]
      ),
      object(
        "rbac.authorization.k8s.io/v1", "ClusterRole", "system:controller:job-controller", nil,
        ["metadata.labels": ["kubernetes.io/bootstrapping": "rbac-defaults"]]),
      object(
        "rbac.authorization.k8s.io/v1", "ClusterRole", "admin", nil,
        ["metadata.labels": ["kubernetes.io/bootstrapping": "rbac-defaults"]]),
      object("v1", "ConfigMap", "extension-apiserver-authentication", "kube-system"),
      object("apps/v1", "Deployment", "coredns", "kube-system"),
      object("coordination.k8s.io/v1", "Lease", "node-1", "kube-node-lease"),
    ]
    // One object the cluster did not make: it stays unmanaged.
    live.append(object("v1", "ConfigMap", "debug-dump", "prod", ["data": ["a": "b"]]))
    let report = try check(live)
    #expect(report.drifts.map(\.id.address) == ["ConfigMap/prod/debug-dump"])
    #expect(report.drifts.map(\.kind) == [.unmanaged])
    #expect(report.summary.clusterOwned == 19)
    #expect(report.summary.inSync == 2)
  }

  @Test("a CRD-defined cluster-scoped kind without namespace in git and live is in sync")
  func clusterScopedCustomKind() throws {
    let provider = """
      apiVersion: pkg.crossplane.io/v1
      kind: Provider
      metadata:
        name: provider-aws
      spec:
        package: xpkg.upbound.io/upbound/provider-aws-s3:v1.1.0

      """
    let crd = """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: providers.pkg.crossplane.io
      spec:
        group: pkg.crossplane.io
        scope: Cluster
        names: {kind: Provider, plural: providers}

      """
    let live = Self.served(
      [
        "apiVersion": "pkg.crossplane.io/v1", "kind": "Provider",
        "metadata": ["name": "provider-aws"],
        "spec": ["package": "xpkg.upbound.io/upbound/provider-aws-s3:v1.1.0"],
      ], uid: "p-1")
    // Learnt from the export alone (a live object without namespace), and from the CRD in git.
    for files in [
      ["deploy/provider.yaml": provider], ["deploy/provider.yaml": provider + "---\n" + crd],
    ] {
      var exported = [live, Self.deployment(), Self.service]
      if files.count == 1,
        files["deploy/provider.yaml"]?.contains("CustomResourceDefinition") == true
      {
        exported.append(Self.served(try yamlValue(crd), uid: "crd-1"))
      }
      let report = try check(
        exported, files: files.merging(["deploy/app.yaml": Self.manifest]) { a, _ in a })
      #expect(report.drifts.isEmpty, "\(report.drifts.map(\.id.address))")
      #expect(report.inSync.map(\.address).contains("Provider.pkg.crossplane.io/provider-aws"))
    }
  }

  @Test("an extensions/v1beta1 manifest against the apps/v1 object the server exports")
  func deprecatedGroupIsTheSameObject() throws {
    let old = Self.manifest.replacingOccurrences(
      of: "apiVersion: apps/v1\n", with: "apiVersion: extensions/v1beta1\n")
    let report = try check([Self.deployment(), Self.service], files: ["deploy/app.yaml": old])
    #expect(report.drifts.isEmpty, "\(report.drifts.map(\.id.address))")
    #expect(report.summary.inSync == 2)
  }

  @Test("replicas an HPA sets are not drift, and the report says why", arguments: [true, false])
  func autoscaledReplicas(hpaInGit: Bool) throws {
    let hpa = """
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata:
        name: web
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        minReplicas: 2
        maxReplicas: 10

      """
    var live = [Self.deployment(replicas: 7), Self.service]
    var files = ["deploy/app.yaml": Self.manifest]
    if hpaInGit {
      files["deploy/hpa.yaml"] = hpa
    }
    var hpaLive = Self.served(try yamlValue(hpa), uid: "h-1")
    if let metadata = hpaLive["metadata"] {
      hpaLive = hpaLive.setting("metadata", to: metadata.setting("namespace", to: "prod"))
    }
    live.append(hpaLive)
    let report = try check(live, files: files)
    let unmanaged = report.drifts.filter { $0.kind == .unmanaged }.map(\.id.address)
    #expect(unmanaged == (hpaInGit ? [] : ["HorizontalPodAutoscaler.autoscaling/prod/web"]))
    #expect(!report.drifts.contains { $0.kind == .modified }, "\(report.drifts)")
    #expect(
      report.diagnostics.contains {
        $0.message.contains("/spec/replicas is set by HorizontalPodAutoscaler.autoscaling/prod/web")
      })
  }

  @Test("an empty export warns instead of reporting everything missing")
  func emptyExport() throws {
    let report = try check([])
    #expect(report.drifts.isEmpty)
    #expect(report.summary.notExported == 2)
    #expect(report.diagnostics.contains { $0.message.contains("holds no objects") })
  }

  @Test("a kind the export does not hold is not exported, never missing")
  func kindsOutsideTheExport() throws {
    let rootCertificate = Self.served(
      [
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": ["name": "kube-root-ca.crt", "namespace": "prod"], "data": ["ca.crt": "x"],
      ], uid: "c-1")
    let report = try check([Self.deployment(), rootCertificate])
    #expect(report.drifts.isEmpty, "\(report.drifts.map(\.id.address))")
    #expect(report.summary.notExported == 1)
    #expect(report.diagnostics.contains { $0.message.contains("(Service)") })
  }

  @Test(
    "an autoscaling/v1 manifest against the autoscaling/v2 object: compared after conversion",
    arguments: [80, 50])
  func autoscalerVersions(liveTarget: Int) throws {
    let hpa = """
      apiVersion: autoscaling/v1
      kind: HorizontalPodAutoscaler
      metadata:
        name: web
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        minReplicas: 2
        maxReplicas: 10
        targetCPUUtilizationPercentage: 80

      """
    let live = Self.served(
      [
        "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
        "metadata": ["name": "web", "namespace": "prod"],
        "spec": [
          "scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "web"],
          "minReplicas": 2, "maxReplicas": 10,
          "metrics": [
            [
              "type": "Resource",
              "resource": [
                "name": "cpu",
                "target": ["type": "Utilization", "averageUtilization": .integer(liveTarget)],
              ],
            ]
          ],
        ],
      ], uid: "h-2")
    let report = try check(
      [live, Self.deployment(), Self.service],
      files: ["deploy/app.yaml": Self.manifest, "deploy/hpa.yaml": hpa])
    let pointers = report.drifts.flatMap(\.changes).map(\.path.pointer)
    if liveTarget == 80 {
      #expect(report.drifts.isEmpty, "\(pointers)")
    } else {
      #expect(pointers == ["/spec/metrics/0/resource/target/averageUtilization"])
    }
  }

  @Test("a v1beta1 CRD against the v1 object: the fields v1 moved are not compared, with a note")
  func definitionVersions() throws {
    let crd = """
      apiVersion: apiextensions.k8s.io/v1beta1
      kind: CustomResourceDefinition
      metadata:
        name: widgets.example.com
      spec:
        group: example.com
        scope: Namespaced
        version: v1
        names: {kind: Widget, plural: widgets}
        validation:
          openAPIV3Schema: {type: object}

      """
    let live = Self.served(
      [
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": ["name": "widgets.example.com"],
        "spec": [
          "group": "example.com", "scope": "Namespaced",
          "names": ["kind": "Widget", "plural": "widgets"],
          "versions": [
            [
              "name": "v1", "served": true, "storage": true,
              "schema": ["openAPIV3Schema": ["type": "object"]],
            ]
          ],
        ],
      ], uid: "crd-2")
    let report = try check(
      [live, Self.deployment(), Self.service],
      files: ["deploy/app.yaml": Self.manifest, "deploy/crd.yaml": crd])
    #expect(report.drifts.isEmpty, "\(report.drifts.flatMap(\.changes).map(\.path.pointer))")
    #expect(
      report.diagnostics.contains {
        $0.message.contains("reshaped by the conversion of apiextensions.k8s.io/v1beta1")
      })
  }

  @Test("objects with generateName and hooks are not compared: one note each, never missing")
  func notDeployedObjects() throws {
    let transient = """
      apiVersion: batch/v1
      kind: Job
      metadata:
        generateName: db-migrate-
      spec:
        template: {spec: {containers: [{name: m, image: busybox}], restartPolicy: Never}}
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: smoke-test
        annotations: {helm.sh/hook: test}
      spec:
        containers: [{name: t, image: busybox}]

      """
    let report = try check(
      [Self.deployment(), Self.service],
      files: ["deploy/app.yaml": Self.manifest, "deploy/jobs.yaml": transient])
    #expect(report.drifts.isEmpty, "\(report.drifts.map(\.id.address))")
    let notes = report.diagnostics.filter { $0.location?.file == "deploy/jobs.yaml" }
    #expect(notes.map(\.location?.line) == [1, 8])
    #expect(notes.first?.message.contains("Job with generateName") == true)
    #expect(notes.last?.message.contains("hook (helm.sh/hook)") == true)
  }
}

/// The value of a YAML document.
private func yamlValue(_ text: String) throws -> Value {
  try YAMLReader.value(Array(text.utf8), file: "inline.yaml")
}
