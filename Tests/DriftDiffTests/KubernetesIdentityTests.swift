import DriftDiff
import DriftTestSupport
import Testing

@Suite("the parts of a Kubernetes address")
struct KubernetesIdentityTests {
  /// The characters of random addresses: separators, empty segments, a combining mark that
  /// joins a `/` into another character, and a CRLF.
  private static let alphabet: [String] = ["a", "B", "/", "/", "-", ".", "\u{301}", "é", "\r\n"]

  @Test("split by bytes as by characters, over 20,000 seeded random addresses (seed 7)")
  func bytesAgreeWithCharacters() {
    var random = SeededGenerator(seed: 7)
    for round in 0..<20_000 {
      let count = Int.random(in: 0..<9, using: &random)
      let address = (0..<count).map { _ in
        Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &random)]
      }.joined()
      let reference = address.split(
        separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
      let parts = KubernetesIdentity.parts(of: address)
      let expected: (Substring, Substring?, Substring) =
        reference.count == 3
        ? (reference[0], reference[1], reference[2])
        : reference.count == 2
          ? (reference[0], nil, reference[1]) : (address[...], nil, address[...])
      #expect(
        parts.type == expected.0 && parts.namespace == expected.1 && parts.name == expected.2,
        "seed 7, round \(round): \(address.debugDescription)")
    }
  }
}

@Suite("the type of a Kubernetes object")
struct KubernetesTypeTests {
  /// ``KubernetesIdentity/type(kind:apiVersion:)`` as it was before ASCII took a byte path.
  private static func reference(kind: String, apiVersion: String) -> String {
    let servedAs: [String: String] = [
      "Deployment.extensions": "Deployment.apps",
      "DaemonSet.extensions": "DaemonSet.apps",
      "ReplicaSet.extensions": "ReplicaSet.apps",
      "NetworkPolicy.extensions": "NetworkPolicy.networking.k8s.io",
      "Ingress.extensions": "Ingress.networking.k8s.io",
      "PodSecurityPolicy.extensions": "PodSecurityPolicy.policy",
      "Event.events.k8s.io": "Event",
    ]
    guard let slash = apiVersion.firstIndex(of: "/") else { return kind }
    let type = "\(kind).\(apiVersion[..<slash])"
    return servedAs[type] ?? type
  }

  /// Pieces of kinds and versions: the deprecated groups and the kinds they served, separators,
  /// a combining mark and a prepended mark that join a `/` into another character, and the
  /// Kelvin sign, which equals `K`.
  private static let kinds = [
    "Deployment", "Event", "Event.events", "Ingress", "Pod", "a.", "", "\u{301}", "\u{212A}",
    "é", "Deploymen", "t",
  ]
  private static let versions = [
    "extensions", "events.k8s.io", "k8s.io", "apps", "/", "/", "v1", "\u{301}", "\u{600}", "é",
    ".", "events", "",
  ]

  @Test("by bytes as by characters, over 20,000 seeded random kinds and versions")
  func bytesAgreeWithCharacters() {
    let seed: UInt64 = 0x7E9E
    var random = SeededGenerator(seed: seed)
    for round in 0..<20_000 {
      let kind = (0..<Int.random(in: 0..<3, using: &random)).map { _ in
        Self.kinds[Int.random(in: 0..<Self.kinds.count, using: &random)]
      }.joined()
      let apiVersion = (0..<Int.random(in: 0..<4, using: &random)).map { _ in
        Self.versions[Int.random(in: 0..<Self.versions.count, using: &random)]
      }.joined()
      let type = KubernetesIdentity.type(kind: kind, apiVersion: apiVersion)
      let expected = Self.reference(kind: kind, apiVersion: apiVersion)
      #expect(
        type == expected && Array(type.utf8) == Array(expected.utf8),
        "seed \(seed), round \(round): \(kind.debugDescription) \(apiVersion.debugDescription)")
    }
  }

  @Test func deprecatedGroupsAreServedAsTheirSuccessors() {
    #expect(
      KubernetesIdentity.type(kind: "Deployment", apiVersion: "extensions/v1beta1")
        == "Deployment.apps")
    #expect(KubernetesIdentity.type(kind: "Event", apiVersion: "events.k8s.io/v1") == "Event")
    #expect(KubernetesIdentity.type(kind: "Event.events", apiVersion: "k8s.io/v1") == "Event")
    #expect(KubernetesIdentity.type(kind: "ConfigMap", apiVersion: "v1") == "ConfigMap")
  }
}
