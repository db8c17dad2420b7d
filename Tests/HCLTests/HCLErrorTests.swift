import DriftModel
import HCL
import Testing

@Suite struct HCLErrorTests {
  @Test(arguments: [
    ("a = 1 b = 2\n", "1:7: Missing newline after argument"),
    ("a = 1,\n", "1:6: Unexpected comma after argument"),
    ("a = 1\nb {\n  a = 1\n}\na = 2\n", "5:1: Attribute redefined"),
    ("= 1\n", "1:1: Argument or block definition required"),
    ("a\n", "1:1: Argument or block definition required"),
    ("\"a\" = 1\n", "1:1: Invalid argument name"),
    ("a = \n", "1:5: Invalid expression"),
    ("a = ", "1:5: Missing expression"),
    ("a = )\n", "1:5: Invalid expression"),
    ("a {\n  b = 1\n", "1:3: Unclosed configuration block"),
    ("a {\n  b {\n  }\n", "1:3: Unclosed configuration block"),
    ("a b = 1\n", "1:5: Invalid block definition"),
    ("a \"b\"\n{\n}\n", "1:6: Invalid block definition"),
    ("a { b = 1, c = 2 }\n", "1:10: Invalid single-argument block definition"),
    ("a { b = 1\n}\n", "1:10: Invalid single-argument block definition"),
    ("a { b c {} }\n", "1:5: Argument definition required"),
    ("a { b = 1 } c = 2\n", "1:13: Missing newline after block definition"),
    ("a {\n  b = 1 }\n", "2:9: Missing newline after argument"),
    ("a = \"abc\nb = 1\n", "1:9: Invalid multi-line string"),
    ("a = \"abc", "1:9: Unterminated template string"),
    ("a \"b\nc\" {}\n", "1:5: Invalid multi-line string"),
    ("a \"b", "1:5: Unterminated string literal"),
    ("a \"${b}\" {}\n", "1:4: Invalid string literal"),
    ("a = 1;\n", "1:6: Invalid character"),
    ("a = 'x'\n", "1:5: Invalid character"),
    ("a = 1 & 2\n", "1:7: Unsupported operator"),
    ("a = b\rc = 1\n", "1:6: Invalid character"),
    ("a = “x”\n", "1:5: Invalid character"),
    ("a = { b c }\n", "1:9: Missing key/value separator"),
    ("a = { b = 1 c = 2 }\n", "1:13: Missing attribute separator"),
    ("a = { b\n}\n", "1:8: Missing attribute value"),
    ("a = {\n  b = 1\n", "1:5: Unterminated object constructor expression"),
    ("a = {\n  b = 1 +\n  2\n}\n", "2:10: Invalid expression"),
    ("a = [1 2]\n", "1:8: Missing item separator"),
    ("a = [1,\n", "1:5: Unterminated tuple constructor expression"),
    ("a = f(1 2)\n", "1:9: Missing argument separator"),
    ("a = f(1,\n", "1:5: Unterminated function call"),
    ("a = f(x..., y)\n", "1:8: Missing closing parenthesis"),
    ("a = p::(1)\n", "1:8: Missing function name"),
    ("a = p::f\n", "1:9: Missing open parenthesis"),
    ("a = (1\n", "2:1: Unbalanced parentheses"),
    ("a = x ? 1\n", "1:10: Missing false expression in conditional"),
    ("a = x.\n", "1:7: Invalid attribute name"),
    ("a = x.0.1\n", "1:7: Invalid legacy index syntax"),
    ("a = x.*.*\n", "1:9: Nested splat expression not allowed"),
    ("a = x[*1]\n", "1:8: Missing close bracket on splat index"),
    ("a = x[1\n", "2:1: Missing close bracket on index"),
    ("a = 1.2.3\n", "1:5: Invalid number literal"),
    ("a = [for x in y]\n", "1:16: Invalid 'for' expression"),
    ("a = [for x in y : x => x]\n", "1:21: Invalid 'for' expression"),
    ("a = {for x in y : x}\n", "1:19: Invalid 'for' expression"),
    ("a = {for = 1}\n", "1:10: Invalid 'for' expression"),
    ("a = \"\\q\"\n", "1:6: Invalid escape sequence"),
    ("a = \"\\u12\"\n", "1:6: Invalid escape sequence"),
    ("a = \"\\uD800\"\n", "1:6: Invalid escape sequence"),
    ("a = \"${x\"\n", "1:6: Unclosed template interpolation sequence"),
    ("a = \"${x y}\"\n", "1:10: Extra characters after interpolation expression"),
    ("a = \"%{ if x }y\"\n", "1:16: Unexpected end of template"),
    ("a = \"%{ endif }\"\n", "1:6: Unexpected endif directive"),
    ("a = \"%{ for x in y }%{ else }%{ endfor }\"\n", "1:21: Unexpected else directive"),
    ("a = \"%{ if x }%{ endfor }\"\n", "1:15: Unexpected endfor directive"),
    ("a = \"%{ bogus }\"\n", "1:9: Invalid template control keyword"),
    ("a = \"%{ 1 }\"\n", "1:9: Invalid template directive"),
    ("a = \"%{ if x y }\"\n", "1:14: Extra characters in if marker"),
    ("a = \"%{ for 1 in y }\"\n", "1:13: Invalid 'for' directive"),
    ("a = <<EOT\nfoo\n", "1:5: Unterminated heredoc"),
    ("a = <<EOT\nfoo\nEOT", "1:5: Unterminated heredoc"),
    ("a = <<EOT x\nEOT\n", "1:5: Invalid expression"),
    ("a = 1 /* never closed\n", "1:7: Unterminated comment"),
  ])
  func reportsHCLMessageAtTheExactPosition(source: String, expected: String) {
    #expect(failure(source) == "test.tf:" + expected, "\(source.debugDescription)")
  }

  @Test func invalidUTF8IsAnErrorWhereverItIs() {
    #expect(
      failure(Array("a = \"".utf8) + [0xFF] + Array("\"\n".utf8))
        == "test.tf:1:6: Invalid character encoding")
    #expect(
      failure(Array("# comment ".utf8) + [0xC3, 0x28] + Array("\na = 1\n".utf8))
        == "test.tf:1:11: Invalid character encoding")
    #expect(
      failure(Array("a = 1\n".utf8) + [0xED, 0xA0, 0x80])
        == "test.tf:2:1: Invalid character encoding")
    #expect(
      failure(Array("é = 1\n".utf8) + [0xE2, 0x82]) == "test.tf:2:1: Invalid character encoding")
  }

  @Test func errorsCarryTheFileAndLocation() throws {
    do {
      _ = try HCLParser.parse(Array("x {\n".utf8), file: "main.tf")
      Issue.record("an unclosed block parsed")
    } catch {
      #expect(error.location == SourceLocation(file: "main.tf", line: 1, column: 3))
      #expect(error.message == "Unclosed configuration block")
    }
  }
}
