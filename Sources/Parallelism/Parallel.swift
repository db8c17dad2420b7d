import Dispatch
import Foundation

/// Independent work spread over every core: parsing thousands of manifests, reading the items
/// of a kubectl List, hashing and compressing snapshot objects.
public enum Parallel {
  /// `body` applied to contiguous chunks of `0..<count` (about four per core, so that uneven
  /// chunks even out), on all cores; one result per chunk, in order.
  public static func chunks<Output: Sendable>(
    _ count: Int, _ body: @Sendable (Range<Int>) -> Output
  ) -> [Output] {
    guard count > 0 else { return [] }
    let lanes = min(count, max(1, ProcessInfo.processInfo.activeProcessorCount) * 4)
    let size = (count + lanes - 1) / lanes
    let slots = Slots<Output>(count: lanes)
    DispatchQueue.concurrentPerform(iterations: lanes) { lane in
      slots.set(lane, body(min(count, lane * size)..<min(count, (lane + 1) * size)))
    }
    return slots.values
  }

  /// `body` applied to every item, in order, computed on all cores.
  public static func map<Item: Sendable, Output: Sendable>(
    _ items: [Item], _ body: @Sendable (Item) -> Output
  ) -> [Output] {
    guard items.count > 1 else { return items.map(body) }
    var outputs: [Output] = []
    outputs.reserveCapacity(items.count)
    for chunk in chunks(items.count, { range in range.map { body(items[$0]) } }) {
      outputs += chunk
    }
    return outputs
  }

  /// Starts `body` on another thread; `wait()` returns its result.
  public final class Pending<Output: Sendable>: @unchecked Sendable {
    private let group = DispatchGroup()
    private var output: Output?

    /// Starts the work.
    public init(_ body: @escaping @Sendable () -> Output) {
      group.enter()
      Thread.detachNewThread { [self] in
        output = body()
        group.leave()
      }
    }

    /// The result, once the work has finished.
    public func wait() -> Output {
      group.wait()
      guard let output else { preconditionFailure("the work did not finish") }
      return output
    }
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

  var values: [Output] {
    storage.map { slot in
      guard let slot else { preconditionFailure("a lane did not finish") }
      return slot
    }
  }
}
