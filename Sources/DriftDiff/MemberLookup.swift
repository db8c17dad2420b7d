import DriftModel

extension [Member] {
  /// The value of the member named `key`.
  func value(of key: String) -> Value? {
    // Most keys differ in length: comparing lengths first skips most calls into string
    // comparison, a third of the time of finding members.
    let length = key.utf8.count
    for member in self where member.key.utf8.count == length && member.key == key {
      return member.value
    }
    return nil
  }
}

extension Value {
  /// The value of the member named `key`, when this is an object; as `self[key]`, with the
  /// faster key comparison.
  func member(named key: String) -> Value? {
    guard case .object(let members) = self else { return nil }
    return members.value(of: key)
  }
}
