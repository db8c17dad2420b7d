import DriftModel

extension TerraformValue {
  /// Whether the value is unknown or holds an unknown value anywhere inside.
  var containsUnknown: Bool {
    switch self {
    case .unknown: return true
    case .null, .bool, .number, .string: return false
    case .list(let elements), .set(let elements): return elements.contains { $0.containsUnknown }
    case .object(let members): return members.values.contains { $0.containsUnknown }
    case .sensitive(let inner): return inner.containsUnknown
    }
  }

  /// Whether the value is sensitive or holds a sensitive value anywhere inside.
  var containsSensitive: Bool {
    switch self {
    case .sensitive: return true
    case .null, .unknown, .bool, .number, .string: return false
    case .list(let elements), .set(let elements): return elements.contains { $0.containsSensitive }
    case .object(let members): return members.values.contains { $0.containsSensitive }
    }
  }

  /// The value without any sensitive mark, inside or out.
  var unmarked: TerraformValue {
    switch self {
    case .sensitive(let inner): return inner.unmarked
    case .null, .unknown, .bool, .number, .string: return self
    case .list(let elements): return .list(elements.map(\.unmarked))
    case .set(let elements): return .set(elements.map(\.unmarked))
    case .object(let members): return .object(members.mapValues(\.unmarked))
    }
  }

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

  /// The name of the value's type, as Terraform's messages write it.
  var typeName: String {
    switch self {
    case .null: return "null"
    case .unknown: return "unknown"
    case .bool: return "bool"
    case .number: return "number"
    case .string: return "string"
    case .list: return "tuple"
    case .set: return "set"
    case .object: return "object"
    case .sensitive(let inner): return inner.typeName
    }
  }

  /// A set of `elements`: distinct, strings in lexical order, numbers by value, booleans false
  /// first, others in the order given.
  static func makeSet(_ elements: [TerraformValue]) -> TerraformValue {
    var distinct: [TerraformValue] = []
    var seen: Set<TerraformValue> = []
    for element in elements where seen.insert(element).inserted {
      distinct.append(element)
    }
    let sorted = distinct.enumerated().sorted { lhs, rhs in
      switch (lhs.element, rhs.element) {
      case (.string(let a), .string(let b)): return a < b
      case (.number(let a), .number(let b)): return a < b
      case (.bool(let a), .bool(let b)): return !a && b
      default: return lhs.offset < rhs.offset
      }
    }
    return .set(sorted.map(\.element))
  }

  /// Terraform's text for a number: integers without a fraction, others in plain decimal.
  static func format(_ number: Double) -> String {
    if number.rounded() == number, abs(number) < 1e18 {
      return String(Int64(number))
    }
    let text = "\(number)"
    guard let exponentIndex = text.firstIndex(where: { $0 == "e" || $0 == "E" }),
      let exponent = Int(text[text.index(after: exponentIndex)...])
    else { return text }
    var mantissa = String(text[..<exponentIndex])
    let isNegative = mantissa.hasPrefix("-")
    if isNegative { mantissa.removeFirst() }
    let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
    let integerDigits = String(parts[0])
    let fractionDigits = parts.count > 1 ? String(parts[1]) : ""
    var digits = integerDigits + fractionDigits
    var pointPosition = integerDigits.count + exponent
    if pointPosition <= 0 {
      digits = String(repeating: "0", count: 1 - pointPosition) + digits
      pointPosition = 1
    }
    if pointPosition >= digits.count {
      digits += String(repeating: "0", count: pointPosition - digits.count)
      return (isNegative ? "-" : "") + digits
    }
    let split = digits.index(digits.startIndex, offsetBy: pointPosition)
    var fraction = String(digits[split...])
    while fraction.hasSuffix("0") { fraction.removeLast() }
    let whole = String(digits[..<split])
    return (isNegative ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction)
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
