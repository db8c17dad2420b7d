import DriftModel
import HCL

/// A type constraint of a Terraform variable (`string`, `list(number)`,
/// `object({ a = optional(string, "x") })`), and Terraform's conversions to it.
indirect enum TerraformType {
  /// One attribute of an object type.
  struct Attribute {
    var type: TerraformType
    var isOptional: Bool
    var defaultValue: HCLExpression?
  }

  case any
  case string
  case number
  case bool
  case list(TerraformType)
  case set(TerraformType)
  case map(TerraformType)
  case tuple([TerraformType])
  case object([String: Attribute])

  /// The type that `expression` writes, or a message saying why it is not one.
  init(_ expression: HCLExpression) throws(TypeError) {
    switch expression.kind {
    case .variable(let name):
      switch name {
      case "any": self = .any
      case "string": self = .string
      case "number": self = .number
      case "bool": self = .bool
      case "list": self = .list(.any)
      case "map": self = .map(.any)
      case "set": self = .set(.any)
      default: throw TypeError("the keyword \"\(name)\" is not a valid type specification")
      }
    case .template(let template) where template.literalText != nil:
      switch template.literalText {
      case "string": self = .string
      case "list": self = .list(.string)
      case "map": self = .map(.string)
      default: throw TypeError("a type specification is required")
      }
    case .call(let name, let arguments, _):
      guard arguments.count == 1 else {
        throw TypeError("the \(name) type constructor requires one argument")
      }
      switch name {
      case "list": self = .list(try TerraformType(arguments[0]))
      case "set": self = .set(try TerraformType(arguments[0]))
      case "map": self = .map(try TerraformType(arguments[0]))
      case "tuple":
        guard case .tuple(let elements) = arguments[0].kind else {
          throw TypeError("the tuple type constructor requires a list of element types")
        }
        var types: [TerraformType] = []
        for element in elements { types.append(try TerraformType(element)) }
        self = .tuple(types)
      case "object": self = .object(try Self.attributes(arguments[0]))
      default: throw TypeError("\"\(name)\" is not a type constructor")
      }
    default:
      throw TypeError("a type specification is required")
    }
  }

  private static func attributes(_ expression: HCLExpression) throws(TypeError)
    -> [String: Attribute]
  {
    guard case .object(let items) = expression.kind else {
      throw TypeError("the object type constructor requires an object of attribute types")
    }
    var attributes: [String: Attribute] = [:]
    for item in items {
      let name: String
      switch item.key {
      case .identifier(let identifier, _): name = identifier
      case .expression(let key):
        guard case .template(let template) = key.kind, let text = template.literalText else {
          throw TypeError("object type attribute names must be literal")
        }
        name = text
      }
      if case .call("optional", let arguments, _) = item.value.kind,
        (1...2).contains(arguments.count)
      {
        attributes[name] = Attribute(
          type: try TerraformType(arguments[0]), isOptional: true,
          defaultValue: arguments.count == 2 ? arguments[1] : nil)
      } else {
        attributes[name] = Attribute(
          type: try TerraformType(item.value), isOptional: false, defaultValue: nil)
      }
    }
    return attributes
  }

  /// Why a type or a conversion failed, in Terraform's words.
  struct TypeError: Error {
    var message: String
    init(_ message: String) { self.message = message }
  }

  /// `value` converted to this type as Terraform converts variable values; `defaults` evaluates
  /// the default of an optional object attribute.
  func convert(
    _ value: TerraformValue,
    defaults: (HCLExpression) throws(TypeError) -> TerraformValue
  ) throws(TypeError) -> TerraformValue {
    let (bare, isSensitive) = value.peeled
    if case .unknown = bare { return .unknown }
    if case .null = bare { return .null }
    return try convertBare(bare, defaults: defaults).marked(isSensitive)
  }

  private func convertBare(
    _ value: TerraformValue,
    defaults: (HCLExpression) throws(TypeError) -> TerraformValue
  ) throws(TypeError) -> TerraformValue {
    switch (self, value) {
    case (.any, _):
      return value
    case (.string, .string), (.number, .number), (.bool, .bool):
      return value
    case (.string, .number(let number)):
      return .string(TerraformValue.numberText(number))
    case (.string, .bool(let flag)):
      return .string(flag ? "true" : "false")
    case (.number, .string(let text)):
      guard let number = TerraformFunctions.decimalNumber(text) else {
        throw TypeError("a number is required")
      }
      return .number(number)
    case (.bool, .string("true")): return .bool(true)
    case (.bool, .string("false")): return .bool(false)
    case (.list(let element), .list(let elements, _)), (.list(let element), .set(let elements)):
      return .list(
        try Self.unify(try convertAll(elements, to: element, defaults), element), .collection)
    case (.set(let element), .list(let elements, _)), (.set(let element), .set(let elements)):
      return TerraformValue.setOf(
        try Self.unify(try convertAll(elements, to: element, defaults), element))
    case (.map(let element), .object(let members, _)):
      let keys = members.keys.sorted()
      let converted = try convertAll(keys.compactMap { members[$0] }, to: element, defaults)
      let unified = try Self.unify(converted, element)
      return .object(Dictionary(uniqueKeysWithValues: zip(keys, unified)), .collection)
    case (.tuple(let types), .list(let elements, _)) where types.count == elements.count:
      var converted: [TerraformValue] = []
      for (type, element) in zip(types, elements) {
        converted.append(try type.convert(element, defaults: defaults))
      }
      return .list(converted, .structural)
    case (.object(let attributes), .object(let members, _)):
      var converted: [String: TerraformValue] = [:]
      for (name, attribute) in attributes {
        if let member = members[name], member != .null {
          converted[name] = try attribute.type.convert(member, defaults: defaults)
        } else if attribute.isOptional {
          let fallback = try attribute.defaultValue.map { (e) throws(TypeError) in
            try defaults(e)
          }
          converted[name] = try attribute.type.convert(fallback ?? .null, defaults: defaults)
        } else if members[name] == nil {
          throw TypeError("attribute \"\(name)\" is required")
        } else {
          converted[name] = .null
        }
      }
      return .object(converted, .structural)
    default:
      throw TypeError("\(description) required")
    }
  }

  private func convertAll(
    _ values: [TerraformValue], to type: TerraformType,
    _ defaults: (HCLExpression) throws(TypeError) -> TerraformValue
  ) throws(TypeError) -> [TerraformValue] {
    var converted: [TerraformValue] = []
    for value in values { converted.append(try type.convert(value, defaults: defaults)) }
    return converted
  }

  /// Elements of a collection of `any` share one type: mixed primitives become strings, tuples
  /// of different lengths lists, objects of different attributes maps.
  private static func unify(_ values: [TerraformValue], _ element: TerraformType) throws(TypeError)
    -> [TerraformValue]
  {
    guard case .any = element else { return values }
    let values = TerraformValue.unifyingShapes(values)
    let kinds = Set(values.map { $0.peeled.value.typeName }.filter { $0 != "null" })
    guard kinds.count > 1 else { return values }
    guard kinds.isSubset(of: ["string", "number", "bool"]) else {
      throw TypeError("all elements must have the same type")
    }
    var unified: [TerraformValue] = []
    for value in values { unified.append(try TerraformType.string.convert(value) { _ in .null }) }
    return unified
  }

  /// The type as Terraform writes it in messages.
  var description: String {
    switch self {
    case .any: return "any"
    case .string: return "string"
    case .number: return "number"
    case .bool: return "bool"
    case .list(let element): return "list of \(element.description)"
    case .set(let element): return "set of \(element.description)"
    case .map(let element): return "map of \(element.description)"
    case .tuple: return "tuple"
    case .object: return "object"
    }
  }
}
