import DriftJSON
import DriftModel
import DriftTerraform
import DriftTestSupport
import Foundation
import Testing

@testable import DriftFormats

@Suite struct TerraformStateFormatTests {
  private let secrets = SecretDigester(key: [3, 1, 4])
  private var format: TerraformStateFormat { TerraformStateFormat(secrets: secrets) }

  /// The secrets the fixture configuration writes, which must never come back in clear.
  private let clearSecrets = ["fixture-password-7f3a", "token-secret-91c2"]

  private static let fixtureFiles = [
    "show-state.json", "terraform.tfstate", "plan-refresh-only.json",
  ]

  private func fixture(_ path: String) throws -> [UInt8] {
    let url = Golden.root.appendingPathComponent("Tests/Fixtures/terraform/\(path)")
    return Array(try Data(contentsOf: url))
  }

  private func resources(_ path: String) throws -> [Resource] {
    try format.liveResources(try fixture(path), file: path)
  }

  /// The text at `location` to the end of its line, read from the bytes of the file.
  private func text(at location: DriftModel.SourceLocation, in bytes: [UInt8]) -> String {
    let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    guard location.line >= 1, location.line <= lines.count else { return "" }
    return String(decoding: lines[location.line - 1].dropFirst(location.column - 1), as: UTF8.self)
  }

  // MARK: Real terraform output

  @Test(arguments: fixtureFiles)
  func readsEveryFormatOfOneApplyWithTerraformAddresses(file: String) throws {
    let addresses = try resources("state/\(file)").map(\.id.address).sorted()
    #expect(
      addresses == [
        "module.app[0].module.leaf[0].terraform_data.marker",
        "module.app[0].terraform_data.this",
        "module.app[1].module.leaf[0].terraform_data.marker",
        "module.app[1].terraform_data.this",
        "module.regional[\"eu\"].module.leaf[0].terraform_data.marker",
        "module.regional[\"eu\"].terraform_data.this",
        "module.regional[\"us\"].module.leaf[0].terraform_data.marker",
        "module.regional[\"us\"].terraform_data.this",
        "terraform_data.api_keys",
        "terraform_data.counter[0]",
        "terraform_data.counter[1]",
        "terraform_data.credentials",
        "terraform_data.database",
        "terraform_data.network",
        "terraform_data.service[\"api\"]",
        "terraform_data.service[\"say \\\"hi\\\"\"]",
        "terraform_data.service[\"worker\"]",
        "terraform_data.token",
      ])
    #expect(try resources("state/\(file)").allSatisfy { $0.id.type == "terraform_data" })
  }

  @Test(arguments: ["terraform.tfstate", "plan-refresh-only.json"])
  func givesTheSameBodiesAndDigestsAsShowJSON(file: String) throws {
    let shown = Dictionary(
      uniqueKeysWithValues: try resources("state/show-state.json").map { ($0.id, $0.body) })
    let other = try resources("state/\(file)")
    #expect(other.count == shown.count)
    for resource in other {
      #expect(shown[resource.id] == resource.body, "\(resource.id)")
    }
  }

  @Test(arguments: fixtureFiles)
  func digestsSensitiveValuesAndNeverKeepsThemInClear(file: String) throws {
    let byAddress = Dictionary(
      uniqueKeysWithValues: try resources("state/\(file)").map { ($0.id.address, $0.body) })
    for body in byAddress.values {
      let text = JSONWriter(keepsDigests: true).string(body)
      for secret in clearSecrets { #expect(!text.contains(secret)) }
    }
    func password(_ address: String, _ path: String) -> Value {
      secrets.sensitive("fixture-password-7f3a", address: address, path: path)
    }
    #expect(
      byAddress["terraform_data.database"]?["triggers_replace"]?["password"]
        == password("terraform_data.database", "/triggers_replace/password"))
    #expect(byAddress["terraform_data.database"]?["triggers_replace"]?["environment"] == "staging")
    #expect(
      byAddress["terraform_data.token"]?["triggers_replace"]
        == ["staging", password("terraform_data.token", "/triggers_replace/1")])
    #expect(
      byAddress["terraform_data.api_keys"]?["triggers_replace"]?["primary"]
        == password("terraform_data.api_keys", "/triggers_replace/primary"))
    // The same password in three places: three digests, so reuse does not show.
    #expect(
      byAddress["terraform_data.api_keys"]?["triggers_replace"]?["primary"]
        != byAddress["terraform_data.database"]?["triggers_replace"]?["password"])
    #expect(
      byAddress["terraform_data.api_keys"]?["triggers_replace"]?["secondary"]
        == "public-key-value")
    #expect(
      byAddress["terraform_data.credentials"]?["triggers_replace"]
        == secrets.sensitive(
          ["token": "token-secret-91c2", "user": "admin"], address: "terraform_data.credentials",
          path: "/triggers_replace"))
  }

  @Test func keepsNestedValuesOfDynamicAttributes() throws {
    for file in Self.fixtureFiles {
      let network = try #require(
        try resources("state/\(file)").first { $0.id.address == "terraform_data.network" })
      #expect(network.body["input"]?["subnets"]?.elements?.count == 2)
      #expect(
        network.body["input"]?["subnets"]?.elements?.last?["zones"] == [
          "eu-west-1b", "eu-west-1c",
        ])
      #expect(network.body["input"] == network.body["output"])
    }
  }

  @Test func locatesResourcesAndAttributesInTheStateFile() throws {
    let bytes = try fixture("state/terraform.tfstate")
    let resources = try format.liveResources(bytes, file: "terraform.tfstate")
    let counter = try #require(resources.first { $0.id.address == "terraform_data.counter[1]" })
    let location = try #require(counter.location)
    #expect(location.file == "terraform.tfstate")
    #expect(text(at: location, in: bytes).hasPrefix("\"index_key\": 1"))
    let id = try #require(counter.body.member("id"))
    let idText = text(at: DriftModel.SourceLocation(file: "", position: id.position), in: bytes)
    #expect(idText.hasPrefix("\"id\": \"\(counter.body["id"]?.stringValue ?? "?")\""))
    let ordinal = try #require(counter.body["input"]?.member("ordinal"))
    #expect(
      text(at: DriftModel.SourceLocation(file: "", position: ordinal.position), in: bytes)
        == "\"ordinal\": 1")
  }

  @Test func locatesResourcesInShowJSON() throws {
    let bytes = try fixture("state/show-state.json")
    for resource in try format.liveResources(bytes, file: "show.json") {
      let location = try #require(resource.location)
      var quoted = ""
      JSONWriter.quote(resource.id.address, into: &quoted)
      #expect(text(at: location, in: bytes).hasPrefix("\"address\":\(quoted)"))
    }
  }

  // MARK: Hand-made AWS excerpts

  @Test func readsAWSResources() throws {
    let resources = try resources("aws/show-state.json")
    #expect(
      resources.map(\.id) == [
        ResourceID(type: "aws_iam_policy", address: "aws_iam_policy.deploy"),
        ResourceID(type: "aws_instance", address: "aws_instance.web[0]"),
        ResourceID(type: "aws_s3_bucket", address: "aws_s3_bucket.artifacts"),
        ResourceID(type: "aws_db_instance", address: "module.network.aws_db_instance.main"),
        ResourceID(type: "aws_security_group", address: "module.network.aws_security_group.web"),
      ])
    let byAddress = Dictionary(uniqueKeysWithValues: resources.map { ($0.id.address, $0.body) })
    let group = try #require(byAddress["module.network.aws_security_group.web"])
    #expect(group["ingress"]?.elements?.map { $0["from_port"] } == [443, 22])
    #expect(group["egress"]?.elements?.first?["cidr_blocks"] == ["0.0.0.0/0"])
    let policy = byAddress["aws_iam_policy.deploy"]?["policy"]?.stringValue ?? ""
    #expect(policy.hasPrefix("{\"Statement\":[{\"Action\":[\"s3:PutObject\""))
    #expect(byAddress["aws_instance.web[0]"]?["tags_all"]?["Environment"] == "production")
    let database = try #require(byAddress["module.network.aws_db_instance.main"])
    #expect(
      database["password"]
        == secrets.sensitive(
          "correct-horse-battery-staple", address: "module.network.aws_db_instance.main",
          path: "/password"))
    #expect(database["username"] == "app")
    #expect(!JSONWriter(keepsDigests: true).string(database).contains("correct-horse"))
  }

  // MARK: The shared corpus

  @Test func readsModulesOfShowJSON() throws {
    let path = "terraform/hashicorp-terraform/show-json-state--modules/output.json"
    let resources = try format.liveResources(try Corpus.bytes(path), file: path)
    #expect(
      resources.map(\.id.address) == [
        "module.module_test_bar.test_instance.example",
        "module.module_test_foo.test_instance.example[0]",
      ])
    #expect(resources.map { $0.body["ami"] } == ["bar-var", "foo-var"])
    #expect(resources.first?.location?.line == 17)
  }

  @Test func readsCountedResourcesOfShowJSON() throws {
    let path = "terraform/hashicorp-terraform/show-json-state--basic/output.json"
    let resources = try format.liveResources(try Corpus.bytes(path), file: path)
    #expect(
      resources.map(\.id.address) == ["test_instance.example[0]", "test_instance.example[1]"])
    #expect(resources.map { $0.body["id"] } == ["621124146446964903", "4330206298367988603"])
    #expect(resources.first?.body["ami"] == .null)
  }

  @Test func digestsTheSameSecretInShowJSONAndInTheStateFile() throws {
    let folder = "terraform/hashicorp-terraform/show-json-state--sensitive-variables/"
    var bodies: [Value] = []
    for file in ["output.json", "terraform.tfstate"] {
      let resources = try format.liveResources(
        try Corpus.bytes(folder + file), file: folder + file)
      #expect(resources.map(\.id.address) == ["test_instance.test"])
      let body = try #require(resources.first?.body)
      #expect(body["ami"] == secrets.sensitive("abc", address: "test_instance.test", path: "/ami"))
      #expect(body["id"] == "621124146446964903")
      #expect(!JSONWriter(keepsDigests: true).string(body).contains("\"abc\""))
      bodies.append(body)
    }
    #expect(bodies[0] == bodies[1])
  }

  @Test func digestsUnmarkedCopiesOfASensitiveValueButNotNumbersOrNulls() throws {
    // terraform_data copies its sensitive input into output, which Terraform does not mark.
    let values =
      #"{"id": "i", "input": "hunter22", "output": "hunter22", "port": 5432, "#
      + #""copy": {"nested": ["hunter22", "plain"]}, "pin": 5432, "gone": null}"#
    let shown =
      #"{"format_version": "1.0", "values": {"root_module": {"resources": [{"#
      + #""address": "terraform_data.s", "mode": "managed", "type": "terraform_data", "#
      + #""name": "s", "values": \#(values), "sensitive_values": {"input": true, "port": true}}]}}}"#
    let state =
      #"{"version": 4, "serial": 1, "lineage": "l", "resources": [{"mode": "managed", "#
      + #""type": "terraform_data", "name": "s", "instances": [{"attributes": \#(values), "#
      + #""sensitive_attributes": [[{"type": "get_attr", "value": "input"}], "#
      + #"[{"type": "get_attr", "value": "port"}]]}]}]}"#
    for (name, text) in [("show.json", shown), ("terraform.tfstate", state)] {
      let body = try #require(try format.liveResources(Array(text.utf8), file: name).first?.body)
      func secret(_ path: String) -> Value {
        secrets.sensitive("hunter22", address: "terraform_data.s", path: path)
      }
      #expect(body["input"] == secret("/input"), "\(name)")
      #expect(body["output"] == secret("/output"), "\(name)")
      #expect(body["input"] != body["output"], "each copy is bound to its place: \(name)")
      #expect(body["copy"]?["nested"] == [secret("/copy/nested/0"), "plain"], "\(name)")
      #expect(body["pin"] == 5432, "a number equal to a secret one is kept: \(name)")
      #expect(body["gone"] == .null, "\(name)")
      #expect(!JSONWriter(keepsDigests: true).string(body).contains("hunter22"), "\(name)")
    }
  }

  @Test func skipsDataSourcesOfStateFiles() throws {
    let valid = "terraform/driftctl/state-v4/valid.tfstate"
    let resources = try format.liveResources(try Corpus.bytes(valid), file: valid)
    #expect(resources.map(\.id) == [ResourceID(type: "aws_instance", address: "aws_instance.vm")])
    #expect(resources.first?.body["tags"]?["Name"] == "DEMO VM DESTROY ME - default")
    #expect(resources.first?.location?.line == 90)
    let onlyData = "terraform/driftctl/state-data_source/terraform.tfstate"
    #expect(try format.liveResources(try Corpus.bytes(onlyData), file: onlyData).isEmpty)
  }

  @Test func readsModulesEachKeysAndFlatAttributesOfOlderStates() throws {
    let folder = "terraform/hashicorp-terraform/statefile-roundtrip/"
    let modules = try format.liveResources(
      try Corpus.bytes(folder + "v4-modules.in.tfstate"), file: "v4-modules.in.tfstate")
    #expect(
      modules.map(\.id.address) == [
        "null_resource.bar", "module.modB.null_resource.bar[\"a\"]",
        "module.modB.null_resource.bar[\"b\"]", "module.modA.null_resource.resource",
      ])
    #expect(modules.first?.body == ["id": "5388490630832483079", "triggers": ["whaaat": "0,1"]])
    #expect(modules.last?.body["triggers"] == ["input": "test"])
    let foreach = try format.liveResources(
      try Corpus.bytes(folder + "v4-foreach.in.tfstate"), file: "v4-foreach.in.tfstate")
    #expect(foreach.map(\.id.address) == ["module.modA.null_resource.resource"])
  }

  @Test func readsPlansFromTheirRefreshedPriorState() throws {
    let path = "terraform/hashicorp-terraform/show-json--drift/output.json"
    let resources = try format.liveResources(try Corpus.bytes(path), file: path)
    let byAddress = Dictionary(uniqueKeysWithValues: resources.map { ($0.id.address, $0.body) })
    #expect(
      byAddress.keys.sorted() == ["test_instance.no_refresh", "test_instance.should_refresh"])
    #expect(byAddress["test_instance.should_refresh"]?["ami"] == "refreshed")
    #expect(byAddress["test_instance.no_refresh"]?["ami"] == "foo")
  }

  @Test func readsPlansWithoutPriorStateFromTheirChanges() throws {
    let path = "terraform/hashicorp-terraform/show-json--drift/output.json"
    let plan = try JSONReader.parse(try Corpus.bytes(path), file: path)
    let trimmed = Array(JSONWriter().string(plan.removing("prior_state")).utf8)
    let fromChanges = try format.liveResources(trimmed, file: "trimmed.json")
    let fromPrior = try format.liveResources(try Corpus.bytes(path), file: path)
    #expect(fromChanges.map(\.id).sorted() == fromPrior.map(\.id).sorted())
    for resource in fromChanges {
      #expect(fromPrior.first { $0.id == resource.id }?.body == resource.body)
    }
  }

  @Test func readsRefreshOnlyPlans() throws {
    let path = "terraform/hashicorp-terraform/show-json--conditions/output-refresh-only.json"
    let plan = try JSONReader.parse(try Corpus.bytes(path), file: path)
    let resources = try format.liveResources(try Corpus.bytes(path), file: path)
    let prior = plan["prior_state"]?["values"]?["root_module"]?["resources"]?.elements ?? []
    let managed = prior.filter { $0["mode"] == "managed" }.compactMap { $0["address"]?.stringValue }
    #expect(!managed.isEmpty)
    #expect(resources.map(\.id.address) == managed)
  }

  // MARK: Bad input

  @Test(arguments: [1, 2, 3, 5])
  func rejectsOtherStateVersionsAtTheirVersion(version: Int) throws {
    let json = "{\n  \"lineage\": \"x\",\n  \"version\": \(version),\n  \"resources\": []\n}"
    let error = #expect(throws: DriftError.self) {
      try format.liveResources(json.bytes, file: "old.tfstate")
    }
    #expect(error?.message == "unsupported state version \(version) (git-drift reads version 4)")
    #expect(error?.location == DriftModel.SourceLocation(file: "old.tfstate", line: 3, column: 3))
  }

  @Test(arguments: [
    "{\"kind\": \"List\", \"items\": []}", "[]", "\"text\"",
    "{\"format_version\": \"1.0\", \"valid\": true}",
  ])
  func rejectsWhatIsNotTerraformState(json: String) throws {
    let error = #expect(throws: DriftError.self) {
      try format.liveResources(json.bytes, file: "other.json")
    }
    #expect(error?.message.hasPrefix("not a Terraform state or plan: expected ") == true)
    #expect(error?.location?.file == "other.json")
  }

  @Test func rejectsFormatsOfAnotherMajorVersion() throws {
    let json = "{\"format_version\": \"2.0\", \"values\": {}}"
    let error = #expect(throws: DriftError.self) {
      try format.liveResources(json.bytes, file: "show.json")
    }
    #expect(error?.message == "unsupported format_version \"2.0\" (git-drift reads 1.x)")
    #expect(error?.location == DriftModel.SourceLocation(file: "show.json", line: 1, column: 2))
  }

  @Test func reportsMalformedJSONWithLineAndColumn() throws {
    let path = "terraform/driftctl/state-v4/invalid.tfstate"
    let error = #expect(throws: DriftError.self) {
      try format.liveResources(try Corpus.bytes(path), file: "invalid.tfstate")
    }
    #expect(error?.message.hasPrefix("invalid JSON: ") == true)
    #expect(error?.location?.file == "invalid.tfstate")
    #expect(error?.location?.line == 16)
    #expect((error?.location?.column ?? 0) > 0)
  }

  @Test func rejectsMalformedEntriesAtTheirPosition() throws {
    let json = "{\"version\": 4,\n \"resources\": [{\"mode\": \"managed\", \"name\": \"x\"}]}"
    let error = #expect(throws: DriftError.self) {
      try format.liveResources(json.bytes, file: "s.tfstate")
    }
    #expect(
      error
        == DriftError(
          "resource entry has no 'type'", at: .init(file: "s.tfstate", line: 2, column: 17)))
  }

  @Test func readsAnEmptyStateAsNoResources() throws {
    #expect(try format.liveResources("{\"format_version\":\"1.0\"}".bytes, file: "e.json").isEmpty)
    let empty = "{\"version\": 4, \"serial\": 1, \"lineage\": \"x\", \"resources\": []}"
    #expect(try format.liveResources(empty.bytes, file: "e.tfstate").isEmpty)
  }

  @Test func digestsWholeSubtreesAPathCannotFollow() throws {
    let json = """
      {"version": 4, "resources": [{"mode": "managed", "type": "t", "name": "n",
        "instances": [{"attributes": {"rules": [{"secret": "s3cr3t"}], "other": "kept"},
          "sensitive_attributes": [[{"type": "get_attr", "value": "rules"},
            {"type": "index", "value": {"value": {"secret": "s3cr3t"}, "type": ["object", {}]}}]]}]}]}
      """
    let body = try #require(try format.liveResources(json.bytes, file: "s.tfstate").first?.body)
    #expect(
      body["rules"] == secrets.sensitive([["secret": "s3cr3t"]], address: "t.n", path: "/rules"))
    #expect(body["other"] == "kept")
  }

  @Test func leavesObjectsThatOnlyLookLikeDynamicValues() throws {
    let json = """
      {"version": 4, "resources": [{"mode": "managed", "type": "t", "name": "n",
        "instances": [{"attributes": {"header": {"type": "ingress", "value": "x"},
          "dynamic": {"value": 3, "type": "number"}}}]}]}
      """
    let body = try #require(try format.liveResources(json.bytes, file: "s.tfstate").first?.body)
    #expect(body["header"] == ["type": "ingress", "value": "x"])
    #expect(body["dynamic"] == 3)
  }
}

@Suite struct TerraformAddressTests {
  @Test(
    arguments: [
      ("web", "[\"web\"]"), ("say \"hi\"", "[\"say \\\"hi\\\"\"]"), ("a\\b", "[\"a\\\\b\"]"),
      ("${var}", "[\"$${var}\"]"), ("%{if}", "[\"%%{if}\"]"), ("$5 %", "[\"$5 %\"]"),
      ("line\nnext\ttab", "[\"line\\nnext\\ttab\"]"), ("bell\u{07}", "[\"bell\\u0007\"]"),
      ("no\u{A0}break", "[\"no\\u00a0break\"]"), ("é🙂", "[\"é🙂\"]"), ("", "[\"\"]"),
    ])
  func quotesStringKeysAsTerraformDoes(key: String, index: String) {
    #expect(TerraformAddress.index(.string(key)) == index)
  }

  @Test func addressesInstancesInModules() {
    #expect(
      TerraformAddress.instance(
        module: "module.a.module.b[0]", type: "aws_instance", name: "web", key: 2)
        == "module.a.module.b[0].aws_instance.web[2]")
    #expect(
      TerraformAddress.instance(module: "", type: "aws_s3_bucket", name: "logs", key: nil)
        == "aws_s3_bucket.logs")
  }
}
