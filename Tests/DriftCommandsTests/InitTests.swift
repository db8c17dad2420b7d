import DriftTerraform
import DriftTestSupport
import Foundation
import Testing

@Suite("init")
struct InitTests {
  @Test("writes a .drift.yml for the manifest folders found, then check works with it")
  func writesConfiguration() throws {
    let workload = KubernetesWorkload(apps: 4, drifts: .init(scaled: [2]))
    let repo = try ScratchRepository()
    for file in workload.desiredFiles() {
      try repo.write("deploy/prod/" + file.path, file.contents)
    }
    try repo.write("docs/readme.yaml", "title: not a manifest\n")
    try repo.write("README.md", "# infra\n")
    try repo.commit("manifests")

    let result = try GitDriftExecutable.run(["init"], in: repo.path)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("deploy/prod"))
    let written = try String(contentsOfFile: repo.path + "/.drift.yml", encoding: .utf8)
    #expect(written.contains("  - name: deploy-prod-apps\n"))
    #expect(
      written.contains("paths: [\"deploy/prod/apps/**/*.yaml\", \"deploy/prod/apps/**/*.yml\"]"))
    #expect(written.contains("namespace: prod"))
    #expect(!written.contains("name: docs"))

    let again = try GitDriftExecutable.run(["init"], in: repo.path)
    #expect(again.status == 2)
    #expect(
      again.stderr == "git-drift: .drift.yml: .drift.yml already exists; not overwriting it\n")
    #expect(try String(contentsOfFile: repo.path + "/.drift.yml", encoding: .utf8) == written)

    try repo.git("add", ".drift.yml")
    try repo.commit("configure git-drift")
    let live = try writeExport(workload.liveList(), in: repo)
    let check = try GitDriftExecutable.run(
      ["check", "--snapshot", live, "--format", "json"], in: repo.path)
    #expect(check.status == 1, "\(check.stderr)")
    #expect(try observedDrifts(try report(check)) == Set(workload.expectedDrifts()))
  }

  @Test("says so when there is nothing to configure")
  func noManifests() throws {
    let repo = try ScratchRepository()
    try repo.write("README.md", "# nothing here\n")
    let result = try GitDriftExecutable.run(["init"], in: repo.path)
    #expect(result.status == 2)
    #expect(result.stderr.hasPrefix("git-drift: no Kubernetes manifests"))
    #expect(!FileManager.default.fileExists(atPath: repo.path + "/.drift.yml"))
  }

  @Test("help shows examples for every command")
  func helpHasExamples() throws {
    let repo = try ScratchRepository()
    for command in [["--help"], ["check", "--help"], ["init", "--help"]] {
      let result = try GitDriftExecutable.run(command, in: repo.path)
      #expect(result.status == 0)
      #expect(result.stdout.contains("Examples:"), "\(command)")
    }
  }
}

@Suite("init: Terraform")
struct TerraformInitTests {
  @Test("root modules become hcl sources; local modules they use do not")
  func findsRootModules() throws {
    let repo = try ScratchRepository()
    let module = "resource \"terraform_data\" \"app\" {\n  input = var.size\n}\n"
    try repo.write("modules/app/main.tf", "variable \"size\" {}\n" + module)
    try repo.write(
      "infra/prod/main.tf",
      "module \"app\" {\n  source = \"../../modules/app\"\n  size   = 2\n}\n")
    try repo.write("infra/shared/net/main.tf", "module \"x\" {\n  source = \"./vpc\"\n}\n")
    try repo.write(
      "infra/shared/net/vpc/main.tf", module.replacingOccurrences(of: "var.size", with: "1"))
    try repo.commit("infrastructure", date: "2026-11-01T10:00:00Z")
    let printed = try GitDriftExecutable.run(["init", "--print"], in: repo.path)
    #expect(printed.status == 0, "\(printed.stderr)")
    #expect(
      printed.stdout.contains("  - name: infra-prod\n    format: hcl\n    paths: [\"infra/prod\"]"))
    #expect(printed.stdout.contains("paths: [\"infra/shared/net\"]"))
    #expect(!printed.stdout.contains("modules/app\"]"))
    #expect(!printed.stdout.contains("vpc\"]"))
    #expect(printed.stdout.contains("capture: \"terraform-refreshed -chdir=infra/prod\""))

    let written = try GitDriftExecutable.run(["init"], in: repo.path)
    #expect(written.status == 0, "\(written.stderr)")
    _ = try repo.git("add", ".drift.yml")
    try repo.commit("configure git-drift", date: "2026-11-01T11:00:00Z")
    let state = """
      {"format_version": "1.0", "values": {"root_module": {"child_modules": [{
        "address": "module.app", "resources": [{"address": "module.app.terraform_data.app",
        "mode": "managed", "type": "terraform_data", "name": "app",
        "values": {"id": "1", "input": 3, "output": 3}, "sensitive_values": {}}]}]}}}
      """
    let live = repo.root + "/show.json"
    try Data(state.utf8).write(to: URL(fileURLWithPath: live))
    let check = try GitDriftExecutable.run(
      ["check", "--source", "infra-prod", "--snapshot", live, "--format", "json"], in: repo.path)
    #expect(check.status == 1, "\(check.stderr)")
    #expect(check.stdout.contains("\"address\": \"module.app.terraform_data.app\""))
    #expect(check.stdout.contains("\"file\": \"modules/app/main.tf\""), "\(check.stdout)")
  }
}
