import DriftTerraform
import DriftTestSupport
import Foundation
import Testing

/// `accept` and `rollback` of an HCL source against a real `terraform show -json`, edited the
/// way out-of-band changes look (issue 7, acceptance 2).
@Suite(.enabled(if: TerraformProject.isAvailable, "terraform is not on PATH"))
struct TerraformRecoveryTests {
  static let folder = TerraformProject.fixtures.appendingPathComponent("config/recover")
  static let module: [(path: String, text: String)] =
    (try? TerraformProject.files(of: folder)) ?? []

  /// One real apply, shared by the tests.
  static let shown: Result<String, any Error> = Result { try TerraformProject.apply(module) }

  /// The live export: region, a map key and a variable-backed value changed, a resource
  /// deleted, one created by hand, and drift on values that cannot be accepted.
  static func export() throws -> String {
    let text = try shown.get()
    var root = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    var values = try #require(root["values"] as? [String: Any])
    var module = try #require(values["root_module"] as? [String: Any])
    var resources = try #require(module["resources"] as? [[String: Any]])
    func edit(_ address: String, _ change: (inout [String: Any]) -> Void) {
      guard let index = resources.firstIndex(where: { $0["address"] as? String == address })
      else { return }
      var values = resources[index]["values"] as? [String: Any] ?? [:]
      change(&values)
      resources[index]["values"] = values
    }
    edit("terraform_data.literal") { values in
      var input = values["input"] as? [String: Any] ?? [:]
      input["region"] = "eu-central-1"
      var tags = input["tags"] as? [String: Any] ?? [:]
      tags["owner"] = "alice"
      input["tags"] = tags
      values["input"] = input
    }
    edit("terraform_data.sized") { $0["input"] = 5 }
    edit("terraform_data.west") { $0["input"] = ["region": "us-east-1"] }
    edit("terraform_data.named") { $0["input"] = "app-api" }
    edit("terraform_data.secret") { $0["input"] = "rotated-by-hand" }
    resources.removeAll {
      ["terraform_data.doomed", "terraform_data.zone[\"a\"]"].contains($0["address"] as? String)
    }
    var hand = try #require(resources.first { $0["address"] as? String == "terraform_data.east" })
    hand["address"] = "terraform_data.hand_made"
    hand["name"] = "hand_made"
    hand["values"] = [
      "id": "7d1f0c2e-hand-made", "input": ["purpose": "debugging", "ttl": 3],
      "output": ["purpose": "debugging", "ttl": 3], "triggers_replace": NSNull(),
    ]
    resources.append(hand)
    module["resources"] = resources
    values["root_module"] = module
    root["values"] = values
    let data = try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }

  /// A repository with the fixture under `infra/prod` and the export in `show.json`.
  static func scenario() throws -> (ScratchRepository, String) {
    let repo = try hclRepository(module)
    let file = repo.root + "/show.json"
    try Data(try export().utf8).write(to: URL(fileURLWithPath: file))
    return (repo, file)
  }

  static func run(_ arguments: [String], _ repo: ScratchRepository) throws -> Shell.Result {
    try GitDriftExecutable.run(arguments, in: repo.path)
  }

  /// The drifts `check` reports, as `KIND ADDRESS` and `KIND ADDRESS POINTER`.
  static func drifts(_ repo: ScratchRepository, rev: String, export: String) throws -> Set<String> {
    let result = try run(
      ["check", "--rev", rev, "--snapshot", export, "--format", "json"], repo)
    #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    var found: Set<String> = []
    for drift in report["drifts"] as? [[String: Any]] ?? [] {
      let head = "\(drift["kind"] ?? "") \(drift["address"] ?? "")"
      found.insert(head)
      for change in drift["changes"] as? [[String: Any]] ?? [] {
        found.insert(head + " " + (change["path"] as? String ?? ""))
      }
    }
    return found
  }

  /// The `.tf` files of `infra/prod` at `rev`, written into a new temporary folder.
  static func checkout(_ repo: ScratchRepository, _ rev: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "tf-accept-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let names = try repo.git("ls-tree", "--name-only", rev + ":infra/prod").split(separator: "\n")
    for name in names where name.hasSuffix(".tf") {
      let text = try repo.git("show", "\(rev):infra/prod/\(name)")
      try Data((text + "\n").utf8).write(to: folder.appendingPathComponent(String(name)))
    }
    return folder
  }

  static let environment = [
    "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1", "TF_CLI_CONFIG_FILE": "/dev/null",
  ]

  @Test func acceptWritesMinimalEditsThatCheckAndTerraformAgreeWith() throws {
    let (repo, export) = try Self.scenario()
    let head = try repo.git("rev-parse", "HEAD")
    let before = try Self.drifts(repo, rev: "HEAD", export: export)
    #expect(before.contains("modified terraform_data.literal /input/region"), "\(before)")
    #expect(before.contains("modified terraform_data.literal /input/tags/owner"), "\(before)")
    #expect(before.contains("unmanaged terraform_data.hand_made"), "\(before)")

    let result = try Self.run(
      [
        "accept", "--snapshot", export, "terraform_data.literal", "terraform_data.sized",
        "terraform_data.hand_made", "terraform_data.doomed",
      ], repo)
    #expect(result.status == 0, "\(result.stderr)")
    let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("Branch ") })
    let branch = String(line.split(separator: " ")[1])

    let numstat = try repo.git("diff", "--numstat", "main.." + branch, "--", "infra/")
      .split(separator: "\n").map(String.init)
    // main.tf: the region line, the inserted tag, and the doomed block (3 lines) turned into
    // the removed block, whose closing brace git pairs with the old one.
    let removedLines = TerraformResourceText.removed.count { $0 == "\n" } + 1
    #expect(
      Set(numstat) == [
        "\(1 + removedLines)\t3\tinfra/prod/main.tf", "1\t1\tinfra/prod/variables.tf",
        "\(TerraformResourceText.handMade.count { $0 == "\n" })\t0\t"
          + "infra/prod/drift_terraform_data_hand_made.tf",
      ], "\(numstat)")
    let diff = try repo.git("diff", "-U0", "main.." + branch, "--", "infra/prod/main.tf")
    #expect(diff.contains("+    region = \"eu-central-1\" # where it runs\n"), "\(diff)")
    #expect(diff.contains("+      owner   = \"alice\"\n"), "\(diff)")
    let variables = try repo.git("show", branch + ":infra/prod/variables.tf")
    #expect(variables.contains("variable \"size\" {\n  type    = number\n  default = 5\n}"))
    let created = try repo.git("show", branch + ":infra/prod/drift_terraform_data_hand_made.tf")
    #expect(created + "\n" == TerraformResourceText.handMade, "\(created)")
    let main = try repo.git("show", branch + ":infra/prod/main.tf")
    #expect(main.contains(TerraformResourceText.removed))

    let after = try Self.drifts(repo, rev: branch, export: export)
    for accepted in [
      "terraform_data.literal", "terraform_data.sized", "terraform_data.hand_made",
      "terraform_data.doomed",
    ] {
      #expect(!after.contains { $0.split(separator: " ")[1] == accepted }, "\(after)")
    }
    #expect(after.contains("modified terraform_data.west /input/region"), "not chosen: stays")
    #expect(after.contains("missing terraform_data.zone[\"a\"]"))

    let folder = try Self.checkout(repo, branch)
    defer { try? FileManager.default.removeItem(at: folder) }
    let format = try Shell.run(
      ["terraform", "fmt", "-check", "-diff", "-no-color"], cwd: folder.path,
      env: Self.environment)
    #expect(format.status == 0, "\(format.stdout)\(format.stderr)")
    for arguments in [
      ["terraform", "init", "-input=false", "-no-color"], ["terraform", "validate"],
    ] {
      let ran = try Shell.run(arguments + ["-no-color"], cwd: folder.path, env: Self.environment)
      #expect(ran.status == 0, "\(arguments): \(ran.stdout)\(ran.stderr)")
    }

    try repo.fsck()
    #expect(try repo.git("status", "--porcelain").isEmpty)
    #expect(try repo.git("rev-parse", "HEAD") == head)
  }

  @Test(arguments: [
    ("terraform_data.named", "not written as a literal"),
    ("terraform_data.secret", "sensitive values are never written to git"),
    ("terraform_data.west", "value flows from var.region, which 1 other resource(s) use"),
    ("terraform_data.zone\\[\"a\"\\]", "count or for_each"),
  ])
  func refusalsWriteNothing(target: String, reason: String) throws {
    let (repo, export) = try Self.scenario()
    let result = try Self.run(["accept", "--snapshot", export, target], repo)
    #expect(result.status == 2)
    let address = target.replacing("\\", with: "")
    #expect(result.stderr.contains("cannot accept \(address)"), "\(result.stderr)")
    #expect(result.stderr.contains(reason), "\(result.stderr)")
    #expect(try repo.git("for-each-ref", "refs/heads/drift").isEmpty)
  }

  @Test func partialAcceptsTheRestAndWarns() throws {
    let (repo, export) = try Self.scenario()
    let result = try Self.run(
      ["accept", "--partial", "--snapshot", export, "terraform_data.west", "terraform_data.sized"],
      repo)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("warning: "), "\(result.stderr)")
    #expect(result.stderr.contains("var.region"))
    let branch = try repo.git("for-each-ref", "--format=%(refname:short)", "refs/heads/drift")
    let changed = try repo.git("diff", "--numstat", "main.." + branch, "--", "infra/")
    #expect(changed == "1\t1\tinfra/prod/variables.tf")
  }

  @Test func dryRunPrintsTheDiffAndWritesNothing() throws {
    let (repo, export) = try Self.scenario()
    let result = try Self.run(
      ["accept", "--dry-run", "--snapshot", export, "terraform_data.literal#/input/region"], repo)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("+    region = \"eu-central-1\" # where it runs"))
    #expect(!result.stdout.contains("owner"), "only the chosen change")
    #expect(try repo.git("for-each-ref", "refs/heads/drift").isEmpty)
  }

  @Test func rollbackScriptTargetsTheDriftedAddressesAndDestroysLast() throws {
    let (repo, export) = try Self.scenario()
    let result = try Self.run(
      ["rollback", "--snapshot", export, "--format", "script", "--no-branch"], repo)
    #expect(result.status == 0, "\(result.stderr)")
    let script = result.stdout
    #expect(try Shell.run(["sh", "-n"], stdin: script).status == 0, "valid POSIX sh")
    for target in [
      "terraform_data.literal", "terraform_data.sized", "terraform_data.west",
      "terraform_data.doomed", "'terraform_data.zone[\"a\"]'",
    ] {
      #expect(
        script.contains("terraform -chdir=infra/prod apply -target=\(target)\n"),
        "\(target) in:\n\(script)")
    }
    let destroy = try #require(
      script.range(of: "terraform -chdir=infra/prod destroy -target=terraform_data.hand_made"))
    let confirmation = try #require(script.range(of: "read -r answer"))
    let lastApply = try #require(script.range(of: " apply -target=", options: .backwards))
    #expect(lastApply.lowerBound < confirmation.lowerBound)
    #expect(confirmation.lowerBound < destroy.lowerBound)
    #expect(
      script.contains(
        "# resource \"terraform_data\" \"doomed\" {\n#   input = \"short-lived\"\n# }"))
    #expect(script.contains("cd \"$(git rev-parse --show-toplevel)\""))
  }
}

/// What accept writes for the scenario's unmanaged and missing resources.
enum TerraformResourceText {
  static let handMade = """
    # Created out of band and accepted by git-drift: the import block adopts it.
    resource "terraform_data" "hand_made" {
      input = {
        purpose = "debugging"
        ttl     = 3
      }
    }

    import {
      to = terraform_data.hand_made
      id = "7d1f0c2e-hand-made"
    }

    """

  static let removed = """
    # Deleted out of band and accepted by git-drift: forget it, destroy nothing.
    removed {
      from = terraform_data.doomed

      lifecycle {
        destroy = false
      }
    }
    """
}
