import DriftFormats
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Testing

@Suite("rollback scripts run only what the plan says, whatever the names and manifests hold")
struct RollbackScriptTests {
  /// Text that runs `touch canary-N` wherever a shell word, a quoted string or a line of the
  /// script leaks it.
  static let payload =
    "$(touch canary-1)`touch canary-2`'\"; touch canary-3; \"'\ntouch canary-4\n\\'$(touch canary-5)"

  static let namespace = "prod " + payload
  static let name = "web" + payload

  /// A manifest that ends the heredoc of older scripts early and runs what follows.
  static let manifest = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      annotations:
        note: '$(touch canary-6) `touch canary-7`'
    GIT_DRIFT_MANIFEST
    touch canary-8
    GIT_DRIFT_MANIFEST_
    'GIT_DRIFT_MANIFEST'
    "
    '
    """

  static func drift(_ kind: DriftKind, type: String, namespace: String, name: String) -> Drift {
    Drift(
      kind: kind, source: "prod",
      id: ResourceID(type: type, address: "\(type)/\(namespace)/\(name)"),
      location: SourceLocation(file: "apps/web.yaml", line: 1, column: 1))
  }

  @Test("hostile namespaces, names, kinds and manifests reach kubectl as plain arguments")
  func hostileValuesStayArguments() throws {
    let hostileType = "Job$(touch canary-9).batch`touch canary-10`"
    let drifts = [
      Self.drift(.modified, type: "Deployment.apps", namespace: Self.namespace, name: Self.name),
      Self.drift(.unmanaged, type: hostileType, namespace: Self.namespace, name: "--all"),
    ]
    let plan = RollbackPlan.build(drifts, source: "prod'$(touch canary-11)", commit: "abc") {
      RollbackPlan.DesiredDocument(text: Self.manifest, file: $0.location?.file ?? "", alone: false)
    }
    let script = plan.script
    #expect(try Shell.run(["sh", "-n"], stdin: script).status == 0, "valid POSIX sh")

    let stubs = try StubbedScript(programs: ["kubectl"])
    defer { stubs.remove() }
    let result = try stubs.run(script, env: ["GIT_DRIFT_CONFIRM": "delete"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try stubs.strayFiles() == [], "no code from the inputs ran")
    let calls = try stubs.calls()
    #expect(
      calls == [
        StubbedScript.Call(
          argv: [
            "kubectl", "apply", "--server-side", "--field-manager=git-drift", "--force-conflicts",
            "--namespace=" + Self.namespace, "-f", "-",
          ],
          stdin: Self.manifest + "\n"),
        StubbedScript.Call(
          argv: [
            "kubectl", "delete", "--namespace=" + Self.namespace, "--",
            "job$(touch canary-9).batch`touch canary-10`", "--all",
          ],
          stdin: ""),
      ])
    #expect(result.stdout.contains("Restore Deployment.apps/" + Self.namespace))
  }

  /// A Secret whose data must stay out of every rendering of the plan.
  static let secret = """
    apiVersion: v1
    kind: Secret
    metadata:
      name: db
    stringData:
      password: canary-s3cr3t-string
    data:
      token: Y2FuYXJ5LXMzY3IzdC1kYXRh
    """

  static func secretPlan(alone: Bool) -> RollbackPlan {
    let drifts = [
      Self.drift(.modified, type: "Secret", namespace: "prod", name: "db"),
      Self.drift(.missing, type: "Deployment.apps", namespace: "prod", name: "web"),
    ]
    return RollbackPlan.build(drifts, source: "prod", commit: "0123abcd") { drift in
      RollbackPlan.DesiredDocument(
        text: drift.id.type == "Secret" ? Self.secret : "kind: Deployment",
        file: drift.id.type == "Secret" ? "apps/db secret.yaml" : "apps/web.yaml", alone: alone)
    }
  }

  /// Every rendering of `plan` but the markdown one, which templates make.
  static func renderings(_ plan: RollbackPlan) -> [String] {
    [plan.script, JSONWriter(pretty: true).string(plan.json), "\(plan.context)"]
  }

  @Test("a Secret's step applies its file from git, so no rendering of the plan holds its data")
  func secretComesFromGit() throws {
    let plan = Self.secretPlan(alone: true)
    for text in Self.renderings(plan) {
      #expect(!text.contains("canary-s3cr3t"))
      #expect(!text.contains("Y2FuYXJ5"))
    }
    let stubs = try StubbedScript(programs: ["kubectl", "git"], output: ["git": Self.secret])
    defer { stubs.remove() }
    let result = try stubs.run(plan.script)
    #expect(result.status == 0, "\(result.stderr)")
    let calls = try stubs.calls()
    let apply = [
      "kubectl", "apply", "--server-side", "--field-manager=git-drift", "--force-conflicts",
      "--namespace=prod", "-f", "-",
    ]
    #expect(
      calls.filter { $0.argv.first == "git" } == [
        StubbedScript.Call(argv: ["git", "show", "0123abcd:apps/db secret.yaml"], stdin: "")
      ])
    #expect(
      calls.filter { $0.argv.first == "kubectl" } == [
        StubbedScript.Call(argv: apply, stdin: Self.secret),
        StubbedScript.Call(argv: apply, stdin: "kind: Deployment\n"),
      ])
  }

  @Test("a Secret that shares its file with other resources is refused with the reason")
  func secretInASharedFileIsRefused() throws {
    let plan = Self.secretPlan(alone: false)
    let step = try #require(plan.steps.first { $0.address == "Secret/prod/db" })
    #expect(step.refused)
    #expect(step.reason.contains("declares other resources too"))
    for text in Self.renderings(plan) { #expect(!text.contains("canary-s3cr3t")) }
    let stubs = try StubbedScript(programs: ["kubectl", "git"])
    defer { stubs.remove() }
    let result = try stubs.run(plan.script)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("1. Not planned: Restore Secret/prod/db"))
    #expect(try stubs.calls().map { $0.argv.first } == ["kubectl"], "only the Deployment")
  }

  @Test("hostile Terraform addresses and root folders reach terraform as plain arguments")
  func hostileTerraformAddresses() throws {
    let address = "aws_instance.web[\"" + Self.payload + "\"]"
    let drifts = [
      Drift(
        kind: .modified, source: "tf", id: ResourceID(type: "aws_instance", address: address),
        location: SourceLocation(file: "infra $(touch canary-r)/main.tf", line: 1, column: 1)),
      Drift(
        kind: .unmanaged, source: "tf",
        id: ResourceID(type: "aws_instance", address: "aws_instance.x'; touch canary-u; '"),
        location: nil),
    ]
    let plan = RollbackPlan.terraform(
      drifts, source: "tf\ntouch canary-s", roots: ["infra $(touch canary-r)"]
    ) { _ in "resource \"aws_instance\" \"web\" {\n  ami = \"$(touch canary-b)\"\n}" }
    let script = plan.script.replacingOccurrences(
      of: "cd \"$(git rev-parse --show-toplevel)\"", with: ":")
    #expect(try Shell.run(["sh", "-n"], stdin: script).status == 0, "valid POSIX sh")
    let stubs = try StubbedScript(programs: ["terraform"])
    defer { stubs.remove() }
    let result = try stubs.run(script, env: ["GIT_DRIFT_CONFIRM": "delete"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try stubs.strayFiles() == [], "no code from the inputs ran")
    #expect(
      try stubs.calls().map(\.argv) == [
        ["terraform", "-chdir=infra $(touch canary-r)", "apply", "-target=" + address],
        [
          "terraform", "-chdir=infra $(touch canary-r)", "destroy",
          "-target=aws_instance.x'; touch canary-u; '",
        ],
      ])
  }
}
