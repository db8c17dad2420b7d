import DriftTestSupport
import Foundation

/// `check --rev` and `timeline` of one drifted Terraform attribute over a long history
/// (issue 23: 489 commits took 12.7 s, one evaluation per commit).
///
/// A root module at the top of the repository, as terraform-aws-vpc keeps it: `resources`
/// `terraform_data` resources reading variables and locals, beside `examples` folders of
/// `.tf` files no evaluation of the root reads; every commit touches CHANGELOG.md (so the top
/// tree changes at every commit), every `changeEvery`th changes a variable's default. Live
/// state is `terraform show -json` of the tip with one attribute changed out of band, so that
/// provenance looks for its value through the whole history. A snapshot is
/// recorded every `snapshotEvery` commits, the attribute drifted from `driftFrom` on. With
/// `changesMainEveryCommit`, every commit also changes `main.tf` (a new configuration to
/// evaluate at each commit).
struct TerraformHistoryBenchmark {
  var commits = 500
  /// Whether every commit changes `main.tf` (a comment at its end), so that no evaluation is
  /// reused.
  var changesMainEveryCommit = false
  var resources = 120
  /// Folders under `examples/`, each with a few `.tf` files.
  var examples = 30
  var changeEvery = 50
  var snapshotEvery = 10
  /// The snapshot from which the tracked attribute is drifted.
  var driftFrom: Int { commits / snapshotEvery * 7 / 10 }
  static let address = "terraform_data.r7"
  static let pointer = "/input/size"
  static let start = 1_790_000_000

  var main: String {
    (0..<resources).map { index in
      """
      resource "terraform_data" "r\(index)" {
        input = {
          name = "${local.prefix}-r\(index)"
          size = var.sizes[\(index % 5)] + \(index)
          tags = merge(local.tags, { index = "\(index)" })
        }
      }

      """
    }.joined(separator: "\n")
  }

  /// The variables file of the configuration `version`.
  static func variables(_ version: Int) -> String {
    """
    variable "sizes" {
      default = [\(version), 2, 3, 4, 5]
    }

    locals {
      prefix = "prod"
      tags   = { team = "platform", env = "prod" }
    }

    """
  }

  /// The configuration version in force at commit `index`.
  func version(atCommit index: Int) -> Int { 1 + index / changeEvery }

  /// `terraform show -json` of the configuration `version`, the tracked attribute drifted or
  /// not.
  func shown(version: Int, drifted: Bool) -> String {
    let sizes = [version, 2, 3, 4, 5]
    let entries = (0..<resources).map { index in
      let size =
        drifted && "terraform_data.r\(index)" == Self.address ? 999 : sizes[index % 5] + index
      let input =
        #"{"name":"prod-r\#(index)","size":\#(size),"#
        + #""tags":{"env":"prod","index":"\#(index)","team":"platform"}}"#
      return #"{"address":"terraform_data.r\#(index)","mode":"managed","type":"terraform_data","#
        + #""name":"r\#(index)","provider_name":"terraform.io/builtin/terraform","#
        + #""schema_version":0,"values":{"id":"id-\#(index)","input":\#(input),"#
        + #""output":\#(input),"triggers_replace":null},"#
        + #""sensitive_values":{"input":{"tags":{}},"output":{"tags":{}}}}"#
    }
    return #"{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{"#
      + #""resources":[\#(entries.joined(separator: ","))]}}}"#
  }

  /// The repository with its snapshots, and the export of the tip with the attribute drifted.
  func prepare(binary: String) throws -> (ScratchRepository, String) {
    let repo = try ScratchRepository()
    let configuration =
      "version: 1\nsources:\n  - name: infra\n    format: hcl\n    paths: [\".\"]\n"
    func data(_ text: String) -> String { "data \(text.utf8.count)\n\(text)\n" }
    var stream = ""
    for index in 0..<commits {
      let time = Self.start + index * 60
      stream += "commit refs/heads/main\nmark :\(index + 1)\n"
      stream += "author Dev <dev@example.com> \(time) +0000\n"
      stream += "committer Dev <dev@example.com> \(time) +0000\n" + data("change \(index)")
      if index == 0 {
        stream += "M 100644 inline .drift.yml\n" + data(configuration)
        stream += "M 100644 inline main.tf\n" + data(main)
        for example in 0..<examples {
          for file in ["main.tf", "variables.tf", "outputs.tf", "README.md"] {
            stream +=
              "M 100644 inline examples/example-\(example)/\(file)\n"
              + data("# example \(example): \(file)\n")
          }
        }
      } else {
        stream += "from :\(index)\n"
        if changesMainEveryCommit {
          stream += "M 100644 inline main.tf\n" + data(main + "# revision \(index)\n")
        }
      }
      if index % changeEvery == 0 {
        stream += "M 100644 inline variables.tf\n" + data(Self.variables(version(atCommit: index)))
      }
      stream += "M 100644 inline CHANGELOG.md\n" + data("entry \(index)\n")
    }
    try Shell.check(
      ["git", "fast-import", "--quiet"], cwd: repo.path, env: repo.environment, stdin: stream)
    try repo.git("reset", "--quiet", "--hard", "main")
    let snapshot = repo.root + "/snapshot.json"
    for index in 0..<(commits / snapshotEvery) {
      let commit = index * snapshotEvery
      try Data(shown(version: version(atCommit: commit), drifted: index >= driftFrom).utf8)
        .write(to: URL(fileURLWithPath: snapshot))
      let time = Date(timeIntervalSince1970: TimeInterval(Self.start + commit * 60 + 30))
      try Shell.check(
        [
          binary, "snapshot", "record", "--source", "infra", "--at",
          ISO8601DateFormatter().string(from: time), snapshot,
        ], cwd: repo.path, env: repo.environment)
    }
    let export = repo.root + "/show.json"
    try Data(shown(version: version(atCommit: commits - 1), drifted: true).utf8)
      .write(to: URL(fileURLWithPath: export))
    return (repo, export)
  }

  /// The check's drifted attributes with their provenance, to verify the answer.
  func answer(binary: String, _ repo: ScratchRepository, _ export: String) throws -> [String] {
    let result = try Shell.run(
      [binary, "check", "--rev", "main", "--snapshot", export, "--format", "json"],
      cwd: repo.path, env: repo.environment)
    let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let drifts = report?["drifts"] as? [[String: Any]] ?? []
    return drifts.flatMap { drift in
      (drift["changes"] as? [[String: Any]] ?? []).map { change in
        let provenance = (change["provenance"] as? [String: Any])?["class"] as? String ?? "none"
        return "\(drift["address"] as? String ?? "")#\(change["path"] as? String ?? "") "
          + provenance
      }
    }
  }

  /// The timeline's transitions, to verify the answer.
  func transitions(binary: String, _ repo: ScratchRepository) throws -> Int {
    let result = try Shell.run(
      [binary, "timeline", Self.address + "#" + Self.pointer, "--format", "json"],
      cwd: repo.path, env: repo.environment)
    let timeline =
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    return (timeline?["transitions"] as? [Any])?.count ?? -1
  }
}
