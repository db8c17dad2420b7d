public import DriftModel

/// Resolves plain YAML scalars to typed values the way Kubernetes tooling does (YAML 1.1).
public enum ScalarResolver {
  /// The words that are booleans or null, looked up at once: most short plain scalars are
  /// none of them, and one lookup costs a third of three.
  private static let words: [String: Value] = {
    var words: [String: Value] = [:]
    for word in ["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"] {
      words[word] = .bool(true)
    }
    for word in ["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"] {
      words[word] = .bool(false)
    }
    for word in ["", "~", "null", "Null", "NULL"] { words[word] = .null }
    return words
  }()

  /// The typed value of a plain (unquoted) scalar.
  public static func resolvePlain(_ text: String) -> Value {
    guard let first = text.utf8.first else { return .null }
    let mayBeWord =
      (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z"))
      || (first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")) || first == UInt8(ascii: "~")
    if mayBeWord {
      if text.utf8.count > 5 { return .string(text) }
      return words[text] ?? .string(text)
    }
    let mayBeNumber =
      (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
      || first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
    guard mayBeNumber else { return .string(text) }
    return number(text) ?? .string(text)
  }

  /// YAML 1.1 integers (decimal, `0x`, `0b`, leading-zero octal, `_` separators), floats and
  /// `.inf`/`.nan`, read from the UTF-8 bytes: this runs on every plain scalar of every manifest.
  private static func number(_ text: String) -> Value? {
    var text = text
    return text.withUTF8 { bytes -> Value? in
      var start = 0
      var negative = false
      if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
        negative = bytes[0] == UInt8(ascii: "-")
        start = 1
      }
      let body = UnsafeBufferPointer(rebasing: bytes[start...])
      guard let first = body.first else { return nil }
      if body.count > 1, first == UInt8(ascii: "0") {
        switch body[1] {
        case UInt8(ascii: "x"), UInt8(ascii: "X"):
          return integer(UnsafeBufferPointer(rebasing: body[2...]), radix: 16, negative: negative)
        case UInt8(ascii: "b"):
          return integer(UnsafeBufferPointer(rebasing: body[2...]), radix: 2, negative: negative)
        default:
          if body.allSatisfy({ isDigit($0, below: 8) || $0 == underscore }) {
            return integer(UnsafeBufferPointer(rebasing: body[1...]), radix: 8, negative: negative)
          }
        }
      }
      if body.allSatisfy({ isDigit($0) || $0 == underscore }) {
        return integer(body, radix: 10, negative: negative)
      }
      if first == UInt8(ascii: ".") {
        switch String(decoding: body, as: UTF8.self) {
        case ".inf", ".Inf", ".INF": return .double(negative ? -.infinity : .infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
      }
      var cleaned: [UInt8] = []
      cleaned.reserveCapacity(body.count)
      var hasDigit = false
      var hasExponent = false
      for byte in body where byte != underscore {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): hasDigit = true
        case UInt8(ascii: "e"), UInt8(ascii: "E"): hasExponent = true
        case UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"): break
        default: return nil
        }
        cleaned.append(byte)
      }
      guard hasDigit, let double = Double(String(decoding: cleaned, as: UTF8.self)) else {
        return nil
      }
      if hasExponent {
        guard isDigit(cleaned[0]) || cleaned[0] == UInt8(ascii: ".") else { return nil }
      }
      return .double(negative ? -double : double)
    }
  }

  private static let underscore = UInt8(ascii: "_")

  private static func isDigit(_ byte: UInt8, below radix: UInt8 = 10) -> Bool {
    byte >= UInt8(ascii: "0") && byte < UInt8(ascii: "0") + radix
  }

  private static func integer(_ digits: UnsafeBufferPointer<UInt8>, radix: Int, negative: Bool)
    -> Value?
  {
    var magnitude = 0
    var sawDigit = false
    for byte in digits where byte != underscore {
      let digit: Int
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = Int(byte - UInt8(ascii: "a")) + 10
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = Int(byte - UInt8(ascii: "A")) + 10
      default: return nil
      }
      guard digit < radix else { return nil }
      let (shifted, overflowShift) = magnitude.multipliedReportingOverflow(by: radix)
      let (sum, overflowAdd) = shifted.addingReportingOverflow(digit)
      guard !overflowShift, !overflowAdd else { return nil }
      magnitude = sum
      sawDigit = true
    }
    guard sawDigit else { return nil }
    return .integer(negative ? -magnitude : magnitude)
  }
}
