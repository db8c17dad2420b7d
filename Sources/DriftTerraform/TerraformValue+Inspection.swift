extension TerraformValue {
  /// What the value costs to hold: bytes of its strings plus one for each element.
  var size: Int {
    switch self {
    case .null, .unknown, .bool, .number: return 1
    case .string(let text): return 1 + text.utf8.count
    case .list(let elements, _), .set(let elements): return elements.reduce(1) { $0 + $1.size }
    case .object(let object, _): return object.reduce(1) { $0 + $1.key.utf8.count + $1.value.size }
    case .sensitive(let inner): return inner.size
    }
  }

  /// Whether an unknown is anywhere inside, sensitive parts included.
  public var containsUnknown: Bool {
    switch self {
    case .unknown: return true
    case .null, .bool, .number, .string: return false
    case .list(let elements, _), .set(let elements): return elements.contains { $0.containsUnknown }
    case .object(let object, _): return object.values.contains { $0.containsUnknown }
    case .sensitive(let inner): return inner.containsUnknown
    }
  }

  /// Whether the value or a part of it is marked sensitive.
  public var containsSensitive: Bool {
    switch self {
    case .sensitive: return true
    case .null, .unknown, .bool, .number, .string: return false
    case .list(let elements, _), .set(let elements):
      return elements.contains { $0.containsSensitive }
    case .object(let object, _): return object.values.contains { $0.containsSensitive }
    }
  }

  /// The value with every sensitive mark removed, at any depth.
  public var unmarked: TerraformValue {
    switch self {
    case .null, .unknown, .bool, .number, .string: return self
    case .list(let elements, let shape): return .list(elements.map(\.unmarked), shape)
    case .set(let elements): return .set(elements.map(\.unmarked))
    case .object(let object, let shape): return .object(object.mapValues(\.unmarked), shape)
    case .sensitive(let inner): return inner.unmarked
    }
  }

  /// The name of the value's type, as Terraform's messages give it.
  public var typeName: String {
    switch self {
    case .null: return "null"
    case .unknown: return "unknown"
    case .bool: return "bool"
    case .number: return "number"
    case .string: return "string"
    case .list: return "list"
    case .set: return "set"
    case .object: return "object"
    case .sensitive(let inner): return inner.typeName
    }
  }

  /// Whether the value is a string, number or bool.
  var isPrimitive: Bool {
    switch self {
    case .bool, .number, .string: return true
    default: return false
    }
  }

  /// A number as Terraform prints it (see ``TerraformNumber/description``).
  public static func numberText(_ number: TerraformNumber) -> String {
    number.description
  }

  /// A float64 as Terraform prints a number of 53 bits: the shortest digits, no exponent.
  static func doubleText(_ number: Double) -> String {
    guard number.isFinite else { return number.isNaN ? "NaN" : (number < 0 ? "-Inf" : "+Inf") }
    if number == number.rounded(), abs(number) < 1e18 { return String(Int64(number)) }
    let shortest = String(number)
    guard let exponentIndex = shortest.firstIndex(where: { $0 == "e" || $0 == "E" }),
      let exponent = Int(shortest[shortest.index(after: exponentIndex)...])
    else { return shortest }
    var mantissa = String(shortest[..<exponentIndex])
    let negative = mantissa.hasPrefix("-")
    if negative { mantissa.removeFirst() }
    let pointOffset =
      mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) }
      ?? mantissa.count
    var digits = mantissa.filter { $0 != "." }
    var point = pointOffset + exponent
    if point <= 0 {
      digits = String(repeating: "0", count: 1 - point) + digits
      point = 1
    } else if point > digits.count {
      digits += String(repeating: "0", count: point - digits.count)
    }
    var integerPart = String(digits.prefix(point))
    var fraction = String(digits.dropFirst(point))
    while fraction.hasSuffix("0") { fraction.removeLast() }
    if integerPart.isEmpty { integerPart = "0" }
    let text = fraction.isEmpty ? integerPart : integerPart + "." + fraction
    return negative ? "-" + text : text
  }

  /// Terraform's order of set elements: strings by UTF-8 bytes, numbers by value, false
  /// before true, other values by their JSON text.
  static func setPrecedes(_ lhs: TerraformValue, _ rhs: TerraformValue) -> Bool {
    switch (lhs, rhs) {
    case (.string(let a), .string(let b)): return a.utf8.lexicographicallyPrecedes(b.utf8)
    case (.number(let a), .number(let b)): return a < b
    case (.bool(let a), .bool(let b)): return !a && b
    default:
      return TerraformJSON.encode(lhs).utf8.lexicographicallyPrecedes(
        TerraformJSON.encode(rhs).utf8)
    }
  }

  /// A set of `elements`: converted to one type, without duplicates, in Terraform's order.
  static func makeSet(_ elements: [TerraformValue]) throws(TerraformFunctionError)
    -> TerraformValue
  {
    .set(distinct(try unify(elements, parameter: "v")).sorted(by: setPrecedes))
  }

  /// The elements converted to one type, as Terraform unifies a list.
  ///
  /// When strings mix with numbers or bools, all become strings. Nulls, unknowns and
  /// sensitive values are left as they are; a primitive mixed with a collection is an error.
  /// Tuples become lists when one is a list or their lengths differ, objects maps when one is
  /// a map or their attributes differ.
  static func unify(_ elements: [TerraformValue], parameter: String) throws(TerraformFunctionError)
    -> [TerraformValue]
  {
    let elements = unifyingShapes(elements)
    var kinds: Set<String> = []
    for element in elements {
      switch element {
      case .null, .unknown, .sensitive: continue
      case .bool, .number, .string: kinds.insert(element.typeName)
      case .list, .set: kinds.insert("list")
      case .object: kinds.insert("object")
      }
    }
    guard kinds.count > 1 else { return elements }
    guard kinds.contains("string"), kinds.isSubset(of: ["bool", "number", "string"]) else {
      throw .invalid(parameter, "all elements must have the same type")
    }
    return elements.map { element in
      if element.isPrimitive, let text = element.primitiveText { return .string(text) }
      return element
    }
  }

  /// `elements` with their lists and objects of the one shape cty's unification gives them.
  static func unifyingShapes(_ elements: [TerraformValue]) -> [TerraformValue] {
    var sequences: [(count: Int, shape: TerraformShape)] = []
    var mappings: [(keys: Set<String>, shape: TerraformShape)] = []
    for element in elements {
      switch element {
      case .list(let items, let shape): sequences.append((items.count, shape))
      case .object(let members, let shape): mappings.append((Set(members.keys), shape))
      default: continue
      }
    }
    let listed =
      sequences.contains { $0.shape == .collection }
      || Set(sequences.map(\.count)).count > 1
    let mapped =
      mappings.contains { $0.shape == .collection }
      || Set(mappings.map(\.keys)).count > 1
    guard listed || mapped else { return elements }
    return elements.map { element in
      switch element {
      case .list(let items, .structural) where listed: return .list(items, .collection)
      case .object(let members, .structural) where mapped: return .object(members, .collection)
      default: return element
      }
    }
  }

  /// The text of a string, number or bool, as `tostring` converts it.
  var primitiveText: String? {
    switch self {
    case .string(let text): return text
    case .number(let number): return Self.numberText(number)
    case .bool(let flag): return flag ? "true" : "false"
    default: return nil
    }
  }
}
