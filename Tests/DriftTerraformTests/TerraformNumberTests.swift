import BigInt
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Testing

@testable import DriftTerraform

/// Numbers as Terraform computes and prints them (issue 20): each expression of
/// `Tests/Fixtures/terraform/numbers/expectations.json`, recorded from `terraform console` by
/// the `regenerate.py` beside it, evaluated as `jsonencode(expression)`.
@Suite struct TerraformNumberTests {
  static let url = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("Fixtures/terraform/numbers/expectations.json")

  static func cases() throws -> [(expression: String, json: String?)] {
    let document = try JSONReader.parse(
      Array(try Data(contentsOf: url)), file: "expectations.json")
    return (document["cases"]?.elements ?? []).compactMap { entry in
      entry["expression"]?.stringValue.map { ($0, entry["json"]?.stringValue) }
    }
  }

  /// `jsonencode(expression)` as the evaluator computes it.
  static func encoded(_ expression: String) throws -> String? {
    let files = [
      "infra/main.tf":
        "resource \"terraform_data\" \"x\" {\n  input = jsonencode(\(expression))\n}\n"
    ]
    let state = try TerraformEvaluator(
      secrets: SecretDigester(key: [1]), live: [:], files: TerraformFixtures.lister(files)
    ).evaluate(root: "infra")
    return state.resources.first?.body["input"]?.stringValue
  }

  @Test func everyRecordedExpressionPrintsAsTerraformPrintsIt() throws {
    let cases = try Self.cases()
    #expect(cases.count >= 70)
    for (expression, json) in cases {
      if let json {
        let encoded = try? Self.encoded(expression)
        #expect(encoded == json, "\(expression)")
      } else {
        #expect(throws: DriftError.self, "\(expression) is an error in Terraform") {
          try Self.encoded(expression)
        }
      }
    }
  }

  @Test func theNamedDefects() throws {
    #expect(try Self.encoded(#""v${0.1 + 0.2}""#) == #""v0.3""#)
    #expect(try Self.encoded("9007199254740993") == "9007199254740993")
    #expect(
      try Self.encoded(#"format("%d", 12345678901234567890)"#) == #""12345678901234567890""#)
    #expect(
      try Self.encoded(#"keys({ for n in [12345678901234567890] : tostring(n) => n })"#)
        == #"["12345678901234567890"]"#)
  }

  /// Parsing, printing and arithmetic against exact rationals, on seeded random decimals: the
  /// printed text reads back to the same number, and sums and products of integers are exact.
  @Test func textReadsBackAndIntegerArithmeticIsExact() throws {
    let seed =
      ProcessInfo.processInfo.environment["GIT_DRIFT_NUMBER_SEED"].flatMap { UInt64($0) } ?? 512
    var random = SeededGenerator(seed: seed)
    for _ in 0..<150 {
      let digits = (0..<Int.random(in: 1...40, using: &random)).map { _ in
        String(Int.random(in: 0...9, using: &random))
      }.joined()
      let point = Int.random(in: 0...digits.count, using: &random)
      let text =
        (Bool.random(using: &random) ? "-" : "") + digits.prefix(point) + "."
        + digits.dropFirst(point) + "1"
      let number = try #require(TerraformNumber(parsing: text), "seed \(seed): \(text)")
      #expect(TerraformNumber(parsing: number.description) == number, "seed \(seed): \(text)")
      let a = Int.random(in: -1_000_000_000...1_000_000_000, using: &random)
      let b = Int.random(in: -1_000_000_000...1_000_000_000, using: &random)
      let big = try #require(TerraformNumber(parsing: "\(a)000000000000000000000"))
      #expect((big + TerraformNumber(b)).description == Self.exactSum(a, b), "seed \(seed)")
      #expect(
        (TerraformNumber(a) * TerraformNumber(b) * TerraformNumber(a)).description
          == String(BigInt(a) * BigInt(b) * BigInt(a)), "seed \(seed)")
    }
  }

  /// a × 10²¹ + b, by BigInt.
  static func exactSum(_ a: Int, _ b: Int) -> String {
    String(BigInt(a) * BigInt(10).power(21) + BigInt(b))
  }

  @Test func equalNumbersOfAnyPrecisionAreOneKey() throws {
    let double = TerraformNumber(8.0)
    #expect(double == TerraformNumber(8))
    #expect(Set([double, TerraformNumber(8)]).count == 1)
    let third = try #require(TerraformNumber(1).dividing(by: 3))
    #expect(third * TerraformNumber(3) == TerraformNumber(1))
    #expect(TerraformNumber(1).dividing(by: 0) == nil)
    #expect((-TerraformNumber(0)).description == "-0")
    #expect(-TerraformNumber(0) == TerraformNumber(0))
  }
}
