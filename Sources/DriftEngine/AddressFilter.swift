package import DriftDiff
package import DriftModel

/// The resources a command was asked about: `ADDRESS[#POINTER]` arguments, the address an
/// address glob, the pointer (JSON Pointer) one attribute of it.
package final class AddressFilter {
  private struct Target {
    var glob: Glob
    var pointer: FieldPath?
    var text: String
  }

  private let targets: [Target]
  private var matched: Set<Int> = []
  private var seen: [String] = []
  /// The targets whose pointer was found in a desired or live body they matched.
  private var pointerFound: Set<Int> = []
  /// The pointers of the bodies each pointer target matched, for suggestions.
  private var pointersSeen: [Int: Set<String>] = [:]
  /// The pointer targets whose address matched a desired or live body.
  private var bodyMatched: Set<Int> = []

  /// Reads the arguments.
  ///
  /// - Throws: a `Failure` for a pointer that is not a JSON Pointer.
  package init(_ patterns: [String]) throws(Failure) {
    var targets: [Target] = []
    for pattern in patterns {
      let argument = try AddressArgument(pattern)
      targets.append(
        Target(glob: Glob(argument.address), pointer: argument.pointer, text: pattern))
    }
    self.targets = targets
  }

  /// Whether an argument names one attribute.
  package var hasPointers: Bool { targets.contains { $0.pointer != nil } }

  /// The resources whose address matches a pattern; all of them when there is none.
  package func keep(_ resources: [Resource]) -> [Resource] {
    guard !targets.isEmpty else { return resources }
    return resources.filter { resource in
      seen.append(resource.id.address)
      var keep = false
      for (index, target) in targets.enumerated() where target.glob.matches(resource.id.address) {
        matched.insert(index)
        keep = true
      }
      return keep
    }
  }

  /// The unevaluated resources whose address matches a pattern; all of them when there is
  /// none.
  package func keep(_ unevaluated: [DriftReport.Unevaluated]) -> [DriftReport.Unevaluated] {
    guard !targets.isEmpty else { return unevaluated }
    return unevaluated.filter { entry in
      seen.append(entry.address)
      var keep = false
      for (index, target) in targets.enumerated() where target.glob.matches(entry.address) {
        matched.insert(index)
        keep = true
      }
      return keep
    }
  }

  /// The attributes asked about at `address`: nil when an argument names the whole resource.
  private func pointers(of address: String) -> [FieldPath]? {
    var pointers: [FieldPath] = []
    for target in targets where target.glob.matches(address) {
      guard let pointer = target.pointer else { return nil }
      pointers.append(pointer)
    }
    return pointers
  }

  /// Notes which pointers exist in the desired or live bodies they name, for
  /// ``checkEveryPatternMatched()``.
  package func notePointers(desired: [String: Resource], live: [Resource]) {
    guard hasPointers else { return }
    let bodies =
      desired.values.map { ($0.id.address, $0.body) } + live.map { ($0.id.address, $0.body) }
    for (index, target) in targets.enumerated() {
      guard let pointer = target.pointer, !pointerFound.contains(index) else { continue }
      for (address, body) in bodies where target.glob.matches(address) {
        bodyMatched.insert(index)
        if body.value(at: pointer) != nil {
          pointerFound.insert(index)
          break
        }
        pointersSeen[index, default: []].formUnion(Self.pointers(in: body))
      }
    }
  }

  /// Every pointer of `body`, containers included, down to a bounded depth.
  static func pointers(in body: Value, limit: Int = 10_000) -> Set<String> {
    var found: Set<String> = []
    func walk(_ value: Value, _ path: FieldPath) {
      guard found.count < limit, path.tokens.count < 32 else { return }
      if !path.tokens.isEmpty { found.insert(path.pointer) }
      switch value {
      case .object(let members):
        for member in members { walk(member.value, path.appending(member.key)) }
      case .array(let elements):
        for (index, element) in elements.enumerated() {
          walk(element, path.appending(index: index))
        }
      default: break
      }
    }
    walk(body, FieldPath())
    return found
  }

  /// The analysis with only the changes the pointers name: a modified resource none of whose
  /// changes touches an asked attribute is in sync for the question asked.
  package func narrow(_ analysis: Differ.Analysis) -> Differ.Analysis {
    guard hasPointers else { return analysis }
    var result = analysis
    result.drifts = []
    for drift in analysis.drifts {
      guard drift.kind == .modified, let pointers = pointers(of: drift.id.address) else {
        result.drifts.append(drift)
        continue
      }
      var narrowed = drift
      narrowed.changes = drift.changes.filter { change in
        pointers.contains { change.path.hasPrefix($0) || $0.hasPrefix(change.path) }
      }
      if narrowed.changes.isEmpty {
        result.summary.modified -= 1
        result.summary.inSync += 1
        result.inSync.append(drift.id)
      } else {
        result.drifts.append(narrowed)
      }
    }
    return result
  }

  /// Fails on the first pattern that matched nothing, suggesting the closest addresses, and
  /// on the first pointer that names nothing in the desired or live resources it matched,
  /// suggesting the closest pointers.
  package func checkEveryPatternMatched() throws(Failure) {
    for (index, target) in targets.enumerated() where !matched.contains(index) {
      let closest = Suggestions.closest(to: target.glob.pattern, among: Set(seen))
      throw Failure("no resource matches '\(target.glob.pattern)'\(Self.hint(closest))")
    }
    try checkPointers()
  }

  /// Fails on the first pointer that names nothing in the desired or live resources its
  /// address matched (see ``notePointers(desired:live:)``), suggesting the closest pointers.
  package func checkPointers() throws(Failure) {
    for (index, target) in targets.enumerated() where bodyMatched.contains(index) {
      guard let pointer = target.pointer, !pointerFound.contains(index) else { continue }
      let closest = Suggestions.closest(
        to: pointer.pointer, among: pointersSeen[index] ?? [], limit: 3)
      throw Failure(
        "no attribute '\(pointer.pointer)' in the desired or live state of "
          + "'\(target.glob.pattern)'\(Self.hint(closest))")
    }
  }

  /// Fails when `pointer` names nothing in `bodies` (the desired and live bodies of the
  /// resource at `address`), suggesting the closest pointers; passes when there is no body.
  package static func checkPointer(_ pointer: FieldPath, address: String, bodies: [Value])
    throws(Failure)
  {
    guard !bodies.isEmpty, !bodies.contains(where: { $0.value(at: pointer) != nil }) else {
      return
    }
    let seen = bodies.reduce(into: Set<String>()) { $0.formUnion(pointers(in: $1)) }
    let closest = Suggestions.closest(to: pointer.pointer, among: seen, limit: 3)
    throw Failure(
      "no attribute '\(pointer.pointer)' in the desired or live state of '\(address)'"
        + hint(closest))
  }

  private static func hint(_ closest: [String]) -> String {
    closest.isEmpty ? "" : " (did you mean \(closest.map { "'\($0)'" }.joined(separator: ", "))?)"
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
