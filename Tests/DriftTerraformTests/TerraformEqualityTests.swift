import DriftJSON
import DriftModel
import DriftTerraform
import Testing

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
}
