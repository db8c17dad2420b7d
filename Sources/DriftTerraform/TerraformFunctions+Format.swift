import BigInt

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension TerraformFunctions {
  /// `format` and `formatlist`.
  static func formatFunction(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue?
  {
    switch arguments.function {
    case "format":
      try arguments.expect(1...Int.max)
      if arguments.values.dropFirst().contains(.null) { return .null }
      return .string(try format(arguments.string(0, "format"), Array(arguments.values.dropFirst())))
    case "formatlist": return try formatlist(arguments)
    default: return nil
    }
  }

  private static func formatlist(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue
  {
    try arguments.expect(1...Int.max)
    let template = try arguments.string(0, "format")
    let values = Array(arguments.values.dropFirst())
    var length: Int?
    for (position, value) in values.enumerated() {
      guard case .list(let elements, _) = value else { continue }
      if let length, length != elements.count {
        throw .failed(
          "formatlist",
          "argument \(position + 1) has length \(elements.count), which is inconsistent with "
            + "previous list arguments of length \(length)")
      }
      length = elements.count
    }
    var results: [TerraformValue] = []
    for index in 0..<(length ?? 1) {
      let row = values.map { value in
        if case .list(let elements, _) = value { return elements[index] }
        return value
      }
      results.append(.string(try format(template, row)))
    }
    return .list(results, .collection)
  }

  /// One `%` directive: flags, an explicit argument index, width and precision.
  private struct Directive {
    var flags: Set<Character> = []
    var width: Int?
    var precision: Int?
    var verb: Character = "v"
  }

  /// Terraform's `format`: Go's verbs over Terraform values.
  static func format(_ template: String, _ values: [TerraformValue]) throws(TerraformFunctionError)
    -> String
  {
    var output = ""
    var characters = Substring(template)[...]
    var next = 0
    var used = 0
    while let character = characters.popFirst() {
      guard character == "%" else {
        output.append(character)
        continue
      }
      if characters.first == "%" {
        characters.removeFirst()
        output += "%"
        continue
      }
      var directive = Directive()
      while let flag = characters.first, "+-# 0".contains(flag) {
        directive.flags.insert(flag)
        characters.removeFirst()
      }
      if characters.first == "[" {
        guard let close = characters.firstIndex(of: "]"),
          let index = Int(characters[characters.index(after: characters.startIndex)..<close]),
          index >= 1
        else { throw .failed("format", "invalid argument index in format string") }
        next = index - 1
        characters = characters[characters.index(after: close)...]
      }
      directive.width = takeNumber(&characters)
      if characters.first == "." {
        characters.removeFirst()
        directive.precision = takeNumber(&characters) ?? 0
      }
      // A width pads, a precision expands: both allocate what they say.
      guard (directive.width ?? 0) <= maximumWidth, (directive.precision ?? 0) <= maximumWidth
      else {
        throw .failed("format", "a width or precision above \(maximumWidth) is not evaluated")
      }
      guard let verb = characters.popFirst() else {
        throw .failed("format", "unterminated format verb at end of string")
      }
      directive.verb = verb
      guard next < values.count else {
        throw .failed(
          "format",
          "not enough arguments for \"%\(verb)\": need index \(next + 1) but have "
            + "\(values.count) total")
      }
      output += try render(values[next], directive)
      next += 1
      used = max(used, next)
    }
    guard used >= values.count else {
      throw .failed("format", "too many arguments; only \(used) used by format string")
    }
    return output
  }

  /// The widest `format` width or precision evaluated.
  static let maximumWidth = 10_000

  private static func takeNumber(_ characters: inout Substring) -> Int? {
    let digits = characters.prefix { $0.isASCII && $0.isNumber }
    guard !digits.isEmpty else { return nil }
    characters = characters.dropFirst(digits.count)
    return Int(digits)
  }

  private static func render(_ value: TerraformValue, _ directive: Directive)
    throws(TerraformFunctionError) -> String
  {
    let verb = directive.verb
    switch verb {
    case "v", "s", "q":
      var text: String
      if verb == "v", directive.flags.contains("#") || !value.isPrimitive {
        text = TerraformJSON.encode(value)
      } else if let primitive = value.primitiveText {
        text = primitive
      } else if value == .null {
        throw .failed(
          "format", "unsupported value for \"%\(verb)\": null value cannot be formatted")
      } else {
        throw .failed("format", "unsupported value for \"%\(verb)\": string required")
      }
      if let precision = directive.precision { text = String(text.prefix(precision)) }
      // cty's %q is JSON's quoting, HTML-safe: `a&b` is "a\u0026b", as terraform console says.
      if verb == "q" { text = TerraformJSON.encode(.string(text)) }
      return pad(text, directive, zeros: false)
    case "t":
      guard case .bool(let flag) = value else {
        throw .failed("format", "unsupported value for \"%t\": bool required")
      }
      return pad(flag ? "true" : "false", directive, zeros: false)
    case "d", "b", "o", "x", "X":
      return try integer(number(from: value, "args"), directive)
    case "e", "E", "f", "F", "g", "G":
      return floating(try number(from: value, "args"), directive)
    default:
      throw .failed("format", "unsupported format verb %\(verb)")
    }
  }

  private static func integer(_ number: TerraformNumber, _ directive: Directive)
    throws(TerraformFunctionError) -> String
  {
    guard let whole = number.bigInteger else {
      throw .failed(
        "format", "unsupported value for \"%\(directive.verb)\": value must be a whole number")
    }
    let radix = ["b": 2, "o": 8, "x": 16, "X": 16][directive.verb] ?? 10
    var digits = String(whole.magnitude, radix: radix, uppercase: directive.verb == "X")
    if let precision = directive.precision, digits.count < precision {
      digits = String(repeating: "0", count: precision - digits.count) + digits
    }
    if directive.flags.contains("#") {
      digits = ["b": "0b", "o": "0", "x": "0x", "X": "0X"][directive.verb, default: ""] + digits
    }
    let sign =
      whole < 0
      ? "-" : directive.flags.contains("+") ? "+" : directive.flags.contains(" ") ? " " : ""
    return pad(digits, directive, zeros: directive.precision == nil, sign: sign)
  }

  private static func floating(_ exact: TerraformNumber, _ directive: Directive) -> String {
    // Go formats a big.Float's %f from its exact value: `%f` of 1e30 has no float64 noise.
    if directive.verb == "f" || directive.verb == "F", !exact.isInfinite {
      let text = exact.magnitude.fixed(fractionDigits: directive.precision ?? 6)
      let sign =
        exact.isNegative
        ? "-" : directive.flags.contains("+") ? "+" : directive.flags.contains(" ") ? " " : ""
      return pad(text, directive, zeros: true, sign: sign)
    }
    let number = exact.double
    if directive.verb == "g" || directive.verb == "G", directive.precision == nil {
      let sign = number < 0 ? "-" : directive.flags.contains("+") ? "+" : ""
      return pad(
        shortestG(abs(number), upper: directive.verb == "G"), directive, zeros: true, sign: sign)
    }
    var specification = "%"
    for flag in "+- #0" where directive.flags.contains(flag) { specification.append(flag) }
    if let width = directive.width { specification += String(width) }
    if let precision = directive.precision { specification += "." + String(precision) }
    specification.append(directive.verb == "F" ? "f" : directive.verb)
    var buffer = [CChar](repeating: 0, count: 512)
    let written = withVaList([number]) { arguments in
      vsnprintf(&buffer, buffer.count, specification, arguments)
    }
    guard written >= 0 else { return TerraformValue.doubleText(number) }
    return String(
      decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Go's `%g` without precision: the shortest digits, with an exponent outside 1e-4 ..< 1e6.
  private static func shortestG(_ magnitude: Double, upper: Bool) -> String {
    let fixed = TerraformValue.doubleText(magnitude)
    guard magnitude != 0 else { return "0" }
    let digits = fixed.filter { $0 != "." }.drop { $0 == "0" }
    let significant = String(digits.reversed().drop { $0 == "0" }.reversed())
    let integerDigits = fixed.prefix { $0 != "." }
    let exponent =
      integerDigits == "0"
      ? -(fixed.dropFirst(2).prefix { $0 == "0" }.count + 1)
      : integerDigits.count - 1
    guard exponent < -4 || exponent >= 6 else { return fixed }
    var mantissa = String(significant.prefix(1))
    if significant.count > 1 { mantissa += "." + significant.dropFirst() }
    let exponentDigits = String(abs(exponent))
    return mantissa + (upper ? "E" : "e") + (exponent < 0 ? "-" : "+")
      + (exponentDigits.count < 2 ? "0" : "") + exponentDigits
  }

  private static func pad(
    _ text: String, _ directive: Directive, zeros: Bool, sign: String = ""
  ) -> String {
    let width = directive.width ?? 0
    let missing = width - text.count - sign.count
    guard missing > 0 else { return sign + text }
    if directive.flags.contains("-") { return sign + text + String(repeating: " ", count: missing) }
    if zeros, directive.flags.contains("0") {
      return sign + String(repeating: "0", count: missing) + text
    }
    return String(repeating: " ", count: missing) + sign + text
  }
}
