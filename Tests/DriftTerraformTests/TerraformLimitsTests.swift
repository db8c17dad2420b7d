import DriftFormats
import DriftJSON
import DriftModel
import DriftTerraform
import Foundation
import Testing

/// A configuration from a pull request cannot make the evaluator allocate without bound.
@Suite struct TerraformLimitsTests {
  func error(_ main: String, limits: TerraformEvaluationLimits = .init()) -> DriftError? {
    var evaluator = TerraformEvaluator(
      secrets: SecretDigester(key: [1]), live: [:],
      files: TerraformFixtures.lister(["infra/main.tf": main]))
    evaluator.limits = limits
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

  /// Small limits, so that a debug build reaches them in milliseconds; the standard ones are
  /// 64 Mi units of work and 8 Mi per value.
  private static var small: TerraformEvaluationLimits {
    var limits = TerraformEvaluationLimits()
    limits.work = 1 << 20
    limits.value = 64 << 10
    return limits
  }

  /// Each local doubles the last: 2^40 bytes or elements unless the evaluation stops.
  @Test(arguments: [
    ("\"${local.v0}${local.v0}\"", "\"0123456789\""),
    ("concat(local.v0, local.v0)", "[1, 2, 3, 4]"),
    ("format(\"%s%s\", local.v0, local.v0)", "\"abcdefgh\""),
    ("join(\"\", [local.v0, local.v0])", "\"abcdefgh\""),
    ("replace(local.v0, \"\", local.v0)", "\"abcd\""),
    ("replace(local.v0, \"/(.)/\", \"$1$1\")", "\"abcd\""),
    ("merge({ a = local.v0 }, { b = local.v0 })", "{ x = 1 }"),
    ("flatten([local.v0, local.v0])", "[[1], [2]]"),
  ])
  func doublingLocalsStop(step: String, start: String) {
    var locals = "locals {\n  v0 = \(start)\n"
    for level in 1...40 {
      locals += "  v\(level) = " + step.replacingOccurrences(of: "v0", with: "v\(level - 1)") + "\n"
    }
    locals += "}\nresource \"terraform_data\" \"a\" {\n  input = local.v40\n}\n"
    let failure = error(locals, limits: Self.small)
    #expect(
      failure?.message.contains("more than") == true
        || failure?.message.contains("longer than") == true
        || failure?.message.contains("larger than") == true,
      "\(step): \(String(describing: failure))")
    #expect(failure?.location?.file == "infra/main.tf", "\(step)")
    #expect((failure?.location?.line ?? 0) > 1, "\(step)")
  }

  @Test func nestedForsOverRangeStop() {
    let failure = error(
      """
      locals {
        cube = [for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]
      }
      resource "terraform_data" "a" {
        input = length(local.cube)
      }
      """, limits: Self.small)
    #expect(
      failure?.message.contains("computes more than") == true, "\(String(describing: failure))")
    #expect(failure?.location?.line == 2)
  }

  @Test func standardLimitsStopADoublingString() {
    var locals = "locals {\n  v0 = \"0123456789\"\n"
    for level in 1...40 {
      locals += "  v\(level) = \"${local.v\(level - 1)}${local.v\(level - 1)}\"\n"
    }
    locals += "}\nresource \"terraform_data\" \"a\" {\n  input = local.v40\n}\n"
    let failure = error(locals)
    #expect(
      failure?.message.contains("longer than 8388608 bytes") == true,
      "\(String(describing: failure))")
  }
}
