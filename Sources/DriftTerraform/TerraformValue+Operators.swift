import HCL

extension TerraformValue {
  /// Why an operator could not apply, in Terraform's words.
  struct OperationError: Error {
    var message: String
    init(_ message: String) { self.message = message }
  }

  /// `lhs operation rhs` with Terraform's semantics: operands converted to the type the
  /// operator needs, numbers compared by value, unknown in → unknown out, sensitive in →
  /// sensitive out.
  ///
  /// `==` and `!=` convert nothing and compare types (see ``isEqual(to:)``).
  static func binary(_ operation: HCLBinaryOperator, _ lhs: TerraformValue, _ rhs: TerraformValue)
    throws(OperationError) -> TerraformValue
  {
    let isSensitive = lhs.containsSensitive || rhs.containsSensitive
    if lhs.containsUnknown || rhs.containsUnknown { return .unknown }
    let left = lhs.unmarked
    let right = rhs.unmarked
    let result: TerraformValue
    switch operation {
    case .equal: result = .bool(left.isEqual(to: right))
    case .notEqual: result = .bool(!left.isEqual(to: right))
    case .and, .or:
      let a = try boolean(left, "left")
      let b = try boolean(right, "right")
      result = .bool(operation == .and ? a && b : a || b)
    case .less, .lessOrEqual, .greater, .greaterOrEqual:
      let a = try number(left, "left")
      let b = try number(right, "right")
      switch operation {
      case .less: result = .bool(a < b)
      case .lessOrEqual: result = .bool(a <= b)
      case .greater: result = .bool(a > b)
      default: result = .bool(a >= b)
      }
    case .add, .subtract, .multiply, .divide, .modulo:
      let a = try number(left, "left")
      let b = try number(right, "right")
      switch operation {
      case .add: result = .number(a + b)
      case .subtract: result = .number(a - b)
      case .multiply: result = .number(a * b)
      case .divide:
        guard let quotient = a.dividing(by: b) else {
          throw OperationError("Operation failed: can't divide by zero")
        }
        result = .number(quotient)
      default:
        guard b != 0 else { throw OperationError("Operation failed: can't use modulo by zero") }
        result = .number(a.remainder(dividingBy: b))
      }
    }
    return result.marked(isSensitive)
  }

  /// `operation operand`: `-` on a number, `!` on a bool.
  static func unary(_ operation: HCLUnaryOperator, _ operand: TerraformValue)
    throws(OperationError) -> TerraformValue
  {
    if operand.containsUnknown { return .unknown }
    let (value, isSensitive) = operand.peeled
    switch operation {
    case .negate: return .number(-(try number(value, "operand"))).marked(isSensitive)
    case .not: return .bool(!(try boolean(value, "operand"))).marked(isSensitive)
    }
  }

  private static func number(_ value: TerraformValue, _ side: String) throws(OperationError)
    -> TerraformNumber
  {
    switch value {
    case .number(let number): return number
    case .string(let text):
      if let number = TerraformFunctions.decimalNumber(text) { return number }
    default: break
    }
    throw OperationError(
      "Invalid operand: unsuitable value for \(side) operand: a number is required")
  }

  private static func boolean(_ value: TerraformValue, _ side: String) throws(OperationError)
    -> Bool
  {
    switch value {
    case .bool(let flag): return flag
    case .string("true"): return true
    case .string("false"): return false
    default:
      throw OperationError(
        "Invalid operand: unsuitable value for \(side) operand: a bool is required")
    }
  }

  /// The value as a condition: a bool, or the strings `true` and `false`.
  static func condition(_ value: TerraformValue) -> Bool? {
    switch value {
    case .bool(let flag): return flag
    case .string("true"): return true
    case .string("false"): return false
    default: return nil
    }
  }
}
