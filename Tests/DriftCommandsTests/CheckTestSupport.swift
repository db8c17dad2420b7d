import DriftTestSupport
import Foundation
import Testing

/// A scratch GitOps repository with a `.drift.yml` for one Kubernetes source.
func gitOpsRepository(
  files: [(path: String, contents: String)], namespace: String = "prod",
  paths: String = "[\"apps/**/*.yaml\"]", extraConfig: String = ""
) throws -> ScratchRepository {
  let repo = try ScratchRepository()
  try repo.write(
    ".drift.yml",
    """
    version: 1
    sources:
      - name: prod-k8s
        format: kubernetes
        paths: \(paths)
        namespace: \(namespace)
    \(extraConfig)
    """)
  for file in files { try repo.write(file.path, file.contents) }
  try repo.commit("desired state", date: "2026-11-01T10:00:00Z")
  try repo.fsck()
  return repo
}

/// Writes `text` beside the repository (not inside it) and returns the path.
func writeExport(_ text: String, in repo: ScratchRepository, name: String = "live.json") throws
  -> String
{
  let path = repo.root + "/" + name
  try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  return path
}

/// Runs `git-drift` in the repository.
func gitDrift(_ arguments: String..., in repo: ScratchRepository, stdin: String? = nil) throws
  -> Shell.Result
{
  try GitDriftExecutable.run(arguments, in: repo.path, stdin: stdin)
}

/// The JSON report of a run.
func report(_ result: Shell.Result) throws -> [String: Any] {
  let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
  return try #require(object as? [String: Any])
}

/// The drifts of a JSON report as the workload generator states its expectations.
func observedDrifts(_ report: [String: Any]) throws -> Set<ExpectedDrift> {
  let drifts = try #require(report["drifts"] as? [[String: Any]])
  var observed = Set<ExpectedDrift>()
  for drift in drifts {
    let changes = drift["changes"] as? [[String: Any]] ?? []
    let pointers = changes.compactMap { $0["path"] as? String }.sorted()
    let kind = try #require(drift["kind"] as? String)
    var actor = drift["actor"] as? String
    if kind == "modified" {
      let actors = Set(changes.compactMap { $0["actor"] as? String })
      actor = actors.isEmpty ? nil : actors.sorted().joined(separator: ",")
    }
    observed.insert(
      ExpectedDrift(
        kind: kind, address: try #require(drift["address"] as? String), pointers: pointers,
        actor: kind == "missing" ? nil : actor))
  }
  return observed
}

/// A repository whose `.drift.yml` declares one `hcl` source over `folder`, with `files` (paths
/// relative to the folder) written under it and committed.
func hclRepository(
  _ files: [(path: String, text: String)], folder: String = "infra/prod",
  source: String = "prod-tf"
) throws -> ScratchRepository {
  let repo = try ScratchRepository()
  try repo.write(
    ".drift.yml",
    "version: 1\nsources:\n  - name: \(source)\n    format: hcl\n    paths: [\"\(folder)\"]\n")
  let prefix = folder == "." ? "" : folder + "/"
  for file in files { try repo.write(prefix + file.path, file.text) }
  try repo.commit("infrastructure", date: "2026-11-01T10:00:00Z")
  return repo
}
