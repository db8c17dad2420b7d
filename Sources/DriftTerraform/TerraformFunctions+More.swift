import BigInt
import Crypto
import DriftModel
import Foundation

extension TerraformFunctions {
  /// The functions of Terraform 1.11 beyond the first families: text (`indent`,
  /// `strcontains`, `urlencode`, paths), numbers (`parseint`, `log`, `pow`, `signum`), hashes
  /// (`sha1`, `sha512`, `base64sha256`, `base64sha512`, `uuidv5`), collections (`chunklist`,
  /// `transpose`, `matchkeys`, `setproduct`), `csvdecode` and time (`timecmp`, `timeadd`).
  static func moreFunction(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue?
  {
    switch arguments.function {
    case "indent":
      try arguments.expect(2)
      let spaces = String(repeating: " ", count: max(0, try arguments.integer(0, "spaces")))
      let lines = try arguments.string(1, "str").split(
        separator: "\n", omittingEmptySubsequences: false)
      return .string(
        lines.enumerated().map { $0.offset == 0 ? String($0.element) : spaces + $0.element }
          .joined(separator: "\n"))
    case "strcontains":
      try arguments.expect(2)
      let text = try arguments.string(0, "str")
      let part = try arguments.string(1, "substr")
      return .bool(part.isEmpty || text.utf8.firstRange(of: part.utf8) != nil)
    case "yamlencode":
      try arguments.expect(1)
      return .string(try TerraformYAML.encode(arguments[0]))
    case "urlencode":
      try arguments.expect(1)
      return .string(queryEscaped(try arguments.string(0, "str")))
    case "basename", "dirname":
      try arguments.expect(1)
      let path = try arguments.string(0, "path")
      return .string(arguments.function == "basename" ? basename(path) : dirname(path))
    case "parseint":
      try arguments.expect(2)
      return try parseInteger(arguments.string(0, "number"), base: arguments.integer(1, "base"))
    case "log":
      try arguments.expect(2)
      return .number(
        TerraformNumber(
          Foundation.log(try arguments.double(0, "num"))
            / Foundation.log(try arguments.double(1, "base"))))
    case "pow":
      try arguments.expect(2)
      return .number(
        TerraformNumber(
          Foundation.pow(try arguments.double(0, "num1"), try arguments.double(1, "num2"))))
    case "signum":
      try arguments.expect(1)
      // cty reads the argument as an int64: a fraction or a bigger number is an error.
      return .number(TerraformNumber(try arguments.integer(0, "num").signum()))
    case "sha1", "sha512", "base64sha256", "base64sha512":
      try arguments.expect(1)
      return try digest(arguments.function, of: Array(try arguments.string(0, "str").utf8))
    case "uuidv5":
      try arguments.expect(2)
      return .string(
        try uuidVersion5(
          namespace: arguments.string(0, "namespace"), name: arguments.string(1, "name")))
    case "chunklist":
      try arguments.expect(2)
      let list = try TerraformValue.unify(arguments.list(0, "list"), parameter: "list")
      let size = try arguments.integer(1, "size")
      guard size >= 0 else { throw .invalid("size", "the size argument must be positive") }
      guard size > 0 else { return .list([.list(list, .collection)], .collection) }
      return .list(
        stride(from: 0, to: list.count, by: size).map {
          .list(Array(list[$0..<min($0 + size, list.count)]), .collection)
        }, .collection)
    case "transpose":
      try arguments.expect(1)
      var result: [String: [String]] = [:]
      for (key, value) in try arguments.object(0, "values") {
        guard case .list(let elements, _) = value else {
          throw .invalid("values", "input must be a map of lists of strings")
        }
        for element in elements {
          guard let text = element.primitiveText else {
            throw .invalid("values", "input must be a map of lists of strings")
          }
          result[text, default: []].append(key)
        }
      }
      return .object(
        result.mapValues { .list($0.sorted().map(TerraformValue.string), .collection) },
        .collection)
    case "matchkeys":
      try arguments.expect(3)
      // Each parameter is list(any): a tuple becomes a list of one type first.
      let values = try TerraformValue.unify(arguments.list(0, "values"), parameter: "values")
      let keys = try TerraformValue.unify(arguments.list(1, "keys"), parameter: "keys")
      let searched = try TerraformValue.unify(
        arguments.list(2, "searchset"), parameter: "searchset")
      guard values.count == keys.count else {
        throw .invalid("keys", "length of keys and values should be equal")
      }
      return .list(
        zip(values, keys).filter { TerraformValue.position(of: $0.1, in: searched) != nil }
          .map(\.0), .collection)
    case "setproduct":
      try arguments.expect(1...Int.max)
      var product: [[TerraformValue]] = [[]]
      var isSet = false
      for index in arguments.values.indices {
        if case .set = arguments[index] { isSet = true }
        let elements = try TerraformValue.unify(arguments.list(index, "sets"), parameter: "sets")
        product = product.flatMap { prefix in elements.map { prefix + [$0] } }
      }
      let tuples = product.map { TerraformValue.list($0) }
      return isSet ? .set(tuples) : .list(tuples, .collection)
    case "csvdecode":
      try arguments.expect(1)
      return try csv(arguments.string(0, "str"))
    case "timecmp":
      try arguments.expect(2)
      let first = try timestamp(arguments.string(0, "timestamp_a"))
      let second = try timestamp(arguments.string(1, "timestamp_b"))
      return .number(first < second ? -1 : first > second ? 1 : 0)
    case "timeadd":
      try arguments.expect(2)
      let start = try timestamp(arguments.string(0, "timestamp"))
      let seconds = try duration(arguments.string(1, "duration"))
      return .string(rfc3339(start.addingTimeInterval(seconds)))
    default: return nil
    }
  }

  /// Go's `url.QueryEscape`: unreserved bytes kept, space as `+`, the rest `%XX`.
  private static func queryEscaped(_ text: String) -> String {
    var output = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
        UInt8(ascii: "."), UInt8(ascii: "~"):
        output.unicodeScalars.append(Unicode.Scalar(byte))
      case UInt8(ascii: " "): output += "+"
      default: output += String(format: "%%%02X", byte)
      }
    }
    return output
  }

  /// Go's `filepath.Base` on a Unix path.
  private static func basename(_ path: String) -> String {
    guard !path.isEmpty else { return "." }
    var trimmed = Substring(path)
    while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    if trimmed == "/" { return "/" }
    return String(trimmed.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
  }

  /// Go's `filepath.Dir` on a Unix path: everything before the last separator, cleaned.
  private static func dirname(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let folder = String(path[..<slash])
    if folder.isEmpty { return "/" }
    var parts: [Substring] = []
    for part in folder.split(separator: "/") where part != "." {
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
      } else {
        parts.append(part)
      }
    }
    let cleaned = parts.joined(separator: "/")
    if folder.hasPrefix("/") { return "/" + cleaned }
    return cleaned.isEmpty ? "." : cleaned
  }

  /// `parseint`: Go's `strconv.ParseInt` of any base from 2 to 62, digits then lower then
  /// upper case letters.
  private static func parseInteger(_ text: String, base: Int) throws(TerraformFunctionError)
    -> TerraformValue
  {
    guard (2...62).contains(base) else {
      throw .invalid("base", "base must be a whole number between 2 and 62 inclusive")
    }
    var digits = Substring(text)
    var negative = false
    if let sign = digits.first, sign == "-" || sign == "+" {
      negative = sign == "-"
      digits = digits.dropFirst()
    }
    guard !digits.isEmpty else {
      throw .invalid(
        "number", "cannot parse \(TerraformJSON.encode(.string(text))) as a base \(base) integer")
    }
    var value = BigUInt(0)
    for character in digits {
      let digit: Int?
      switch character {
      case "0"..."9": digit = Int(character.asciiValue ?? 0) - 48
      case "a"..."z": digit = Int(character.asciiValue ?? 0) - 97 + 10
      case "A"..."Z":
        digit =
          base <= 36
          ? Int(character.asciiValue ?? 0) - 65 + 10 : Int(character.asciiValue ?? 0) - 65 + 36
      default: digit = nil
      }
      guard let digit, digit < base else {
        throw .invalid(
          "number", "cannot parse \(TerraformJSON.encode(.string(text))) as a base \(base) integer")
      }
      value = value * BigUInt(base) + BigUInt(digit)
    }
    let number = TerraformNumber.rounded(
      negative: negative, numerator: value, denominator: 1, exponent: 0,
      precision: TerraformNumber.precision)
    return .number(number)
  }

  /// RFC 4122 version 5: SHA-1 of the namespace's bytes and the name; `dns`, `url`, `oid` and
  /// `x500` name the standard namespaces.
  private static func uuidVersion5(namespace: String, name: String) throws(TerraformFunctionError)
    -> String
  {
    let standard = [
      "dns": "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "url": "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
      "oid": "6ba7b812-9dad-11d1-80b4-00c04fd430c8", "x500": "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
    ]
    let text = standard[namespace] ?? namespace
    let hex = text.filter { $0 != "-" }
    guard hex.count == 32, hex.allSatisfy(\.isHexDigit) else {
      throw .invalid("namespace", "uuidv5() doesn't support namespace \(namespace)")
    }
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
      index = next
    }
    var digest = Array(Insecure.SHA1.hash(data: bytes + Array(name.utf8)).prefix(16))
    digest[6] = (digest[6] & 0x0f) | 0x50
    digest[8] = (digest[8] & 0x3f) | 0x80
    let out = hexadecimal(digest)
    let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
      String(out.dropFirst(range.lowerBound).prefix(range.count))
    }
    return parts.joined(separator: "-")
  }

  /// `csvdecode`: RFC 4180 as Go's `encoding/csv` reads it, the first row naming the fields;
  /// a list of objects of strings.
  private static func csv(_ text: String) throws(TerraformFunctionError) -> TerraformValue {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var started = false
    var characters = Array(text)
    if characters.last != "\n" { characters.append("\n") }
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if quoted {
        if character == "\"" {
          if index + 1 < characters.count, characters[index + 1] == "\"" {
            field.append("\"")
            index += 1
          } else {
            quoted = false
          }
        } else {
          field.append(character)
        }
      } else if character == "\"" && field.isEmpty {
        quoted = true
        started = true
      } else if character == "," {
        row.append(field)
        field = ""
        started = true
      } else if character == "\n" || character == "\r\n" {
        if started || !field.isEmpty || !row.isEmpty {
          row.append(field)
          rows.append(row)
        }
        row = []
        field = ""
        started = false
      } else if character != "\r" {
        field.append(character)
        started = true
      }
      index += 1
    }
    guard !quoted else { throw .failed("csvdecode", "extraneous or missing \" in quoted-field") }
    guard let header = rows.first else { return .list([], .collection) }
    var objects: [TerraformValue] = []
    for (number, values) in rows.dropFirst().enumerated() {
      guard values.count == header.count else {
        throw .failed("csvdecode", "record on line \(number + 2): wrong number of fields")
      }
      var object: [String: TerraformValue] = [:]
      for (key, value) in zip(header, values) { object[key] = .string(value) }
      objects.append(.object(object))
    }
    return .list(objects, .collection)
  }

  /// An RFC 3339 timestamp, as Terraform's time functions require.
  private static func timestamp(_ text: String) throws(TerraformFunctionError) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime]
    guard let date = formatter.date(from: text) else {
      throw .invalid("timestamp", "not a valid RFC3339 timestamp: \(text)")
    }
    return date
  }

  private static func rfc3339(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }

  /// Go's `time.ParseDuration`: a sequence of numbers with units ns, us, ms, s, m, h.
  private static func duration(_ text: String) throws(TerraformFunctionError) -> TimeInterval {
    let units: [(String, Double)] = [
      ("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600),
    ]
    var rest = Substring(text)
    var sign = 1.0
    if let first = rest.first, first == "-" || first == "+" {
      sign = first == "-" ? -1 : 1
      rest = rest.dropFirst()
    }
    guard !rest.isEmpty else { throw .invalid("duration", "time: invalid duration \"\(text)\"") }
    if rest == "0" { return 0 }
    var total = 0.0
    while !rest.isEmpty {
      let number = rest.prefix { $0.isNumber || $0 == "." }
      guard let value = Double(number) else {
        throw .invalid("duration", "time: invalid duration \"\(text)\"")
      }
      rest = rest.dropFirst(number.count)
      guard
        let unit = units.first(where: {
          rest.hasPrefix($0.0) && !(($0.0 == "m") && rest.hasPrefix("ms"))
        })
      else {
        throw .invalid("duration", "time: missing unit in duration \"\(text)\"")
      }
      rest = rest.dropFirst(unit.0.count)
      total += value * unit.1
    }
    return sign * total
  }
}

extension TerraformFunctions {
  /// `function` (`md5`, `sha1`, `sha256`, `sha512`, `base64sha256`, `base64sha512`) of
  /// `bytes`: what the string functions compute of a string's UTF-8 and the `file…` ones of a
  /// file's bytes.
  static func digest(_ function: String, of bytes: [UInt8]) throws(TerraformFunctionError)
    -> TerraformValue
  {
    let digest: [UInt8]
    switch function {
    case "md5": digest = Array(Insecure.MD5.hash(data: bytes))
    case "sha1": digest = Array(Insecure.SHA1.hash(data: bytes))
    case "sha256", "base64sha256": digest = Array(SHA256.hash(data: bytes))
    case "sha512", "base64sha512": digest = Array(SHA512.hash(data: bytes))
    default: throw .unknownFunction(function)
    }
    if function.hasPrefix("base64") { return .string(Base64Text.encode(digest)) }
    return .string(hexadecimal(digest))
  }
}
