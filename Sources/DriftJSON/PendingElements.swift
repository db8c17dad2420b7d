import DriftModel

/// The members or elements of the containers being read, innermost last: each container's are
/// moved out, at their exact size, when it ends.
///
/// An `Array` here copies a container's elements out (retaining each) and then releases them
/// as it drops them from its tail: a retain and a release per member read, which were a fifth
/// of the instructions of reading a live export. Moving needs neither.
final class PendingElements<Element> {
  private var storage: UnsafeMutablePointer<Element>
  private var capacity: Int
  /// How many elements are pending.
  private(set) var count = 0

  /// An empty stack with room for `capacity` elements before it grows.
  init(capacity: Int = 256) {
    self.capacity = max(capacity, 1)
    storage = .allocate(capacity: self.capacity)
  }

  deinit {
    storage.deinitialize(count: count)
    storage.deallocate()
  }

  /// Adds `element` on top.
  func append(_ element: Element) {
    if count == capacity { grow() }
    (storage + count).initialize(to: element)
    count += 1
  }

  /// The elements from index `start` on, in order, which are no longer pending.
  func moveOut(from start: Int) -> [Element] {
    precondition(start >= 0 && start <= count, "no pending elements from \(start)")
    let moved = count - start
    guard moved > 0 else { return [] }
    let elements = [Element](unsafeUninitializedCapacity: moved) { buffer, initialized in
      buffer.baseAddress?.moveInitialize(from: storage + start, count: moved)
      initialized = moved
    }
    count = start
    return elements
  }

  private func grow() {
    let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
    larger.moveInitialize(from: storage, count: count)
    storage.deallocate()
    storage = larger
    capacity *= 2
  }
}
