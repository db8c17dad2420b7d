extension TerraformFunctions {
  /// `regex` and `regexall`: Terraform's results for RE2 patterns.
  static func regexFunction(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue?
  {
    guard arguments.function == "regex" || arguments.function == "regexall" else { return nil }
    try arguments.expect(2)
    let pattern = try arguments.string(0, "pattern")
    let text = Array(try arguments.string(1, "string").unicodeScalars)
    let regex = try compile(pattern, parameter: "pattern")
    let shape = try resultShape(of: regex)
    var budget = TerraformRegex.stepBudget
    let matches: [[Int]]
    do throws(TerraformRegexError) {
      matches =
        arguments.function == "regexall"
        ? try regex.allMatches(in: text, budget: &budget)
        : try regex.firstMatch(in: text, from: 0, budget: &budget).map { [$0] } ?? []
    } catch {
      throw costly(arguments.function, error)
    }
    if arguments.function == "regexall" {
      return .list(matches.map { result(shape, regex, $0, text) }, .collection)
    }
    guard let match = matches.first else {
      throw .failed(arguments.function, "pattern did not match any part of the given string")
    }
    return result(shape, regex, match, text)
  }

  /// `replace`: every occurrence of `substring`, or of the regular expression when it is
  /// written between slashes, whose `$1`, `${name}` references in `replacement` expand as in
  /// Go's `regexp`.
  static func replace(_ text: String, _ substring: String, _ replacement: String)
    throws(TerraformFunctionError) -> String
  {
    guard substring.utf8.count >= 2, substring.hasPrefix("/"), substring.hasSuffix("/") else {
      let pieces =
        substring.isEmpty ? text.unicodeScalars.count + 1 : splitBytes(text, by: substring).count
      guard
        text.utf8.count + (pieces - 1) * replacement.utf8.count
          <= TerraformEvaluationLimits.standardValue
      else { throw tooLong }
      if substring.isEmpty {
        return replacement + text.unicodeScalars.map { String($0) + replacement }.joined()
      }
      return splitBytes(text, by: substring).joined(separator: replacement)
    }
    let regex = try compile(String(substring.dropFirst().dropLast()), parameter: "substr")
    let scalars = Array(text.unicodeScalars)
    var budget = TerraformRegex.stepBudget
    // An array: String.UnicodeScalarView counts in linear time, checked after every match.
    var result: [Unicode.Scalar] = []
    // Go's ReplaceAllString: no replacement for an empty match right after another match,
    // and the search always moves on by at least one character.
    var searchFrom = 0
    var lastEnd = 0
    var overflows = false
    do throws(TerraformRegexError) {
      while searchFrom <= scalars.count,
        let match = try regex.firstMatch(in: scalars, from: searchFrom, budget: &budget)
      {
        result.append(contentsOf: scalars[lastEnd..<match[0]])
        if match[1] > lastEnd || match[0] == 0 {
          expand(replacement, match, regex, scalars, into: &result)
          // `$1$1$1…` expands each match many times over: the text can grow quadratically.
          guard result.count <= TerraformEvaluationLimits.standardValue else {
            overflows = true
            break
          }
        }
        lastEnd = match[1]
        searchFrom = max(searchFrom + 1, match[1])
      }
    } catch {
      throw costly("replace", error)
    }
    if overflows { throw tooLong }
    result.append(contentsOf: scalars[lastEnd...])
    return String(String.UnicodeScalarView(result))
  }

  private static var tooLong: TerraformFunctionError {
    .failed(
      "replace", "the result would be longer than \(TerraformEvaluationLimits.standardValue) bytes")
  }

  private static func compile(_ pattern: String, parameter: String)
    throws(TerraformFunctionError) -> TerraformRegex
  {
    do throws(TerraformRegexError) {
      return try TerraformRegex(pattern)
    } catch {
      switch error {
      case .invalid(let reason):
        throw .invalid(parameter, "invalid regexp pattern: \(reason) in \(pattern)")
      case .unsupported(let what):
        throw .unevaluable("\(what) is not evaluated")
      case .tooCostly:
        throw .unevaluable("the pattern is too costly to match")
      }
    }
  }

  private static func costly(_ function: String, _ error: TerraformRegexError)
    -> TerraformFunctionError
  {
    .unevaluable(
      "\(function) needs more than \(TerraformRegex.stepBudget) matching steps; not evaluated")
  }

  private enum ResultShape { case string, tuple, object }

  private static func resultShape(of regex: TerraformRegex) throws(TerraformFunctionError)
    -> ResultShape
  {
    let named = regex.captureNames.compactMap { $0 }.count
    switch (named, regex.captureCount - named) {
    case (0, 0): return .string
    case (_, 0): return .object
    case (0, _): return .tuple
    default:
      throw .invalid(
        "pattern", "invalid regexp pattern: cannot use both named and unnamed capture groups")
    }
  }

  private static func result(
    _ shape: ResultShape, _ regex: TerraformRegex, _ match: [Int], _ text: [Unicode.Scalar]
  ) -> TerraformValue {
    func group(_ index: Int) -> TerraformValue {
      let start = match[2 * index]
      let end = match[2 * index + 1]
      guard start >= 0, end >= 0 else { return .null }
      return .string(String(String.UnicodeScalarView(text[start..<end])))
    }
    switch shape {
    case .string: return group(0)
    case .tuple: return .list((1...regex.captureCount).map(group))
    case .object:
      var members: [String: TerraformValue] = [:]
      for (index, name) in regex.captureNames.enumerated() {
        if let name { members[name] = group(index + 1) }
      }
      return .object(members)
    }
  }

  /// Go's `Expand`: `$1`, `$name`, `${name}`, `$$`; a malformed reference is literal text.
  private static func expand(
    _ template: String, _ match: [Int], _ regex: TerraformRegex, _ text: [Unicode.Scalar],
    into result: inout [Unicode.Scalar]
  ) {
    func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
      scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal || scalar == "_"
    }
    var scalars = Substring(template).unicodeScalars[...]
    while let scalar = scalars.popFirst() {
      guard scalar == "$", let next = scalars.first else {
        result.append(scalar)
        continue
      }
      if next == "$" {
        scalars.removeFirst()
        result.append("$")
        continue
      }
      var name = ""
      if next == "{" {
        let body = scalars.dropFirst()
        guard let close = body.firstIndex(of: "}"), body[..<close].allSatisfy(isNameScalar)
        else {
          result.append("$")
          continue
        }
        name = String(String.UnicodeScalarView(body[..<close]))
        scalars = scalars[scalars.index(after: close)...]
      } else {
        while let character = scalars.first, isNameScalar(character) {
          name.unicodeScalars.append(character)
          scalars.removeFirst()
        }
      }
      guard !name.isEmpty else {
        result.append("$")
        continue
      }
      let index: Int? =
        if name.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
          Int(name.prefix(9))
        } else {
          regex.captureNames.firstIndex(of: name).map { $0 + 1 }
        }
      guard let index, index <= regex.captureCount, match[2 * index] >= 0 else { continue }
      result.append(contentsOf: text[match[2 * index]..<match[2 * index + 1]])
    }
  }
}
