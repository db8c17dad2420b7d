extension TerraformValue {
  /// The value converted to the type Terraform unifies it with `other` to, for the
  /// primitives that become strings: `true ? [1] : ["a"]` is `["1"]`.
  ///
  /// Tuples of one length and objects of one set of attributes unify element by element, and
  /// stay a tuple and an object unless the other is a list or a map; otherwise their elements
  /// unify all together, and they become a list or a map. Only primitives are converted (to
  /// strings, when a string is among them); anything else stays as it is. A tuple or a list
  /// unified with a set is a set.
  func unified(with other: TerraformValue) -> TerraformValue {
    let (value, isSensitive) = peeled
    let theirs = other.peeled.value
    switch (value, theirs) {
    case (.bool, .string), (.number, .string):
      return TerraformValue.string(value.primitiveText ?? "").marked(isSensitive)
    case (.list(let mine, let shape), .list(let others, let otherShape))
    where mine.count == others.count:
      return TerraformValue.list(
        zip(mine, others).map { $0.unified(with: $1) }, Self.unified(shape, otherShape)
      ).marked(isSensitive)
    case (.list(let mine, _), .set):
      return TerraformValue.setOf(mine).marked(isSensitive)
    case (.list(let mine, _), .list(let others, _)):
      return TerraformValue.list(Self.stringifying(mine, among: mine + others), .collection)
        .marked(isSensitive)
    case (.object(let mine, let shape), .object(let others, let otherShape))
    where Set(mine.keys) == Set(others.keys):
      var result: [String: TerraformValue] = [:]
      for (key, element) in mine { result[key] = others[key].map(element.unified) ?? element }
      return TerraformValue.object(result, Self.unified(shape, otherShape)).marked(isSensitive)
    case (.object(let mine, _), .object(let others, _)):
      let all = Array(mine.values) + Array(others.values)
      guard all.allSatisfy({ $0.peeled.value.isPrimitive || $0.peeled.value == .null }) else {
        return reshaped(.collection)
      }
      let keys = Array(mine.keys)
      let converted = Self.stringifying(keys.compactMap { mine[$0] }, among: all)
      return TerraformValue.object(
        Dictionary(uniqueKeysWithValues: zip(keys, converted)), .collection
      ).marked(isSensitive)
    default:
      return self
    }
  }

  /// The shape of two unified: a list or a map when either is one.
  private static func unified(_ shape: TerraformShape, _ other: TerraformShape) -> TerraformShape {
    shape == .collection || other == .collection ? .collection : shape
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
