import DriftDiff
public import DriftModel
public import Git

/// Blame for infrastructure: for a drifted attribute, the commit that last set its desired
/// value, and whether the live value is one an older commit desired (`undeployed`: the code
/// moved on and was not applied) or one never seen in history (`out-of-band`).
public final class ProvenanceFinder {
  /// What history says of one changed attribute.
  public struct Finding: Sendable {
    /// The first-parent commit that introduced the desired value in force.
    public var lastSet: Commit?
    public var provenance: Provenance
  }

  let history: DesiredHistory
  let source: SourceConfiguration
  let rules = KubernetesRules()
  /// How many commits back to look; nil for the whole history.
  let depth: Int?

  /// Creates a finder over `history` for one source.
  public init(history: DesiredHistory, source: SourceConfiguration, depth: Int? = nil) {
    self.history = history
    self.source = source
    self.depth = depth
  }

  /// Explains `change` of the resource at `address`, desired as of `commit`.
  ///
  /// - Parameter file: the desired file that declares the resource, when known: then no other
  ///   file is read.
  public func explain(
    _ change: Change, of address: String, at commit: ObjectID, file: String? = nil
  )
    throws(HistoryError) -> Finding
  {
    guard let start = history.headers.lastIndex(where: { $0.id == commit }),
      let record = try history.record(
        of: address, source: source, at: history.headers[start], file: file)
    else { return Finding(lastSet: nil, provenance: .outOfBand) }
    let end = depth.map { max(0, start - $0) } ?? 0
    var lastSet = start
    var settled = false
    for index in stride(from: start, through: end, by: -1) {
      let value = try desiredValue(
        at: index, path: change.path, address: address, file: record.file)
      if !settled {
        if same(value, change.desired, at: change.path) {
          lastSet = index
          continue
        }
        settled = true
      }
      if same(value, change.live, at: change.path) {
        return Finding(
          lastSet: try history.commit(at: lastSet),
          provenance: Provenance(kind: "undeployed", commit: history.headers[index].id.hex))
      }
    }
    return Finding(lastSet: try history.commit(at: lastSet), provenance: .outOfBand)
  }

  private func desiredValue(at index: Int, path: FieldPath, address: String, file: String)
    throws(HistoryError) -> Value?
  {
    let record = try history.record(
      of: address, source: source, at: history.headers[index], file: file, searchEverywhere: false)
    guard let record else { return nil }
    return rules.normalize(desired: record.resource).body.value(at: path)
  }

  private func same(_ a: Value?, _ b: Value?, at path: FieldPath) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (let a?, let b?): return rules.scalarsEqual(desired: a, live: b, at: path)
    case (let a?, nil), (nil, let a?): return a.isEmpty
    }
  }
}
