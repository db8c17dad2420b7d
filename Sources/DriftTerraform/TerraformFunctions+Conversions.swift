extension TerraformFunctions {
  /// Set algebra: `setunion`, `setintersection`, `setsubtract`.
  static func setFunction(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue?
  {
    switch arguments.function {
    case "setunion":
      try arguments.expect(1...Int.max)
      var elements: [TerraformValue] = []
      for index in arguments.values.indices { elements += try arguments.list(index, "sets") }
      return try TerraformValue.makeSet(elements)
    case "setintersection":
      try arguments.expect(1...Int.max)
      var common = try arguments.list(0, "first_set")
      for index in arguments.values.indices.dropFirst() {
        let other = try TerraformValue.unify(
          arguments.list(index, "other_sets"), parameter: "other_sets")
        common = try TerraformValue.unify(common, parameter: "first_set").filter {
          TerraformValue.position(of: $0, in: other) != nil
        }
      }
      return try TerraformValue.makeSet(common)
    case "setsubtract":
      try arguments.expect(2)
      let removed = try arguments.list(1, "b")
      return try TerraformValue.makeSet(
        arguments.list(0, "a").filter { TerraformValue.position(of: $0, in: removed) == nil })
    default: return nil
    }
  }

  /// Type conversions and `coalesce`.
  static func conversionFunction(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue?
  {
    switch arguments.function {
    case "toset":
      try arguments.expect(1)
      if arguments[0] == .null { return .null }
      return try TerraformValue.makeSet(arguments.list(0, "v"))
    case "tolist":
      try arguments.expect(1)
      if arguments[0] == .null { return .null }
      return .list(try TerraformValue.unify(arguments.list(0, "v"), parameter: "v"), .collection)
    case "tomap":
      try arguments.expect(1)
      if arguments[0] == .null { return .null }
      let object = try arguments.object(0, "v")
      let keys = Array(object.keys)
      let values = try TerraformValue.unify(keys.compactMap { object[$0] }, parameter: "v")
      return .object(Dictionary(uniqueKeysWithValues: zip(keys, values)), .collection)
    case "tostring":
      try arguments.expect(1)
      if arguments[0] == .null { return .null }
      guard let text = arguments[0].primitiveText else {
        throw .invalid("v", "cannot convert \(arguments[0].typeName) to string")
      }
      return .string(text)
    case "tonumber":
      try arguments.expect(1)
      switch arguments[0] {
      case .null, .number: return arguments[0]
      case .string(let text):
        guard let number = decimalNumber(text) else {
          throw .invalid(
            "v",
            "cannot convert \"\(text)\" to number; given string must be a decimal "
              + "representation of a number")
        }
        return .number(number)
      default: throw .invalid("v", "cannot convert \(arguments[0].typeName) to number")
      }
    case "tobool":
      try arguments.expect(1)
      switch arguments[0] {
      case .null, .bool: return arguments[0]
      case .string("true"): return .bool(true)
      case .string("false"): return .bool(false)
      default: throw .invalid("v", "cannot convert \(arguments[0].typeName) to bool")
      }
    case "coalesce":
      try arguments.expect(1...Int.max)
      let unified = try TerraformValue.unify(arguments.values, parameter: "vals")
      for value in unified where value != .null && value != .string("") { return value }
      throw .failed("coalesce", "no non-null, non-empty-string arguments")
    default: return nil
    }
  }
}
