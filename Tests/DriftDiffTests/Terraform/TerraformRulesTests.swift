import DriftDiff
import DriftJSON
import DriftModel
import Foundation
import Testing

@Suite struct TerraformRulesTests {
  static func resource(_ address: String, _ json: String) throws -> Resource {
    let type = address.split(separator: ".").dropLast().last.map(String.init) ?? address
    return Resource(
      id: ResourceID(type: type, address: address),
      body: try JSONReader.parse(Array(json.utf8), file: address))
  }

  static func changes(
    desired: String, live: String, address: String = "aws_security_group.web",
    rules: TerraformRules = TerraformRules()
  ) throws -> [String] {
    let differ = Differ(
      source: "tf", rules: rules, managers: ManagerClassification(deployers: []),
      ignore: IgnoreMatcher([], today: CalendarDate(year: 2026, month: 1, day: 1)),
      severity: SeverityRules(policies: []))
    let analysis = differ.compare(
      desired: try Differ.index(desired: [try resource(address, desired)]),
      live: [try resource(address, live)])
    return analysis.drifts.flatMap(\.changes).map { "\($0.operation.rawValue) \($0.path)" }
  }

  @Test func attributesTheConfigurationLeavesOutAreNotDrift() throws {
    let changes = try Self.changes(
      desired: #"{"name": "web", "tags": {"env": "prod"}}"#,
      live: #"""
        {"name": "web", "id": "sg-1", "arn": "arn:aws:ec2:x", "tags": {"env": "prod"},
         "tags_all": {"env": "prod", "team": "core"}, "revoke_rules_on_delete": false}
        """#)
    #expect(changes.isEmpty)
  }

  @Test func aTagAddedOutOfBandIsDriftButAnAttributeDefaultIsNot() throws {
    let changes = try Self.changes(
      desired: #"{"tags": {"env": "prod"}, "ingress": [{"from_port": 443}]}"#,
      live:
        #"{"tags": {"env": "prod", "owner": "alice"}, "ingress": [{"from_port": 443, "self": false}]}"#
    )
    #expect(changes == ["add /tags/owner"])
  }

  @Test func setsMatchWhateverTheOrderAndNumbersByValue() throws {
    let desired = #"""
      {"ingress": [{"from_port": 80, "cidr_blocks": ["10.0.0.0/8", "192.168.0.0/16"]},
                   {"from_port": "443", "cidr_blocks": ["0.0.0.0/0"]}]}
      """#
    let live = #"""
      {"ingress": [{"from_port": 443.0, "cidr_blocks": ["0.0.0.0/0"], "self": false},
                   {"from_port": 80, "cidr_blocks": ["192.168.0.0/16", "10.0.0.0/8"]}]}
      """#
    #expect(try Self.changes(desired: desired, live: live).isEmpty)
    let edited = live.replacingOccurrences(of: "0.0.0.0/0", with: "203.0.113.0/24")
    #expect(
      try Self.changes(desired: desired, live: edited) == ["replace /ingress/1/cidr_blocks/0"])
    // The same lists in an ordinary list attribute compare by position.
    #expect(
      try Self.changes(desired: desired, live: live, address: "aws_thing.web").count > 1)
  }

  @Test func setPointersFromTheConfigurationAndIgnoreChanges() throws {
    let rules = TerraformRules(
      ignoredChanges: ["terraform_data.app": ["/input/replicas"]],
      setPointers: ["terraform_data.app": ["/input/zones"]])
    let changes = try Self.changes(
      desired: #"{"input": {"zones": ["a", "b"], "replicas": 2, "image": "web:1"}}"#,
      live: #"{"input": {"zones": ["b", "a"], "replicas": 5, "image": "web:2"}}"#,
      address: "terraform_data.app", rules: rules)
    #expect(changes == ["replace /input/image"])
    let all = TerraformRules(ignoredChanges: ["terraform_data.app": ["*"]])
    #expect(
      try Self.changes(
        desired: #"{"input": 1}"#, live: #"{"input": 2}"#, address: "terraform_data.app",
        rules: all
      ).isEmpty)
  }
}
