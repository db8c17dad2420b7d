/// Why a Terraform function call could not be evaluated.
public enum TerraformFunctionError: Error, Sendable, Equatable {
  /// The function is not implemented; the caller counts the expression as unevaluated.
  case unknownFunction(String)
  /// The arguments do not suit the function: `Invalid function argument: ...`, as Terraform
  /// words it.
  case invalidArguments(String)
  /// Evaluating the call would cost more than a configuration may ask (a regular expression
  /// over its step budget); the caller counts the expression as unevaluated.
  case unevaluable(String)

  /// The error for an invalid parameter, worded as Terraform words it.
  static func invalid(_ parameter: String, _ reason: String) -> TerraformFunctionError {
    .invalidArguments(
      "Invalid function argument: Invalid value for \"\(parameter)\" parameter: \(reason).")
  }

  /// A call that fails for the arguments as a whole.
  static func failed(_ function: String, _ reason: String) -> TerraformFunctionError {
    .invalidArguments(
      "Invalid function argument: Call to function \"\(function)\" failed: \(reason).")
  }
}

/// Terraform's built-in functions, evaluated offline over `TerraformValue`.
///
/// An unknown argument makes the result unknown. A sensitive argument is unwrapped, the
/// function computed on its clear value, and the result marked sensitive. Functions that only
/// move values around (`merge`, `concat`, `lookup`, `element`, ...) keep unknown and sensitive
/// elements in place instead, as Terraform does, so that the rest of the result stays known.
/// `timestamp`, `uuid`, `file` and `templatefile` are known but give unknown: they cannot be
/// computed from the configuration alone. `try` and `can` are for the evaluator, which must
/// evaluate their arguments lazily.
public enum TerraformFunctions {
  /// Whether `name` is implemented.
  public static func isKnown(_ name: String) -> Bool {
    names.contains(name)
  }

  /// Calls the function `name` with `arguments`.
  ///
  /// - Throws: `unknownFunction` when `name` is not implemented, `invalidArguments` when the
  ///   arguments do not suit it.
  public static func call(_ name: String, _ arguments: [TerraformValue])
    throws(TerraformFunctionError) -> TerraformValue
  {
    guard isKnown(name) else { throw .unknownFunction(name) }
    if unknowable.contains(name) { return .unknown }
    if let marked = try sensitivity(name, arguments) { return marked }
    let keepsElements = structural.contains(name)
    var sensitive = false
    var unknown = false
    var clear: [TerraformValue] = []
    clear.reserveCapacity(arguments.count)
    for argument in arguments {
      var value = argument
      while case .sensitive(let inner) = value {
        sensitive = true
        value = inner
      }
      if !keepsElements {
        sensitive = sensitive || value.containsSensitive
        value = value.unmarked
      }
      unknown = unknown || (keepsElements ? value == .unknown : value.containsUnknown)
      clear.append(value)
    }
    let result: TerraformValue
    do throws(TerraformFunctionError) {
      result = try unknown ? .unknown : dispatch(Arguments(function: name, values: clear))
    } catch {
      // The reasons quote the arguments (`cannot convert "hunter2" to number`): with a secret
      // among them the error names the function only, as Terraform never prints a secret.
      if case .unevaluable = error { throw error }
      guard sensitive || arguments.contains(where: \.containsSensitive) else { throw error }
      throw .failed(name, "an argument is sensitive, so the reason is not shown")
    }
    return sensitive ? .sensitive(result) : result
  }

  /// `sensitive`, `nonsensitive` and `issensitive`, which work on the mark itself.
  private static func sensitivity(_ name: String, _ arguments: [TerraformValue])
    throws(TerraformFunctionError) -> TerraformValue?
  {
    guard ["sensitive", "nonsensitive", "issensitive"].contains(name) else { return nil }
    try Arguments(function: name, values: arguments).expect(1)
    let value = arguments[0]
    var clear = value
    while case .sensitive(let inner) = clear { clear = inner }
    switch name {
    case "sensitive": return value == .unknown ? .unknown : .sensitive(clear)
    case "nonsensitive": return clear
    default:
      if case .sensitive = value { return .bool(true) }
      return value == .unknown ? .unknown : .bool(false)
    }
  }

  private static func dispatch(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue
  {
    if let result = try collectionFunction(arguments) { return result }
    if let result = try setFunction(arguments) { return result }
    if let result = try conversionFunction(arguments) { return result }
    if let result = try stringFunction(arguments) { return result }
    if let result = try regexFunction(arguments) { return result }
    if let result = try formatFunction(arguments) { return result }
    if let result = try encodingFunction(arguments) { return result }
    if let result = try networkFunction(arguments) { return result }
    if let result = try numberFunction(arguments) { return result }
    if let result = try moreFunction(arguments) { return result }
    if let result = try dateAndTextFunction(arguments) { return result }
    throw .unknownFunction(arguments.function)
  }

  /// Every implemented function.
  static let names: Set<String> = [
    "merge", "concat", "lookup", "keys", "values", "length", "index", "element", "flatten",
    "distinct", "zipmap", "contains", "compact", "sort", "reverse", "range", "slice",
    "coalescelist", "one", "alltrue", "anytrue", "setunion", "setintersection", "setsubtract",
    "toset", "tolist", "tomap", "tostring", "tonumber", "tobool", "coalesce",
    "format", "formatlist", "join", "split", "lower", "upper", "title", "replace", "trimspace",
    "regex", "regexall", "trim", "trimprefix", "trimsuffix", "chomp", "substr", "startswith",
    "endswith", "strrev",
    "jsonencode", "jsondecode", "base64encode", "base64decode", "sha256", "md5",
    "cidrsubnet", "cidrhost", "cidrnetmask", "cidrsubnets",
    "min", "max", "abs", "ceil", "floor", "sum",
    "timestamp", "uuid", "file", "templatefile",
    "indent", "strcontains", "urlencode", "basename", "dirname", "parseint", "log", "pow",
    "signum", "sha1", "sha512", "base64sha256", "base64sha512", "uuidv5", "chunklist",
    "transpose", "matchkeys", "setproduct", "csvdecode", "timecmp", "timeadd",
    "sensitive", "nonsensitive", "issensitive", "plantimestamp", "bcrypt", "yamlencode",
    "formatdate", "textencodebase64", "textdecodebase64", "ephemeralasnull", "base64gzip",
    "abspath", "pathexpand", "rsadecrypt",
  ]

  /// Functions whose result depends on something outside the configuration.
  ///
  /// `base64gzip` is among them because its bytes are those of Go's own deflate, which no
  /// other compressor reproduces; `abspath` and `pathexpand` depend on the folder and home of
  /// whoever runs terraform, `rsadecrypt` on a private key.
  private static let unknowable: Set<String> = [
    "timestamp", "uuid", "file", "templatefile", "plantimestamp", "bcrypt", "base64gzip",
    "abspath", "pathexpand", "rsadecrypt",
  ]

  /// Functions that never look inside the elements they move, so unknown or sensitive
  /// elements stay where they are.
  private static let structural: Set<String> = [
    "merge", "concat", "lookup", "keys", "values", "length", "element", "slice", "reverse",
    "coalescelist", "one", "tolist", "tomap",
  ]
}

/// The arguments of one call, with conversions that throw Terraform's messages.
struct Arguments {
  let function: String
  let values: [TerraformValue]

  var count: Int { values.count }

  subscript(index: Int) -> TerraformValue { values[index] }

  /// Requires between `range.lowerBound` and `range.upperBound` arguments.
  func expect(_ range: ClosedRange<Int>) throws(TerraformFunctionError) {
    guard !range.contains(values.count) else { return }
    let expected =
      range.lowerBound == range.upperBound
      ? "\(range.lowerBound)"
      : range.upperBound == Int.max
        ? "at least \(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
    throw .invalidArguments(
      "Invalid function argument: function \"\(function)\" expects \(expected) argument(s), "
        + "got \(values.count).")
  }

  /// Requires exactly `count` arguments.
  func expect(_ count: Int) throws(TerraformFunctionError) {
    try expect(count...count)
  }

  func notNull(_ index: Int, _ parameter: String) throws(TerraformFunctionError)
    -> TerraformValue
  {
    let value = values[index]
    guard value != .null else { throw .invalid(parameter, "argument must not be null") }
    return value
  }

  /// A string argument; numbers and bools convert as Terraform converts them.
  func string(_ index: Int, _ parameter: String) throws(TerraformFunctionError) -> String {
    let value = try notNull(index, parameter)
    guard let text = value.primitiveText else {
      throw .invalid(parameter, "string required, but have \(value.typeName)")
    }
    return text
  }

  /// A number argument; a string converts when it is a decimal number.
  func number(_ index: Int, _ parameter: String) throws(TerraformFunctionError)
    -> TerraformNumber
  {
    try TerraformFunctions.number(from: notNull(index, parameter), parameter)
  }

  /// A number argument as a float64, for the functions Terraform computes with Go's float64.
  func double(_ index: Int, _ parameter: String) throws(TerraformFunctionError) -> Double {
    try number(index, parameter).double
  }

  /// A whole number argument.
  func integer(_ index: Int, _ parameter: String) throws(TerraformFunctionError) -> Int {
    guard let integer = try number(index, parameter).exactInteger else {
      throw .invalid(
        parameter,
        "value must be a whole number, between -9223372036854775808 and 9223372036854775807")
    }
    return integer
  }

  /// A bool argument; the strings `true` and `false` convert.
  func bool(_ index: Int, _ parameter: String) throws(TerraformFunctionError) -> Bool {
    switch try notNull(index, parameter) {
    case .bool(let flag): return flag
    case .string("true"): return true
    case .string("false"): return false
    case let other: throw .invalid(parameter, "bool required, but have \(other.typeName)")
    }
  }

  /// The shape of a list or object argument; a set's is a list's.
  func shape(_ index: Int) -> TerraformShape {
    if case .set = values[index] { return .collection }
    return values[index].shape ?? .structural
  }

  /// The elements of a list or set argument.
  func list(_ index: Int, _ parameter: String) throws(TerraformFunctionError) -> [TerraformValue] {
    switch try notNull(index, parameter) {
    case .list(let elements, _), .set(let elements): return elements
    case let other:
      throw .invalid(parameter, "list of any single type required, but have \(other.typeName)")
    }
  }

  /// The attributes of a map or object argument.
  func object(_ index: Int, _ parameter: String) throws(TerraformFunctionError)
    -> [String: TerraformValue]
  {
    switch try notNull(index, parameter) {
    case .object(let object, _): return object
    case let other:
      throw .invalid(parameter, "map of any single type required, but have \(other.typeName)")
    }
  }
}

extension TerraformFunctions {
  /// `value` as a number, converting a decimal string.
  static func number(from value: TerraformValue, _ parameter: String) throws(TerraformFunctionError)
    -> TerraformNumber
  {
    switch value {
    case .number(let number): return number
    case .string(let text):
      guard let number = decimalNumber(text) else {
        throw .invalid(parameter, "a number is required")
      }
      return number
    default: throw .invalid(parameter, "number required, but have \(value.typeName)")
    }
  }

  /// The number a decimal string spells, or nil.
  static func decimalNumber(_ text: String) -> TerraformNumber? {
    TerraformNumber(parsing: text)
  }
}
