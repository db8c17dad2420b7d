import DriftDiff
import DriftModel

/// List items accepted where a person would write them: an item that live inserted in the
/// middle of a list goes between the same neighbours in the manifest (matched by merge key),
/// rather than over the item that sits at its live index in git.
extension Acceptance {
  /// The changes in an order in which earlier edits do not move the places of later ones:
  /// values first, then removed list items from the last one up, then added list items.
  static func editOrder(_ changes: [Change], document: Value?) -> [Change] {
    func itemIndex(_ change: Change) -> Int? {
      guard let last = change.path.tokens.last, let index = Int(last),
        case .array = document?.value(at: FieldPath(Array(change.path.tokens.dropLast())))
      else { return nil }
      return index
    }
    var values: [Change] = []
    var removed: [(change: Change, index: Int)] = []
    var added: [Change] = []
    for change in changes {
      guard let index = itemIndex(change) else {
        values.append(change)
        continue
      }
      switch change.operation {
      case .remove: removed.append((change, index))
      case .add: added.append(change)
      case .replace: values.append(change)
      }
    }
    let descending = removed.sorted { lhs, rhs in
      let left = FieldPath(Array(lhs.change.path.tokens.dropLast())).pointer
      let right = FieldPath(Array(rhs.change.path.tokens.dropLast())).pointer
      return left == right ? lhs.index > rhs.index : left < right
    }
    return values + descending.map(\.change) + added
  }

  /// Where the live list item `value`, reported at `path` (its live index last), goes.
  ///
  /// In the document's list: after the nearest live neighbour before it that the manifest has, else
  /// before the nearest one after it, else at the end. Nil when `path` is not an item of a
  /// list that the document has.
  static func insertion(
    of value: Value, at path: FieldPath, document: Value?, live: Resource,
    rules: any ComparisonRules
  ) -> (list: FieldPath, position: Int)? {
    guard let last = path.tokens.last, let liveIndex = Int(last) else { return nil }
    let list = FieldPath(Array(path.tokens.dropLast()))
    guard let document, case .array(let current) = document.value(at: list) else { return nil }
    guard let key = rules.listKey(at: list),
      case .array(let liveList) = liveValue(at: list, document: document, live: live.body, rules),
      let identity = key.key(of: value)
    else { return (list, min(liveIndex, current.count)) }
    let position = liveList.firstIndex { key.key(of: $0) == identity } ?? liveIndex
    let keys = current.map { key.key(of: $0) }
    for neighbour in liveList[..<min(position, liveList.count)].reversed() {
      if let found = keys.firstIndex(where: { $0 != nil && $0 == key.key(of: neighbour) }) {
        return (list, found + 1)
      }
    }
    for neighbour in liveList.dropFirst(position + 1) {
      if let found = keys.firstIndex(where: { $0 != nil && $0 == key.key(of: neighbour) }) {
        return (list, found)
      }
    }
    return (list, current.count)
  }

  /// The keys of the live mapping that holds `path`, in live's order, so that a key added live
  /// goes among its siblings where live has it; empty when the mapping is not found.
  static func liveOrder(
    of path: FieldPath, document: Value?, live: Resource, rules: any ComparisonRules
  ) -> [String] {
    guard let document, path.tokens.count > 1 else { return [] }
    let parent = FieldPath(Array(path.tokens.dropLast()))
    guard
      case .object(let members) = liveValue(at: parent, document: document, live: live.body, rules)
    else { return [] }
    return members.map(\.key)
  }

  /// The live value at the desired `path`: items of keyed lists on the way are matched by key.
  private static func liveValue(
    at path: FieldPath, document: Value, live: Value, _ rules: any ComparisonRules
  ) -> Value? {
    var current = live
    var prefix = FieldPath()
    for token in path.tokens {
      switch current {
      case .object:
        guard let next = current[token] else { return nil }
        current = next
      case .array(let elements):
        guard let index = Int(token) else { return nil }
        if let key = rules.listKey(at: prefix),
          let wanted = document.value(at: FieldPath(prefix.tokens + [token])).flatMap(key.key),
          let found = elements.first(where: { key.key(of: $0) == wanted })
        {
          current = found
        } else {
          guard elements.indices.contains(index) else { return nil }
          current = elements[index]
        }
      default:
        return nil
      }
      prefix.append(token)
    }
    return current
  }
}
