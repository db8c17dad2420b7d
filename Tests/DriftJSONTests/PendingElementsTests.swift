import Testing

@testable import DriftJSON

/// Elements are moved out of the stack, not copied: each is released exactly once, whether
/// moved out or left pending when the stack goes.
@Suite struct PendingElementsTests {
  private final class Tracked {
    static nonisolated(unsafe) var alive = 0
    let number: Int
    init(_ number: Int) {
      self.number = number
      Self.alive += 1
    }
    deinit { Self.alive -= 1 }
  }

  @Test func movesOutInOrderThroughGrowthAndReleasesEachOnce() {
    do {
      let stack = PendingElements<Tracked>(capacity: 2)
      for number in 0..<5 { stack.append(Tracked(number)) }
      let inner = stack.moveOut(from: 3)
      #expect(inner.map(\.number) == [3, 4])
      #expect(stack.moveOut(from: 3).isEmpty)
      for number in 5..<40 { stack.append(Tracked(number)) }
      let outer = stack.moveOut(from: 1)
      #expect(outer.map(\.number) == [1, 2] + Array(5..<40))
      #expect(stack.count == 1)
      #expect(Tracked.alive == 40)
    }
    #expect(Tracked.alive == 0)
  }
}
