import Dispatch
import Foundation

/// Independent work spread over every core: serialising and hashing thousands of resources.
enum Concurrent {
  /// `body` applied to every item, in order.
  static func map<Item: Sendable, Output: Sendable>(
    _ items: [Item], _ body: @escaping @Sendable (Item) -> Output
  ) -> [Output] {
    guard items.count > 1 else { return items.map(body) }
    let slots = Slots<Output>(count: items.count)
    let lanes = min(items.count, max(1, ProcessInfo.processInfo.activeProcessorCount) * 4)
    let chunk = (items.count + lanes - 1) / lanes
    DispatchQueue.concurrentPerform(iterations: lanes) { lane in
      for index in min(items.count, lane * chunk)..<min(items.count, (lane + 1) * chunk) {
        slots.set(index, body(items[index]))
      }
    }
    return slots.values
  }
}

/// Results written by many threads, each slot by exactly one, read after all have finished.
private final class Slots<Output>: @unchecked Sendable {
  private let storage: UnsafeMutableBufferPointer<Output?>

  init(count: Int) {
    storage = .allocate(capacity: count)
    storage.initialize(repeating: nil)
  }

  deinit {
    storage.deinitialize()
    storage.deallocate()
  }

  func set(_ index: Int, _ value: Output) { storage[index] = value }

  var values: [Output] { storage.compactMap { $0 } }
}
