import DriftModel

/// Compares one desired resource with its live counterpart, attribute by attribute.
///
/// Present in both and different: `replace`. Declared but absent live: `remove`. Present live
/// but not declared: server defaults and controller writes are not drift; `add` is reported
/// only when the field's writer is out of band (or the whole list is the deployer's).
struct Comparator {
  let rules: any ComparisonRules
  let live: NormalizedLive
  let managers: ManagerClassification
  let desiredBody: Value
  private(set) var changes: [Change] = []

  init(
    rules: any ComparisonRules, desired: Resource, live: NormalizedLive,
    managers: ManagerClassification
  ) {
    self.rules = rules
    self.live = live
    self.managers = managers
    self.desiredBody = desired.body
  }

  mutating func run() {
    compare(desiredBody, live.resource.body, at: FieldPath(), live: FieldPath())
  }

  private mutating func compare(
    _ desired: Value, _ actual: Value, at path: FieldPath, live livePath: FieldPath
  ) {
    switch (desired, actual) {
    case (.object(let desiredMembers), .object):
      for member in desiredMembers {
        let childPath = path.appending(member.key)
        let childLive = livePath.appending(member.key)
        if let liveValue = actual[member.key] {
          compare(member.value, liveValue, at: childPath, live: childLive)
        } else if !member.value.isEmpty {
          record(.remove, at: childPath, desired: member.value, live: nil, livePath: nil)
        }
      }
      let isWhole = rules.isWholeObject(at: path)
      for member in actual.members ?? [] where desired[member.key] == nil {
        if isWhole {
          record(
            .add, at: path.appending(member.key), desired: nil, live: member.value,
            livePath: livePath.appending(member.key))
        } else {
          addedMember(
            member.value, at: path.appending(member.key), live: livePath.appending(member.key))
        }
      }
    case (.array(let desiredElements), .array(let liveElements)):
      if rules.isSet(at: path, of: live.resource.id) {
        compareUnordered(desiredElements, liveElements, at: path, live: livePath)
      } else if let key = rules.listKey(at: path),
        let matched = match(desiredElements, liveElements, by: key)
      {
        compareKeyed(desiredElements, liveElements, matched, at: path, live: livePath)
      } else {
        compareAtomic(desiredElements, liveElements, at: path, live: livePath)
      }
    case (_, .null) where desired.isEmpty, (.null, _):
      return
    default:
      if !rules.scalarsEqual(desired: desired, live: actual, at: path) {
        record(.replace, at: path, desired: desired, live: actual, livePath: livePath)
      }
    }
  }

  private func match(_ desired: [Value], _ live: [Value], by key: ListKey) -> [Int?]? {
    var liveIndex: [[Value]: Int] = [:]
    for (index, element) in live.enumerated() {
      guard let values = key.key(of: element) else { return nil }
      liveIndex[values] = liveIndex[values] ?? index
    }
    var matched: [Int?] = []
    for element in desired {
      guard let values = key.key(of: element) else { return nil }
      matched.append(liveIndex[values])
    }
    return matched
  }

  private mutating func compareKeyed(
    _ desired: [Value], _ live: [Value], _ matched: [Int?], at path: FieldPath,
    live livePath: FieldPath
  ) {
    var seen = Set<Int>()
    for (index, element) in desired.enumerated() {
      if let liveIndex = matched[index] {
        seen.insert(liveIndex)
        compare(
          element, live[liveIndex], at: path.appending(index: index),
          live: livePath.appending(index: liveIndex))
      } else {
        record(
          .remove, at: path.appending(index: index), desired: element, live: nil, livePath: nil)
      }
    }
    for (index, element) in live.enumerated() where !seen.contains(index) {
      let elementPath = livePath.appending(index: index)
      // Without managedFields an extra element (an injected sidecar, a webhook's variable) is
      // indistinguishable from a server default: only an out-of-band writer makes it drift.
      if let actor = managers.suspect(among: ownersIfKnown(elementPath) ?? []) {
        record(
          .add, at: path.appending(index: index), desired: nil, live: element,
          livePath: elementPath, actor: actor)
      }
    }
  }

  /// A set: each desired element matches the first live element it equals (by the same rules,
  /// so a block's undeclared attributes do not count); the rest are removed or added.
  private mutating func compareUnordered(
    _ desired: [Value], _ live: [Value], at path: FieldPath, live livePath: FieldPath
  ) {
    var unmatched = Array(live.indices)
    var missing: [Int] = []
    for (index, element) in desired.enumerated() {
      let found = unmatched.firstIndex { candidate in
        var probe = self
        probe.changes = []
        probe.compare(
          element, live[candidate], at: path.appending(index: index),
          live: livePath.appending(index: candidate))
        return probe.changes.isEmpty
      }
      if let found { unmatched.remove(at: found) } else { missing.append(index) }
    }
    if missing.count == 1, unmatched.count == 1, let index = missing.first,
      let candidate = unmatched.first
    {
      compare(
        desired[index], live[candidate], at: path.appending(index: index),
        live: livePath.appending(index: candidate))
      return
    }
    for index in missing {
      record(
        .remove, at: path.appending(index: index), desired: desired[index], live: nil,
        livePath: nil)
    }
    for index in unmatched {
      record(
        .add, at: path.appending(index: index), desired: nil, live: live[index],
        livePath: livePath.appending(index: index))
    }
  }

  private mutating func compareAtomic(
    _ desired: [Value], _ live: [Value], at path: FieldPath, live livePath: FieldPath
  ) {
    for index in 0..<min(desired.count, live.count) {
      compare(
        desired[index], live[index], at: path.appending(index: index),
        live: livePath.appending(index: index))
    }
    if desired.count > live.count {
      for index in live.count..<desired.count {
        record(
          .remove, at: path.appending(index: index), desired: desired[index], live: nil,
          livePath: nil)
      }
    } else if live.count > desired.count {
      for index in desired.count..<live.count {
        record(
          .add, at: path.appending(index: index), desired: nil, live: live[index],
          livePath: livePath.appending(index: index))
      }
    }
  }

  /// A live member the desired resource does not declare: drift only when written out of band.
  private mutating func addedMember(_ value: Value, at path: FieldPath, live livePath: FieldPath) {
    guard let ownership = live.ownership, !value.isEmpty else { return }
    switch value {
    case .object(let members):
      guard ownership.entries.contains(where: { managers.isSuspect($0.actor) }) else { return }
      for member in members {
        addedMember(
          member.value, at: path.appending(member.key), live: livePath.appending(member.key))
      }
    case .array(let elements) where rules.listKey(at: path) != nil:
      for (index, element) in elements.enumerated() {
        let elementPath = livePath.appending(index: index)
        if let actor = managers.suspect(
          among: ownership.owners(of: elementPath, in: live.resource.body))
        {
          record(
            .add, at: path.appending(index: index), desired: nil, live: element,
            livePath: elementPath, actor: actor)
        }
      }
    default:
      if rules.isServerDefault(value, at: livePath, of: live.resource) { return }
      if let actor = managers.suspect(among: ownership.owners(of: livePath, in: live.resource.body))
      {
        record(.add, at: path, desired: nil, live: value, livePath: livePath, actor: actor)
      }
    }
  }

  private func ownersIfKnown(_ livePath: FieldPath) -> [Actor]? {
    live.ownership.map { $0.owners(of: livePath, in: live.resource.body) }
  }

  private mutating func record(
    _ operation: Change.Operation, at path: FieldPath, desired: Value?, live value: Value?,
    livePath: FieldPath?, actor: Actor? = nil
  ) {
    var who = actor
    if who == nil, let livePath, let owners = ownersIfKnown(livePath) {
      who = managers.suspect(among: owners) ?? owners.first
    }
    changes.append(
      Change(
        operation, at: path, desired: desired, live: value, line: desiredBody.line(at: path),
        actor: who))
  }
}

/// Which field managers deploy desired state, which are the cluster's own, and which are
/// everyone else: out of band.
public struct ManagerClassification: Sendable {
  /// The cluster's own controllers: their writes are never drift on their own.
  public static let clusterControllers: Set<String> = [
    "kube-controller-manager", "kube-scheduler", "kubelet", "kube-apiserver",
    "cloud-controller-manager", "k3s", "before-first-apply",
  ]

  public var deployers: Set<String>
  public var controllers: Set<String>

  /// Creates a classification.
  public init(deployers: [String], controllers: Set<String> = clusterControllers) {
    self.deployers = Set(deployers)
    self.controllers = controllers
  }

  /// Whether a write by `actor` to a field the desired state leaves out is drift: an
  /// out-of-band manager, or a deployer using server-side apply (which owns only what it
  /// applied, so an owned field the desired state no longer declares was removed from it).
  func isSuspect(_ actor: Actor) -> Bool {
    if controllers.contains(actor.manager) { return false }
    if deployers.contains(actor.manager) { return actor.operation == "Apply" }
    return true
  }

  /// The most recent suspect among `owners`, most recent first.
  func suspect(among owners: [Actor]) -> Actor? {
    owners.first { isSuspect($0) && !deployers.contains($0.manager) }
      ?? owners.first { isSuspect($0) }
  }
}
