import DriftJSON
public import DriftModel

/// Writes `Value`s as HCL native syntax, laid out as `terraform fmt` lays it out, so that a
/// written file passes `terraform fmt -check` unchanged.
///
/// Objects are written one attribute a line, with the `=` of consecutive one-line attributes
/// aligned; a list of a few scalars is written inline, any other list one element a line with
/// a trailing comma. A secret (`.sensitive`) is never written: it becomes
/// `/* sensitive value omitted */ null`, which is valid anywhere an expression is.
public enum HCLWriter {
  /// The widest inline list, in characters; longer lists are written one element a line.
  public static let inlineListWidth = 60

  /// What a secret is written as.
  public static let sensitivePlaceholder = "/* sensitive value omitted */ null"

  /// An expression for `value`, whose first line starts at `indent` levels (2 spaces each).
  ///
  /// The first line has no leading spaces (it follows `name = `); later lines are indented
  /// from `indent`, and the last one closes at `indent`.
  public static func expression(_ value: Value, indent: Int) -> String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .integer(let number): return String(number)
    case .double(let number): return JSONWriter.format(number)
    case .string(let text): return quoted(text)
    case .sensitive: return sensitivePlaceholder
    case .array(let elements): return list(elements, indent: indent)
    case .object(let members):
      guard !members.isEmpty else { return "{}" }
      let items = members.map { Entry(key: key($0.key), value: $0.value) }
      return "{\n" + lines(items, indent: indent + 1) + padding(indent) + "}"
    }
  }

  /// One item of a body.
  public enum Item: Sendable {
    /// `name = value`; the name must be an HCL identifier.
    case attribute(String, Value)
    /// `type "label" ... { items }`; labels are always quoted.
    case block(type: String, labels: [String], [Item])
    /// An empty line, which also ends a run of aligned attributes.
    case blankLine
  }

  /// Body items rendered at `indent`: attributes (consecutive `=` aligned as terraform fmt
  /// does) and nested blocks, each line ending with a newline.
  public static func body(_ items: [Item], indent: Int) -> String {
    var output = ""
    var run: [Entry] = []
    func flush() {
      output += lines(run, indent: indent)
      run = []
    }
    for item in items {
      switch item {
      case .attribute(let name, let value):
        run.append(Entry(key: name, value: value))
      case .blankLine:
        flush()
        output += "\n"
      case .block(let type, let labels, let inner):
        flush()
        let header = ([type] + labels.map(quoted)).joined(separator: " ")
        output += padding(indent) + header + " {\n" + body(inner, indent: indent + 1)
        output += padding(indent) + "}\n"
      }
    }
    flush()
    return output
  }

  /// A quoted HCL string literal: escapes `"` `\` newlines, and `${` → `$${`, `%{` → `%%{`.
  public static func quoted(_ text: String) -> String {
    var output = "\""
    var previous: Unicode.Scalar?
    for scalar in text.unicodeScalars {
      if scalar == "{", let marker = previous, marker == "$" || marker == "%" {
        output.unicodeScalars.append(marker)
      }
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16)
          output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
      previous = scalar
    }
    return output + "\""
  }

  /// Whether `text` can be written bare as an attribute name or object key.
  public static func isIdentifier(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, first.isASCII,
      first.properties.isAlphabetic || first == "_"
    else { return false }
    let reserved: Set<String> = ["for", "in", "if", "true", "false", "null"]
    return !reserved.contains(text)
      && text.unicodeScalars.allSatisfy {
        $0.isASCII
          && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_"
            || $0 == "-")
      }
  }

  /// A name and value on their own line.
  private struct Entry {
    var key: String
    var value: Value
  }

  private static func key(_ text: String) -> String {
    isIdentifier(text) ? text : quoted(text)
  }

  /// Attribute lines: runs of one-line values have their `=` aligned; a value over several
  /// lines stands alone with a single space before its `=`, as `terraform fmt` leaves it.
  private static func lines(_ entries: [Entry], indent: Int) -> String {
    let rendered = entries.map { ($0.key, expression($0.value, indent: indent)) }
    var output = ""
    var start = 0
    while start < rendered.count {
      var end = start
      while end < rendered.count, !rendered[end].1.contains("\n") { end += 1 }
      let width = rendered[start..<end].map(\.0.count).max() ?? 0
      for (key, text) in rendered[start..<end] {
        output += padding(indent) + key + String(repeating: " ", count: width - key.count)
        output += " = " + text + "\n"
      }
      if end < rendered.count {
        output += padding(indent) + rendered[end].0 + " = " + rendered[end].1 + "\n"
      }
      start = end + 1
    }
    return output
  }

  private static func list(_ elements: [Value], indent: Int) -> String {
    guard !elements.isEmpty else { return "[]" }
    if elements.allSatisfy(isScalar) {
      let inline =
        "[" + elements.map { expression($0, indent: indent) }.joined(separator: ", ") + "]"
      if inline.count <= inlineListWidth { return inline }
    }
    var output = "[\n"
    for element in elements {
      output += padding(indent + 1) + expression(element, indent: indent + 1) + ",\n"
    }
    return output + padding(indent) + "]"
  }

  private static func isScalar(_ value: Value) -> Bool {
    switch value {
    case .null, .bool, .integer, .double, .string, .sensitive: return true
    case .array, .object: return false
    }
  }

  private static func padding(_ indent: Int) -> String {
    String(repeating: "  ", count: max(indent, 0))
  }
}
