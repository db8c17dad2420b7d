import Dispatch
import Foundation

/// Work spread over the machine's cores: parsing thousands of manifests is independent per
/// file.
enum Parallel {
  /// `body` applied to every item, in order, computed on all cores.
  static func map<Item: Sendable, Output: Sendable>(
    _ items: [Item], _ body: @escaping @Sendable (Item) -> Output
  ) -> [Output] {
    guard items.count > 1 else { return items.map(body) }
    let results = Results<Output>(count: items.count)
    let lanes = min(items.count, max(1, ProcessInfo.processInfo.activeProcessorCount) * 4)
    DispatchQueue.concurrentPerform(iterations: lanes) { lane in
      var index = lane
      while index < items.count {
        results.set(index, body(items[index]))
        index += lanes
      }
    }
    return results.values
  }

  /// Starts `body` on another thread; `wait()` returns its result.
  final class Pending<Output: Sendable>: @unchecked Sendable {
    private let group = DispatchGroup()
    private var output: Output?

    init(_ body: @escaping @Sendable () -> Output) {
      group.enter()
      Thread.detachNewThread { [self] in
        output = body()
        group.leave()
      }
    }

    func wait() -> Output {
      group.wait()
      guard let output else { preconditionFailure("the work did not finish") }
      return output
    }
  }
}

private final class Results<Output: Sendable>: @unchecked Sendable {
  private var storage: [Output?]
  private let lock = NSLock()

  init(count: Int) {
    storage = Array(repeating: nil, count: count)
  }

  func set(_ index: Int, _ value: Output) {
    lock.lock()
    storage[index] = value
    lock.unlock()
  }

  var values: [Output] { storage.compactMap { $0 } }
}
