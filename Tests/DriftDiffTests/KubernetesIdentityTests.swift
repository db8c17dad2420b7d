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
