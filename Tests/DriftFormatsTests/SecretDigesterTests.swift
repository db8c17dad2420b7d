import DriftJSON
import DriftModel
import Foundation
import Testing

@testable import DriftFormats

@Suite struct SecretDigesterTests {
  private let clear = "hunter2-Sup3r-secret"
  private var encoded: String { Data(clear.utf8).base64EncodedString() }
  private let format = KubernetesFormat(secrets: SecretDigester(salt: Array("salt".utf8)))

  private func desired(stringData value: String) throws -> Resource {
    let yaml = """
      apiVersion: v1
      kind: Secret
      metadata:
        name: db
        namespace: prod
      type: Opaque
      stringData:
        password: "\(value)"
      data:
        user: YWRtaW4=
      """
    return try #require(try format.desiredResources(Array(yaml.utf8), file: "secret.yaml").first)
  }

  private func live(data value: String) throws -> Resource {
    let applied = JSONWriter().string([
      "apiVersion": "v1", "kind": "Secret", "metadata": ["name": "db", "namespace": "prod"],
      "stringData": ["password": .string(clear)], "data": ["password": .string(encoded)],
    ])
    let body: Value = [
      "apiVersion": "v1", "kind": "Secret",
      "metadata": [
        "name": "db", "namespace": "prod", "uid": "1",
        "annotations": [
          "kubectl.kubernetes.io/last-applied-configuration": .string(applied), "team": "db",
        ],
      ],
      "type": "Opaque",
      "data": ["password": .string(value), "user": "YWRtaW4="],
    ]
    let json = JSONWriter(pretty: true).string([
      "apiVersion": "v1", "kind": "List", "items": [body],
    ])
    return try #require(try format.liveResources(Array(json.utf8), file: "live.json").first)
  }

  @Test func stringDataInDesiredEqualsBase64DataInLive() throws {
    let desired = try desired(stringData: clear)
    let live = try live(data: encoded)
    #expect(desired.body["stringData"] == nil)
    guard case .sensitive? = desired.body["data"]?["password"] else {
      Issue.record("desired password must be digested: \(String(describing: desired.body["data"]))")
      return
    }
    #expect(desired.body["data"]?["password"] == live.body["data"]?["password"])
    #expect(desired.body["data"]?["user"] == live.body["data"]?["user"])
    #expect(desired.body["data"] == live.body["data"])
  }

  @Test func differentValuesDiffer() throws {
    let other = Data("hunter3-Sup3r-secret".utf8).base64EncodedString()
    let desired = try desired(stringData: clear)
    let live = try live(data: other)
    #expect(desired.body["data"]?["password"] != live.body["data"]?["password"])
    #expect(desired.body["data"]?["user"] == live.body["data"]?["user"])
  }

  @Test func noRenderingContainsTheSecret() throws {
    let resources = [try desired(stringData: clear), try live(data: encoded)]
    for resource in resources {
      for pretty in [false, true] {
        let text = JSONWriter(pretty: pretty).string(resource.body)
        #expect(!text.contains(clear))
        #expect(!text.contains(encoded))
        #expect(!text.contains("YWRtaW4="))
        #expect(text.contains("(sensitive)"))
      }
    }
    let annotations = try #require(resources[1].body["metadata"]?["annotations"])
    guard case .sensitive? = annotations["kubectl.kubernetes.io/last-applied-configuration"] else {
      Issue.record("last-applied-configuration must be digested")
      return
    }
    #expect(annotations["team"] == "db")
  }

  @Test func digestsAreSaltedHexSHA256() {
    let bytes = Array("value".utf8)
    let first = SecretDigester(salt: [1]).digest(bytes)
    #expect(first.count == 64)
    #expect(first.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    #expect(first == SecretDigester(salt: [1]).digest(bytes))
    #expect(first != SecretDigester(salt: [2]).digest(bytes))
    #expect(first != SecretDigester(salt: [1]).digest(Array("other".utf8)))
  }

  @Test func emptyAndNullDataCompareEqual() {
    let digester = SecretDigester(salt: [3])
    let a = digester.redact(secret: ["kind": "Secret", "data": ["k": ""]], isDesired: true)
    let b = digester.redact(secret: ["kind": "Secret", "data": ["k": nil]], isDesired: false)
    #expect(a["data"] == b["data"])
  }

  @Test func secretsOfOtherGroupsAreLeftAlone() throws {
    let yaml =
      "apiVersion: example.com/v1\nkind: Secret\nmetadata: {name: s, namespace: x}\ndata: {k: dmFsdWU=}\n"
    let resource = try #require(
      try format.desiredResources(Array(yaml.utf8), file: "crd.yaml").first)
    #expect(resource.body["data"]?["k"] == "dmFsdWU=")
  }
}
