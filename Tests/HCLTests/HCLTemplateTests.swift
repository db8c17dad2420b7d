import DriftModel
import Foundation
import HCL
import Testing

@Suite struct HCLTemplateTests {
  @Test func quotedStringsDecodeEveryEscape() throws {
    let template = try #require(try literal(#"a = "a\nb\tc\rd\"e\\f\u00e9\U0001F600""#))
    #expect(template == "a\nb\tc\rd\"e\\fé😀")
  }

  @Test func doubledIntroducersAreLiteral() throws {
    #expect(try literal(#"a = "$${x} %%{y} $ % $$ 100%""#) == "${x} %{y} $ % $$ 100%")
  }

  @Test func interpolationsSplitLiterals() throws {
    #expect(try tree(#""Hello, ${name}!""#) == #"(template "Hello, " ${name} "!")"#)
    #expect(try tree(#""${a}""#) == "(template ${a})")
    #expect(try tree(#""${ {a = 1}.a }""#) == "(template ${{a=1}.a})")
    #expect(try tree(#""${"${x}"}""#) == "(template ${(template ${x})})")
    #expect(try tree(#""""#) == #"(template "")"#)
  }

  @Test func ifAndForDirectives() throws {
    #expect(
      try tree(#""%{ if a }yes%{ else }no%{ endif }""#)
        == #"(template (if a ["yes"] ["no"]))"#)
    #expect(try tree(#""%{if a}yes%{endif}!""#) == #"(template (if a ["yes"] []) "!")"#)
    #expect(
      try tree(#""%{ for k, v in m }${k}=${v};%{ endfor }""#)
        == #"(template (for k v in m [${k} "=" ${v} ";"]))"#)
    #expect(
      try tree(#""%{ for v in l }%{ if v }x%{ endif }%{ endfor }""#)
        == #"(template (for v in l [(if v ["x"] [])]))"#)
  }

  @Test func stripMarkersRemoveSpacesNextToThem() throws {
    #expect(try tree(#""a ${~ "b" ~} c""#) == #"(template "a" ${(template "b")} "c")"#)
    #expect(
      try tree(#""%{ if true ~}  hello  %{~ endif }""#) == #"(template (if true ["hello"] []))"#)
    #expect(try tree(#""${"hello" ~}${" world"}""#).contains(#"" world""#))
    #expect(try tree(#""${a ~}  ""#) == #"(template ${a} "")"#)
  }

  @Test func heredocsKeepTheirLinesAndRange() throws {
    let source = "a = <<EOT\nline ${x}\n  two\nEOT\nb = 1\n"
    let body = try parse(source)
    let heredoc = try #require(body.attribute("a")).expression
    #expect(sexp(heredoc) == #"(heredoc "line " ${x} "\n  two\n")"#)
    #expect(heredoc.range.startOffset == 4)
    #expect(heredoc.range.end == Position(line: 4, column: 4))
    #expect(
      String(
        decoding: Array(source.utf8)[heredoc.range.startOffset..<heredoc.range.endOffset],
        as: UTF8.self)
        == "<<EOT\nline ${x}\n  two\nEOT")
    #expect(try sexp(of: "b", in: body) == "1")
  }

  @Test func heredocClosingMarkerMayBeIndented() throws {
    #expect(try literal("a = <<EOT\n  q\n   EOT\n") == "  q\n")
    #expect(try literal("a = <<EOT\nEOT\n") == "")
    #expect(try literal("a = <<EOT\nEOTX\nEOT\n") == "EOTX\n")
  }

  @Test func indentedHeredocsLoseTheSmallestIndentation() throws {
    // Checked against terraform console: " a\n   b\n\nc\n".
    #expect(try literal("a = <<-EOT\n    a\n      b\n\n   c\n  EOT\n") == " a\n   b\n\nc\n")
    #expect(try literal("a = <<-EOT\n\tx\n\t\ty\n\tEOT\n") == "x\n\ty\n")
    #expect(try literal("a = <<-EOT\n  x\n    \n  y\nEOT\n") == "x\n    \ny\n")
  }

  @Test func heredocsWithDirectivesRenderAsTerraformDoes() throws {
    // Expected text from `terraform console` on the same source.
    let body = try parse(
      """
      nginx = <<-CONF
          server {
            listen ${port}%{if tls} ssl%{endif};
            %{if tls~}
            ssl_certificate /etc/ssl/cert.pem;
            %{else~}
            # plain http
            %{endif~}
            location / {
              proxy_pass http://backend;
            }
          }
        CONF
      hosts = <<-EOT
          # generated
          %{~for server in servers~}
          ${server.name} ${server.ip}
          %{~endfor~}
        EOT

      """)
    let environment: [String: RenderValue] = [
      "port": .text("443"), "tls": .bool(true),
      "servers": .list([
        .object(["name": .text("web-1"), "ip": .text("10.0.1.10")]),
        .object(["name": .text("web-2"), "ip": .text("10.0.1.11")]),
      ]),
    ]
    #expect(
      try render(#require(body.attribute("nginx")).expression, environment)
        == "server {\n  listen 443 ssl;\n        ssl_certificate /etc/ssl/cert.pem;\n"
        + "        location / {\n    proxy_pass http://backend;\n  }\n}\n")
    #expect(
      try render(#require(body.attribute("hosts")).expression, environment)
        == "    # generated\n    web-1 10.0.1.10\n    web-2 10.0.1.11\n")
  }

  @Test func heredocsNestAndFollowEachOther() throws {
    let body = try parse("a = [<<A\none\nA\n, <<B\ntwo\nB\n]\nc = \"${<<X\ninner\nX\n}\"\n")
    #expect(try sexp(of: "a", in: body) == #"[(heredoc "one\n") (heredoc "two\n")]"#)
    #expect(try sexp(of: "c", in: body) == #"(template ${(heredoc "inner\n")})"#)
  }

  private func literal(_ source: String) throws -> String? {
    guard case .template(let template) = try expression(source).kind else { return nil }
    return template.literalText
  }
}

/// A value for `render`.
enum RenderValue {
  case text(String)
  case bool(Bool)
  case list([RenderValue])
  case object([String: RenderValue])
}

/// Renders templates whose expressions are names, attributes and nested templates, so that
/// tests can compare heredocs with what Terraform produces.
func render(_ expression: HCLExpression, _ environment: [String: RenderValue]) throws -> String {
  guard case .text(let text) = try value(of: expression, environment) else {
    throw DriftError("not text: \(sexp(expression))")
  }
  return text
}

private func value(
  of expression: HCLExpression, _ environment: [String: RenderValue]
) throws -> RenderValue {
  switch expression.kind {
  case .variable(let name):
    guard let value = environment[name] else { throw DriftError("unknown \(name)") }
    return value
  case .attribute(let source, let name):
    guard case .object(let members) = try value(of: source, environment),
      let value = members[name]
    else { throw DriftError("no attribute \(name)") }
    return value
  case .template(let template):
    return .text(try render(template.parts, environment))
  default:
    throw DriftError("cannot render \(sexp(expression))")
  }
}

private func render(
  _ parts: [HCLTemplatePart], _ environment: [String: RenderValue]
) throws -> String {
  var text = ""
  for part in parts {
    switch part {
    case .literal(let literal): text += literal
    case .interpolation(let expression): text += try render(expression, environment)
    case .conditional(let condition, let then, let otherwise):
      guard case .bool(let isTrue) = try value(of: condition, environment) else {
        throw DriftError("not a condition")
      }
      text += try render(isTrue ? then : otherwise, environment)
    case .loop(_, let name, let collection, let body):
      guard case .list(let elements) = try value(of: collection, environment) else {
        throw DriftError("not a list")
      }
      for element in elements {
        var scope = environment
        scope[name] = element
        text += try render(body, scope)
      }
    }
  }
  return text
}
