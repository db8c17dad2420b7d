import DriftModel

/// `yamlencode` as Terraform (go-cty-yaml over go-yaml) writes YAML.
///
/// Encoding is block style: object keys double-quoted and sorted, strings double-quoted (long
/// ones folded at spaces past column 80), strings with line breaks as literal blocks (`|`,
/// `|-`, `|+`, with an indentation indicator when they start with a space), sequences inside
/// a mapping at the key's indentation, `[]` and `{}` for empty collections, and `...` after a
/// plain scalar document. Checked against `terraform console` in the recorded expectations.
enum TerraformYAML {
  static func encode(_ value: TerraformValue) throws(TerraformFunctionError) -> String {
    switch value {
    case .object(let members, _) where !members.isEmpty:
      return try mapping(members, indent: 0).joined(separator: "\n") + "\n"
    case .list(let elements, _) where !elements.isEmpty, .set(let elements) where !elements.isEmpty:
      return try sequence(elements, indent: 0).joined(separator: "\n") + "\n"
    default:
      let (text, literal, plain) = try scalar(value, indent: 0, column: 0)
      return ([text] + literal).joined(separator: "\n") + "\n" + (plain ? "...\n" : "")
    }
  }

  private static func mapping(_ members: [String: TerraformValue], indent: Int)
    throws(TerraformFunctionError) -> [String]
  {
    let pad = String(repeating: " ", count: indent)
    var lines: [String] = []
    for key in members.keys.sorted() {
      let value = members[key] ?? .null
      let head = pad + quoted(key, indent: indent, column: indent) + ":"
      switch value {
      case .object(let inner, _) where !inner.isEmpty:
        lines.append(head)
        lines += try mapping(inner, indent: indent + 2)
      case .list(let elements, _) where !elements.isEmpty,
        .set(let elements) where !elements.isEmpty:
        lines.append(head)
        lines += try sequence(elements, indent: indent)
      default:
        let (text, literal, _) = try scalar(value, indent: indent + 2, column: head.count + 1)
        lines.append(head + " " + text)
        lines += literal
      }
    }
    return lines
  }

  private static func sequence(_ elements: [TerraformValue], indent: Int)
    throws(TerraformFunctionError) -> [String]
  {
    let pad = String(repeating: " ", count: indent)
    var lines: [String] = []
    for element in elements {
      switch element {
      case .object(let inner, _) where !inner.isEmpty:
        let nested = try mapping(inner, indent: indent + 2)
        lines.append(pad + "- " + nested[0].dropFirst(indent + 2))
        lines += nested.dropFirst()
      case .list(let inner, _) where !inner.isEmpty, .set(let inner) where !inner.isEmpty:
        let nested = try sequence(inner, indent: indent + 2)
        lines.append(pad + "- " + nested[0].dropFirst(indent + 2))
        lines += nested.dropFirst()
      default:
        let (text, literal, _) = try scalar(element, indent: indent + 2, column: indent + 2)
        lines.append(pad + "- " + text)
        lines += literal
      }
    }
    return lines
  }

  /// A scalar (or empty collection) as written after its key or dash, the lines of a literal
  /// block, and whether it is a plain scalar.
  private static func scalar(_ value: TerraformValue, indent: Int, column: Int)
    throws(TerraformFunctionError) -> (String, [String], Bool)
  {
    switch value {
    case .null: return ("null", [], true)
    case .bool(let flag): return (flag ? "true" : "false", [], true)
    case .number: return (value.primitiveText ?? "0", [], true)
    case .string(let text):
      if text.contains("\n"), let block = literal(text, indent: indent) {
        return (block.header, block.lines, false)
      }
      return (quoted(text, indent: indent, column: column), [], false)
    case .object: return ("{}", [], false)
    case .list, .set: return ("[]", [], false)
    case .sensitive, .unknown:
      throw .failed("yamlencode", "cannot encode an unknown or sensitive value")
    }
  }

  /// A literal block, nil when go-yaml would not write one (a space before a line break or
  /// at the end, characters that need escapes).
  private static func literal(_ text: String, indent: Int) -> (header: String, lines: [String])? {
    let scalars = Array(text.unicodeScalars)
    for (index, scalar) in scalars.enumerated() {
      if scalar == " ", index + 1 == scalars.count || scalars[index + 1] == "\n" { return nil }
      if scalar != "\n", !isPrintable(scalar) { return nil }
    }
    var body = Substring(text)
    var breaks = 0
    while body.hasSuffix("\n") {
      body = body.dropLast()
      breaks += 1
    }
    let chomping = breaks == 0 ? "-" : breaks == 1 ? "" : "+"
    let indicator = text.hasPrefix(" ") ? "2" : ""
    let pad = String(repeating: " ", count: max(indent, 2))
    var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.isEmpty ? "" : pad + $0
    }
    if breaks > 1 { lines += Array(repeating: "", count: breaks - 1) }
    return ("|" + indicator + chomping, lines)
  }

  /// A double-quoted scalar, folded at a space once past column 80 as go-yaml folds it.
  private static func quoted(_ text: String, indent: Int, column start: Int) -> String {
    var output = "\""
    var column = start + 1
    let scalars = Array(text.unicodeScalars)
    var spaces = false
    for (index, scalar) in scalars.enumerated() {
      if scalar == " " {
        if !spaces, column > 80, index != 0, index != scalars.count - 1 {
          let pad = String(repeating: " ", count: max(indent, 2))
          output += "\n" + pad
          column = pad.count
          if index + 1 < scalars.count, scalars[index + 1] == " " { output += "\\" }
        } else {
          output += " "
          column += 1
        }
        spaces = true
        continue
      }
      spaces = false
      let escaped = escape(scalar)
      output += escaped
      column += escaped.unicodeScalars.count
    }
    return output + "\""
  }

  private static func escape(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "\"": return "\\\""
    case "\\": return "\\\\"
    case "\0": return "\\0"
    case "\u{07}": return "\\a"
    case "\u{08}": return "\\b"
    case "\t": return "\\t"
    case "\n": return "\\n"
    case "\u{0B}": return "\\v"
    case "\u{0C}": return "\\f"
    case "\r": return "\\r"
    case "\u{1B}": return "\\e"
    case "\u{85}": return "\\N"
    case "\u{A0}": return "\\_"
    case "\u{2028}": return "\\L"
    case "\u{2029}": return "\\P"
    default:
      guard !isPrintable(scalar) else { return String(scalar) }
      let hex = String(scalar.value, radix: 16, uppercase: true)
      if scalar.value <= 0xFF { return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex }
      if scalar.value <= 0xFFFF {
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      }
      return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
    }
  }

  /// go-yaml's `is_printable`.
  private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    return value == 0x0A || (0x20...0x7E).contains(value) || value == 0x85
      || (0xA0...0xD7FF).contains(value) || (0xE000...0xFFFD).contains(value) && value != 0xFEFF
      || (0x10000...0x10FFFF).contains(value)
  }
}
