import DriftModel

extension TerraformValue {
  /// The value with its outer sensitive mark removed, and whether there was one.
  var peeled: (value: TerraformValue, isSensitive: Bool) {
    var value = self
    var isSensitive = false
    while case .sensitive(let inner) = value {
      value = inner
      isSensitive = true
    }
    return (value, isSensitive)
  }

  /// `self`, marked sensitive when `isSensitive`.
  func marked(_ isSensitive: Bool) -> TerraformValue {
    guard isSensitive, !isUnknownOrSensitive else { return self }
    return .sensitive(self)
  }

  private var isUnknownOrSensitive: Bool {
    switch self {
    case .unknown, .sensitive: return true
    default: return false
    }
  }

  /// A set of `elements`, as Terraform builds one; elements of mixed types stay in the order
  /// given when they cannot be unified.
  static func setOf(_ elements: [TerraformValue]) -> TerraformValue {
    do throws(TerraformFunctionError) {
      return try makeSet(elements)
    } catch {
      var distinct: [TerraformValue] = []
      var seen: Set<TerraformValue> = []
      for element in elements where seen.insert(element).inserted { distinct.append(element) }
      return .set(distinct)
    }
  }

  /// Terraform's reading of a number written as text (`"5"`, `"-1.5e3"`), or nil.
  static func parseNumber(_ text: String) -> Double? {
    let trimmed = text.trimmingWhitespace
    guard !trimmed.isEmpty, trimmed.allSatisfy({ "0123456789.eE+-".contains($0) }),
      let number = Double(trimmed), number.isFinite
    else { return nil }
    return number
  }
}

extension String {
  fileprivate var trimmingWhitespace: Substring {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }),
      let last = lastIndex(where: { !isSpace($0) })
    else { return "" }
    return self[first...last]
  }
}
