import DriftFormats
import DriftModel
import DriftTestSupport
import Foundation
import Testing

@Suite("Helm release payloads and values")
struct HelmPayloadTests {
  /// A gzip stream made by Python, as base64.
  private func gzip(_ python: String) throws -> [UInt8] {
    let text = try Shell.check(
      [
        "python3", "-c",
        "import base64, gzip, sys\ndata = \(python)\n"
          + "sys.stdout.write(base64.b64encode(gzip.compress(data, mtime=0)).decode())",
      ])
    return [UInt8](Data(base64Encoded: text) ?? Data())
  }

  @Test("a gzip bomb stops at the bound, whatever its trailer claims")
  func bomb() throws {
    let bomb = try gzip("b'{\"name\": \"' + b'a' * (8 << 20) + b'\"}'")
    #expect(throws: HelmReleasePayload.Problem.tooLarge(1 << 20)) {
      try HelmReleasePayload.decode(payload: bomb, limit: 1 << 20)
    }
    var lying = bomb
    // ISIZE says 100 bytes: the buffer is grown once, to the bound, never past it.
    lying.replaceSubrange((lying.count - 4)..., with: [100, 0, 0, 0])
    #expect(throws: HelmReleasePayload.Problem.tooLarge(1 << 20)) {
      try HelmReleasePayload.decode(payload: lying, limit: 1 << 20)
    }
  }

  @Test("truncated and corrupt streams, and JSON that is not a release, are named")
  func broken() throws {
    let good = try gzip(
      "b'{\"name\": \"web\", \"version\": 2, \"chart\": {\"metadata\": {\"name\": \"web\", "
        + "\"version\": \"1.0.0\"}}, \"config\": {\"a\": 1}, \"manifest\": \"\", "
        + "\"info\": {\"status\": \"deployed\"}}'")
    let release = try HelmReleasePayload.decode(payload: good)
    #expect(release.name == "web" && release.revision == 2 && release.chartVersion == "1.0.0")
    #expect(release.config == ["a": 1])
    #expect(throws: HelmReleasePayload.Problem.self) {
      try HelmReleasePayload.decode(payload: Array(good.prefix(good.count / 2)))
    }
    let leaky = Array(#"{"name": "web", "config": {"pw": "kPayload-5x!"} oops}"#.utf8)
    #expect {
      try HelmReleasePayload.decode(payload: leaky)
    } throws: { error in
      "\(error)".contains("not JSON at 1:") && !"\(error)".contains("kPayload")
    }
    #expect(throws: HelmReleasePayload.Problem.notRelease("no version")) {
      try HelmReleasePayload.decode(payload: Array(#"{"name": "web"}"#.utf8))
    }
  }

  @Test(
    "version ranges as Masterminds semver reads them",
    arguments: [
      ("6.5.x", "6.5.1", true), ("6.5.x", "6.6.0", false), ("~1.2", "1.2.9", true),
      ("~1.2", "1.3.0", false), ("^1.2.3", "1.9.0", true), ("^1.2.3", "2.0.0", false),
      ("^0.2.3", "0.2.9", true), ("^0.2.3", "0.3.0", false), (">=1.0.0 <2.0.0", "1.5.0", true),
      (">=1.0, <2", "2.0.0", false), ("1.0 - 1.4", "1.4.0", true), ("1.0 - 1.4", "1.5.0", false),
      ("<1.0 || >=3", "3.1.0", true), ("*", "7.0.0", true), ("*", "7.0.0-rc.1", false),
    ])
  func ranges(range: String, version: String, holds: Bool) throws {
    let constraint = try #require(SemanticVersionRange(range))
    #expect(constraint.contains(version) == holds)
  }

  @Test("credential-like keys by their words, not their letters")
  func sensitiveKeys() {
    for key in ["adminPassword", "api_key", "TOKEN", "tlsCert", "aws-secret-access-key"] {
      #expect(HelmValues.isSensitive(key: key), "\(key)")
    }
    for key in ["monkey", "replicaCount", "keyboardLayout2", "tokenizer"] {
      #expect(!HelmValues.isSensitive(key: key), "\(key)")
    }
    #expect(HelmValues.isSensitive(key: "dsn", extra: ["dsn"]))
  }

  @Test("--set values are typed as Helm's strvals types them")
  func typed() {
    #expect(HelmValues.typed("5") == 5)
    #expect(HelmValues.typed("007") == "007")
    #expect(HelmValues.typed("true") == true)
    #expect(HelmValues.typed("null") == .null)
    #expect(HelmValues.typed("1.5") == "1.5")
    #expect(
      HelmValues.setting(5, at: "image.tag", in: ["image": ["repo": "x"]])
        == ["image": ["repo": "x", "tag": 5]])
  }
}
