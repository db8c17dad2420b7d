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
      return .set(distinct(elements))
    }
  }
}
