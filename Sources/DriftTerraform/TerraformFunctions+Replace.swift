extension TerraformFunctions {
  /// `replace`: every occurrence of `substring`, or of the regular expression when it is
  /// written between slashes, whose `$1`, `${name}` references in `replacement` expand as in
  /// Go's `regexp`.
  static func replace(_ text: String, _ substring: String, _ replacement: String)
    throws(TerraformFunctionError) -> String
  {
    guard substring.utf8.count >= 2, substring.hasPrefix("/"), substring.hasSuffix("/") else {
      if substring.isEmpty {
        return replacement + text.unicodeScalars.map { String($0) + replacement }.joined()
      }
      return splitBytes(text, by: substring).joined(separator: replacement)
    }
    let pattern = String(substring.dropFirst().dropLast())
    let regex: Regex<AnyRegexOutput>
    do {
      regex = try Regex(pattern).matchingSemantics(.unicodeScalar)
    } catch {
      throw .invalid("substr", "invalid regular expression \"\(pattern)\"")
    }
    return text.replacing(regex) { match in expand(replacement, match.output) }
  }

  private static func expand(_ template: String, _ output: AnyRegexOutput) -> String {
    var result = ""
    var scalars = Substring(template).unicodeScalars[...]
    while let scalar = scalars.popFirst() {
      guard scalar == "$", let next = scalars.first else {
        result.unicodeScalars.append(scalar)
        continue
      }
      if next == "$" {
        scalars.removeFirst()
        result += "$"
        continue
      }
      var name = ""
      if next == "{" {
        guard let close = scalars.firstIndex(of: "}") else {
          result += "$"
          continue
        }
        name = String(scalars[scalars.index(after: scalars.startIndex)..<close])
        scalars = scalars[scalars.index(after: close)...]
      } else {
        while let character = scalars.first,
          character.properties.isAlphabetic || ("0"..."9").contains(character) || character == "_"
        {
          name.unicodeScalars.append(character)
          scalars.removeFirst()
        }
      }
      guard !name.isEmpty else {
        result += "$"
        continue
      }
      result += group(name, in: output)
    }
    return result
  }

  private static func group(_ name: String, in output: AnyRegexOutput) -> String {
    if let number = Int(name), name.allSatisfy(\.isASCII) {
      guard number < output.count, let text = output[number].substring else { return "" }
      return String(text)
    }
    guard let text = output[name]?.substring else { return "" }
    return String(text)
  }
}
