import DriftJSON
import DriftModel
import Foundation
import Testing

@testable import DriftFormats

@Suite struct SecretDigesterTests {
  private let clear = "hunter2-Sup3r-secret"
  private var encoded: String { Data(clear.utf8).base64EncodedString() }
  private let format = KubernetesFormat(secrets: SecretDigester(key: Array("salt".utf8)))

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

  @Test func digestsAreKeyedHMACsBoundToTheirPlace() throws {
    let bytes = Array("value".utf8)
    let key = Array(repeating: UInt8(1), count: 32)
    let first = SecretDigester(key: key).digest(bytes, address: "Secret/a/db", path: "/data/pin")
    let parts = first.split(separator: ":")
    #expect(parts.count == 3 && parts[0] == "hmac-sha256")
    #expect(parts[1] == Substring(SecretDigester(key: key).fingerprint))
    #expect(parts[2].count == 64 && parts[2].allSatisfy { $0.isHexDigit && !$0.isUppercase })
    // HMAC-SHA256 as RFC 2104 defines it, over the labelled place and the value's own HMAC.
    #expect(
      first == SecretDigester(key: key).digest(bytes, address: "Secret/a/db", path: "/data/pin"))
    #expect(
      first != SecretDigester(key: [2]).digest(bytes, address: "Secret/a/db", path: "/data/pin"))
    #expect(
      first
        != SecretDigester(key: key).digest(
          Array("x".utf8), address: "Secret/a/db", path: "/data/pin"))
    // Equal values in other Secrets, or under other keys of one Secret, differ.
    #expect(
      first != SecretDigester(key: key).digest(bytes, address: "Secret/b/db", path: "/data/pin"))
    #expect(
      first != SecretDigester(key: key).digest(bytes, address: "Secret/a/db", path: "/data/pan"))
    // Lengths go first: address "ab" with path "/c" is not address "a" with path "b/c".
    #expect(
      SecretDigester(key: key).digest(bytes, address: "ab", path: "/c")
        != SecretDigester(key: key).digest(bytes, address: "a", path: "b/c"))
    #expect(!first.contains(SecretDigester(key: key).unboundDigest(bytes).dropFirst(8)))
  }

  @Test func bindingAnUnboundDigestGivesTheDirectDigest() {
    let digester = SecretDigester(key: Array("k".utf8))
    let body: Value = ["spec": ["tokens": [digester.sensitive("s3cret")]], "name": "x"]
    let bound = digester.binding(body, address: "aws_x.y")
    #expect(
      bound["spec"]?["tokens"]?.elements?.first
        == digester.sensitive("s3cret", address: "aws_x.y", path: "/spec/tokens/0"))
    #expect(digester.binding(bound, address: "aws_x.z") == bound, "bound digests stay bound")
    #expect(bound["name"] == "x")
  }

  @Test func fingerprintsTellKeysApartAndNeverShowTheKey() {
    let key = "0123456789abcdef0123456789abcdef"
    let one = SecretDigester(key: Array(key.utf8))
    #expect(one.fingerprint.count == 16)
    #expect(one.fingerprint == SecretDigester(key: Array(key.utf8)).fingerprint)
    #expect(one.fingerprint != SecretDigester(key: Array((key + "0").utf8)).fingerprint)
    #expect(!key.contains(one.fingerprint))
  }

  @Test func digestsOfAnotherKeyOrTheOldSchemeAreNotComparable() {
    let bytes = Array("value".utf8)
    let mine = SecretDigester(key: [1]).digest(bytes, address: "a", path: "/p")
    let theirs = SecretDigester(key: [2]).digest(bytes, address: "a", path: "/p")
    let salted = String(repeating: "ab", count: 32)
    #expect(
      DigestScheme.comparable(mine, SecretDigester(key: [1]).digest([], address: "b", path: "")))
    #expect(!DigestScheme.comparable(mine, theirs))
    #expect(!DigestScheme.comparable(mine, salted))
    #expect(DigestScheme(of: salted) == .salted)
  }

  @Test func emptyAndNullDataCompareEqual() {
    let digester = SecretDigester(key: [3])
    let a = digester.redact(
      secret: ["kind": "Secret", "data": ["k": ""]], address: "Secret/s", isDesired: true)
    let b = digester.redact(
      secret: ["kind": "Secret", "data": ["k": nil]], address: "Secret/s", isDesired: false)
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
