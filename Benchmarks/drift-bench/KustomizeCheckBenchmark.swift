import DriftTestSupport
import Foundation

/// `git drift check` of one Kustomize source of `overlays` overlays of one base against a
/// recorded snapshot of their render, as hooks run it: with nothing kept (every overlay built
/// by kustomize), with the renders of the last check kept (`.git/drift/renders`), and with the
/// last report kept (nothing changed since).
///
/// One overlay's Deployment is scaled live: each check must find exactly that drift.
struct KustomizeCheckBenchmark {
  var overlays = 100
  static let scaled = 42

  static func name(_ overlay: Int) -> String { "env-" + String(format: "%03d", overlay) }

  static var drifted: String { "Deployment.apps/\(name(scaled))/web" }

  private static let base: [(String, String)] = [
    ("base/deployment.yaml", KustomizeHistoryBenchmark.base),
    (
      "base/service.yaml",
      """
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
    ),
    (
      "base/configmap.yaml",
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: web-settings
      data:
        LOG_LEVEL: info

      """
    ),
    (
      "base/kustomization.yaml",
      "resources:\n  - deployment.yaml\n  - service.yaml\n  - configmap.yaml\n"
    ),
  ]

  private static func overlay(_ index: Int) -> String {
    """
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    namespace: \(name(index))
    resources:
      - ../../base
    replicas:
      - name: web
        count: \(index % 5 + 1)
    images:
      - name: registry.example.com/web
        newTag: "1.\(index % 7)"
    patches:
      - target: {kind: ConfigMap, name: web-settings}
        patch: |-
          - op: replace
            path: /data/LOG_LEVEL
            value: \(index % 2 == 0 ? "debug" : "warn")

    """
  }

  /// The repository (one commit) with a snapshot of the render recorded, one Deployment
  /// scaled in it.
  func prepare(binary: String) throws -> ScratchRepository {
    let repo = try ScratchRepository()
    let paths = (0..<overlays).map { "\"overlays/\(Self.name($0))\"" }.joined(separator: ", ")
    try repo.write(
      ".drift.yml",
      "version: 1\nsources:\n  - name: prod\n    format: kustomize\n    paths: [\(paths)]\n")
    for (path, text) in Self.base { try repo.write(path, text) }
    for index in 0..<overlays {
      try repo.write("overlays/\(Self.name(index))/kustomization.yaml", Self.overlay(index))
    }
    _ = try repo.commit("overlays", date: "2026-11-01T10:00:00Z")
    // One build of every overlay, from a kustomization that is never committed.
    let resources = (0..<overlays).map { "  - ../overlays/\(Self.name($0))\n" }.joined()
    try repo.write("all/kustomization.yaml", "resources:\n" + resources)
    let render = try Shell.check(["kubectl", "kustomize", "all"], cwd: repo.path)
    try FileManager.default.removeItem(atPath: repo.path + "/all")
    let documents = render.components(separatedBy: "\n---\n").map { document in
      guard document.contains("kind: Deployment"),
        document.contains("namespace: \(Self.name(Self.scaled))\n")
      else { return document }
      return document.replacingOccurrences(
        of: "replicas: \(Self.scaled % 5 + 1)\n", with: "replicas: 9\n")
    }
    let live = repo.root + "/live.yaml"
    // As `kubectl get -o yaml` prints it: one List of the objects.
    let items = documents.map { document in
      document.split(separator: "\n").enumerated().map { ($0 == 0 ? "- " : "  ") + $1 }
        .joined(separator: "\n")
    }
    let list = "apiVersion: v1\nkind: List\nitems:\n" + items.joined(separator: "\n") + "\n"
    try Data(list.utf8).write(to: URL(fileURLWithPath: live))
    _ = try timed(
      binary, ["snapshot", "record", "--at", "2026-11-20T10:00:00Z", live], in: repo.path,
      status: 0)
    return repo
  }

  /// Medians of three checks each way, with their peak memory; fails unless every check
  /// finds exactly the scaled Deployment.
  func run(_ repo: ScratchRepository, binary: String) throws -> [(String, Double, Double)] {
    let output = repo.root + "/report.json"
    let drift = repo.path + "/.git/drift"
    func median(removing folders: [String]) throws -> (Double, Double) {
      var runs: [(Double, Double)] = []
      for _ in 0..<3 {
        for folder in folders { try? FileManager.default.removeItem(atPath: drift + "/" + folder) }
        runs.append(
          try timed(binary, ["check", "--format", "json", "--output", output], in: repo.path))
        let report = try JSONSerialization.jsonObject(
          with: try Data(contentsOf: URL(fileURLWithPath: output)))
        let drifts = ((report as? [String: Any])?["drifts"] as? [[String: Any]]) ?? []
        let found = drifts.compactMap { $0["address"] as? String }
        guard found == [Self.drifted] else {
          throw WrongAnswer(
            description: "wrong answer: Kustomize drift \(found), expected [\(Self.drifted)]")
        }
      }
      return (runs.map(\.0).sorted()[1], runs.map(\.1).max() ?? 0)
    }
    let cold = try median(removing: ["renders", "reports"])
    let renders = try median(removing: ["reports"])
    let reported = try median(removing: [])
    return [
      ("nothing kept (\(overlays) kustomize builds)", cold.0, cold.1),
      ("renders of the last check kept", renders.0, renders.1),
      ("nothing changed since the last check", reported.0, reported.1),
    ]
  }
}

/// A benchmark whose command answered wrongly.
struct WrongAnswer: Error, CustomStringConvertible {
  var description: String
}
