import DriftDiff
import DriftFormats
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
  /// How many commits back to look; nil for the whole history.
  let depth: Int?
  /// The live state a Terraform configuration's references read at every commit.
  let live: LiveView
  private let isConfiguration: Bool
  /// How the source's files compare, when its adapter reads them file by file.
  private let fileRules: (any ComparisonRules)?

  /// Creates a finder over `history` for one source.
  ///
  /// - Parameter live: the live state being explained; a Terraform configuration is evaluated
  ///   at older commits against it, as `check` evaluates the current one.
  public init(
    history: DesiredHistory, source: SourceConfiguration, depth: Int? = nil,
    live: LiveView = .none
  ) {
    self.history = history
    self.source = source
    self.depth = depth
    self.live = live
    let adapter = try? history.formats.adapter(of: source)
    isConfiguration = adapter?.evaluatesFolders ?? false
    fileRules = adapter?.fileRules
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
    guard let start = try history.age(of: commit), let current = try history.header(age: start)
    else {
      return Finding(lastSet: nil, provenance: .outOfBand)
    }
    let rules: any ComparisonRules
    var file = file
    if isConfiguration {
      let desired = try history.desired(of: address, source: source, at: current, live: live)
      guard desired.record != nil else { return Finding(lastSet: nil, provenance: .outOfBand) }
      rules = desired.rules
    } else {
      guard let fileRules,
        let record = try history.record(of: address, source: source, at: current, file: file)
      else { return Finding(lastSet: nil, provenance: .outOfBand) }
      file = record.file
      rules = fileRules
    }
    let oldest = depth.map { start + $0 } ?? Int.max
    var lastSet = start
    var settled = false
    var age = start
    while age <= oldest, let header = try history.header(age: age) {
      defer { age += 1 }
      let value = try desiredValue(
        at: header, path: change.path, address: address, file: file, rules: rules)
      if !settled {
        if same(value, change.desired, at: change.path, rules: rules) {
          lastSet = age
          continue
        }
        settled = true
      }
      if same(value, change.live, at: change.path, rules: rules) {
        return Finding(
          lastSet: try history.commit(age: lastSet),
          provenance: Provenance(kind: "undeployed", commit: header.id.hex))
      }
    }
    return Finding(lastSet: try history.commit(age: lastSet), provenance: .outOfBand)
  }

  /// The desired value at `path` at the commit of `header`: read from the same file for file
  /// formats, from the configuration evaluated against the same live state for Terraform.
  private func desiredValue(
    at header: CommitHeader, path: FieldPath, address: String, file: String?,
    rules: any ComparisonRules
  ) throws(HistoryError) -> Value? {
    let record: DesiredHistory.Record?
    if isConfiguration {
      let desired = try history.desired(of: address, source: source, at: header, live: live)
      // A value that cannot be known offline is no evidence either way.
      guard desired.unknown == nil else { return nil }
      record = desired.record
    } else {
      record = try history.record(
        of: address, source: source, at: header, file: file, searchEverywhere: false)
    }
    guard let record else { return nil }
    return rules.normalize(desired: record.resource).body.value(at: path)
  }

  private func same(_ a: Value?, _ b: Value?, at path: FieldPath, rules: any ComparisonRules)
    -> Bool
  {
    switch (a, b) {
    case (nil, nil): return true
    case (let a?, let b?): return rules.scalarsEqual(desired: a, live: b, at: path)
    case (let a?, nil), (nil, let a?): return a.isEmpty
    }
  }
}
