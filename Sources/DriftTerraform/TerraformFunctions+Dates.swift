import Foundation

extension TerraformFunctions {
  /// `formatdate` and the text encodings `textencodebase64` and `textdecodebase64`.
  static func dateAndTextFunction(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue?
  {
    switch arguments.function {
    case "formatdate":
      try arguments.expect(2)
      let time = try TimestampParts(arguments.string(1, "timestamp"))
      return .string(try formatDate(arguments.string(0, "format"), time))
    case "textencodebase64", "textdecodebase64":
      try arguments.expect(2)
      let name = try arguments.string(1, "encoding")
      guard let encoding = TextEncoding(name: name) else {
        // Terraform knows every IANA name; git-drift only the common ones.
        throw .unknownFunction(arguments.function + " with encoding " + name)
      }
      if arguments.function == "textencodebase64" {
        let text = try arguments.string(0, "string")
        guard let bytes = encoding.encode(text) else {
          throw .invalid(
            "string", "the given string contains characters that cannot be represented in \(name)")
        }
        return .string(Base64Text.encode(bytes))
      }
      let encoded = try arguments.string(0, "source")
      guard let bytes = Data(base64Encoded: encoded).map(Array.init) else {
        throw .invalid("source", "the given value is has an invalid base64 symbol")
      }
      guard let text = encoding.decode(bytes) else {
        throw .invalid("source", "the given value is not valid \(name) text")
      }
      return .string(text)
    case "ephemeralasnull":
      // Nothing git-drift reads is ephemeral: every value is itself.
      try arguments.expect(1)
      return arguments.values[0]
    default: return nil
    }
  }

  /// `format` applied to `time` as Terraform's `formatdate` does: letter sequences are fields,
  /// `'…'` is literal text (`''` a quote), other characters are copied.
  static func formatDate(_ format: String, _ time: TimestampParts) throws(TerraformFunctionError)
    -> String
  {
    let characters = Array(format)
    var output = ""
    var index = 0
    func padded(_ value: Int, _ width: Int) -> String {
      let digits = String(value)
      return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    while index < characters.count {
      let character = characters[index]
      if character == "'" {
        var end = index + 1
        var literal = ""
        while true {
          guard end < characters.count else {
            throw .invalid("format", "unterminated literal '")
          }
          if characters[end] == "'" {
            if end + 1 < characters.count, characters[end + 1] == "'" {
              literal.append("'")
              end += 2
              continue
            }
            break
          }
          literal.append(characters[end])
          end += 1
        }
        // `''` outside a literal is one quote.
        output += end == index + 1 ? "'" : literal
        index = end + 1
        continue
      }
      guard character.isLetter else {
        output.append(character)
        index += 1
        continue
      }
      var end = index
      while end < characters.count, characters[end] == character { end += 1 }
      let sequence = String(characters[index..<end])
      index = end
      let hour12 = time.hour % 12 == 0 ? 12 : time.hour % 12
      switch sequence {
      case "YYYY": output += padded(time.year, 4)
      case "YY": output += padded(time.year % 100, 2)
      case "MMMM": output += Self.monthNames[time.month - 1]
      case "MMM": output += String(Self.monthNames[time.month - 1].prefix(3))
      case "MM": output += padded(time.month, 2)
      case "M": output += String(time.month)
      case "DD": output += padded(time.day, 2)
      case "D": output += String(time.day)
      case "EEEE": output += Self.dayNames[time.weekday]
      case "EEE": output += String(Self.dayNames[time.weekday].prefix(3))
      case "hh": output += padded(time.hour, 2)
      case "h": output += String(time.hour)
      case "HH": output += padded(hour12, 2)
      case "H": output += String(hour12)
      case "AA": output += time.hour < 12 ? "AM" : "PM"
      case "aa": output += time.hour < 12 ? "am" : "pm"
      case "mm": output += padded(time.minute, 2)
      case "m": output += String(time.minute)
      case "ss": output += padded(time.second, 2)
      case "s": output += String(time.second)
      case "ZZZZZ": output += time.offsetText(colon: true)
      case "ZZZZ": output += time.offsetText(colon: false)
      case "ZZZ": output += time.offset == 0 ? "UTC" : time.offsetText(colon: false)
      case "Z": output += time.offset == 0 ? "Z" : time.offsetText(colon: true)
      default:
        throw .invalid("format", "invalid date format verb \"\(sequence)\"")
      }
    }
    return output
  }

  static let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  ]
  static let dayNames = [
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
  ]
}

/// An RFC 3339 timestamp as written, in its own offset (`2018-01-02T23:12:01-08:00`).
struct TimestampParts {
  var year: Int
  var month: Int
  var day: Int
  var hour: Int
  var minute: Int
  var second: Int
  /// Seconds east of UTC.
  var offset: Int

  init(_ text: String) throws(TerraformFunctionError) {
    let bytes = Array(text.utf8)
    func fail() -> TerraformFunctionError {
      .invalid("timestamp", "not a valid RFC3339 timestamp: \"\(text)\"")
    }
    func number(_ start: Int, _ count: Int) throws(TerraformFunctionError) -> Int {
      guard start + count <= bytes.count else { throw fail() }
      var value = 0
      for byte in bytes[start..<start + count] {
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { throw fail() }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
      }
      return value
    }
    func expect(_ index: Int, _ characters: String) throws(TerraformFunctionError) {
      guard index < bytes.count, characters.utf8.contains(bytes[index]) else { throw fail() }
    }
    year = try number(0, 4)
    try expect(4, "-")
    month = try number(5, 2)
    try expect(7, "-")
    day = try number(8, 2)
    try expect(10, "Tt")
    hour = try number(11, 2)
    try expect(13, ":")
    minute = try number(14, 2)
    try expect(16, ":")
    second = try number(17, 2)
    var index = 19
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      let start = index
      while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
        index += 1
      }
      guard index > start else { throw fail() }
    }
    try expect(index, "Zz+-")
    if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") {
      offset = 0
      index += 1
    } else {
      let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
      let hours = try number(index + 1, 2)
      try expect(index + 3, ":")
      let minutes = try number(index + 4, 2)
      guard hours < 24, minutes < 60 else { throw fail() }
      offset = sign * (hours * 3_600 + minutes * 60)
      index += 6
    }
    let monthDays = [31, Self.isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    guard index == bytes.count, (1...12).contains(month), day >= 1, day <= monthDays[month - 1],
      hour < 24, minute < 60, second < 60
    else { throw fail() }
  }

  static func isLeap(_ year: Int) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  }

  /// 0 for Sunday: days since 1970-01-01 (a Thursday) from the civil date.
  var weekday: Int {
    let shifted = month <= 2 ? year - 1 : year
    let era = (shifted >= 0 ? shifted : shifted - 399) / 400
    let yearOfEra = shifted - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    let days = era * 146_097 + dayOfEra - 719_468
    return ((days % 7) + 11) % 7
  }

  func offsetText(colon: Bool) -> String {
    let magnitude = abs(offset)
    let hours = String(format: "%02d", magnitude / 3_600)
    let minutes = String(format: "%02d", magnitude % 3_600 / 60)
    return (offset < 0 ? "-" : "+") + hours + (colon ? ":" : "") + minutes
  }
}

/// The text encodings git-drift converts, by the IANA names and aliases Terraform accepts.
enum TextEncoding {
  case utf8, utf16LittleEndian, utf16BigEndian, utf16WithMark, latin1, windows1252, ascii

  init?(name: String) {
    switch name.lowercased() {
    case "utf-8", "utf8": self = .utf8
    case "utf-16le": self = .utf16LittleEndian
    case "utf-16be": self = .utf16BigEndian
    case "utf-16": self = .utf16WithMark
    case "iso-8859-1", "iso_8859-1", "latin1", "l1", "iso-ir-100", "ibm819", "cp819":
      self = .latin1
    case "windows-1252", "cp1252": self = .windows1252
    case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "cp367", "ibm367":
      self = .ascii
    default: return nil
    }
  }

  func encode(_ text: String) -> [UInt8]? {
    switch self {
    case .utf8: return Array(text.utf8)
    case .utf16LittleEndian: return text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    case .utf16BigEndian: return text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    case .utf16WithMark:
      return [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    case .latin1, .ascii:
      let limit: UInt32 = self == .ascii ? 0x7F : 0xFF
      var bytes: [UInt8] = []
      for scalar in text.unicodeScalars {
        guard scalar.value <= limit else { return nil }
        bytes.append(UInt8(scalar.value))
      }
      return bytes
    case .windows1252:
      return text.data(using: .windowsCP1252).map(Array.init)
    }
  }

  func decode(_ bytes: [UInt8]) -> String? {
    switch self {
    case .utf8: return String(validating: bytes, as: UTF8.self)
    case .utf16LittleEndian, .utf16BigEndian, .utf16WithMark:
      guard bytes.count % 2 == 0 else { return nil }
      var units: [UInt16] = []
      var bigEndian = self != .utf16LittleEndian
      var start = 0
      if self == .utf16WithMark, bytes.count >= 2 {
        if bytes[0] == 0xFE, bytes[1] == 0xFF { start = 2 }
        if bytes[0] == 0xFF, bytes[1] == 0xFE {
          start = 2
          bigEndian = false
        }
      }
      for index in stride(from: start, to: bytes.count, by: 2) {
        let (high, low) =
          bigEndian ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
        units.append(UInt16(high) << 8 | UInt16(low))
      }
      return String(validating: units, as: UTF16.self)
    case .latin1:
      return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    case .ascii:
      guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
      return String(decoding: bytes, as: UTF8.self)
    case .windows1252:
      return String(data: Data(bytes), encoding: .windowsCP1252)
    }
  }
}
