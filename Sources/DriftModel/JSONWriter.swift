/// Writes a `Value` as JSON text: members in their order, secrets as `"(sensitive)"`.
public struct JSONWriter: Sendable {
  /// Whether to break lines and indent by two spaces.
  public var pretty: Bool
  /// Whether secrets keep their digest, for storage that must compare them later.
  public var keepsDigests: Bool

  /// Creates a writer.
  public init(pretty: Bool = false, keepsDigests: Bool = false) {
    self.pretty = pretty
    self.keepsDigests = keepsDigests
  }

  /// How a stored secret digest is written when `keepsDigests` is on.
  public static func digestMarker(_ digest: String) -> String { "(sensitive:\(digest))" }

  /// The digest a stored string holds, when it is a digest marker.
  public static func digest(inMarker text: String) -> String? {
    guard text.hasPrefix("(sensitive:"), text.hasSuffix(")") else { return nil }
    return String(text.dropFirst("(sensitive:".count).dropLast())
  }

  /// The JSON text of `value`.
  public func string(_ value: Value) -> String {
    var output = ""
    write(value, into: &output, indent: 0)
    return output
  }

  /// Appends the JSON text of `value` to `output`, nested `indent` levels deep.
  public func write(_ value: Value, into output: inout String, indent: Int) {
    switch value {
    case .null: output += "null"
    case .bool(let flag): output += flag ? "true" : "false"
    case .integer(let number): output += String(number)
    case .double(let number): output += Self.format(number)
    case .string(let text): Self.quote(text, into: &output)
    case .sensitive(let digest):
      if keepsDigests {
        Self.quote(Self.digestMarker(digest), into: &output)
      } else {
        output += "\"(sensitive)\""
      }
    case .array(let elements):
      guard !elements.isEmpty else {
        output += "[]"
        return
      }
      output += "["
      for (index, element) in elements.enumerated() {
        if index > 0 { output += "," }
        newline(into: &output, indent: indent + 1)
        write(element, into: &output, indent: indent + 1)
      }
      newline(into: &output, indent: indent)
      output += "]"
    case .object(let members):
      guard !members.isEmpty else {
        output += "{}"
        return
      }
      output += "{"
      for (index, member) in members.enumerated() {
        if index > 0 { output += "," }
        newline(into: &output, indent: indent + 1)
        Self.quote(member.key, into: &output)
        output += pretty ? ": " : ":"
        write(member.value, into: &output, indent: indent + 1)
      }
      newline(into: &output, indent: indent)
      output += "}"
    }
  }

  private func newline(into output: inout String, indent: Int) {
    guard pretty else { return }
    output += "\n"
    output += String(repeating: "  ", count: indent)
  }

  /// A number as JSON writes it: integers without a fraction, others in their shortest form.
  public static func format(_ number: Double) -> String {
    guard number.isFinite else { return "null" }
    if number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
    return String(number)
  }

  /// Appends `text` as a JSON string literal.
  public static func quote(_ text: String, into output: inout String) {
    output += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case "\u{08}": output += "\\b"
      case "\u{0C}": output += "\\f"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    output += "\""
  }
}
