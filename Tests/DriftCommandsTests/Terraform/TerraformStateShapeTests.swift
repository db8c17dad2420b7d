import DriftTestSupport
import Foundation
import Testing

/// `check` of a configuration against state shaped as `terraform show -json` prints it for the
/// AWS provider (issue 23): blocks Terraform stores as one object, data sources whose values
/// the configuration reads, and resources that cannot be evaluated offline.
@Suite struct TerraformStateShapeTests {
  /// `terraform show -json` of a state holding `resources` (entries of `values.root_module`).
  static func shown(_ resources: [String]) -> String {
    """
    {"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{"resources":[
    \(resources.joined(separator: ",\n"))
    ]}}}
    """
  }

  /// A route as the AWS provider writes it, with its `timeouts` block as one object.
  static func route(create: String) -> String {
    """
    {"address":"aws_route.public","mode":"managed","type":"aws_route","name":"public",
     "provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,
     "values":{"carrier_gateway_id":"","core_network_arn":"","destination_cidr_block":"0.0.0.0/0",
      "destination_ipv6_cidr_block":"","destination_prefix_list_id":"","egress_only_gateway_id":"",
      "gateway_id":"igw-0a1b2c","id":"r-rtb-0d1e2f1080289494","instance_id":"",
      "instance_owner_id":"","local_gateway_id":"","nat_gateway_id":"","network_interface_id":"",
      "origin":"CreateRoute","route_table_id":"rtb-0d1e2f","state":"active",
      "timeouts":{"create":"\(create)","delete":null,"update":null},
      "transit_gateway_id":"","vpc_endpoint_id":"","vpc_peering_connection_id":""},
     "sensitive_values":{"timeouts":{}}}
    """
  }

  /// The availability zones data source, as the AWS provider reads it.
  static let zones = """
    {"address":"data.aws_availability_zones.available","mode":"data",
     "type":"aws_availability_zones","name":"available",
     "provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,
     "values":{"all_availability_zones":null,"exclude_names":null,"exclude_zone_ids":null,
      "filter":null,"group_names":["eu-west-1"],"id":"eu-west-1",
      "names":["eu-west-1a","eu-west-1b"],"state":"available","timeouts":null,
      "zone_ids":["euw1-az1","euw1-az2"]},
     "sensitive_values":{"group_names":[],"names":[],"zone_ids":[]}}
    """

  /// Subnet `index` in zone `zone`.
  static func subnet(_ index: Int, zone: String, cidr: String) -> String {
    """
    {"address":"aws_subnet.private[\(index)]","mode":"managed","type":"aws_subnet",
     "name":"private","index":\(index),"provider_name":"registry.terraform.io/hashicorp/aws",
     "schema_version":1,
     "values":{"arn":"arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-\(index)",
      "availability_zone":"\(zone)","cidr_block":"\(cidr)","id":"subnet-\(index)",
      "map_public_ip_on_launch":false,"tags":{"Name":"private-\(zone)"},
      "tags_all":{"Name":"private-\(zone)"},"timeouts":null,"vpc_id":"vpc-0a1b"},
     "sensitive_values":{"tags":{},"tags_all":{}}}
    """
  }

  static let subnets = """
    data "aws_availability_zones" "available" {
      state = "available"
    }

    resource "aws_subnet" "private" {
      count             = length(data.aws_availability_zones.available.names)
      vpc_id            = "vpc-0a1b"
      availability_zone = data.aws_availability_zones.available.names[count.index]
      cidr_block        = cidrsubnet("10.0.0.0/16", 8, count.index)
      tags = {
        Name = "private-${data.aws_availability_zones.available.names[count.index]}"
      }
    }

    """

  static func check(_ repo: ScratchRepository, _ export: String, format: String = "json")
    throws -> (status: Int32, report: [String: Any], stdout: String, stderr: String)
  {
    let file = repo.root + "/show.json"
    try Data(export.utf8).write(to: URL(fileURLWithPath: file))
    let result = try GitDriftExecutable.run(
      ["check", "--snapshot", file, "--format", format], in: repo.path)
    let report =
      (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
    return (result.status, report, result.stdout, result.stderr)
  }

  @Test func aTimeoutsBlockComparesWithTheObjectTerraformStores() throws {
    let repo = try hclRepository([
      (
        "main.tf",
        """
        resource "aws_route" "public" {
          route_table_id         = "rtb-0d1e2f"
          destination_cidr_block = "0.0.0.0/0"
          gateway_id             = "igw-0a1b2c"

          timeouts {
            create = "5m"
          }
        }

        """
      )
    ])
    let inSync = try Self.check(repo, Self.shown([Self.route(create: "5m")]))
    #expect(inSync.status == 0, "\(inSync.stdout) \(inSync.stderr)")
    let summary = try #require(inSync.report["summary"] as? [String: Any])
    #expect(summary["inSync"] as? Int == 1)

    // The block is still compared: a changed timeout is drift at its own attribute.
    let changed = try Self.check(repo, Self.shown([Self.route(create: "10m")]))
    #expect(changed.status == 1, "\(changed.stdout) \(changed.stderr)")
    let drifts = try #require(changed.report["drifts"] as? [[String: Any]])
    let paths = drifts.flatMap { ($0["changes"] as? [[String: Any]] ?? []).map { $0["path"] } }
    #expect(paths.compactMap { $0 as? String } == ["/timeouts/0/create"], "\(drifts)")
    try repo.fsck()
  }

  @Test func countReadsTheDataSourceOfTheLiveState() throws {
    let repo = try hclRepository([("main.tf", Self.subnets)])
    let export = Self.shown([
      Self.zones, Self.subnet(0, zone: "eu-west-1a", cidr: "10.0.0.0/24"),
      Self.subnet(1, zone: "eu-west-1b", cidr: "10.0.1.0/24"),
    ])
    let inSync = try Self.check(repo, export)
    #expect(inSync.status == 0, "\(inSync.stdout) \(inSync.stderr)")
    let summary = try #require(inSync.report["summary"] as? [String: Any])
    #expect(summary["inSync"] as? Int == 2, "\(summary)")
    #expect(summary["unmanaged"] as? Int == 0, "a data source is not unmanaged")

    // Recorded, the data source is kept with the snapshot, and a check of it evaluates too.
    let file = repo.root + "/show.json"
    let record = try GitDriftExecutable.run(
      ["snapshot", "record", "--source", "prod-tf", "--at", "2026-11-02T10:00:00Z", file],
      in: repo.path)
    #expect(record.status == 0, "\(record.stderr)")
    let recorded = try GitDriftExecutable.run(["check", "--format", "json"], in: repo.path)
    #expect(recorded.status == 0, "\(recorded.stdout) \(recorded.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(recorded.stdout.utf8)) as? [String: Any])
    let recordedSummary = try #require(report["summary"] as? [String: Any])
    #expect(recordedSummary["inSync"] as? Int == 2, "\(recordedSummary)")
    // History evaluates the configuration with the recorded data source too.
    let timeline = try GitDriftExecutable.run(
      ["timeline", "aws_subnet.private[1]", "--format", "json"], in: repo.path)
    let drawn = try #require(
      try JSONSerialization.jsonObject(with: Data(timeline.stdout.utf8)) as? [String: Any])
    let transitions = drawn["transitions"] as? [[String: Any]] ?? []
    #expect(transitions.map { $0["state"] as? String } == ["in-sync"], "\(timeline.stdout)")

    let drifted = try Self.check(
      repo,
      Self.shown([
        Self.zones, Self.subnet(0, zone: "eu-west-1a", cidr: "10.0.0.0/24"),
        Self.subnet(1, zone: "eu-west-1b", cidr: "10.0.9.0/24"),
      ]))
    #expect(drifted.status == 1, "\(drifted.stdout) \(drifted.stderr)")
    let drifts = try #require(drifted.report["drifts"] as? [[String: Any]])
    #expect(drifts.map { $0["address"] as? String } == ["aws_subnet.private[1]"])
    try repo.fsck()
  }

  /// A root module whose instances come from a data source that works offline: another root
  /// module's outputs, read from its local state.
  static let remoteState = """
    data "terraform_remote_state" "network" {
      backend = "local"
      config = {
        path = "${path.module}/network.tfstate"
      }
    }

    resource "terraform_data" "subnet" {
      count = length(data.terraform_remote_state.network.outputs.zones)
      input = {
        zone = data.terraform_remote_state.network.outputs.zones[count.index]
        cidr = cidrsubnet("10.0.0.0/16", 8, count.index)
      }
    }

    """

  @Test(.enabled(if: TerraformProject.isAvailable, "terraform is not on PATH"))
  func aRealDataSourceOfTerraformShowCountsTheInstances() throws {
    let network = """
      {"version": 4, "terraform_version": "1.11.4", "serial": 1,
       "lineage": "0f6c7e0e-1d2b-4f7a-9a53-000000000001",
       "outputs": {"zones": {"value": ["eu-west-1a", "eu-west-1b"], "type": ["list", "string"]}},
       "resources": [], "check_results": null}
      """
    let shown = try TerraformProject.apply([
      ("main.tf", Self.remoteState), ("network.tfstate", network),
    ])
    let repo = try hclRepository([("main.tf", Self.remoteState)])
    let inSync = try Self.check(repo, shown)
    #expect(inSync.status == 0, "\(inSync.stdout) \(inSync.stderr)")
    let summary = try #require(inSync.report["summary"] as? [String: Any])
    #expect(summary["inSync"] as? Int == 2, "\(summary)")

    // The other root module now has a third zone: this one has not made its subnet yet.
    let grown = shown.replacingOccurrences(
      of: #""zones":["eu-west-1a","eu-west-1b"]"#,
      with: #""zones":["eu-west-1a","eu-west-1b","eu-west-1c"]"#)
    #expect(grown != shown, "terraform show -json prints the outputs compactly")
    let missing = try Self.check(repo, grown)
    #expect(missing.status == 1, "\(missing.stdout) \(missing.stderr)")
    let drifts = try #require(missing.report["drifts"] as? [[String: Any]])
    #expect(drifts.map { $0["address"] as? String } == ["terraform_data.subnet[2]"])
    #expect(drifts.map { $0["kind"] as? String } == ["missing"])
    try repo.fsck()
  }

  /// driftctl's state of a data source, as Terraform 0.12 wrote it (a state file, version 4).
  static let corpusState = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent(
      "../shared/corpus/terraform/driftctl/state-data_source/terraform.tfstate"
    ).standardizedFileURL

  @Test(
    .enabled(if: FileManager.default.fileExists(atPath: corpusState.path), "no shared corpus"))
  func aStateFileDataSourceTellsHowManyInstancesToCompare() throws {
    let repo = try hclRepository([
      (
        "main.tf",
        """
        data "aws_ami" "ubuntu" {
          most_recent = true
          owners      = ["099720109477"]
        }

        resource "aws_instance" "web" {
          count         = data.aws_ami.ubuntu.architecture == "x86_64" ? 1 : 0
          ami           = data.aws_ami.ubuntu.id
          instance_type = "t3.micro"
        }

        """
      )
    ])
    let result = try GitDriftExecutable.run(
      ["check", "--snapshot", Self.corpusState.path, "--format", "json"], in: repo.path)
    #expect(result.status == 1, "\(result.stdout) \(result.stderr)")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let drifts = try #require(report["drifts"] as? [[String: Any]])
    #expect(drifts.map { $0["address"] as? String } == ["aws_instance.web[0]"])
    #expect(drifts.map { $0["kind"] as? String } == ["missing"])
    #expect((report["summary"] as? [String: Any])?["unmanaged"] as? Int == 0)
  }

  @Test func acceptEvaluatesTheEditedConfigurationWithTheDataSources() throws {
    let repo = try hclRepository([
      (
        "main.tf",
        """
        data "aws_availability_zones" "available" {
          state = "available"
        }

        resource "aws_vpc" "this" {
          count      = length(data.aws_availability_zones.available.names) > 0 ? 1 : 0
          cidr_block = "10.0.0.0/16"
        }

        """
      )
    ])
    let vpc = """
      {"address":"aws_vpc.this[0]","mode":"managed","type":"aws_vpc","name":"this","index":0,
       "provider_name":"registry.terraform.io/hashicorp/aws","schema_version":1,
       "values":{"cidr_block":"10.1.0.0/16","id":"vpc-0a1b","tags":null},
       "sensitive_values":{}}
      """
    let file = repo.root + "/show.json"
    try Data(Self.shown([Self.zones, vpc]).utf8).write(to: URL(fileURLWithPath: file))
    let result = try GitDriftExecutable.run(
      ["accept", "--snapshot", file, "aws_vpc.this[0]"], in: repo.path)
    #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
    let branch = try repo.git("for-each-ref", "--format=%(refname:short)", "refs/heads/drift")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let edited = try repo.git("show", branch + ":infra/prod/main.tf")
    #expect(edited.contains("cidr_block = \"10.1.0.0/16\""), "\(edited)")
    try repo.fsck()
  }

  @Test func aResourceThatCannotBeEvaluatedIsCountedAndNamed() throws {
    let repo = try hclRepository([
      ("main.tf", Self.subnets),
      (
        "route.tf",
        """
        resource "aws_route" "public" {
          route_table_id         = "rtb-0d1e2f"
          destination_cidr_block = "0.0.0.0/0"
          gateway_id             = "igw-0a1b2c"
        }

        """
      ),
    ])
    // Without the data source in the state, the subnets' count cannot be known offline.
    let export = Self.shown([
      Self.route(create: "5m"), Self.subnet(0, zone: "eu-west-1a", cidr: "10.0.0.0/24"),
    ])
    let json = try Self.check(repo, export)
    #expect(json.status == 0, "\(json.stdout) \(json.stderr)")
    let summary = try #require(json.report["summary"] as? [String: Any])
    #expect(summary["inSync"] as? Int == 1)
    #expect(summary["unevaluatedResources"] as? Int == 1, "\(summary)")
    let unevaluated = try #require(json.report["unevaluated"] as? [[String: Any]])
    #expect(unevaluated.map { $0["address"] as? String } == ["aws_subnet.private"])

    let text = try Self.check(repo, export, format: "text")
    #expect(text.status == 0, "\(text.stdout) \(text.stderr)")
    #expect(text.stdout.contains("1 resource not evaluated (aws_subnet.private)"), "\(text.stdout)")
    try repo.fsck()
  }

  @Test func aCheckThatEvaluatedNothingSaysSoAndExits2() throws {
    let repo = try hclRepository([("main.tf", Self.subnets)])
    let export = Self.shown([
      Self.subnet(0, zone: "eu-west-1a", cidr: "10.0.0.0/24"),
      Self.subnet(1, zone: "eu-west-1b", cidr: "10.0.1.0/24"),
    ])
    for format in ["text", "json"] {
      let result = try Self.check(repo, export, format: format)
      #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
      #expect(!result.stdout.contains("No drift"), "\(result.stdout)")
      let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("git-drift: ") }
      #expect(
        lines.contains {
          $0.contains("nothing evaluated") && $0.contains("aws_subnet.private")
            && $0.contains("infra/prod/main.tf:")
        }, "\(result.stderr)")
    }
    try repo.fsck()
  }
}
