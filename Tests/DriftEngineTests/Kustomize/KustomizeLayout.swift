import DriftTestSupport
import Foundation

/// A base with two overlays (staging and prod: other replicas, image tags and a patch), a
/// configMapGenerator whose hashed name the Deployment follows, written into a scratch
/// repository; live exports are made by the real `kubectl kustomize`, as a cluster that
/// applied the overlay would return them.
struct KustomizeLayout {
  let repo: ScratchRepository

  static let configuration = """
    version: 1
    sources:
      - name: prod
        format: kustomize
        paths: ["overlays/prod"]
      - name: staging
        format: kustomize
        paths: ["overlays/staging"]

    """

  static let base = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      labels: {app: web}
    spec:
      replicas: 1
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
            - name: web
              image: registry.example.com/web:1.0
              envFrom:
                - configMapRef: {name: web-config}

    """

  init() throws {
    repo = try ScratchRepository()
    try repo.write(".drift.yml", Self.configuration)
    try repo.write("base/deploy.yaml", Self.base)
    try repo.write(
      "base/service.yaml",
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n"
        + "  ports:\n    - port: 80\n      targetPort: 8080\n")
    try repo.write(
      "base/kustomization.yaml",
      "resources:\n  - deploy.yaml\n  - service.yaml\nconfigMapGenerator:\n  - name: web-config\n"
        + "    literals: [MODE=fast]\n")
    try Self.overlay(repo, "prod", replicas: 3, tag: "1.4", level: "info")
    try Self.overlay(repo, "staging", replicas: 1, tag: "1.5-rc1", level: "debug")
    _ = try repo.commit("Base and overlays", date: "2026-11-01T09:00:00Z")
  }

  /// An overlay: namespace, replicas, an image tag and a strategic-merge patch of the env.
  static func overlay(
    _ repo: ScratchRepository, _ name: String, replicas: Int, tag: String, level: String
  ) throws {
    try repo.write(
      "overlays/\(name)/kustomization.yaml",
      """
      namespace: \(name)
      resources:
        - ../../base
      replicas:
        - name: web
          count: \(replicas)
      images:
        - name: registry.example.com/web
          newTag: "\(tag)"
      patches:
        - path: env.yaml

      """)
    try repo.write(
      "overlays/\(name)/env.yaml",
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        template:
          spec:
            containers:
              - name: web
                env:
                  - name: LOG_LEVEL
                    value: \(level)

      """)
  }

  /// What a cluster that applied `overlay` returns for `kubectl get -o json`: the real
  /// render, with server-populated metadata, `edit` applied to each object first.
  func liveExport(overlay: String, edit: String = "") throws -> String {
    let rendered = try Shell.check(["kubectl", "kustomize", "overlays/\(overlay)"], cwd: repo.path)
    let script = """
      import json, sys, yaml
      items = [d for d in yaml.safe_load_all(sys.stdin) if d]
      for i, d in enumerate(items):
          m = d["metadata"]
          m["uid"] = "uid-%d" % i
          m["resourceVersion"] = str(100 + i)
          m["creationTimestamp"] = "2026-11-01T09:05:00Z"
          m.setdefault("annotations", {})["kubectl.kubernetes.io/last-applied-configuration"] = json.dumps(d)
      \(edit)
      print(json.dumps({"apiVersion": "v1", "kind": "List", "items": items}))
      """
    return try Shell.check(["python3", "-c", script], stdin: rendered)
  }

  /// Writes `text` to a file of the repository's folder and returns its path.
  func export(_ text: String, named name: String) throws -> String {
    let path = repo.root + "/" + name
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }
}
