import DriftModel
import Foundation

/// Resolves YAML scalars as Terraform's `yamldecode` (go-cty-yaml) does, which is neither
/// Kubernetes' YAML 1.1 nor plain YAML 1.2.
///
/// Booleans and nulls are YAML 1.1's (`yes`, `off`, `y`, `N`, `~`, `Null`); integers are
/// YAML 1.2's (`017` is 17, `0o17` 15, `0x1F` 31; no `0X`, `0b`, signs before a base, `_` or
/// sexagesimal); floats YAML 1.2's (`1e3`, `.5`, `1.`, `.inf`; `.nan` is an error); a plain
/// timestamp is written as RFC 3339 without its fraction. A quoted scalar is a string
/// whatever its tag; a plain one with a core tag must read as that tag; other tags are errors.
/// Checked against `terraform console` in the recorded expectations (families `yaml` and
/// `yaml numbers`).
enum CtyScalarResolver {
  static let core = "tag:yaml.org,2002:"

  /// The value of a scalar, or Terraform's reason it has none.
  static func resolve(_ text: String, tag: String?, plain: Bool) -> Result<Value, Problem> {
    if let tag, !tag.hasPrefix(core) || !scalarTags.contains(String(tag.dropFirst(core.count))) {
      let shown = tag.hasPrefix(core) ? "!!" + tag.dropFirst(core.count) : Substring(tag)
      return .failure(Problem("unsupported tag \"\(shown)\""))
    }
    guard plain else { return .success(.string(text)) }
    let implied = resolveImplied(text)
    guard let tag else { return implied }
    let name = tag.dropFirst(core.count)
    func mustBe(_ fits: (Value) -> Bool) -> Result<Value, Problem> {
      if case .success(let value) = implied, fits(value) { return implied }
      return .failure(Problem("cannot parse \"\(text)\" as \(tag)"))
    }
    switch name {
    case "str", "binary": return .success(.string(text))
    case "null": return .success(.null)
    case "bool": return mustBe { if case .bool = $0 { true } else { false } }
    case "int", "float":
      return mustBe {
        switch $0 {
        case .integer, .double: true
        default: false
        }
      }
    default:
      guard let stamp = timestamp(text) else {
        return .failure(Problem("cannot parse \"\(text)\" as \(tag)"))
      }
      return .success(.string(stamp))
    }
  }

  struct Problem: Error {
    var message: String
    init(_ message: String) { self.message = message }
  }

  private static let scalarTags: Set<String> = [
    "str", "int", "float", "bool", "null", "timestamp", "binary",
  ]

  private static let words: [String: Value] = {
    var words: [String: Value] = [:]
    for word in ["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"] {
      words[word] = .bool(true)
    }
    for word in ["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"] {
      words[word] = .bool(false)
    }
    for word in ["", "~", "null", "Null", "NULL"] { words[word] = .null }
    return words
  }()

  /// A plain, untagged scalar.
  static func resolveImplied(_ text: String) -> Result<Value, Problem> {
    if let word = words[text] { return .success(word) }
    let bytes = Array(text.utf8)
    func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    // Integers: decimal with a sign, 0o octal, 0x hexadecimal.
    let unsigned =
      bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+")
      ? Array(bytes.dropFirst()) : bytes
    if !unsigned.isEmpty, unsigned.allSatisfy(isDigit) {
      if let integer = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text) {
        return .success(.integer(integer))
      }
      return .success(.double(Double(text) ?? 0))
    }
    for (prefix, radix) in [("0o", 8), ("0x", 16)] where text.hasPrefix(prefix) {
      let digits = text.dropFirst(2)
      if !digits.isEmpty, digits.allSatisfy({ ($0.hexDigitValue ?? radix) < radix && $0.isASCII }) {
        if let integer = Int(digits, radix: radix) { return .success(.integer(integer)) }
        let large = digits.reduce(0.0) { $0 * Double(radix) + Double($1.hexDigitValue ?? 0) }
        return .success(.double(large))
      }
    }
    switch text {
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .success(.double(.infinity))
    case "-.inf", "-.Inf", "-.INF": return .success(.double(-.infinity))
    case ".nan", ".NaN", ".NAN": return .failure(Problem("floating point NaN is not supported"))
    default: break
    }
    if isFloat(unsigned), let double = Double(text) { return .success(.double(double)) }
    if let stamp = timestamp(text) { return .success(.string(stamp)) }
    return .success(.string(text))
  }

  /// YAML 1.2's float without its sign: `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
  private static func isFloat(_ bytes: [UInt8]) -> Bool {
    func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    var index = 0
    var digits = 0
    while index < bytes.count, isDigit(bytes[index]) {
      index += 1
      digits += 1
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      var fraction = 0
      while index < bytes.count, isDigit(bytes[index]) {
        index += 1
        fraction += 1
      }
      if digits == 0 && fraction == 0 { return false }
    } else if digits == 0 {
      return false
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")
      {
        index += 1
      }
      var exponent = 0
      while index < bytes.count, isDigit(bytes[index]) {
        index += 1
        exponent += 1
      }
      if exponent == 0 { return false }
    }
    return index == bytes.count
  }

  /// go-yaml's timestamps (`2001-12-14`, `2001-12-14T21:59:43.10-05:00`, `2001-12-14
  /// 21:59:43`), as Go's RFC 3339 writes them: no fraction, `Z` for UTC.
  static func timestamp(_ text: String) -> String? {
    let bytes = Array(text.utf8)
    guard bytes.count >= 8, bytes[0..<4].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      bytes[4] == UInt8(ascii: "-")
    else { return nil }
    var index = 0
    func number(_ least: Int, _ most: Int) -> Int? {
      var value = 0
      var count = 0
      while index < bytes.count, count < most, bytes[index] >= 0x30, bytes[index] <= 0x39 {
        value = value * 10 + Int(bytes[index] - 0x30)
        index += 1
        count += 1
      }
      return count >= least ? value : nil
    }
    func expect(_ byte: UInt8) -> Bool {
      guard index < bytes.count, bytes[index] == byte else { return false }
      index += 1
      return true
    }
    guard let year = number(4, 4), expect(UInt8(ascii: "-")), let month = number(1, 2),
      expect(UInt8(ascii: "-")), let day = number(1, 2), (1...12).contains(month),
      day >= 1, day <= daysIn(month, year)
    else { return nil }
    let date = String(format: "%04d-%02d-%02d", year, month, day)
    if index == bytes.count { return date + "T00:00:00Z" }
    let separator = bytes[index]
    guard
      separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t")
        || separator == UInt8(ascii: " ")
    else { return nil }
    index += 1
    guard let hour = number(1, 2), expect(UInt8(ascii: ":")), let minute = number(1, 2),
      expect(UInt8(ascii: ":")), let second = number(1, 2), hour < 24, minute < 60, second < 60
    else { return nil }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard number(1, 9) != nil else { return nil }
    }
    let time = String(format: "T%02d:%02d:%02d", hour, minute, second)
    if index == bytes.count { return separator == UInt8(ascii: " ") ? date + time + "Z" : nil }
    // The layouts with a T take a zone, `Z` or ±hh:mm; the one with a space takes none.
    guard separator != UInt8(ascii: " ") else { return nil }
    if expect(UInt8(ascii: "Z")) { return index == bytes.count ? date + time + "Z" : nil }
    guard index < bytes.count,
      bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
    else { return nil }
    let sign = bytes[index] == UInt8(ascii: "+") ? "+" : "-"
    index += 1
    guard let hours = number(2, 2), expect(UInt8(ascii: ":")), let minutes = number(2, 2),
      index == bytes.count
    else { return nil }
    return date + time + sign + String(format: "%02d:%02d", hours, minutes)
  }

  private static func daysIn(_ month: Int, _ year: Int) -> Int {
    switch month {
    case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// A resolved mapping key as the string Terraform makes of it (`yes` is `"true"`, `0x1F`
  /// `"31"`, `1.50` `"1.5"`); nil for null.
  static func keyText(_ value: Value) -> String? {
    switch value {
    case .null: return nil
    case .bool(let flag): return flag ? "true" : "false"
    case .integer(let integer): return String(integer)
    case .double(let double):
      if double == double.rounded(), abs(double) < 1e15 { return String(Int(double)) }
      return "\(double)"
    case .string(let text): return text
    default: return nil
    }
  }
}
