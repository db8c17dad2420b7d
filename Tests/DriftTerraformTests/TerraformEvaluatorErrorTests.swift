import DriftFormats
import DriftJSON
import DriftModel
import DriftTerraform
import Testing

/// The evaluator on small in-memory modules: errors with their places, and what it leaves
/// unevaluated.
@Suite struct TerraformEvaluatorErrorTests {
  func evaluate(_ files: [String: String], live: [String: Value] = [:]) throws(DriftError)
    -> TerraformDesiredState
  {
    let evaluator = TerraformEvaluator(
      secrets: SecretDigester(key: [1]), live: live, files: TerraformFixtures.lister(files))
    return try evaluator.evaluate(root: "infra")
  }

  func error(_ files: [String: String]) -> DriftError? {
    do throws(DriftError) {
      _ = try evaluate(files)
      return nil
    } catch {
      return error
    }
  }

  @Test func wrongOperandTypeIsAnErrorAtTheExpression() {
    let failure = error([
      "infra/main.tf": "resource \"terraform_data\" \"a\" {\n  input = 1 + \"x\"\n}\n"
    ])
    #expect(failure?.location == SourceLocation(file: "infra/main.tf", line: 2, column: 11))
    #expect(failure?.message.contains("a number is required") == true)
  }

  @Test(
    "an error never quotes a sensitive value",
    arguments: [
      "tonumber(var.pin)", "jsondecode(var.pin)", "cidrhost(var.pin, 1)", "file(var.pin)",
    ]
  )
  func errorsHideSecrets(expression: String) {
    let failure = error([
      "infra/main.tf": """
      variable "pin" {
        default   = "pin-493817"
        sensitive = true
      }
      resource "terraform_data" "a" {
        input = \(expression)
      }
      """
    ])
    #expect(failure != nil)
    #expect(failure?.message.contains("493817") == false, "\(String(describing: failure))")
  }

  @Test func missingAttributeIsAnError() {
    let failure = error([
      "infra/main.tf": """
      locals {
        settings = { a = 1 }
      }
      resource "terraform_data" "a" {
        input = local.settings.b
      }
      """
    ])
    #expect(failure?.location?.line == 5)
    #expect(failure?.message.contains("does not have an attribute named \"b\"") == true)
  }

  @Test func duplicateResourceNamesBothPlaces() {
    let failure = error([
      "infra/a.tf": "resource \"terraform_data\" \"x\" {}\n",
      "infra/b.tf": "\nresource \"terraform_data\" \"x\" {}\n",
    ])
    #expect(failure?.location == SourceLocation(file: "infra/b.tf", line: 2, column: 1))
    #expect(failure?.message.contains("infra/a.tf:1:1") == true)
  }

  @Test func moduleCyclesAndDepthAreErrors() {
    let cycle = error([
      "infra/main.tf": "module \"a\" {\n  source = \"../a\"\n}\n",
      "a/main.tf": "module \"b\" {\n  source = \"../b\"\n}\n",
      "b/main.tf": "module \"a\" {\n  source = \"../a\"\n}\n",
    ])
    #expect(cycle?.message.contains("module cycle") == true)
    #expect(cycle?.location?.file == "b/main.tf")
    var deep = ["infra/main.tf": "module \"m\" {\n  source = \"./m\"\n}\n"]
    var folder = "infra/m"
    for _ in 0..<40 {
      deep[folder + "/main.tf"] = "module \"m\" {\n  source = \"./m\"\n}\n"
      folder += "/m"
    }
    deep[folder + "/main.tf"] = "\n"
    #expect(error(deep)?.message.contains("nested more than 32") == true)
  }

  @Test func localsThatReferToThemselvesAreAnError() {
    let failure = error([
      "infra/main.tf": """
      locals {
        a = local.b
        b = local.a
      }
      resource "terraform_data" "x" {
        input = local.a
      }
      """
    ])
    #expect(failure?.message.contains("Cycle") == true)
  }

  @Test func unknownExpansionsLeaveTheResourceUnevaluated() throws {
    let state = try evaluate([
      "infra/main.tf": """
      variable "secret_count" {
        default   = 2
        sensitive = true
      }
      resource "terraform_data" "a" {
        count = var.secret_count
      }
      resource "terraform_data" "b" {
        for_each = terraform_data.c.output
      }
      resource "terraform_data" "c" {
        input = { x = 1 }
      }
      """
    ])
    #expect(state.resources.map(\.id.address) == ["terraform_data.c"])
    #expect(state.unevaluated["terraform_data.a"] == [""])
    #expect(state.unevaluated["terraform_data.b"] == [""])
    #expect(state.diagnostics.map(\.location?.line) == [5, 8])
  }

  @Test func forEachResolvedFromLiveState() throws {
    let state = try evaluate(
      [
        "infra/main.tf": """
        resource "terraform_data" "b" {
          for_each = terraform_data.c.output
          input    = each.value
        }
        resource "terraform_data" "c" {
          input = { x = 1 }
        }
        """
      ],
      live: ["terraform_data.c": .object([Member("output", .object([Member("x", .integer(1))]))])])
    #expect(state.resources.map(\.id.address) == ["terraform_data.b[\"x\"]", "terraform_data.c"])
    #expect(state.resources.first?.body["input"] == .integer(1))
  }

  @Test func variableWithoutValueIsUnknownWithADiagnostic() throws {
    let state = try evaluate([
      "infra/main.tf": """
      variable "name" {}
      resource "terraform_data" "a" {
        input = "x-${var.name}"
        triggers_replace = [1]
      }
      """,
      "infra/extra.tf.json": "{}",
    ])
    #expect(state.unevaluated["terraform_data.a"] == ["/input"])
    #expect(
      state.resources.first?.body == .object([Member("triggers_replace", .array([.integer(1)]))]))
    #expect(state.diagnostics.count == 2)
    #expect(
      state.diagnostics.contains {
        $0.location == SourceLocation(file: "infra/main.tf", line: 1, column: 1)
      })
    #expect(state.diagnostics.contains { $0.location?.file == "infra/extra.tf.json" })
  }

  @Test func typeConversionOfVariables() throws {
    let state = try evaluate([
      "infra/main.tf": """
      variable "n" {
        type    = number
        default = "5"
      }
      variable "s" {
        type    = set(string)
        default = ["b", "a", "b"]
      }
      variable "o" {
        type = object({ name = string, size = optional(number, 3) })
        default = { name = "x", extra = true }
      }
      resource "terraform_data" "a" {
        input = [var.n + 1, var.s, var.o]
      }
      """,
      "infra/terraform.tfvars": "n = 7\n",
    ])
    #expect(
      state.resources.first?.body["input"]
        == .array([
          .integer(8), .array([.string("a"), .string("b")]),
          .object([Member("name", .string("x")), Member("size", .integer(3))]),
        ]))
    #expect(state.setPointers["terraform_data.a"] == ["/input/1"])
    let bad = error([
      "infra/main.tf": "variable \"n\" {\n  type    = number\n  default = \"five\"\n}\n"
    ])
    #expect(bad?.message.contains("a number is required") == true)
  }

  @Test func filesAreReadFromTheRepositoryAndUnknownBlocksAreUnevaluated() throws {
    let state = try evaluate([
      "infra/main.tf": """
      resource "aws_security_group" "a" {
        policy  = file("${path.module}/policy.json")
        present = [fileexists("policy.json"), fileexists("absent.json")]
        dynamic "ingress" {
          for_each = aws_vpc.b.ports
          content {
            port = ingress.value
          }
        }
        egress {
          port = 1
        }
      }
      resource "aws_vpc" "b" {}
      """,
      "infra/policy.json": "{\"Version\": 1}",
    ])
    let group = try #require(state.resources.first)
    #expect(
      group.body
        == .object([
          Member("policy", .string("{\"Version\": 1}")),
          Member("present", .array([.bool(true), .bool(false)])),
          Member("egress", .array([.object([Member("port", .integer(1))])])),
        ]))
    #expect(state.unevaluated["aws_security_group.a"] == ["/ingress"])
  }
}
