import DriftFormats
import DriftJSON
import DriftModel
import DriftTerraform
import Testing

/// `data.TYPE.NAME` evaluates to what the live state holds for the data source, as Terraform
/// reads it from state (issue 23); without it, what depends on it is unevaluated, with why and
/// where.
@Suite struct TerraformDataSourceTests {
  static let files = [
    "infra/main.tf": """
    data "aws_availability_zones" "available" {
      state = "available"
    }

    resource "aws_subnet" "private" {
      count             = length(data.aws_availability_zones.available.names)
      availability_zone = data.aws_availability_zones.available.names[count.index]
    }

    module "net" {
      source = "./net"
    }

    """,
    "infra/net/main.tf": """
    data "aws_vpc" "main" {
      for_each = toset(["a"])
      default  = true
    }

    resource "aws_route_table" "this" {
      vpc_id = data.aws_vpc.main["a"].id
    }

    """,
  ]

  func evaluate(live: [String: Value]) throws -> TerraformDesiredState {
    try TerraformEvaluator(
      secrets: SecretDigester(key: [1]), live: live, files: TerraformFixtures.lister(Self.files)
    ).evaluate(root: "infra")
  }

  @Test func countAndValuesComeFromTheDataSourcesLiveValues() throws {
    let state = try evaluate(live: [
      "data.aws_availability_zones.available": try TerraformFixtures.json(
        #"{"id": "eu-west-1", "names": ["eu-west-1a", "eu-west-1b"]}"#),
      #"module.net.data.aws_vpc.main["a"]"#: try TerraformFixtures.json(#"{"id": "vpc-0a1b"}"#),
    ])
    let bodies = Dictionary(
      uniqueKeysWithValues: state.resources.map { ($0.id.address, $0.body) })
    #expect(
      bodies.keys.sorted() == [
        "aws_subnet.private[0]", "aws_subnet.private[1]", "module.net.aws_route_table.this",
      ])
    #expect(bodies["aws_subnet.private[1]"]?["availability_zone"] == .string("eu-west-1b"))
    #expect(bodies["module.net.aws_route_table.this"]?["vpc_id"] == .string("vpc-0a1b"))
    #expect(state.unevaluated.isEmpty, "\(state.unevaluated)")
  }

  @Test func withoutTheDataSourceTheResourceIsUnevaluatedWithWhyAndWhere() throws {
    let state = try evaluate(live: [:])
    #expect(state.resources.map(\.id.address) == ["module.net.aws_route_table.this"])
    #expect(state.unevaluated["aws_subnet.private"] == [""])
    #expect(state.unevaluated["module.net.aws_route_table.this"] == ["/vpc_id"])
    let reason = try #require(state.unevaluatedReasons["aws_subnet.private"])
    #expect(reason.location == SourceLocation(file: "infra/main.tf", line: 5, column: 1))
    #expect(reason.message.contains("count or for_each"))
  }
}
