import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Testing

@testable import DriftTerraform

/// `regex`, `regexall` and `replace` with a pattern: RE2 as Go's `regexp` runs it, in time
/// linear in the text, checked against the real `terraform console`.
@Suite struct TerraformRegexTests {
  private static let isTerraformAvailable =
    (try? Shell.run(["terraform", "version"]))?.status == 0

  @Test func catastrophicBacktrackingPatternsRunInLinearTime() throws {
    // Swift's backtracking Regex ran for minutes on this; RE2 takes 28 × 9 steps.
    let text = String(repeating: "a", count: 28)
    #expect(
      try TerraformFunctions.call("replace", [.string(text), "/(a+)+b/", "x"]) == .string(text))
    let long = String(repeating: "a", count: 5_000)
    #expect(try TerraformFunctions.call("regexall", ["(a|aa)*c", .string(long)]) == .list([]))
    #expect(
      try TerraformFunctions.call("regex", ["^(a+)+$", .string(long)])
        == .list([.string(long)]))
  }

  @Test func matchingStopsAtItsStepBudget() throws {
    let regex = try TerraformRegex("(" + Array(repeating: "[ab]?", count: 60).joined() + ")c")
    let text = Array(String(repeating: "ab", count: 2_000).unicodeScalars)
    var budget = 100_000
    #expect(throws: TerraformRegexError.tooCostly) {
      try regex.allMatches(in: text, budget: &budget)
    }
    var enough = 10_000_000
    #expect(try regex.allMatches(in: text, budget: &enough).isEmpty)
    #expect(enough < 10_000_000 - 100_000)
  }

  @Test func patternsBeyondTheEngineAreUnevaluatedNotErrors() throws {
    for pattern in ["\\p{Greek}", "(?:a{1000}){1000}"] {
      #expect {
        try TerraformFunctions.call("regex", [.string(pattern), "a"])
      } throws: { error in
        guard case TerraformFunctionError.unevaluable = error else { return false }
        return true
      }
    }
    // The evaluator counts such an attribute as unknown instead of failing the check.
    let evaluator = TerraformEvaluator(
      secrets: SecretDigester(key: [1]), live: [:],
      files: TerraformFixtures.lister([
        "infra/main.tf": """
        resource "terraform_data" "a" {
          input = replace("abc", "/\\\\p{Greek}/", "x")
        }
        """
      ]))
    let state = try evaluator.evaluate(root: "infra")
    #expect(state.resources.count == 1)
    #expect(state.unevaluated["terraform_data.a"] == ["/input"])
  }

  @Test func resultsTakeTerraformsShapes() throws {
    #expect(try TerraformFunctions.call("regex", ["[a-z]+", "12abc3"]) == "abc")
    #expect(
      try TerraformFunctions.call("regex", ["(\\d+)-(x)?", "12-"]) == .list(["12", .null]))
    #expect(
      try TerraformFunctions.call("regex", ["(?P<k>\\w+)=(?P<v>\\w*)", "a=b"])
        == .object(["k": "a", "v": "b"]))
    #expect(
      try TerraformFunctions.call("regexall", ["a*", "baaac"]) == .list(["", "aaa", ""]))
    #expect(throws: TerraformFunctionError.self) {
      try TerraformFunctions.call("regex", ["(a)(?P<n>b)", "ab"])
    }
    #expect(throws: TerraformFunctionError.self) {
      try TerraformFunctions.call("regex", ["z", "ab"])
    }
    #expect(throws: TerraformFunctionError.self) {
      try TerraformFunctions.call("regex", ["a**", "ab"])
    }
  }

  /// Seeded random patterns, texts and templates, all evaluated by one `terraform console`
  /// call; `DRIFT_REGEX_SEED` replays a failure.
  @Test(.enabled(if: isTerraformAvailable, "terraform is not on PATH"))
  func agreesWithTerraformConsole() throws {
    let seed =
      ProcessInfo.processInfo.environment["DRIFT_REGEX_SEED"].flatMap { UInt64($0) } ?? 20_261_207
    var generator = SeededGenerator(seed: seed)
    var cases: [RegexCase] = []
    for _ in 0..<400 { cases.append(RegexCase.random(using: &generator)) }
    let expression =
      "jsonencode([" + cases.map(\.terraformExpression).joined(separator: ", ") + "])"
    let run = try Shell.run(
      ["terraform", "console", "-no-color"], cwd: FileManager.default.temporaryDirectory.path,
      env: ["TF_CLI_CONFIG_FILE": "/dev/null", "CHECKPOINT_DISABLE": "1"],
      stdin: expression + "\n")
    try #require(run.status == 0, "terraform console: \(run.stderr)")
    // The console prints the JSON text as a quoted string: a JSON string literal.
    let printed = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let text = try #require(
      try JSONReader.parse(Array(printed.utf8), file: "console").stringValue)
    let expected = try #require(try JSONReader.parse(Array(text.utf8), file: "console").elements)
    try #require(expected.count == cases.count)
    for (entry, terraform) in zip(cases, expected) {
      let ours = entry.evaluate()
      let theirs = terraform.canonicalText
      #expect(
        ours == theirs,
        "seed \(seed): \(entry.terraformExpression): terraform \(theirs), ours \(ours)")
    }
  }
}

/// One call of `regex`, `regexall` or `replace` with a generated pattern.
private struct RegexCase {
  var function: String
  var pattern: String
  var text: String
  var template: String

  /// The call, wrapped so that an error becomes the value `"!error"`.
  var terraformExpression: String {
    let arguments =
      function == "replace"
      ? [quoted(text), quoted("/" + pattern + "/"), quoted(template)]
      : [quoted(pattern), quoted(text)]
    return "try(\(function)(\(arguments.joined(separator: ", "))), \"!error\")"
  }

  /// What our functions give, as `canonicalText`.
  func evaluate() -> String {
    let arguments: [TerraformValue] =
      function == "replace"
      ? [.string(text), .string("/" + pattern + "/"), .string(template)]
      : [.string(pattern), .string(text)]
    do {
      let result = try TerraformFunctions.call(function, arguments)
      return (result.value(digesting: SecretDigester(key: [1])) ?? .null).canonicalText
    } catch {
      return Value.string("!error").canonicalText
    }
  }

  private func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": result += "\\\\"
      case "\"": result += "\\\""
      case "\n": result += "\\n"
      default: result.unicodeScalars.append(scalar)
      }
    }
    // Only `${` and `%{` start a template sequence; `$$` alone is two dollars in HCL.
    result = result.replacingOccurrences(of: "${", with: "$${")
    return result.replacingOccurrences(of: "%{", with: "%%{") + "\""
  }

  private static func pick<T>(_ choices: [T], _ generator: inout SeededGenerator) -> T {
    choices[Int.random(in: choices.indices, using: &generator)]
  }

  static func random(using generator: inout SeededGenerator) -> RegexCase {
    let function = pick(["regex", "regexall", "replace"], &generator)
    var named = Bool.random(using: &generator)
    var groups = 0
    let pattern = RegexCase.pattern(depth: 0, named: &named, groups: &groups, using: &generator)
    let alphabet: [Character] = ["a", "a", "b", "b", "c", "A", "B", "1", " ", "_", "\n", "-", "é"]
    let length = Int.random(in: 0...12, using: &generator)
    let text = String((0..<length).map { _ in pick(alphabet, &generator) })
    let pieces = ["$1", "${1}", "$2", "$0", "$$", "x", "-", "${n1}", "$n1x", "[", "]"]
    let template = (0..<Int.random(in: 0...3, using: &generator))
      .map { _ in pick(pieces, &generator) }.joined()
    return RegexCase(function: function, pattern: pattern, text: text, template: template)
  }

  private static func pattern(
    depth: Int, named: inout Bool, groups: inout Int, using generator: inout SeededGenerator
  ) -> String {
    let atoms = [
      "a", "b", "c", ".", "[ab]", "[^a]", "[a-c]", "\\d", "\\w", "\\s", "\\b", "^", "$", "é",
      "(?i)a", "(?s).", "(?m)^", "[[:alpha:]]", "\\W", "A",
    ]
    let quantifiers = [
      "", "", "", "*", "+", "?", "*?", "+?", "??", "{2}", "{1,}", "{0,2}", "{1,3}?",
    ]
    var result = ""
    for _ in 0..<Int.random(in: 1...3, using: &generator) {
      var piece: String
      if depth < 3, Int.random(in: 0..<4, using: &generator) == 0 {
        let inner = pattern(depth: depth + 1, named: &named, groups: &groups, using: &generator)
        let other = pattern(depth: depth + 1, named: &named, groups: &groups, using: &generator)
        let body = Bool.random(using: &generator) ? inner : inner + "|" + other
        switch Int.random(in: 0..<3, using: &generator) {
        case 0:
          groups += 1
          piece = named ? "(?P<n\(groups)>\(body))" : "(\(body))"
        case 1: piece = "(?:\(body))"
        default:
          groups += 1
          piece = "(\(body))"
        }
      } else {
        piece = pick(atoms, &generator)
      }
      if !piece.hasPrefix("(?"), piece != "^", piece != "$", piece != "\\b" {
        piece += pick(quantifiers, &generator)
      } else if piece.hasPrefix("(?:") || piece.hasPrefix("(?P") {
        piece += pick(quantifiers, &generator)
      }
      result += piece
    }
    return result
  }
}
