package import DriftModel

/// The resources a command was asked about: address globs given on the command line.
package final class AddressFilter {
  private let globs: [Glob]
  private var matched: Set<Int> = []
  private var seen: [String] = []

  package init(_ patterns: [String]) {
    globs = patterns.map(Glob.init)
  }

  /// The resources whose address matches a pattern; all of them when there is none.
  package func keep(_ resources: [Resource]) -> [Resource] {
    guard !globs.isEmpty else { return resources }
    return resources.filter { resource in
      seen.append(resource.id.address)
      var keep = false
      for (index, glob) in globs.enumerated() where glob.matches(resource.id.address) {
        matched.insert(index)
        keep = true
      }
      return keep
    }
  }

  /// The unevaluated resources whose address matches a pattern; all of them when there is
  /// none.
  package func keep(_ unevaluated: [DriftReport.Unevaluated]) -> [DriftReport.Unevaluated] {
    guard !globs.isEmpty else { return unevaluated }
    return unevaluated.filter { entry in
      seen.append(entry.address)
      var keep = false
      for (index, glob) in globs.enumerated() where glob.matches(entry.address) {
        matched.insert(index)
        keep = true
      }
      return keep
    }
  }

  /// Fails on the first pattern that matched nothing, suggesting the closest addresses.
  package func checkEveryPatternMatched() throws(Failure) {
    for (index, glob) in globs.enumerated() where !matched.contains(index) {
      let closest = Suggestions.closest(to: glob.pattern, among: Set(seen))
      let hint =
        closest.isEmpty
        ? "" : " (did you mean \(closest.map { "'\($0)'" }.joined(separator: ", "))?)"
      throw Failure("no resource matches '\(glob.pattern)'\(hint)")
    }
  }
}

/// Closest names by edit distance, for "did you mean" hints.
package enum Suggestions {
  package static func closest(to word: String, among candidates: Set<String>, limit: Int = 3)
    -> [String]
  {
    let target = Array(word.lowercased())
    let scored = candidates.map { ($0, distance(target, Array($0.lowercased()))) }
    let threshold = max(3, target.count / 3)
    return scored.filter { $0.1 <= threshold }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit)
      .map(\.0)
  }

  private static func distance(_ a: [Character], _ b: [Character]) -> Int {
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
      var current = [i + 1] + Array(repeating: 0, count: b.count)
      for (j, y) in b.enumerated() {
        current[j + 1] = Swift.min(
          previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}
