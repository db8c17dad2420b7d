import DriftModel

/// Compares one desired resource with its live counterpart, attribute by attribute.
///
/// Present in both and different: `replace`. Declared but absent live: `remove`. Present live
/// but not declared: server defaults and controller writes are not drift; `add` is reported
/// when the field's writer is out of band (or the whole list is the deployer's), when the
/// configuration last applied holds it (applied from a copy other than the desired state), or,
/// when the export names no writers but records the last applied configuration, when neither
/// that configuration nor the desired state holds it (added by hand).
struct Comparator {
  let rules: any ComparisonRules
  let live: NormalizedLive
  let managers: ManagerClassification
  let desiredBody: Value
  /// Whether an out-of-band manager wrote to the live resource: without one, no field the
  /// desired state leaves out is drift, and no owner needs looking up.
  private let hasSuspectWriter: Bool
  /// Whether fields that only live has are looked at: a suspect writer, or a last applied
  /// configuration to hold them against.
  private let walksLiveOnly: Bool
  /// Whether only live fields that the last applied configuration holds can be drift: the
  /// writers are known, and none is suspect.
  private let appliedOnly: Bool
  private(set) var changes: [Change] = []
  /// Secrets whose digests were made with another key or scheme than the desired ones, so
  /// that nobody can tell whether they changed, by the reason: not drift, never silent.
  private(set) var notComparable: [String: Int] = [:]
  /// Where the walk is in the desired resource.
  private var path = FieldPath()
  /// The depths at which the live element matched sits at another index (keyed lists), with
  /// that index: the live place is asked for only when a change is recorded.
  private var liveIndices: [(depth: Int, index: String)] = []

  init(
    rules: any ComparisonRules, desired: Resource, live: NormalizedLive,
    managers: ManagerClassification
  ) {
    self.rules = rules
    self.live = live
    self.managers = managers
    self.desiredBody = desired.body
    let hasSuspectWriter =
      live.ownership?.entries.contains { managers.isSuspect($0.actor) } ?? false
    self.hasSuspectWriter = hasSuspectWriter
    // With neither managedFields nor a last applied configuration, what only live has is
    // drift unless it is a default: the export cannot say who wrote it, but a privileged
    // container or hostNetwork added by hand must still be found.
    self.walksLiveOnly = hasSuspectWriter || live.applied != nil || live.ownership == nil
    self.appliedOnly = !hasSuspectWriter && live.ownership != nil
  }

  mutating func run() {
    compare(desiredBody, live.resource.body, applied: live.applied)
  }

  private mutating func descend(_ key: String) {
    path.append(key)
  }

  private mutating func descend(index: Int, live liveIndex: Int) {
    if liveIndex != index { liveIndices.append((path.tokens.count, String(liveIndex))) }
    path.append(String(index))
  }

  private mutating func ascend() {
    path.removeLast()
    if liveIndices.last?.depth == path.tokens.count { liveIndices.removeLast() }
  }

  /// Where the walk is in the live resource.
  private var livePath: FieldPath {
    var livePath = path
    for (depth, index) in liveIndices { livePath.tokens[depth] = index }
    return livePath
  }

  /// Compares the desired and live values at the current place; `applied` is the value there
  /// in the configuration last applied, nil when it has none.
  private mutating func compare(_ desired: Value, _ actual: Value, applied: Value?) {
    switch (desired, actual) {
    case (.object(let desiredMembers), .object(let liveMembers)):
      // By index: a copy of each member (`for member in`) retained and released its key and
      // value, a tenth of the comparison.
      for index in desiredMembers.indices {
        let key = desiredMembers[index].key
        descend(key)
        if let liveValue = liveMembers.value(of: key) {
          compare(desiredMembers[index].value, liveValue, applied: applied?[key])
        } else if !desiredMembers[index].value.isEmpty {
          record(.remove, desired: desiredMembers[index].value, live: nil)
        }
        ascend()
      }
      let isWhole = rules.isWholeObject(at: path, of: live.resource.id)
      guard isWhole || walksLiveOnly else { return }
      if appliedOnly && !isWhole {
        // Only what the last applied configuration holds can be drift: its members are few,
        // the live ones many.
        for member in applied?.members ?? []
        where !desiredMembers.contains(where: { $0.key == member.key }) {
          guard let liveValue = liveMembers.value(of: member.key) else { continue }
          descend(member.key)
          addedMember(liveValue, applied: member.value)
          ascend()
        }
        return
      }
      for member in liveMembers where !desiredMembers.contains(where: { $0.key == member.key }) {
        descend(member.key)
        if isWhole {
          record(.add, desired: nil, live: member.value)
        } else {
          addedMember(member.value, applied: applied?[member.key])
        }
        ascend()
      }
    case (.array(let desiredElements), .array(let liveElements)):
      if rules.isSet(at: path, of: live.resource.id) {
        compareUnordered(desiredElements, liveElements)
      } else if let key = rules.listKey(at: path),
        let matched = match(desiredElements, liveElements, by: key)
      {
        compareKeyed(desiredElements, liveElements, matched, by: key, applied: applied)
      } else {
        compareAtomic(desiredElements, liveElements, applied: applied)
      }
    case (.array(let desiredElements), .object)
    where desiredElements.count == 1 && desiredElements[0].members != nil
      && rules.isSingleBlock(at: path):
      // The block is compared as the object it is; the pointer stays the desired one
      // (`/timeouts/0/create`), where accept edits it.
      descend(index: 0, live: 0)
      compare(desiredElements[0], actual, applied: applied?.elements?.first ?? applied)
      ascend()
    case (_, .null) where desired.isEmpty, (.null, _):
      return
    case (.sensitive(let wanted), .sensitive(let found))
    where !DigestScheme.comparable(wanted, found):
      let reason = DigestScheme.reason(
        live: DigestScheme(of: found), desired: DigestScheme(of: wanted))
      notComparable[reason, default: 0] += 1
    default:
      if !rules.scalarsEqual(desired: desired, live: actual, at: path, of: live.resource.id) {
        record(.replace, desired: desired, live: actual)
      }
    }
  }

  /// For each desired element, the index of the first live element with the same key; nil
  /// when an element has no key.
  private func match(_ desired: [Value], _ live: [Value], by key: ListKey) -> [Int?]? {
    guard live.allSatisfy(key.hasKey), desired.allSatisfy(key.hasKey) else { return nil }
    // Lists are short: a scan costs less than hashing every key.
    guard live.count > 16 else {
      return desired.map { element in live.firstIndex { key.sameKey(element, $0) } }
    }
    var liveIndex: [[Value]: Int] = [:]
    for (index, element) in live.enumerated() {
      if let values = key.key(of: element), liveIndex[values] == nil { liveIndex[values] = index }
    }
    return desired.map { element in key.key(of: element).flatMap { liveIndex[$0] } }
  }

  private mutating func compareKeyed(
    _ desired: [Value], _ live: [Value], _ matched: [Int?], by key: ListKey, applied: Value?
  ) {
    for (index, element) in desired.enumerated() {
      if let liveIndex = matched[index] {
        descend(index: index, live: liveIndex)
        compare(element, live[liveIndex], applied: Self.element(like: element, in: applied, key))
      } else {
        descend(index: index, live: index)
        record(.remove, desired: element, live: nil)
      }
      ascend()
    }
    guard walksLiveOnly else { return }
    let seen = Set(matched.compactMap { $0 })
    for (index, element) in live.enumerated() where !seen.contains(index) {
      descend(index: index, live: index)
      addedElement(element, applied: Self.element(like: element, in: applied, key))
      ascend()
    }
  }

  /// The element of the applied list with the same key as `element`.
  private static func element(like element: Value, in applied: Value?, _ key: ListKey) -> Value? {
    guard let elements = applied?.elements, key.hasKey(element) else { return nil }
    return elements.first { key.hasKey($0) && key.sameKey(element, $0) }
  }

  /// A live element of a keyed list that the desired list does not have: one `add` when it is
  /// drift (see ``addedVerdict(inApplied:)``), never when the server adds it (a service
  /// account's token volume, an admission plugin's toleration).
  private mutating func addedElement(_ element: Value, applied: Value?) {
    if rules.isServerDefault(element, at: livePath, of: live.resource) { return }
    if let actor = addedVerdict(inApplied: applied != nil) {
      record(.add, desired: nil, live: element, writtenBy: actor.writer)
    }
  }

  /// Whether a live field that the desired state leaves out (and that is not a server default)
  /// is drift, and who wrote it.
  ///
  /// With managedFields: when an out-of-band manager wrote it, or the last applied
  /// configuration holds it (applied from another copy: `kubectl apply -f local.yaml`). Without
  /// them but with a last applied configuration: always, since nobody applied it from git
  /// (applied from another copy when that configuration holds it, else added by hand, as
  /// `kubectl edit` does). With neither: always, since a default was already told apart by the
  /// defaults table, and the writer stays unknown.
  private func addedVerdict(inApplied: Bool) -> Addition? {
    if live.ownership != nil {
      let owners = owners()
      if let actor = managers.suspect(among: owners) { return Addition(writer: actor) }
      return inApplied ? Addition(writer: owners.first) : nil
    }
    return Addition(writer: nil)
  }

  /// A live field found to be drift, with its writer when the export names one.
  private struct Addition {
    var writer: Actor?
  }

  /// A set: each desired element matches the first live element it equals (by the same rules,
  /// so a block's undeclared attributes do not count); the rest are removed or added.
  private mutating func compareUnordered(_ desired: [Value], _ live: [Value]) {
    var unmatched = Array(live.indices)
    var missing: [Int] = []
    for (index, element) in desired.enumerated() {
      let found = unmatched.firstIndex { candidate in
        var probe = self
        probe.changes = []
        probe.descend(index: index, live: candidate)
        probe.compare(element, live[candidate], applied: nil)
        return probe.changes.isEmpty
      }
      if let found { unmatched.remove(at: found) } else { missing.append(index) }
    }
    if missing.count == 1, unmatched.count == 1, let index = missing.first,
      let candidate = unmatched.first
    {
      descend(index: index, live: candidate)
      compare(desired[index], live[candidate], applied: nil)
      ascend()
      return
    }
    for index in missing {
      descend(index: index, live: index)
      record(.remove, desired: desired[index], live: nil)
      ascend()
    }
    for index in unmatched {
      descend(index: index, live: index)
      record(.add, desired: nil, live: live[index])
      ascend()
    }
  }

  private mutating func compareAtomic(_ desired: [Value], _ live: [Value], applied: Value?) {
    let appliedElements = applied?.elements ?? []
    for index in 0..<min(desired.count, live.count) {
      descend(index: index, live: index)
      let appliedElement = index < appliedElements.count ? appliedElements[index] : nil
      compare(desired[index], live[index], applied: appliedElement)
      ascend()
    }
    for index in live.count..<max(desired.count, live.count) {
      descend(index: index, live: index)
      record(.remove, desired: desired[index], live: nil)
      ascend()
    }
    for index in desired.count..<max(desired.count, live.count) {
      descend(index: index, live: index)
      record(.add, desired: nil, live: live[index])
      ascend()
    }
  }

  /// A live member the desired resource does not declare: drift when written out of band,
  /// applied from elsewhere, or added by hand (see ``addedVerdict(inApplied:)``); `applied` is
  /// the member in the last applied configuration.
  private mutating func addedMember(_ value: Value, applied: Value?) {
    guard walksLiveOnly, !value.isEmpty else { return }
    if appliedOnly && applied == nil { return }
    switch value {
    case .object(let members):
      if rules.isServerDefault(value, at: livePath, of: live.resource) { return }
      for member in members {
        descend(member.key)
        addedMember(member.value, applied: applied?[member.key])
        ascend()
      }
    case .array(let elements):
      if rules.isServerDefault(value, at: livePath, of: live.resource) { return }
      guard let key = rules.listKey(at: path) else {
        if let actor = addedVerdict(inApplied: applied != nil) {
          record(.add, desired: nil, live: value, writtenBy: actor.writer)
        }
        return
      }
      for (index, element) in elements.enumerated() {
        descend(index: index, live: index)
        addedElement(element, applied: Self.element(like: element, in: applied, key))
        ascend()
      }
    default:
      if rules.isServerDefault(value, at: livePath, of: live.resource) { return }
      if let actor = addedVerdict(inApplied: applied != nil) {
        record(.add, desired: nil, live: value, writtenBy: actor.writer)
      }
    }
  }

  /// The writers of the live field at the current place, most recent first.
  private func owners() -> [Actor] {
    guard let ownership = live.ownership else { return [] }
    return ownership.owners(of: livePath, in: live.resource.body)
  }

  /// Records a change at the current place; a removed field has no live place, so no writer.
  private mutating func record(
    _ operation: Change.Operation, desired: Value?, live value: Value?,
    writtenBy actor: Actor? = nil
  ) {
    var who = actor
    if who == nil, operation != .remove, live.ownership != nil {
      let owners = owners()
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
