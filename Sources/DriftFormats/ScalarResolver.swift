public import DriftModel

/// Resolves plain YAML scalars to typed values the way Kubernetes tooling does (YAML 1.1).
public enum ScalarResolver {
  private static let trueWords: Set<String> = [
    "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON",
  ]
  private static let falseWords: Set<String> = [
    "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF",
  ]
  private static let nullWords: Set<String> = ["", "~", "null", "Null", "NULL"]

  /// The typed value of a plain (unquoted) scalar.
  public static func resolvePlain(_ text: String) -> Value {
    guard let first = text.utf8.first else { return .null }
    let mayBeWord =
      (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z"))
      || (first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")) || first == UInt8(ascii: "~")
    if mayBeWord {
      if text.utf8.count > 5 { return .string(text) }
      if trueWords.contains(text) { return .bool(true) }
      if falseWords.contains(text) { return .bool(false) }
      if nullWords.contains(text) { return .null }
      return .string(text)
    }
    let mayBeNumber =
      (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
      || first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
    guard mayBeNumber else { return .string(text) }
    return number(text) ?? .string(text)
  }

  private static func number(_ text: String) -> Value? {
    var body = Substring(text)
    var negative = false
    if body.first == "-" || body.first == "+" {
      negative = body.first == "-"
      body = body.dropFirst()
    }
    guard !body.isEmpty else { return nil }
    if body.hasPrefix("0x") || body.hasPrefix("0X") {
      return integer(body.dropFirst(2), radix: 16, negative: negative)
    }
    if body.hasPrefix("0b") {
      return integer(body.dropFirst(2), radix: 2, negative: negative)
    }
    if body.count > 1, body.first == "0", body.allSatisfy({ $0 >= "0" && $0 <= "7" || $0 == "_" }) {
      return integer(body.dropFirst(), radix: 8, negative: negative)
    }
    if body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "_") }) {
      return integer(body, radix: 10, negative: negative)
    }
    switch body {
    case ".inf", ".Inf", ".INF": return .double(negative ? -.infinity : .infinity)
    case ".nan", ".NaN", ".NAN": return .double(.nan)
    default: break
    }
    let cleaned = body.filter { $0 != "_" }
    guard cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || "eE.+-".contains($0)) }),
      cleaned.contains(where: { $0.isNumber }), let double = Double(cleaned)
    else { return nil }
    if cleaned.contains("e") || cleaned.contains("E") {
      guard cleaned.first?.isNumber == true || cleaned.first == "." else { return nil }
    }
    return .double(negative ? -double : double)
  }

  private static func integer(_ digits: Substring, radix: Int, negative: Bool) -> Value? {
    let cleaned = digits.filter { $0 != "_" }
    guard !cleaned.isEmpty, let magnitude = Int(cleaned, radix: radix) else { return nil }
    return .integer(negative ? -magnitude : magnitude)
  }
}
