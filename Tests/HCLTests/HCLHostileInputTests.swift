import DriftModel
import Foundation
import HCL
import Testing

@Suite struct HCLHostileInputTests {
  private static let limit = HCLParser.maximumNesting

  @Test func nestingUpToTheLimitParses() throws {
    let source =
      "a = " + String(repeating: "[", count: Self.limit) + String(repeating: "]", count: Self.limit)
    var expression = try HCLTests.expression(source)
    var levels = 0
    while case .tuple(let elements) = expression.kind, let inner = elements.first {
      levels += 1
      expression = inner
    }
    #expect(levels == Self.limit - 1)
  }

  @Test func nestingPastTheLimitIsAnErrorAtTheOffendingBracket() {
    let source = "a = " + String(repeating: "[", count: Self.limit + 1)
    #expect(
      failure(source)
        == "test.tf:1:\(5 + Self.limit): Nesting too deep: more than \(Self.limit) levels of "
        + "blocks, brackets, operators or traversals")
  }

  @Test(arguments: [
    ("brackets", "a = " + String(repeating: "[", count: 100_000)),
    ("objects", "a = " + String(repeating: "{ b = ", count: 100_000)),
    ("parentheses", "a = " + String(repeating: "(", count: 100_000)),
    ("calls", "a = " + String(repeating: "f(", count: 100_000)),
    ("unary operators", "a = " + String(repeating: "!-", count: 100_000) + "x\n"),
    ("binary operators", "a = 1" + String(repeating: " + 1", count: 100_000) + "\n"),
    ("traversals", "a = x" + String(repeating: ".y[0]", count: 100_000) + "\n"),
    ("conditionals", "a = " + String(repeating: "x ? y : ", count: 100_000) + "z\n"),
    ("interpolations", "a = " + String(repeating: "\"${", count: 100_000)),
    ("directives", "a = \"" + String(repeating: "%{ if x }", count: 100_000) + "\"\n"),
    ("blocks", String(repeating: "b {\n", count: 100_000)),
  ])
  func deepNestingIsAnErrorNotACrash(what: String, source: String) {
    let message = failure(source)
    #expect(message?.contains("Nesting too deep") == true, "\(what): \(message ?? "parsed")")
  }

  @Test func aTenMegabyteFileParsesInLinearTime() throws {
    var source = ""
    var resources = 0
    while source.utf8.count < 6_700_000 {
      source += """
        resource "aws_instance" "web_\(resources)" {
          ami           = "ami-\(resources)"
          instance_type = var.large ? "m5.large" : "t3.micro"
          tags = {
            Name = "web-${count.index}" # comment
          }
        }

        """
      resources += 1
    }
    source += "numbers = [" + String(repeating: "12345, ", count: 200_000) + "]\n"
    source += "text = <<EOT\n" + String(repeating: "a line of text ${x}\n", count: 50_000) + "EOT\n"
    source += "quoted = \"" + String(repeating: "long text ", count: 100_000) + "\"\n"
    #expect(source.utf8.count > 10_000_000)
    let clock = ContinuousClock()
    var body = HCLBody(
      items: [], range: HCLRange(start: .unknown, end: .unknown, startOffset: 0, endOffset: 0))
    let elapsed = try clock.measure {
      body = try HCLParser.parse(Array(source.utf8), file: "big.tf")
    }
    #expect(body.blocks.count == resources)
    #expect(body.attributes.map(\.name) == ["numbers", "text", "quoted"])
    guard case .tuple(let numbers) = try #require(body.attribute("numbers")).expression.kind else {
      Issue.record("numbers is not a tuple")
      return
    }
    #expect(numbers.count == 200_000)
    let last = try #require(body.attribute("quoted"))
    #expect(last.range.end.column == Int32(10 + 1_000_000 + 2))
    #expect(elapsed < .seconds(60), "parsing 10 MB took \(elapsed)")
  }
}
