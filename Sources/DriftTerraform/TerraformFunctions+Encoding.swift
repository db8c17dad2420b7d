import Crypto
import DriftJSON
import DriftModel

extension TerraformFunctions {
  /// JSON, base64 and hashes.
  static func encodingFunction(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue?
  {
    switch arguments.function {
    case "jsonencode":
      try arguments.expect(1)
      return .string(TerraformJSON.encode(arguments[0]))
    case "jsondecode":
      try arguments.expect(1)
      let text = try arguments.string(0, "str")
      do {
        return TerraformValue(try JSONReader.parse(Array(text.utf8), file: "jsondecode"))
      } catch {
        throw .failed("jsondecode", "invalid JSON: \(error.message)")
      }
    case "base64encode":
      try arguments.expect(1)
      return .string(Base64Text.encode(Array(try arguments.string(0, "str").utf8)))
    case "base64decode":
      try arguments.expect(1)
      let text = try arguments.string(0, "str")
      guard let bytes = Base64Text.decodeStrictly(text) else {
        throw .failed("base64decode", "failed to decode base64 data \"\(text)\"")
      }
      let decoded = String(decoding: bytes, as: UTF8.self)
      guard decoded.utf8.elementsEqual(bytes) else {
        throw .failed(
          "base64decode", "the result of decoding the provided string is not valid UTF-8")
      }
      return .string(decoded)
    case "sha256":
      try arguments.expect(1)
      return .string(hexadecimal(SHA256.hash(data: Array(try arguments.string(0, "str").utf8))))
    case "md5":
      try arguments.expect(1)
      return .string(
        hexadecimal(Insecure.MD5.hash(data: Array(try arguments.string(0, "str").utf8))))
    default: return nil
    }
  }

  static func hexadecimal(_ digest: some Sequence<UInt8>) -> String {
    digest.map { byte in
      let digits = String(byte, radix: 16)
      return byte < 16 ? "0" + digits : digits
    }.joined()
  }
}

/// JSON as Terraform's `jsonencode` writes it: keys sorted, no spaces, `<`, `>` and `&`
/// escaped, numbers as Terraform prints them.
enum TerraformJSON {
  /// The compact JSON text of `value`; marks are ignored and unknowns written as null.
  static func encode(_ value: TerraformValue) -> String {
    var output = ""
    write(value, into: &output)
    return output
  }

  private static func write(_ value: TerraformValue, into output: inout String) {
    switch value {
    case .null, .unknown: output += "null"
    case .bool(let flag): output += flag ? "true" : "false"
    case .number(let number): output += TerraformValue.numberText(number)
    case .string(let text): quote(text, into: &output)
    case .sensitive(let inner): write(inner, into: &output)
    case .list(let elements, _), .set(let elements):
      output += "["
      for (index, element) in elements.enumerated() {
        if index > 0 { output += "," }
        write(element, into: &output)
      }
      output += "]"
    case .object(let object, _):
      output += "{"
      for (index, key) in TerraformValue.sortedKeys(object).enumerated() {
        if index > 0 { output += "," }
        quote(key, into: &output)
        output += ":"
        if let member = object[key] { write(member, into: &output) }
      }
      output += "}"
    }
  }

  /// Go's `encoding/json` string escaping, HTML-safe.
  private static func quote(_ text: String, into output: inout String) {
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
      case "<", ">", "&", "\u{2028}", "\u{2029}":
        output += unicodeEscape(scalar)
      default:
        if scalar.value < 0x20 {
          output += unicodeEscape(scalar)
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    output += "\""
  }

  private static func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16)
    return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
  }
}

/// Standard base64 with padding, as Go's `base64.StdEncoding`.
enum Base64Text {
  private static let alphabet = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  static func encode(_ bytes: [UInt8]) -> String {
    var output: [UInt8] = []
    output.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index < bytes.count {
      let chunk = bytes[index..<min(index + 3, bytes.count)]
      var group: UInt32 = 0
      for (offset, byte) in chunk.enumerated() { group |= UInt32(byte) << (16 - 8 * offset) }
      for position in 0..<4 {
        if position <= chunk.count {
          output.append(alphabet[Int(group >> (18 - 6 * position) & 0x3F)])
        } else {
          output.append(UInt8(ascii: "="))
        }
      }
      index += 3
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// The bytes of `text`, or nil unless it is padded standard base64.
  static func decodeStrictly(_ text: String) -> [UInt8]? {
    let bytes = Array(text.utf8)
    guard bytes.count % 4 == 0 else { return nil }
    let padding = bytes.reversed().prefix { $0 == UInt8(ascii: "=") }.count
    guard padding <= 2 else { return nil }
    let body = bytes.dropLast(padding)
    guard body.allSatisfy({ alphabet.contains($0) }) else { return nil }
    return Base64.decode(String(decoding: body, as: UTF8.self))
  }
}
