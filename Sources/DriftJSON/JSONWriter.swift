public import DriftModel

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
    String(decoding: bytes(value), as: UTF8.self)
  }

  /// The JSON text of `value` as UTF-8 bytes.
  public func bytes(_ value: Value) -> [UInt8] {
    var output: [UInt8] = []
    write(value, into: &output, indent: 0)
    return output
  }

  /// Appends the JSON text of `value` to `output`, nested `indent` levels deep.
  public func write(_ value: Value, into output: inout String, indent: Int) {
    var bytes: [UInt8] = []
    write(value, into: &bytes, indent: indent)
    output += String(decoding: bytes, as: UTF8.self)
  }

  /// Appends the JSON text of `value` as UTF-8 to `output`, nested `indent` levels deep.
  public func write(_ value: Value, into output: inout [UInt8], indent: Int) {
    switch value {
    case .null: Self.append("null", to: &output)
    case .bool(let flag): Self.append(flag ? "true" : "false", to: &output)
    case .integer(let number): Self.appendDecimal(number, to: &output)
    case .double(let number): output.append(contentsOf: Self.format(number).utf8)
    case .string(let text): Self.quote(text, into: &output)
    case .sensitive(let digest):
      if keepsDigests {
        Self.quote(Self.digestMarker(digest), into: &output)
      } else {
        Self.append("\"(sensitive)\"", to: &output)
      }
    case .array(let elements):
      guard !elements.isEmpty else {
        Self.append("[]", to: &output)
        return
      }
      output.append(UInt8(ascii: "["))
      for (index, element) in elements.enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        newline(into: &output, indent: indent + 1)
        write(element, into: &output, indent: indent + 1)
      }
      newline(into: &output, indent: indent)
      output.append(UInt8(ascii: "]"))
    case .object(let members):
      guard !members.isEmpty else {
        Self.append("{}", to: &output)
        return
      }
      output.append(UInt8(ascii: "{"))
      for (index, member) in members.enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        newline(into: &output, indent: indent + 1)
        Self.quote(member.key, into: &output)
        output.append(UInt8(ascii: ":"))
        if pretty { output.append(UInt8(ascii: " ")) }
        write(member.value, into: &output, indent: indent + 1)
      }
      newline(into: &output, indent: indent)
      output.append(UInt8(ascii: "}"))
    }
  }

  /// Appends the bytes of a literal, without going through `String.UTF8View` (which cost
  /// twice as much): the field sets of a snapshot write `{}` a million times.
  private static func append(_ literal: StaticString, to output: inout [UInt8]) {
    output.append(
      contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
  }

  private func newline(into output: inout [UInt8], indent: Int) {
    guard pretty else { return }
    output.append(UInt8(ascii: "\n"))
    output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent))
  }

  /// A number as JSON writes it: integers without a fraction, others in their shortest form.
  public static func format(_ number: Double) -> String {
    guard number.isFinite else { return "null" }
    if number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
    return String(number)
  }

  /// Appends `text` as a JSON string literal.
  public static func quote(_ text: String, into output: inout String) {
    var bytes: [UInt8] = []
    quote(text, into: &bytes)
    output += String(decoding: bytes, as: UTF8.self)
  }

  /// Appends `text` as a JSON string literal in UTF-8: runs that need no escape are copied
  /// whole.
  public static func quote(_ text: String, into output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    let copied: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in
      appendEscaped(utf8, to: &output)
    }
    if copied == nil {
      var text = text
      text.withUTF8 { appendEscaped($0, to: &output) }
    }
    output.append(UInt8(ascii: "\""))
  }

  private static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
    var runStart = 0
    while true {
      let index = JSONStringBytes.firstSpecial(in: utf8, from: runStart)
      output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
      guard index < utf8.count else { return }
      runStart = index + 1
      let byte = utf8[index]
      output.append(UInt8(ascii: "\\"))
      switch byte {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
      case 0x0A: output.append(UInt8(ascii: "n"))
      case 0x0D: output.append(UInt8(ascii: "r"))
      case 0x09: output.append(UInt8(ascii: "t"))
      case 0x08: output.append(UInt8(ascii: "b"))
      case 0x0C: output.append(UInt8(ascii: "f"))
      default:
        let hex = String(byte, radix: 16)
        output.append(UInt8(ascii: "u"))
        output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 4 - hex.count))
        output.append(contentsOf: hex.utf8)
      }
    }
  }

  /// Appends the decimal digits of `number`, as `String(number)` writes them, without making
  /// a `String`: snapshots write a few integers per resource, for 30,000 resources.
  private static func appendDecimal(_ number: Int, to output: inout [UInt8]) {
    if number < 0 { output.append(UInt8(ascii: "-")) }
    var magnitude = number.magnitude
    let start = output.count
    repeat {
      output.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
      magnitude /= 10
    } while magnitude > 0
    output[start...].reverse()
  }
}
