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
    /// For an undeployed value: the first commit after the one whose desired value live
    /// equals that changed it, the commit that was not applied.
    public var notApplied: Commit?
    /// For a field only live has: the last commit that declared it, and the next one, which
    /// removed it; both nil when git never declared it (see ``neverInGit``).
    public var lastDeclared: Commit?
    public var removedBy: Commit?
    /// For a field only live has: no commit of the history walked declared it.
    public var neverInGit = false

    init(lastSet: Commit?, provenance: Provenance) {
      self.lastSet = lastSet
      self.provenance = provenance
    }
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
  /// The walk follows the resource when its file is renamed or moved (`git mv`), and finds
  /// list elements by their merge key (a container by its name), not by position: inserting an
  /// element before it at some commit changes no value.
  ///
  /// - Parameter file: the desired file that declares the resource, when known: then no other
  ///   file is read until the resource is not in it.
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
    let reference: Resource
    var file = file
    if isConfiguration {
      let desired = try history.desired(of: address, source: source, at: current, live: live)
      guard let record = desired.record else {
        return Finding(lastSet: nil, provenance: .outOfBand)
      }
      rules = desired.rules
      reference = record.resource
    } else {
      guard let fileRules,
        let record = try history.record(of: address, source: source, at: current, file: file)
      else { return Finding(lastSet: nil, provenance: .outOfBand) }
      file = record.file
      rules = fileRules
      reference = record.resource
    }
    let path = KeyedPath(change, in: rules.normalize(desired: reference).body, rules: rules)
    let oldest = depth.map { start + $0 } ?? Int.max
    var lastSet = start
    var settled = false
    var age = start
    var declaredAge: Int?
    let added = change.operation == .add
    while age <= oldest, let header = try history.header(age: age) {
      defer { age += 1 }
      guard
        case .declared(let value) = try desiredValue(
          at: header, path: path, address: address, file: &file, rules: rules)
      else { break }
      if added, declaredAge == nil, value != nil, age > start { declaredAge = age }
      if !settled {
        if same(value, change.desired, at: change.path, rules: rules) {
          lastSet = age
          continue
        }
        settled = true
      }
      if same(value, change.live, at: change.path, rules: rules) {
        var finding = Finding(
          lastSet: try history.commit(age: lastSet),
          provenance: Provenance(kind: "undeployed", commit: header.id.hex))
        // Walking from the tip back, the commit before this one (younger) changed the value.
        if age > start { finding.notApplied = try history.commit(age: age - 1) }
        try attribute(&finding, declaredAge: declaredAge, added: added, start: start)
        return finding
      }
    }
    var finding = Finding(lastSet: try history.commit(age: lastSet), provenance: .outOfBand)
    try attribute(&finding, declaredAge: declaredAge, added: added, start: start)
    return finding
  }

  /// For a field only live has, the commits that last declared it and removed it.
  private func attribute(_ finding: inout Finding, declaredAge: Int?, added: Bool, start: Int)
    throws(HistoryError)
  {
    guard added else { return }
    guard let declaredAge else {
      finding.neverInGit = true
      return
    }
    finding.lastDeclared = try history.commit(age: declaredAge)
    finding.removedBy = try history.commit(age: declaredAge - 1)
  }

  /// The desired value at `path` at the commit of `header`: read from the same file for file
  /// formats (from the file it was in, when it moved), from the configuration evaluated against
  /// the same live state for Terraform.
  ///
  private func desiredValue(
    at header: CommitHeader, path: KeyedPath, address: String, file: inout String?,
    rules: any ComparisonRules
  ) throws(HistoryError) -> DesiredValue {
    let record: DesiredHistory.Record?
    if isConfiguration {
      let desired = try history.desired(of: address, source: source, at: header, live: live)
      // A value that cannot be known offline is no evidence either way.
      guard desired.unknown == nil else { return .declared(nil) }
      record = desired.record
    } else {
      let inFile = try history.record(
        of: address, source: source, at: header, file: file, searchEverywhere: false)
      if let inFile {
        record = inFile
      } else {
        // Renamed or moved: the resource is in another file of this older commit.
        guard let moved = try history.index(of: source, at: header)[address] else {
          return .undeclared
        }
        file = moved.file
        record = moved
      }
    }
    guard let record else { return .declared(nil) }
    return .declared(path.value(in: rules.normalize(desired: record.resource).body))
  }

  /// What one older commit desires of the attribute.
  private enum DesiredValue {
    /// The commit declares the resource nowhere: older commits are from before it existed,
    /// and are no evidence of what was deployed.
    case undeclared
    /// The value, nil when the resource leaves the attribute out or it cannot be known.
    case declared(Value?)
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

/// A change's path with each element of a keyed list named by its merge key, so that it finds
/// the same element in an older desired state whatever its position there.
struct KeyedPath {
  enum Step {
    case member(String)
    case index(Int)
    case keyed(ListKey, [Value])
  }

  var steps: [Step] = []

  /// The path of `change`, keyed by the elements of `desired` (the current desired body) it
  /// passes through; an element only live has (an `add`) is keyed by the live value.
  init(_ change: Change, in desired: Value, rules: any ComparisonRules) {
    var current: Value? = desired
    var prefix = FieldPath()
    let tokens = change.path.tokens
    for (offset, token) in tokens.enumerated() {
      defer { prefix.append(token) }
      guard case .array(let elements)? = current, let index = Int(token) else {
        steps.append(.member(token))
        current = current?[token]
        continue
      }
      let element = elements.indices.contains(index) ? elements[index] : nil
      current = element
      let isAdded = offset == tokens.count - 1 && change.operation == .add
      if let key = rules.listKey(at: prefix),
        let named = isAdded ? change.live : element,
        let values = key.key(of: named)
      {
        steps.append(.keyed(key, values))
      } else {
        steps.append(.index(index))
      }
    }
  }

  /// The value the path names in `body`, nil when it has none.
  func value(in body: Value) -> Value? {
    var current = body
    for step in steps {
      switch (step, current) {
      case (.member(let name), .object):
        guard let next = current[name] else { return nil }
        current = next
      case (.index(let index), .array(let elements)):
        guard elements.indices.contains(index) else { return nil }
        current = elements[index]
      case (.keyed(let key, let values), .array(let elements)):
        guard let next = elements.first(where: { key.key(of: $0) == values }) else { return nil }
        current = next
      case (.member(let token), .array(let elements)):
        guard let index = Int(token), elements.indices.contains(index) else { return nil }
        current = elements[index]
      default:
        return nil
      }
    }
    return current
  }
}
