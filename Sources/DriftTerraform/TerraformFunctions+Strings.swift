extension TerraformFunctions {
  /// Functions over strings, other than `format` and `formatlist`.
  static func stringFunction(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue?
  {
    switch arguments.function {
    case "join":
      try arguments.expect(2...Int.max)
      let separator = try arguments.string(0, "separator")
      var parts: [String] = []
      for index in arguments.values.indices.dropFirst() {
        for element in try arguments.list(index, "lists") {
          guard let text = element.primitiveText else {
            throw .invalid("lists", "element must be a string, got \(element.typeName)")
          }
          parts.append(text)
        }
      }
      return .string(parts.joined(separator: separator))
    case "split":
      try arguments.expect(2)
      let parts = splitBytes(
        try arguments.string(1, "str"), by: try arguments.string(0, "separator"))
      return .list(parts.map(TerraformValue.string), .collection)
    case "lower", "upper", "title", "trimspace", "chomp", "strrev":
      try arguments.expect(1)
      return .string(transform(arguments.function, try arguments.string(0, "str")))
    case "replace":
      try arguments.expect(3)
      return .string(
        try replace(
          arguments.string(0, "str"), arguments.string(1, "substr"), arguments.string(2, "replace"))
      )
    case "trim":
      try arguments.expect(2)
      let cutset = Set(try arguments.string(1, "cutset").unicodeScalars)
      var scalars = Substring(try arguments.string(0, "str")).unicodeScalars
      while let first = scalars.first, cutset.contains(first) { scalars.removeFirst() }
      while let last = scalars.last, cutset.contains(last) { scalars.removeLast() }
      return .string(String(scalars))
    case "trimprefix", "startswith":
      try arguments.expect(2)
      let text = try arguments.string(0, "str")
      let prefix = try arguments.string(1, arguments.function == "trimprefix" ? "prefix" : "prefix")
      let matches = text.utf8.starts(with: prefix.utf8)
      if arguments.function == "startswith" { return .bool(matches) }
      return .string(
        matches ? String(decoding: text.utf8.dropFirst(prefix.utf8.count), as: UTF8.self) : text)
    case "trimsuffix", "endswith":
      try arguments.expect(2)
      let text = try arguments.string(0, "str")
      let suffix = try arguments.string(1, "suffix")
      let matches = text.utf8.reversed().starts(with: suffix.utf8.reversed())
      if arguments.function == "endswith" { return .bool(matches) }
      return .string(
        matches ? String(decoding: text.utf8.dropLast(suffix.utf8.count), as: UTF8.self) : text)
    case "substr": return try substr(arguments)
    default: return nil
    }
  }

  private static func transform(_ function: String, _ text: String) -> String {
    switch function {
    case "lower": return mapScalars(text) { $0.properties.lowercaseMapping }
    case "upper": return mapScalars(text) { $0.properties.uppercaseMapping }
    case "title": return title(text)
    case "trimspace":
      var scalars = Substring(text).unicodeScalars
      while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
      while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
      return String(scalars)
    case "chomp":
      var scalars = Substring(text).unicodeScalars
      while let last = scalars.last, last == "\n" || last == "\r" { scalars.removeLast() }
      return String(scalars)
    default: return String(text.reversed())
    }
  }

  /// Maps each scalar as Go's simple case mapping does: a mapping to several scalars (`ß` to
  /// `SS`) leaves the scalar as it is.
  private static func mapScalars(
    _ text: String, _ mapping: (Unicode.Scalar) -> String
  ) -> String {
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      let mapped = mapping(scalar).unicodeScalars
      if mapped.count == 1, let single = mapped.first {
        result.append(single)
      } else {
        result.append(scalar)
      }
    }
    return String(result)
  }

  /// Go's `strings.Title`: a letter after a separator (a space, or ASCII that is not a letter,
  /// digit or underscore) becomes upper case.
  private static func title(_ text: String) -> String {
    var result = String.UnicodeScalarView()
    var afterSeparator = true
    for scalar in text.unicodeScalars {
      let mapped = scalar.properties.titlecaseMapping.unicodeScalars
      if afterSeparator, mapped.count == 1, let single = mapped.first {
        result.append(single)
      } else {
        result.append(scalar)
      }
      afterSeparator = isTitleSeparator(scalar)
    }
    return String(result)
  }

  private static func isTitleSeparator(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII {
      let character = Character(scalar)
      return !(character.isLetter || character.isNumber || character == "_")
    }
    if scalar.properties.isAlphabetic || scalar.properties.numericType != nil { return false }
    return scalar.properties.isWhitespace
  }

  /// Go's `strings.Split`: by bytes; an empty separator splits after each character.
  static func splitBytes(_ text: String, by separator: String) -> [String] {
    if separator.isEmpty { return text.unicodeScalars.map { String($0) } }
    let bytes = Array(text.utf8)
    let needle = Array(separator.utf8)
    var parts: [String] = []
    var start = 0
    var index = 0
    while index + needle.count <= bytes.count {
      if bytes[index..<index + needle.count].elementsEqual(needle) {
        parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
        index += needle.count
        start = index
      } else {
        index += 1
      }
    }
    parts.append(String(decoding: bytes[start...], as: UTF8.self))
    return parts
  }

  private static func substr(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue
  {
    try arguments.expect(3)
    let characters = Array(try arguments.string(0, "str"))
    var offset = try arguments.integer(1, "offset")
    var length = try arguments.integer(2, "length")
    if offset < 0 {
      offset += characters.count
      guard offset >= 0 else {
        throw .invalid("offset", "offset must not be greater than the length of the string")
      }
    }
    guard offset <= characters.count else { return .string("") }
    if length < 0 || offset + length > characters.count { length = characters.count - offset }
    return .string(String(characters[offset..<offset + length]))
  }
}
