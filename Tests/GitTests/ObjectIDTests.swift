import Git
import Testing

@Suite struct ObjectIDTests {
  @Test func hexRoundTrips() throws {
    let hex = "0123456789abcdef0123456789abcdef01234567"
    let id = try #require(ObjectID(hex: hex.uppercased()))
    #expect(id.hex == hex)
    #expect(id.short == "0123456")
    #expect(id.description == hex)
    #expect(id.bytes.count == 20)
    #expect(id.bytes.first == 0x01)
  }

  @Test(arguments: [
    "", "abc", "0123456789abcdef0123456789abcdef0123456g", String(repeating: "a", count: 41),
  ])
  func rejectsWhatIsNotFullHex(_ text: String) {
    #expect(ObjectID(hex: text) == nil)
  }

  @Test func ordersLikeItsHex() throws {
    let hexes = [
      "ff" + String(repeating: "0", count: 38), String(repeating: "0", count: 39) + "1",
      "0000000000000000000000000000000000000100", String(repeating: "0", count: 40),
    ]
    let ids = try hexes.map { try #require(ObjectID(hex: $0)) }
    #expect(ids.sorted().map(\.hex) == hexes.sorted())
    #expect(Set(ids + ids).count == 4)
  }
}
