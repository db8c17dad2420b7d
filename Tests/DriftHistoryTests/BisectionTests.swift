import DriftHistory
import DriftTestSupport
import Testing

@Suite("Bisection")
struct BisectionTests {
  /// The answer by a linear scan: the first index of the final run of bad items.
  static func linear(_ items: [Bool]) -> Int? {
    guard items.last == true else { return nil }
    var index = items.count - 1
    while index > 0, items[index - 1] { index -= 1 }
    return index
  }

  @Test(arguments: [0, 1, 2, 7, 100, 199])
  func monotoneSequencesTakeLogarithmicallyManyJudgements(boundary: Int) {
    let items = (0..<200).map { $0 >= boundary }
    var probes = Set<Int>()
    let found = Bisection.firstOfFinalRun(
      count: items.count,
      isBad: { (index: Int) -> Bool in
        probes.insert(index)
        return items[index]
      },
      unchanged: { $0 > 0 && items[$0] == items[$0 - 1] })
    #expect(found == boundary)
    #expect(found == Self.linear(items))
    #expect(probes.count <= 2 * 8 + 2, "probed \(probes.count) of 200")
  }

  @Test func nothingBadAtTheEnd() {
    let items = [true, true, false]
    #expect(Bisection.firstOfFinalRun(count: items.count) { items[$0] } == nil)
    #expect(Bisection.firstOfFinalRun(count: 0) { _ in true } == nil)
  }

  @Test("exact on any sequence, checked against a linear scan")
  func exactOnArbitrarySequences() {
    var generator = SeededGenerator(seed: 42)
    for _ in 0..<2_000 {
      let count = Int.random(in: 1...64, using: &generator)
      let items = (0..<count).map { _ in Bool.random(using: &generator) }
      #expect(
        Bisection.firstOfFinalRun(count: count) { items[$0] } == Self.linear(items), "\(items)")
      let vouched = Bisection.firstOfFinalRun(
        count: count, isBad: { items[$0] }, unchanged: { $0 > 0 && items[$0] == items[$0 - 1] })
      #expect(vouched == Self.linear(items), "\(items)")
    }
  }
}
