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
