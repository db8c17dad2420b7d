import DriftModel
import HCL

extension TerraformScope {
  /// `base.name`.
  func attribute(_ name: String, of base: Evaluated, _ expression: HCLExpression)
    throws(DriftError) -> Evaluated
  {
    let (value, isSensitive) = base.value.peeled
    switch value {
    case .unknown:
      return .unknown
    case .object(let members, _):
      guard let member = members[name] else {
        if base.isLive { return .unknown }
        throw error(
          "Unsupported attribute: this object does not have an attribute named \"\(name)\"",
          at: expression)
      }
      return Evaluated(
        member.marked(isSensitive), origin: isSensitive ? nil : base.origin?.element(.string(name)),
        isLive: base.isLive)
    case .null:
      throw error("Attempt to get attribute from null value", at: expression)
    case .list, .set:
      throw error(
        "Unsupported attribute: can't access attributes on a list of objects; did you mean to "
          + "access an attribute for a specific element of the list, or across all elements of "
          + "the list?", at: expression)
    default:
      throw error(
        "Unsupported attribute: can't access attributes on a primitive-typed value "
          + "(\(value.typeName))", at: expression)
    }
  }

  /// `base[key]`.
  func index(_ base: Evaluated, key: TerraformValue, _ expression: HCLExpression)
    throws(DriftError) -> Evaluated
  {
    let (value, isSensitive) = base.value.peeled
    let (bareKey, keyIsSensitive) = key.peeled
    if case .unknown = value { return .unknown }
    if case .unknown = bareKey { return .unknown }
    let marked = isSensitive || keyIsSensitive
    let invalid =
      "Invalid index: the given key does not identify an element in this collection value"
    switch value {
    case .list(let elements, _):
      let number: Int? =
        if case .number(let n) = bareKey { n.exactInteger } else {
          bareKey.primitiveText.flatMap(TerraformFunctions.decimalNumber)?.exactInteger
        }
      guard let number, number >= 0, number < elements.count else {
        if base.isLive { return .unknown }
        throw error(invalid, at: expression)
      }
      return Evaluated(
        elements[number].marked(marked),
        origin: marked ? nil : base.origin?.element(.number(TerraformNumber(number))),
        isLive: base.isLive)
    case .object(let members, _):
      guard let name = bareKey.primitiveText else {
        throw error("Invalid index: a string key is required", at: expression)
      }
      guard let member = members[name] else {
        if base.isLive { return .unknown }
        throw error(invalid, at: expression)
      }
      return Evaluated(
        member.marked(marked), origin: marked ? nil : base.origin?.element(.string(name)),
        isLive: base.isLive)
    case .set:
      throw error(
        "Invalid index: elements of a set are identified only by their value and don't have "
          + "any separate index or key to select with, so it's only possible to perform "
          + "operations across all elements of the set", at: expression)
    case .null:
      throw error("Attempt to index null value", at: expression)
    default:
      throw error("Invalid index: this value does not have any indices", at: expression)
    }
  }

  /// `source[*].steps` and `source.*.steps`.
  func splat(_ source: Evaluated, steps: [HCLTraversalStep], _ expression: HCLExpression)
    throws(DriftError) -> Evaluated
  {
    let (value, isSensitive) = source.value.peeled
    let elements: [TerraformValue]
    // A list's splat is a list, a tuple's a tuple, a set's a list, anything else's a tuple.
    var shape = TerraformShape.structural
    switch value {
    case .unknown: return .unknown
    case .null: elements = []
    case .list(let items, let listShape):
      elements = items
      shape = listShape
    case .set(let items):
      elements = items
      shape = .collection
    default: elements = [value]
    }
    var results: [TerraformValue] = []
    for element in elements {
      var current = Evaluated(element, isLive: source.isLive)
      for step in steps {
        switch step {
        case .attribute(let name): current = try attribute(name, of: current, expression)
        case .index(let key): current = try index(current, key: try evaluate(key).value, expression)
        }
      }
      results.append(current.value)
    }
    return Evaluated(TerraformValue.list(results, shape).marked(isSensitive))
  }

  /// `condition ? then : otherwise`: the chosen branch, its primitives converted to strings
  /// where the other branch has strings, as Terraform unifies both results' types.
  func conditional(
    _ condition: HCLExpression, _ then: HCLExpression, _ otherwise: HCLExpression,
    _ expression: HCLExpression
  ) throws(DriftError) -> Evaluated {
    let (value, isSensitive) = try evaluate(condition).value.peeled
    if case .unknown = value { return .unknown }
    if case .null = value {
      throw error(
        "Null condition: the condition value is null; conditions must either be true or false",
        at: condition)
    }
    guard let flag = TerraformValue.condition(value) else {
      throw error(
        "Incorrect condition type: the condition expression must be of type bool", at: condition)
    }
    let chosen = try evaluate(flag ? then : otherwise).value
    var result = chosen
    if let other = try? evaluate(flag ? otherwise : then).value {
      result = chosen.unified(with: other)
    }
    return Evaluated(result.marked(isSensitive))
  }

  /// The text of a template with interpolations and directives.
  func render(_ parts: [HCLTemplatePart]) throws(DriftError) -> TerraformValue {
    var text = ""
    var isSensitive = false
    for part in parts {
      let piece: TerraformValue
      switch part {
      case .literal(let literal):
        piece = .string(literal)
      case .interpolation(let inner):
        piece = try evaluate(inner).value
        let (bare, _) = piece.peeled
        if case .null = bare {
          throw error(
            "Invalid template interpolation value: the expression result is null; cannot "
              + "include a null value in a string template", at: inner)
        }
        if bare.primitiveText == nil, bare != .unknown {
          throw error(
            "Invalid template interpolation value: cannot include the given value in a string "
              + "template: string required", at: inner)
        }
      case .conditional(let condition, let then, let otherwise):
        let (value, conditionIsSensitive) = try evaluate(condition).value.peeled
        if case .unknown = value { return .unknown }
        guard let flag = TerraformValue.condition(value) else {
          throw error("Invalid 'if' directive result: a bool is required", at: condition)
        }
        piece = try render(flag ? then : otherwise).marked(conditionIsSensitive)
      case .loop(let keyName, let valueName, let collection, let body):
        let items = try iterate(try evaluate(collection).value, collection)
        guard let items else { return .unknown }
        var loopText = ""
        for item in items.pairs {
          var scope = self
          if let keyName { scope.forVariables[keyName] = Evaluated(item.key) }
          scope.forVariables[valueName] = Evaluated(item.value)
          let rendered = try scope.render(body)
          isSensitive = isSensitive || rendered.peeled.isSensitive
          guard let renderedText = rendered.peeled.value.primitiveText else { return .unknown }
          loopText += renderedText
        }
        piece = TerraformValue.string(loopText).marked(items.isSensitive)
      }
      let (bare, pieceIsSensitive) = piece.peeled
      isSensitive = isSensitive || pieceIsSensitive
      guard let pieceText = bare.primitiveText else { return .unknown }
      if case .interpolation(let inner) = part { try spend(pieceText.utf8.count, at: inner) }
      text += pieceText
      if text.utf8.count > context.limits.value, case .interpolation(let inner) = part {
        throw error(
          "the template is longer than \(context.limits.value) bytes; not evaluated", at: inner)
      }
    }
    return TerraformValue.string(text).marked(isSensitive)
  }

  /// Counts work against the evaluation's budget.
  func spend(_ units: Int, at expression: HCLExpression) throws(DriftError) {
    guard context.spend(units) else {
      throw error(
        "the configuration computes more than \(context.limits.work) values and bytes; not "
          + "evaluated", at: expression)
    }
  }

  /// The key and value pairs a `for` iterates over, or nil when the collection is unknown.
  func iterate(_ collection: TerraformValue, _ expression: HCLExpression) throws(DriftError)
    -> (pairs: [(key: TerraformValue, value: TerraformValue)], isSensitive: Bool)?
  {
    let (value, isSensitive) = collection.peeled
    switch value {
    case .unknown:
      return nil
    case .list(let elements, _):
      return (
        elements.enumerated().map { (.number(TerraformNumber($0.offset)), $0.element) }, isSensitive
      )
    case .set(let elements):
      return (elements.map { ($0, $0) }, isSensitive)
    case .object(let members, _):
      return (
        members.keys.sorted().compactMap { key in members[key].map { (.string(key), $0) } },
        isSensitive
      )
    case .null:
      throw error(
        "Iteration over null value: a null value cannot be used as the collection in a 'for' expression",
        at: expression)
    default:
      throw error(
        "Iteration over non-iterable value: a value of type \(value.typeName) cannot be used as "
          + "the collection in a 'for' expression", at: expression)
    }
  }

  /// `[for …]` and `{for …}`.
  func forExpression(_ loop: HCLForExpression, _ expression: HCLExpression) throws(DriftError)
    -> TerraformValue
  {
    guard let items = try iterate(try evaluate(loop.collection).value, loop.collection) else {
      return .unknown
    }
    var elements: [TerraformValue] = []
    var members: [String: TerraformValue] = [:]
    var groups: [String: [TerraformValue]] = [:]
    var isSensitive = items.isSensitive
    for item in items.pairs {
      try spend(TerraformEvaluationLimits.iteration, at: expression)
      var scope = self
      scope.literalKind = nil
      if let keyVariable = loop.keyVariable {
        scope.forVariables[keyVariable] = Evaluated(item.key)
      }
      scope.forVariables[loop.valueVariable] = Evaluated(item.value)
      if let condition = loop.condition {
        let (value, conditionIsSensitive) = try scope.evaluate(condition).value.peeled
        if case .unknown = value { return .unknown }
        guard let include = TerraformValue.condition(value) else {
          throw error(
            "Invalid 'for' condition: the 'if' clause value must be a bool", at: condition)
        }
        isSensitive = isSensitive || conditionIsSensitive
        if !include { continue }
      }
      let value = try scope.evaluate(loop.valueExpression).value
      guard let keyExpression = loop.keyExpression else {
        elements.append(value)
        continue
      }
      let (key, keyIsSensitive) = try scope.evaluate(keyExpression).value.peeled
      if case .unknown = key { return .unknown }
      isSensitive = isSensitive || keyIsSensitive
      guard let name = key.primitiveText else {
        throw error(
          "Invalid object key: the key expression produced an invalid result: string required",
          at: keyExpression)
      }
      if loop.isGrouping {
        groups[name, default: []].append(value)
      } else if members[name] != nil {
        throw error(
          "Duplicate object key: two different items produced the key \"\(name)\" in this 'for' "
            + "expression; if duplicates are expected, use the ellipsis (...) after the value "
            + "expression to enable grouping by key", at: keyExpression)
      } else {
        members[name] = value
      }
    }
    if loop.keyExpression == nil { return TerraformValue.list(elements).marked(isSensitive) }
    if loop.isGrouping { members = groups.mapValues { .list($0) } }
    return TerraformValue.object(members).marked(isSensitive)
  }
}
