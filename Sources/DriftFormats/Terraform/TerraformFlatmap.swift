import DriftModel

/// Expands the `attributes_flat` of states written by Terraform 0.11 and earlier (and carried
/// over into version 4 by upgrades): `"tags.%": "2"`, `"tags.Name": "web"`,
/// `"ingress.#": "1"`, `"ingress.0.from_port": "80"`.
///
/// Without the provider's schema the types are lost, so leaves stay strings. A `%` count makes
/// a map whose keys are taken whole (map keys may hold dots), a `#` count makes a list ordered by
/// index, other dotted keys make nested objects.
enum TerraformFlatmap {
  private struct Entry {
    var path: Substring
    var member: Member
  }

  /// The nested object that `flat` (an object of dotted keys) spells.
  static func expand(_ flat: Value) -> Value {
    guard let members = flat.members else { return flat }
    return object(members.map { Entry(path: $0.key[...], member: $0) })
  }

  private static func object(_ entries: [Entry]) -> Value {
    var order: [Substring] = []
    var seen: Set<Substring> = []
    var groups: [Substring: [Entry]] = [:]
    var leaves: [Substring: Member] = [:]
    for entry in entries {
      let head: Substring
      if let dot = entry.path.firstIndex(of: ".") {
        head = entry.path[..<dot]
        groups[head, default: []].append(
          Entry(path: entry.path[entry.path.index(after: dot)...], member: entry.member))
      } else {
        head = entry.path
        leaves[head] = entry.member
      }
      if seen.insert(head).inserted { order.append(head) }
    }
    return .object(
      order.map { head in
        let position = leaves[head]?.position ?? groups[head]?.first?.member.position ?? .unknown
        guard let nested = groups[head] else {
          return Member(String(head), leaves[head]?.value ?? .null, at: position)
        }
        return Member(String(head), collection(nested), at: position)
      })
  }

  private static func collection(_ entries: [Entry]) -> Value {
    let counted = entries.filter { $0.path != "%" && $0.path != "#" }
    if entries.contains(where: { $0.path == "%" }) {
      return .object(
        counted.map { Member(String($0.path), $0.member.value, at: $0.member.position) })
    }
    guard entries.contains(where: { $0.path == "#" }) else { return object(entries) }
    let byIndex = Dictionary(grouping: counted) { entry in
      Int(entry.path.prefix { $0 != "." }) ?? Int.max
    }
    return .array(
      byIndex.keys.sorted().compactMap { index in
        guard index != Int.max, let group = byIndex[index] else { return nil }
        if group.count == 1, !group[0].path.contains(".") { return group[0].member.value }
        let fields = group.compactMap { entry -> Entry? in
          guard let dot = entry.path.firstIndex(of: ".") else { return nil }
          return Entry(path: entry.path[entry.path.index(after: dot)...], member: entry.member)
        }
        return object(fields)
      })
  }
}
