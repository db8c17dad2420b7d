import DriftJSON
import DriftModel
import HCL
import Testing

@testable import DriftTerraform

/// Terraform's `==` through a whole module evaluation (issue 20).
///
/// A variable of type `map(string)` is a map, so it never equals the object `{}`. The expected
/// values are what `terraform apply` 1.11.4 gave for the same modules' outputs.
@Suite struct TerraformEqualityTests {
  static let files = [
    "infra/main.tf": """
    variable "tags" {
      type    = map(string)
      default = {}
    }

    module "child" {
      source = "./child"
      tags   = {}
    }

    resource "terraform_data" "root" {
      input = {
        literal = var.tags == {}
        empty   = length(var.tags) == 0
        child   = module.child.shape
      }
    }

    """,
    "infra/child/main.tf": """
    variable "tags" {
      type = map(string)
    }

    output "shape" {
      value = var.tags == {} ? "object" : "map"
    }

    """,
  ]

  @Test func aTypedMapVariableIsNotTheEmptyObject() throws {
    let state = try TerraformEvaluator(
      secrets: SecretDigester(key: [1]), live: [:], files: TerraformFixtures.lister(Self.files)
    ).evaluate(root: "infra")
    let root = try #require(state.resources.first { $0.id.address == "terraform_data.root" })
    #expect(
      root.body["input"]
        == (try TerraformFixtures.json(#"{"child":"map","empty":true,"literal":false}"#)))
  }

  /// Variables of every type constraint give their values the types Terraform gives them:
  /// `list(any)` unifies tuples of different lengths to lists, `map(any)` objects of different
  /// attributes to maps, and the collections of an object type are lists, maps and sets.
  @Test func typedVariablesHaveTheirTypes() throws {
    let files = [
      "infra/main.tf": """
      variable "lists" {
        type    = list(any)
        default = [[1], [1, 2]]
      }

      variable "same" {
        type    = list(any)
        default = [[1], [2]]
      }

      variable "maps" {
        type    = map(any)
        default = { a = { x = 1 }, b = { y = 2 } }
      }

      variable "typed" {
        type = object({
          tags  = map(string)
          names = list(string)
          pair  = tuple([number, string])
          ids   = set(string)
        })
        default = {
          tags  = { a = "x" }
          names = ["a"]
          pair  = [1, "a"]
          ids   = ["b", "a"]
        }
      }

      variable "loose" {
        type    = any
        default = { a = [1] }
      }

      resource "terraform_data" "results" {
        input = [
          var.lists[0] == [1],
          var.lists[0] == tolist([1]),
          var.same[0] == [1],
          var.maps.a == { x = 1 },
          var.maps.a == tomap({ x = 1 }),
          var.typed.tags == { a = "x" },
          var.typed.tags == tomap({ a = "x" }),
          var.typed.names == ["a"],
          var.typed.names == tolist(["a"]),
          var.typed.pair == [1, "a"],
          var.typed.ids == toset(["a", "b"]),
          var.typed == var.typed,
          var.loose == { a = [1] },
          contains(var.typed.names, "a"),
          keys(var.typed.tags) == ["a"],
        ]
      }

      """
    ]
    let state = try TerraformEvaluator(
      secrets: SecretDigester(key: [1]), live: [:], files: TerraformFixtures.lister(files)
    ).evaluate(root: "infra")
    let resource = try #require(state.resources.first)
    // terraform apply 1.11.4 gave these for the same expressions as outputs.
    let expected =
      "[false,true,true,false,true,false,true,false,true,true,true,true,true,true,false]"
    #expect(resource.body["input"] == (try TerraformFixtures.json(expected)))
  }

  /// A value read from a state has no provider schema offline, so it compares as loosely as
  /// before the types were told apart: equal contents are equal, map or object.
  @Test func liveValuesCompareByContents() throws {
    let files = [
      "infra/main.tf": """
      resource "terraform_data" "base" {
        input = "x"
      }

      resource "terraform_data" "x" {
        input = [
          terraform_data.base.output == { name = "app" },
          terraform_data.base.output == tomap({ name = "app" }),
          terraform_data.base.output == { name = "other" },
        ]
      }

      """
    ]
    let live: [String: Value] = [
      "terraform_data.base": .object([Member("output", .object([Member("name", "app")]))])
    ]
    let state = try TerraformEvaluator(
      secrets: SecretDigester(key: [1]), live: live, files: TerraformFixtures.lister(files)
    ).evaluate(root: "infra")
    let resource = try #require(state.resources.first { $0.id.address == "terraform_data.x" })
    #expect(resource.body["input"] == (try TerraformFixtures.json("[true,true,false]")))
  }

  /// What `terraform console` cannot show: an unknown inside either operand makes `==`
  /// unknown, and a sensitive one, at any depth, makes it sensitive.
  @Test func unknownAndSensitiveOperands() throws {
    #expect(try TerraformValue.binary(.equal, .unknown, 1) == .unknown)
    #expect(try TerraformValue.binary(.notEqual, [.unknown, 1], [2, 1]) == .unknown)
    #expect(
      try TerraformValue.binary(.equal, ["a": .sensitive("x")], ["a": "x"]) == .sensitive(true))
    #expect(
      try TerraformValue.binary(.notEqual, .sensitive(.list([1], .collection)), [1])
        == .sensitive(true))
    #expect(try TerraformFunctions.call("contains", [[.unknown], "a"]) == .unknown)
  }
}
