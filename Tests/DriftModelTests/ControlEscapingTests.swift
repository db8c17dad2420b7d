import DriftModel
import Testing

@Suite("control characters")
struct ControlEscapingTests {
  @Test("the fast test of a control character agrees with Unicode's general category, everywhere")
  func everyScalar() {
    var disagreements: [UInt32] = []
    for value in UInt32(0)...0x10_FFFF {
      guard let scalar = Unicode.Scalar(value) else { continue }
      let reference =
        scalar.properties.generalCategory == .control || value == 0x2028 || value == 0x2029
      if scalar.isControlOrLineSeparator != reference { disagreements.append(value) }
    }
    #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
  }

  @Test("texts are escaped where they hold one, and returned as they are otherwise")
  func escaping() {
    #expect("plain ascii ~".escapingControlCharacters == "plain ascii ~")
    #expect("café ✓".escapingControlCharacters == "café ✓")
    #expect("a\nb".escapingControlCharacters == "a\\nb")
    #expect("a\u{7F}b\u{85}c\u{2028}".escapingControlCharacters == "a\\u{7F}b\\u{0085}c\\u{2028}")
  }
}
