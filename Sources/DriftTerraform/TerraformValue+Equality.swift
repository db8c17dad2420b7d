extension TerraformValue {
  /// Whether the two are equal as Terraform's `==` (cty's `Value.Equals`) says.
  ///
  /// Equal means the same type and equal values. Sensitive marks are looked through; the
  /// caller handles unknowns (`==` on an unknown is unknown) and marks the result.
  ///
  /// Nulls are equal whatever their types, and a null never equals a value that is not null.
  /// Types are never converted: `1 == "1"`, `[1] == tolist([1])` and `{} == tomap({})` are
  /// false. Numbers compare by value (`1 == 1.0`). A value read from a state without its
  /// provider's schema (`TerraformShape.schemaless`) has either shape.
  func isEqual(to other: TerraformValue) -> Bool {
    switch (peeled.value, other.peeled.value) {
    case (.null, .null), (.unknown, .unknown): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.list(let a, let shape), .list(let b, let otherShape)):
      return Self.agree(shape, otherShape) && a.count == b.count
        && zip(a, b).allSatisfy { $0.isEqual(to: $1) }
    case (.set(let a), .set(let b)):
      return a.count == b.count
        && a.allSatisfy { element in b.contains { element.isEqual(to: $0) } }
    case (.object(let a, let shape), .object(let b, let otherShape)):
      return Self.agree(shape, otherShape) && a.count == b.count
        && a.allSatisfy { key, value in b[key].map(value.isEqual) ?? false }
    default:
      return false
    }
  }

  /// Whether two shapes can belong to the same type.
  private static func agree(_ shape: TerraformShape, _ other: TerraformShape) -> Bool {
    shape == other || shape == .schemaless || other == .schemaless
  }

  /// The first position of an element equal to `value` as Terraform's `==` says.
  static func position(of value: TerraformValue, in elements: [TerraformValue]) -> Int? {
    elements.firstIndex { $0.isEqual(to: value) }
  }

  /// `elements` without the ones equal, as Terraform's `==` says, to an earlier one.
  static func distinct(_ elements: [TerraformValue]) -> [TerraformValue] {
    var kept: [TerraformValue] = []
    var seen: [TerraformValue: [TerraformValue]] = [:]
    for element in elements {
      // `==` on contents groups the candidates; Terraform's equality decides among them.
      let key = element.unmarked
      if seen[key]?.contains(where: { $0.isEqual(to: element) }) == true { continue }
      seen[key, default: []].append(element)
      kept.append(element)
    }
    return kept
  }
}
