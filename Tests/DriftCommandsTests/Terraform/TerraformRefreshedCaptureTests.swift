import DriftTestSupport
import Foundation
import Testing

/// Live means refreshed (issue 20), with real terraform.
///
/// `terraform show -json` prints the state the last apply saved, so what changed since is not
/// seen; the `terraform-refreshed` capture reads a refresh-only plan instead. A `terraform_remote_state` data source of a
/// local state file stands for the cloud: another team's state changes after our apply, and
/// only a refresh reads the new value.
@Suite(.enabled(if: TerraformProject.isAvailable, "terraform is not on PATH"))
struct TerraformRefreshedCaptureTests {
  static let environment = [
    "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1", "TF_CLI_CONFIG_FILE": "/dev/null",
  ]

  static let module = """
    data "terraform_remote_state" "network" {
      backend = "local"
      config = { path = "${path.module}/../network/terraform.tfstate" }
    }

    resource "terraform_data" "app" {
      input = { subnets = data.terraform_remote_state.network.outputs.subnets }
    }

    """

  static func network(subnets: Int) -> String {
    "output \"subnets\" { value = \(subnets) }\n"
  }

  static func terraform(_ arguments: [String], in folder: String) throws -> String {
    let result = try Shell.run(["terraform"] + arguments, cwd: folder, env: environment)
    guard result.status == 0 else {
      throw Shell.Failure(arguments: ["terraform"] + arguments, result: result)
    }
    return result.stdout
  }

  static func applied() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    try repo.write(
      ".drift.yml",
      """
      version: 1
      sources:
        - name: app
          format: hcl
          paths: ["infra/app"]
          capture: "terraform-refreshed -chdir=infra/app"

      """)
    try repo.write(".gitignore", ".terraform/\n.terraform.lock.hcl\n*.tfstate\n*.tfstate.backup\n")
    try repo.write("infra/network/main.tf", Self.network(subnets: 2))
    try repo.write("infra/app/main.tf", Self.module)
    try repo.commit("app reads the network's outputs", date: "2026-11-01T10:00:00Z")
    for folder in ["infra/network", "infra/app"] {
      _ = try terraform(["init", "-input=false", "-no-color"], in: repo.path + "/" + folder)
      _ = try terraform(
        ["apply", "-auto-approve", "-input=false", "-no-color"], in: repo.path + "/" + folder)
    }
    // Out of band for this module: the network grows after the app was applied.
    try repo.write("infra/network/main.tf", Self.network(subnets: 3))
    _ = try terraform(
      ["apply", "-auto-approve", "-input=false", "-no-color"], in: repo.path + "/infra/network")
    try repo.git("checkout", "--", "infra/network/main.tf")
    return repo
  }

  @Test func theRefreshedCaptureSeesWhatTheSavedStateDoesNot() throws {
    let repo = try Self.applied()
    let status = try repo.git("status", "--porcelain", "--ignored")
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "git-drift-tmp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }

    let captured = try GitDriftExecutable.run(
      ["snapshot", "capture", "--source", "app"], in: repo.path, env: ["TMPDIR": scratch.path])
    #expect(captured.status == 0, "\(captured.stderr)")
    // The plan file (the state in clear) was private and is gone; the module folder is as it was.
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
    #expect(try repo.git("status", "--porcelain", "--ignored") == status)

    let refreshed = try gitDrift("check", "--snapshot", "latest", "--format", "json", in: repo)
    #expect(refreshed.status == 1, "\(refreshed.stdout)\(refreshed.stderr)")
    #expect(refreshed.stdout.contains("\"path\": \"/input/subnets\""), "\(refreshed.stdout)")
    #expect(!refreshed.stderr.contains("saved state"), "\(refreshed.stderr)")

    // The saved state still says 2 subnets: in sync, and the check says why to distrust it.
    let shown = try Self.terraform(["show", "-json", "-no-color"], in: repo.path + "/infra/app")
    let export = try writeExport(shown, in: repo, name: "shown.json")
    let saved = try gitDrift("check", "--snapshot", export, in: repo)
    #expect(saved.status == 0, "\(saved.stdout)\(saved.stderr)")
    #expect(
      saved.stderr.contains(
        "note: source 'app': this is Terraform's saved state, not the infrastructure"),
      "\(saved.stderr)")
    #expect(saved.stderr.contains("'terraform-refreshed -chdir=infra/app'"), "\(saved.stderr)")
  }

  @Test func aFailingPlanIsOneLineAndLeavesNothing() throws {
    let repo = try ScratchRepository()
    try repo.write(
      ".drift.yml",
      "version: 1\nsources:\n  - name: app\n    format: hcl\n    paths: [\"infra\"]\n"
        + "    capture: \"terraform-refreshed -chdir=infra\"\n")
    try repo.write("infra/main.tf", "resource \"terraform_data\" \"a\" {\n  input = 1\n}\n")
    try repo.commit("a module", date: "2026-11-01T10:00:00Z")
    // The working tree, where terraform runs, has a syntax error: the plan fails.
    try repo.write("infra/main.tf", "resource \"terraform_data\" \"a\" {\n  input = \n}\n")
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "git-drift-tmp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let result = try GitDriftExecutable.run(
      ["snapshot", "capture", "--source", "app"], in: repo.path, env: ["TMPDIR": scratch.path])
    #expect(result.status == 2)
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    #expect(
      result.stderr.hasPrefix("git-drift: capture command 'terraform-refreshed -chdir=infra' "),
      "\(result.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
  }
}
