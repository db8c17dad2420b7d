import DriftTerraform
import DriftTestSupport
import Foundation
import Testing

/// Timeline, bisect, provenance and explain on an HCL source, over snapshots recorded from a
/// real `terraform show -json` (issue 7, acceptance 3), checked as
/// `HistoryAcceptanceTests` checks Kubernetes.
@Suite(.enabled(if: TerraformProject.isAvailable, "terraform is not on PATH"))
struct TerraformHistoryTests {
  static let secret = "s3cret-token-value"

  /// The root module at one commit: `replicas` is a variable default, `image` a literal;
  /// `renamed` moves `old_name` to `new_name` with a `moved` block.
  static func module(replicas: Int, image: String, renamed: Bool = false) -> String {
    let kept =
      renamed
      ? """
      resource "terraform_data" "new_name" {
        input = "kept"
      }

      moved {
        from = terraform_data.old_name
        to   = terraform_data.new_name
      }
      """
      : """
      resource "terraform_data" "old_name" {
        input = "kept"
      }
      """
    return """
      variable "replicas" {
        type    = number
        default = \(replicas)
      }

      variable "token" {
        type      = string
        default   = "\(secret)"
        sensitive = true
      }

      resource "terraform_data" "app" {
        input = {
          replicas = var.replicas
          image    = "\(image)"
        }
      }

      resource "terraform_data" "by_path" {
        for_each = toset(["a/b", "../c"])
        input    = "path ${each.key}"
      }

      resource "terraform_data" "secret" {
        input = var.token
      }

      resource "terraform_data" "follower" {
        input = terraform_data.app.id
      }

      resource "terraform_data" "stamped" {
        input = { created = timestamp(), name = "stamped" }
      }

      \(kept)

      """
  }

  /// One real apply of the first commit, shared by the tests.
  static let shown: Result<String, any Error> = Result {
    try TerraformProject.apply([("main.tf", module(replicas: 2, image: "web:1.0"))])
  }

  /// The repository, its five commits (oldest first) and its six snapshots.
  struct Recorded {
    var repo: ScratchRepository
    var commits: [String]
    var snapshots: [String]
  }

  /// Commits: c0 replicas 2, image web:1.0 (applied); c1 replicas 3; c2 image web:1.1; c3
  /// renames old_name with a moved block; c4 touches only the docs.
  ///
  /// Snapshots: s0 the applied state; s1 the same (c1 not applied); s2 replicas 3 (c1
  /// applied); s3 the same under c2 (c2 not applied); s4 image web:hotfix by hand; s5 the same
  /// under c4.
  static func recorded() throws -> Recorded {
    let repo = try hclRepository([(path: "main.tf", text: module(replicas: 2, image: "web:1.0"))])
    var commits = [try repo.git("rev-parse", "HEAD")]
    func commit(_ text: String, _ date: String) throws {
      try repo.write("infra/prod/main.tf", text)
      commits.append(try repo.commit("infrastructure at \(date)", date: date))
    }
    try commit(module(replicas: 3, image: "web:1.0"), "2026-11-02T10:00:00Z")
    try commit(module(replicas: 3, image: "web:1.1"), "2026-11-03T10:00:00Z")
    try commit(module(replicas: 3, image: "web:1.1", renamed: true), "2026-11-04T10:00:00Z")
    try repo.write("docs/README.md", "How prod is run.\n")
    commits.append(try repo.commit("docs", date: "2026-11-05T10:00:00Z"))

    let applied = try shown.get()
    let scaled = try edited(applied) { $0["replicas"] = 3 }
    let hotfix = try edited(applied) {
      $0["replicas"] = 3
      $0["image"] = "web:hotfix"
    }
    var snapshots: [String] = []
    for (export, time) in [
      (applied, "2026-11-01T12:00:00Z"), (applied, "2026-11-02T12:00:00Z"),
      (scaled, "2026-11-02T13:00:00Z"), (scaled, "2026-11-03T12:00:00Z"),
      (hotfix, "2026-11-04T12:00:00Z"), (hotfix, "2026-11-05T12:00:00Z"),
    ] {
      let file = repo.root + "/show.json"
      try Data(export.utf8).write(to: URL(fileURLWithPath: file))
      let result = try GitDriftExecutable.run(
        ["snapshot", "record", "--source", "prod-tf", "--at", time, "--force", file],
        in: repo.path)
      #expect(result.status == 0, "\(result.stderr)")
      snapshots.append(try repo.git("rev-parse", "refs/drift/snapshots/prod-tf"))
    }
    return Recorded(repo: repo, commits: commits, snapshots: snapshots)
  }

  /// `terraform show -json` with the input of `terraform_data.app` edited.
  static func edited(_ text: String, _ edit: (inout [String: Any]) -> Void) throws -> String {
    var root = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    var values = try #require(root["values"] as? [String: Any])
    var module = try #require(values["root_module"] as? [String: Any])
    var resources = try #require(module["resources"] as? [[String: Any]])
    let index = try #require(
      resources.firstIndex { $0["address"] as? String == "terraform_data.app" })
    var attributes = try #require(resources[index]["values"] as? [String: Any])
    var input = try #require(attributes["input"] as? [String: Any])
    edit(&input)
    attributes["input"] = input
    resources[index]["values"] = attributes
    module["resources"] = resources
    values["root_module"] = module
    root["values"] = values
    let data = try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
  }

  static func json(_ arguments: [String], in repo: ScratchRepository) throws -> (
    status: Int32, json: [String: Any], stderr: String
  ) {
    let result = try GitDriftExecutable.run(arguments, in: repo.path)
    let json =
      (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
    return (result.status, json, result.stderr)
  }

  @Test("timeline gives exactly the transitions, per resource and per attribute")
  func timeline() throws {
    let recorded = try Self.recorded()
    let (repo, snapshots, commits) = (recorded.repo, recorded.snapshots, recorded.commits)
    let result = try Self.json(
      ["timeline", "terraform_data.app", "--format", "json"], in: repo)
    #expect(result.status == 0, "\(result.stderr)")
    let transitions = try #require(result.json["transitions"] as? [[String: Any]])
    #expect(transitions.map { $0["snapshot"] as? String } == [0, 1, 2, 3, 4].map { snapshots[$0] })
    #expect(
      transitions.map { $0["state"] as? String }
        == ["in-sync", "drifted", "in-sync", "drifted", "drifted"])
    #expect(transitions.map { $0["commit"] as? String } == [0, 1, 1, 2, 3].map { commits[$0] })
    let undeployed = try #require(transitions[1]["changes"] as? [[String: Any]])
    #expect(undeployed.map { $0["path"] as? String } == ["/input/replicas"])
    #expect(undeployed.first?["desired"] as? Int == 3)
    #expect(undeployed.first?["live"] as? Int == 2)
    let hotfix = try #require(transitions[4]["changes"] as? [[String: Any]])
    #expect(hotfix.first?["live"] as? String == "web:hotfix")

    let replicas = try Self.json(
      ["timeline", "terraform_data.app#/input/replicas", "--format", "json"], in: repo)
    let narrowed = try #require(replicas.json["transitions"] as? [[String: Any]])
    #expect(narrowed.map { $0["state"] as? String } == ["in-sync", "drifted", "in-sync"])

    // References resolve from each snapshot, instance keys with '/' and '..' are stored and
    // read back, timestamp() is not compared: always in sync.
    for address in [
      "terraform_data.follower", #"terraform_data.by_path["a/b"]"#,
      #"terraform_data.by_path["../c"]"#, "terraform_data.stamped", "terraform_data.secret",
    ] {
      let steady = try Self.json(["timeline", address, "--format", "json"], in: repo)
      #expect(steady.status == 0, "\(address): \(steady.stderr)")
      let states = (steady.json["transitions"] as? [[String: Any]])?.map { $0["state"] as? String }
      #expect(states == ["in-sync"], "\(address)")
    }

    // The moved block applies from c3 on: live still holds old_name.
    let moved = try Self.json(
      ["timeline", "terraform_data.new_name", "--format", "json"], in: repo)
    let movedTransitions = try #require(moved.json["transitions"] as? [[String: Any]])
    #expect(movedTransitions.map { $0["snapshot"] as? String } == [snapshots[0], snapshots[4]])
    #expect(movedTransitions.map { $0["state"] as? String } == ["absent", "in-sync"])
    try repo.fsck()
  }

  @Test("bisect names the first drifted snapshot of the current episode and the commit in force")
  func bisect() throws {
    let recorded = try Self.recorded()
    let result = try Self.json(
      ["bisect", "terraform_data.app", "--format", "json"], in: recorded.repo)
    #expect(result.status == 0, "\(result.stderr)")
    let first = try #require(result.json["firstDrifted"] as? [String: Any])
    let clean = try #require(result.json["lastClean"] as? [String: Any])
    #expect(first["snapshot"] as? String == recorded.snapshots[3])
    #expect(first["commit"] as? String == recorded.commits[2])
    #expect(clean["snapshot"] as? String == recorded.snapshots[2])
    #expect(clean["state"] as? String == "in-sync")
  }

  @Test("check and explain tell undeployed values (with the commit) from out-of-band ones")
  func provenance() throws {
    let recorded = try Self.recorded()
    let (repo, snapshots, commits) = (recorded.repo, recorded.snapshots, recorded.commits)
    func provenance(_ arguments: [String]) throws -> [String: [String: String]] {
      let result = try Self.json(arguments + ["--format", "json"], in: repo)
      #expect(result.status == 1, "\(result.stderr)")
      let drifts = try #require(result.json["drifts"] as? [[String: Any]])
      #expect(drifts.map { $0["address"] as? String } == ["terraform_data.app"])
      var found: [String: [String: String]] = [:]
      for change in drifts.first?["changes"] as? [[String: Any]] ?? [] {
        found[change["path"] as? String ?? ""] = change["provenance"] as? [String: String]
      }
      return found
    }
    // s1 (replicas 2, image web:1.0) against HEAD: both are what older commits desired.
    #expect(
      try provenance(["check", "--snapshot", snapshots[1]]) == [
        "/input/replicas": ["class": "undeployed", "commit": commits[0]],
        "/input/image": ["class": "undeployed", "commit": commits[1]],
      ])
    // The latest snapshot: web:hotfix was never desired.
    #expect(try provenance(["check"]) == ["/input/image": ["class": "out-of-band"]])

    let explained = try Self.json(
      ["explain", "terraform_data.app", "--snapshot", snapshots[3], "--format", "json"], in: repo)
    #expect(explained.status == 1, "\(explained.stderr)")
    let items = try #require(explained.json["explanations"] as? [[String: Any]])
    #expect(items.count == 1)
    let item = try #require(items.first)
    #expect(
      item["provenance"] as? [String: String] == ["class": "undeployed", "commit": commits[1]])
    #expect((item["lastSet"] as? [String: Any])?["commit"] as? String == commits[2])
    #expect((item["firstDeviated"] as? [String: Any])?["snapshot"] as? String == snapshots[3])
  }

  @Test("snapshots keep sensitive values as digests and travel with push and fetch")
  func storageAndTransport() throws {
    let recorded = try Self.recorded()
    let repo = recorded.repo
    let stored = try repo.git("log", "-p", "refs/drift/snapshots/prod-tf")
    #expect(!stored.contains(Self.secret), "a sensitive value is stored in clear")
    let listing = try repo.git(
      "-c", "core.quotePath=false", "ls-tree", "-r", "-z", "--name-only",
      "refs/drift/snapshots/prod-tf")
    #expect(
      Set(listing.split(separator: "\0").map(String.init)) == [
        "terraform_data.app.json", #"terraform_data.by_path["a%2Fb"].json"#,
        #"terraform_data.by_path["..%2Fc"].json"#, "terraform_data.follower.json",
        "terraform_data.old_name.json", "terraform_data.secret.json",
        "terraform_data.stamped.json",
      ])

    let remote = try ScratchRepository(bare: true)
    try repo.git("remote", "add", "origin", remote.path)
    try repo.git("push", "--quiet", "origin", "main", "refs/drift/*:refs/drift/*")
    let clone = try ScratchRepository.clone(of: remote)
    try clone.git("fetch", "--quiet", "origin", "refs/drift/*:refs/drift/*")
    try clone.fsck()
    for arguments in [
      ["timeline", "terraform_data.app", "--format", "json"],
      ["bisect", "terraform_data.app", "--format", "json"],
    ] {
      let here = try GitDriftExecutable.run(arguments, in: repo.path)
      let there = try GitDriftExecutable.run(arguments, in: clone.path)
      #expect(there.status == 0, "\(there.stderr)")
      #expect(here.stdout == there.stdout)
    }
  }
}
