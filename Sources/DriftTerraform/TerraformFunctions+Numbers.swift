extension TerraformFunctions {
  /// Arithmetic: `min`, `max`, `abs`, `ceil`, `floor`, `sum`.
  static func numberFunction(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue?
  {
    switch arguments.function {
    case "min", "max":
      guard arguments.count > 0 else {
        throw .failed(arguments.function, "must pass at least one number")
      }
      var numbers: [TerraformNumber] = []
      for index in arguments.values.indices {
        numbers.append(try arguments.number(index, "numbers"))
      }
      let result = arguments.function == "min" ? numbers.min() : numbers.max()
      return result.map(TerraformValue.number)
    case "abs", "ceil", "floor":
      try arguments.expect(1)
      let number = try arguments.number(0, "num")
      switch arguments.function {
      case "abs": return .number(number.magnitude)
      case "ceil": return .number(number.ceiling)
      default: return .number(number.floor)
      }
    case "sum":
      try arguments.expect(1)
      let elements = try arguments.list(0, "list")
      guard !elements.isEmpty else { throw .failed("sum", "cannot sum an empty list") }
      var total: TerraformNumber = 0
      for element in elements {
        guard element != .null else {
          throw .failed("sum", "argument must be list, set, or tuple of number values")
        }
        total += try number(from: element, "list")
      }
      return .number(total)
    default: return nil
    }
  }
}
