import Testing

@testable import DriftFormats

@Suite("Flux post-build substitution")
struct FluxSubstitutionTests {
  private func substitute(_ text: String, _ values: [String: String] = ["a": "1", "e": ""])
    -> String
  {
    FluxSubstitution.apply(text, values: values).text
  }

  @Test(
    "variables, defaults, escapes and unset variables as kustomize-controller substitutes them",
    arguments: [
      ("x: ${a}", "x: 1"),
      ("x: ${missing}", "x: "),
      ("x: ${missing:=d}", "x: d"),
      ("x: ${e:=d}", "x: d"),
      ("x: ${a:=d}", "x: 1"),
      ("x: ${e:-d}", "x: d"),
      ("x: $${a}", "x: ${a}"),
      ("x: $a ${a}$", "x: $a 1$"),
      ("x: ${a}${a}", "x: 11"),
      ("x: ${", "x: ${"),
      ("x: ${9a}", "x: ${9a}"),
    ])
  func forms(input: String, expected: String) {
    #expect(substitute(input) == expected)
  }

  @Test("an object annotated substitute: disabled is left as written, the next one is not")
  func disabledObjects() {
    let yaml = """
      metadata:
        annotations:
          kustomize.toolkit.fluxcd.io/substitute: disabled
      data: ${a}
      ---
      data: ${a}
      """
    #expect(substitute(yaml).hasSuffix("---\ndata: 1"))
    #expect(substitute(yaml).contains("data: ${a}\n---"))
  }

  @Test("forms it does not model are left as written and named")
  func unsupported() {
    let result = FluxSubstitution.apply("x: ${a/1/2} ${a:0:1}", values: ["a": "1"])
    #expect(result.text == "x: ${a/1/2} ${a:0:1}")
    #expect(result.unsupported == ["${a/1/2}", "${a:0:1}"])
  }
}
