import DriftFormats
import DriftJSON
import DriftModel
import DriftTerraform
import Testing

/// A configuration from a pull request cannot make the evaluator allocate without bound.
@Suite struct TerraformLimitsTests {
  func error(_ main: String) -> DriftError? {
    let evaluator = TerraformEvaluator(
      secrets: SecretDigester(key: [1]), live: [:],
      files: TerraformFixtures.lister(["infra/main.tf": main]))
    do throws(DriftError) {
      _ = try evaluator.evaluate(root: "infra")
      return nil
    } catch {
      return error
    }
  }

  @Test(
    arguments: [
      ("count = 100000000", "count 100000000 is more than the 10000 instances"),
      (
        "for_each = { for i in range(1024) : \"a${i}\" => i }", nil
      ),
    ] as [(String, String?)])
  func instanceLimits(meta: String, message: String?) {
    let failure = error("resource \"terraform_data\" \"a\" {\n  \(meta)\n}\n")
    if let message {
      #expect(failure?.message.contains(message) == true, "\(String(describing: failure))")
      #expect(failure?.location?.line == 2)
    } else {
      #expect(failure == nil, "\(String(describing: failure))")
    }
  }

  @Test func forEachOverTheLimit() {
    let failure = error(
      """
      locals {
        keys = concat([for i in range(1000) : "a${i}"], [for i in range(1000) : "b${i}"],
          [for i in range(1000) : "c${i}"], [for i in range(1000) : "d${i}"],
          [for i in range(1000) : "e${i}"], [for i in range(1000) : "f${i}"],
          [for i in range(1000) : "g${i}"], [for i in range(1000) : "h${i}"],
          [for i in range(1000) : "i${i}"], [for i in range(1000) : "j${i}"],
          [for i in range(1000) : "k${i}"])
      }
      resource "terraform_data" "a" {
        for_each = { for key in local.keys : key => key }
      }
      """)
    #expect(
      failure?.message.contains("for_each has 11000 elements, more than the 10000") == true,
      "\(String(describing: failure))")
  }

  @Test(arguments: ["%999999999d", "%.999999999f", "%10001s"])
  func formatWidths(template: String) {
    #expect(throws: (any Error).self) {
      try TerraformFunctions.call("format", [.string(template), .number(1)])
    }
  }

  @Test func rangeStopsAt1024LikeTerraform() {
    #expect(throws: (any Error).self) { try TerraformFunctions.call("range", [.number(1025)]) }
    #expect(throws: Never.self) { try TerraformFunctions.call("range", [.number(1024)]) }
  }
}
