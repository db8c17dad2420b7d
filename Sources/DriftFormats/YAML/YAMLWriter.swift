public import DriftJSON
public import DriftModel

/// Writes values as YAML the way people write Kubernetes manifests: block mappings and
/// sequences indented by two, scalars plain where that reads back the same, quoted otherwise.
public struct YAMLWriter: Sendable {
  /// How a string that needs quotes is quoted.
  public enum Quote: Sendable {
    case none
    case single
    case double
  }

  /// Creates a writer.
  public init() {}

  /// A scalar as it stands after `key: ` or `- `, in `quote` style when the string needs
  /// quotes or when the original was quoted.
  public func scalar(_ value: Value, quote: Quote = .none) -> String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .integer(let number): return String(number)
    case .double(let number): return JSONWriter.format(number)
    case .sensitive: return "\"(sensitive)\""
    case .array, .object: return flow(value)
    case .string(let text):
      switch quote {
      case .single where !text.contains("\n"):
        return "'" + text.replacing("'", with: "''") + "'"
      case .double:
        return doubleQuoted(text)
      default:
        return Self.isPlainSafe(text) ? text : doubleQuoted(text)
      }
    }
  }

  /// A collection on one line: `{app: web, tier: front}`, `[a, b]`.
  ///
  /// - Parameter quote: how the strings of the collection were quoted (`["a", "b"]`).
  public func flow(_ value: Value, quote: Quote = .none) -> String {
    switch value {
    case .object(let members):
      return "{"
        + members.map { key($0.key) + ": " + flow($0.value, quote: quote) }.joined(
          separator: ", ") + "}"
    case .array(let elements):
      return "[" + elements.map { flow($0, quote: quote) }.joined(separator: ", ") + "]"
    default:
      return scalar(value, quote: quote)
    }
  }

  /// The lines of `value` as a block, each indented by `indent` spaces.
  public func block(_ value: Value, indent: Int) -> [String] {
    let pad = String(repeating: " ", count: indent)
    switch value {
    case .object(let members) where !members.isEmpty:
      var lines: [String] = []
      for member in members { lines += entry(key(member.key), member.value, indent: indent) }
      return lines
    case .array(let elements) where !elements.isEmpty:
      var lines: [String] = []
      for element in elements {
        var inner = block(element, indent: indent + 2)
        if case .object(let members) = element, !members.isEmpty, !inner.isEmpty {
          inner[0] = pad + "- " + inner[0].dropFirst(indent + 2)
          lines += inner
        } else if isCollection(element) {
          lines.append(pad + "-")
          lines += inner
        } else {
          lines += entry(nil, element, indent: indent, dash: true)
        }
      }
      return lines
    default:
      return [pad + scalarOrEmpty(value)]
    }
  }

  /// `key: value` (or `- value`) with the value inline or as an indented block below.
  public func entry(_ key: String?, _ value: Value, indent: Int, dash: Bool = false) -> [String] {
    let pad = String(repeating: " ", count: indent)
    let head = pad + (dash ? "- " : "") + (key.map { $0 + ":" } ?? "")
    if case .string(let text) = value, text.contains("\n") {
      let lines =
        text.hasSuffix("\n")
        ? text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        : text.split(separator: "\n", omittingEmptySubsequences: false)
      let chomp = text.hasSuffix("\n") ? "|" : "|-"
      let inner = String(repeating: " ", count: indent + 2)
      return [head + (key == nil && !dash ? "" : " ") + chomp]
        + lines.map { $0.isEmpty ? "" : inner + $0 }
    }
    if isCollection(value) {
      let childIndent = key == nil ? indent + 2 : indent + 2
      return [head] + block(value, indent: childIndent)
    }
    let separator = key == nil && !dash ? "" : " "
    return [head + separator + scalarOrEmpty(value)]
  }

  /// A mapping key, quoted when it would not read back as the same string.
  public func key(_ text: String) -> String {
    Self.isPlainSafe(text) ? text : doubleQuoted(text)
  }

  private func isCollection(_ value: Value) -> Bool {
    switch value {
    case .object(let members): return !members.isEmpty
    case .array(let elements): return !elements.isEmpty
    default: return false
    }
  }

  private func scalarOrEmpty(_ value: Value) -> String {
    switch value {
    case .object: return "{}"
    case .array: return "[]"
    default: return scalar(value)
    }
  }

  private func doubleQuoted(_ text: String) -> String {
    var output = ""
    JSONWriter.quote(text, into: &output)
    return output
  }

  /// Whether `text` written plain reads back as the same string.
  public static func isPlainSafe(_ text: String) -> Bool {
    guard let first = text.first, let last = text.last else { return false }
    if first == " " || last == " " || text.contains("\n") || text.contains("\t") { return false }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
      guard first == "-" || first == "?" || first == ":", text.count > 1,
        text.dropFirst().first != " "
      else { return false }
    }
    if text.contains(": ") || text.contains(" #") || last == ":" { return false }
    if text.contains(where: { $0.asciiValue.map { $0 < 0x20 } ?? false }) { return false }
    // Dates and times read back as timestamps in YAML 1.1.
    if text.count >= 8, text.prefix(4).allSatisfy(\.isNumber), text.dropFirst(4).first == "-" {
      return false
    }
    if case .string = ScalarResolver.resolvePlain(text) {
      return !["<<", "="].contains(text)
    }
    return false
  }
}
