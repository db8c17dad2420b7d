import DriftFormats
import DriftJSON
import DriftModel
import DriftTerraform
import Foundation
import HCL
import Testing

@Suite struct TerraformEvaluatorTests {
  let digester = SecretDigester(key: Array("salt".utf8))

  /// Live values of what the fixture's resources refer to.
  var live: [String: Value] {
    var live: [String: Value] = [
      "aws_vpc.main": .object([Member("id", .string("vpc-123"))]),
      "terraform_data.base": .object([
        Member("output", .object([Member("name", .string("staging-app"))]))
      ]),
    ]
    for index in 0..<3 {
      live["terraform_data.counted[\(index)]"] = .object([
        Member("output", .string("staging-app-\(index)"))
      ])
    }
    return live
  }

  func evaluateBasic() throws -> TerraformDesiredState {
    let evaluator = TerraformEvaluator(
      secrets: digester, live: live,
      files: TerraformFixtures.lister(base: TerraformFixtures.configs))
    return try evaluator.evaluate(root: "basic")
  }

  func resource(_ state: TerraformDesiredState, _ address: String) throws -> Resource {
    try #require(state.resources.first { $0.id.address == address }, "\(address) missing")
  }

  /// The bytes a site's range covers in its file.
  func text(of site: TerraformEditSite?) throws -> String {
    let site = try #require(site)
    let data = try Data(contentsOf: TerraformFixtures.configs.appendingPathComponent(site.file))
    let bytes = Array(data)[site.range.startOffset..<site.range.endOffset]
    return String(decoding: bytes, as: UTF8.self)
  }

  @Test func expandsResourcesAndModulesWithTerraformAddresses() throws {
    let state = try evaluateBasic()
    #expect(
      state.resources.map(\.id.address) == [
        "terraform_data.base", "terraform_data.counted[0]", "terraform_data.counted[1]",
        "terraform_data.counted[2]", "terraform_data.by_map[\"app\"]",
        "terraform_data.by_map[\"web\"]", "terraform_data.by_set[\"a\"]",
        "terraform_data.by_set[\"b\"]", "terraform_data.literal", "terraform_data.expressions",
        "terraform_data.template", "terraform_data.secret", "terraform_data.from_modules",
        "aws_security_group.web", "aws_vpc.main", "module.service[0].terraform_data.this",
        "module.service[1].terraform_data.this", "module.worker[\"large\"].terraform_data.this",
        "module.worker[\"small\"].terraform_data.this", "module.single.terraform_data.this",
      ])
    let web = try resource(state, "aws_security_group.web")
    #expect(web.id.type == "aws_security_group")
    #expect(web.location == SourceLocation(file: "basic/offline.tf", line: 9, column: 1))
    #expect(web.body.member("ingress")?.position == Position(line: 13, column: 3))
    #expect(web.body.member("tags")?.position == Position(line: 29, column: 3))
    #expect(
      try resource(state, "terraform_data.base").body.member("input")?.position
        == Position(line: 11, column: 3))
  }

  @Test func evaluatesVariablesLocalsAndExpressions() throws {
    let state = try evaluateBasic()
    func input(_ address: String) throws -> Value? { try resource(state, address).body["input"] }
    #expect(
      try input("terraform_data.base")
        == TerraformFixtures.json(
          #"{"name": "staging-app", "owner": "alice", "tags": {"team": "platform", "environment": "staging"}}"#
        ))
    #expect(try input("terraform_data.counted[2]") == .string("staging-app-2"))
    #expect(
      try input("terraform_data.by_map[\"app\"]")
        == TerraformFixtures.json(#"{"cidr": "10.0.1.0/24", "public": false, "key": "app"}"#))
    #expect(try input("terraform_data.by_set[\"b\"]") == .string("zone-b"))
    #expect(
      try input("terraform_data.literal")
        == TerraformFixtures.json(
          #"{"retention": 7, "region": "eu-west-1", "replicas": 3, "enabled": true, "nothing": null, "ports": [80, 443], "zone": "b"}"#
        ))
    #expect(
      try input("terraform_data.expressions")
        == TerraformFixtures.json(
          #"""
          {"sum": 7, "ratio": 3.5, "modulo": 1, "negative": -3, "compare": true, "equal": true,
           "choice": "small", "mixed": "5", "joined": "B,A", "count": 2, "team": "platform",
           "fallback": "fallback", "can": false, "keys": ["app", "web"],
           "public": {"web": "10.0.2.0/24"}, "set": ["a", "b"],
           "splat": ["staging-app-0", "staging-app-1", "staging-app-2"], "base": "staging-app",
           "grouped": {"a": ["a", "a"], "b": ["b"]}, "text": "ALICE owns 2 zones",
           "escaped": "literal ${not} %{interpolated}"}
          """#))
    #expect(
      try input("terraform_data.template") == .string("    zone 0: B\n    zone 1: A\n    staging\n")
    )
    #expect(
      try input("terraform_data.secret")
        == digester.sensitive("hunter2", address: "terraform_data.secret", path: "/input"))
    #expect(
      try input("terraform_data.from_modules")
        == TerraformFixtures.json(#"["single-4", "large-3", 2]"#))
    #expect(
      try input("module.worker[\"small\"].terraform_data.this")
        == TerraformFixtures.json(#"{"name": "small-1", "size": 1, "folder": "modules/service"}"#))
    #expect(try input("module.service[1].terraform_data.this")?["name"] == .string("svc-1-2"))
    #expect(state.setPointers["terraform_data.expressions"] == ["/input/set"])
  }

  @Test func expandsNestedAndDynamicBlocksAndResolvesLiveReferences() throws {
    let state = try evaluateBasic()
    let web = try resource(state, "aws_security_group.web")
    #expect(
      try web.body
        == TerraformFixtures.json(
          #"""
          {"name": "web-staging", "vpc_id": "vpc-123",
           "ingress": [{"from_port": 443, "to_port": 443, "protocol": "tcp"},
                       {"from_port": 80, "to_port": 80, "protocol": "tcp"},
                       {"from_port": 443, "to_port": 443, "protocol": "tcp"}],
           "tags": {"Name": "web", "env": "staging"}}
          """#))
    let vpc = try resource(state, "aws_vpc.main")
    #expect(try vpc.body == TerraformFixtures.json(#"{"cidr_block": "10.0.0.0/16", "owner": 4}"#))
    #expect(state.unevaluated["aws_vpc.main"] == ["/dns", "/subnet", "/peer"])
    #expect(state.unevaluated["module.remote"] == [""])
    #expect(state.unevaluated["aws_security_group.web"] == nil)
    #expect(state.ignoredChanges["aws_security_group.web"] == ["/tags/Name", "/description"])
    #expect(state.ignoredChanges["aws_vpc.main"] == ["*"])
    #expect(state.ignoredChanges["terraform_data.literal"] == ["/input/nothing"])
  }

  @Test func recordsTheSitesOfLiterals() throws {
    let state = try evaluateBasic()
    let web = try #require(state.sites["aws_security_group.web"])
    #expect(web["/ingress/0/from_port"]?.kind == .argument)
    #expect(web["/ingress/0/from_port"]?.file == "basic/offline.tf")
    #expect(try text(of: web["/ingress/0/from_port"]) == "443")
    #expect(web["/ingress/1/to_port"]?.kind == .local("ports"))
    #expect(try text(of: web["/ingress/1/to_port"]) == "80")
    #expect(try text(of: web["/tags/Name"]) == "\"web\"")
    #expect(web["/tags/env"]?.kind == .variableValue("environment"))
    #expect(web["/tags/env"]?.file == "basic/terraform.tfvars")
    #expect(try text(of: web["/tags/env"]) == "\"staging\"")
    #expect(web["/name"] == nil)
    #expect(web["/tags"] == nil)

    let literal = try #require(state.sites["terraform_data.literal"])
    #expect(literal["/input/region"]?.kind == .argument)
    #expect(try text(of: literal["/input/retention"]) == "7")
    #expect(literal["/input/retention"]?.kind == .local("settings"))
    #expect(try text(of: literal["/input/ports"]) == "[80, 443]")
    #expect(try text(of: literal["/input/ports/1"]) == "443")
    #expect(literal["/input/zone"]?.kind == .variableDefault("zones"))
    #expect(try text(of: literal["/input/zone"]) == "\"b\"")
    #expect(literal["/input/replicas"] == nil, "JSON variable files give no site")
    #expect(literal["/input"] == nil)

    let web2 = try #require(state.sites["terraform_data.by_map[\"web\"]"])
    #expect(web2["/input/cidr"]?.kind == .variableDefault("subnets"))
    #expect(try text(of: web2["/input/cidr"]) == "\"10.0.2.0/24\"")
    #expect(state.sites["terraform_data.by_map[\"app\"]"]?["/input/public"] == nil)
    #expect(state.sites["terraform_data.secret"] == nil)
    #expect(state.sites["terraform_data.counted[0]"] == nil)

    let single = try #require(state.sites["module.single.terraform_data.this"])
    #expect(single["/input/size"]?.kind == .argument)
    #expect(single["/input/size"]?.file == "basic/modules.tf")
    #expect(try text(of: single["/input/size"]) == "4")
    let service = try #require(state.sites["module.service[0].terraform_data.this"])
    #expect(service["/input/size"]?.kind == .variableDefault("size"))
    #expect(try text(of: service["/input/size"]) == "2")
    #expect(try text(of: state.sites["aws_vpc.main"]?["/owner"]) == "4")
  }

  @Test func reportsMovesAndDiagnostics() throws {
    let state = try evaluateBasic()
    #expect(state.moved.count == 6)
    #expect(
      state.moved.first.map { [$0.from, $0.to] } == ["terraform_data.old", "terraform_data.base"])
    #expect(
      state.moved.contains {
        $0.from == "module.worker[\"large\"].terraform_data.previous"
          && $0.to == "module.worker[\"large\"].terraform_data.this"
      })
    #expect(state.diagnostics.count == 1)
    #expect(
      state.diagnostics.first?.location
        == SourceLocation(file: "basic/offline.tf", line: 4, column: 1))
    #expect(state.diagnostics.first?.message.contains("remote source") == true)
  }
}
