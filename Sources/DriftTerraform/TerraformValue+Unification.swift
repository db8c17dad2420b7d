extension TerraformValue {
  /// The value converted to the type Terraform unifies it with `other` to, for the
  /// primitives that become strings: `true ? [1] : ["a"]` is `["1"]`.
  ///
  /// Tuples of one length and objects of one set of attributes unify element by element;
  /// otherwise their elements unify all together, as a list or a map does. Only primitives
  /// are converted (to strings, when a string is among them); anything else stays as it is.
  func unified(with other: TerraformValue) -> TerraformValue {
    let (value, isSensitive) = peeled
    let theirs = other.peeled.value
    switch (value, theirs) {
    case (.bool, .string), (.number, .string):
      return TerraformValue.string(value.primitiveText ?? "").marked(isSensitive)
    case (.list(let mine), .list(let others)) where mine.count == others.count:
      return TerraformValue.list(zip(mine, others).map { $0.unified(with: $1) })
        .marked(isSensitive)
    case (.list(let mine), .list(let others)):
      return TerraformValue.list(Self.stringifying(mine, among: mine + others))
        .marked(isSensitive)
    case (.object(let mine), .object(let others)) where Set(mine.keys) == Set(others.keys):
      var result: [String: TerraformValue] = [:]
      for (key, element) in mine { result[key] = others[key].map(element.unified) ?? element }
      return TerraformValue.object(result).marked(isSensitive)
    case (.object(let mine), .object(let others)):
      let all = Array(mine.values) + Array(others.values)
      guard all.allSatisfy({ $0.peeled.value.isPrimitive || $0.peeled.value == .null }) else {
        return self
      }
      let keys = Array(mine.keys)
      let converted = Self.stringifying(keys.compactMap { mine[$0] }, among: all)
      return TerraformValue.object(Dictionary(uniqueKeysWithValues: zip(keys, converted)))
        .marked(isSensitive)
    default:
      return self
    }
  }

  /// `elements` with their numbers and bools as strings when `all` mixes strings with them.
  private static func stringifying(_ elements: [TerraformValue], among all: [TerraformValue])
    -> [TerraformValue]
  {
    let kinds = Set(all.map(\.peeled.value).filter(\.isPrimitive).map(\.typeName))
    guard kinds.contains("string"), kinds.count > 1 else { return elements }
    return elements.map { element in
      let (bare, isSensitive) = element.peeled
      guard bare.isPrimitive, let text = bare.primitiveText else { return element }
      return TerraformValue.string(text).marked(isSensitive)
    }
  }
}
