/// Finds where the current run of bad items began, as `git bisect` finds the first bad commit:
/// logarithmic in the number of items when the sequence is monotone, and exact either way.
public enum Bisection {
  /// The index of the first item of the final run of bad items, judging items one by one
  /// where the search needs them.
  public static func firstOfFinalRun<E: Error>(
    count: Int, isBad: (Int) throws(E) -> Bool
  ) throws(E) -> Int? {
    try firstOfFinalRun(
      count: count, isBad: isBad, unchanged: { (_: Int) throws(E) -> Bool in false })
  }

  /// The index of the first item of the final run of bad items, or nil when the last item is
  /// good.
  ///
  /// Gallops back from the end, bisects between the last good and first bad item found, then
  /// confirms that everything after the boundary is bad, searching again after any good item it
  /// meets. The confirmation judges only items that `unchanged` cannot vouch for: an item whose
  /// inputs equal the previous item's (the same blobs) has the same verdict, so a monotone
  /// history costs a logarithmic number of judgements.
  public static func firstOfFinalRun<E: Error>(
    count: Int, isBad: (Int) throws(E) -> Bool, unchanged: (Int) throws(E) -> Bool
  ) throws(E) -> Int? {
    guard count > 0, try isBad(count - 1) else { return nil }
    var good = -1
    var bad = count - 1
    var step = 1
    while bad - step >= 0 {
      if try isBad(bad - step) {
        bad -= step
        step *= 2
      } else {
        good = bad - step
        break
      }
    }
    while true {
      while bad - good > 1 {
        let middle = good + (bad - good) / 2
        if try isBad(middle) { bad = middle } else { good = middle }
      }
      var index = bad + 1
      while index < count {
        if try !unchanged(index), try !isBad(index) { break }
        index += 1
      }
      guard index < count else { return bad }
      good = index
      bad = count - 1
    }
  }
}
