import DriftModel
import Foundation
import HCL
import Testing

/// Parses `source` as the file `test.tf`.
func parse(_ source: String) throws -> HCLBody {
  try HCLParser.parse(Array(source.utf8), file: "test.tf")
}

/// The expression of the only attribute of `source`.
func expression(_ source: String) throws -> HCLExpression {
  let body = try parse(source)
  let attribute = try #require(body.attributes.first)
  return attribute.expression
}

/// The expression of the attribute `name` of `body` as an S-expression.
func sexp(of name: String, in body: HCLBody) throws -> String {
  sexp(try #require(body.attribute(name)).expression)
}

/// The expression of `a = <source>` written as an S-expression (see `sexp`).
func tree(_ source: String) throws -> String {
  sexp(try expression("a = " + source + "\n"))
}

/// The error `source` fails with, as `file:line:column: message`.
func failure(_ source: String) -> String? {
  failure(Array(source.utf8))
}

func failure(_ bytes: [UInt8]) -> String? {
  do {
    _ = try HCLParser.parse(bytes, file: "test.tf")
    return nil
  } catch {
    return error.description
  }
}

/// A compact rendering of an expression tree, for assertions on its shape.
func sexp(_ expression: HCLExpression) -> String {
  switch expression.kind {
  case .number(let text): return text
  case .bool(let value): return String(value)
  case .null: return "null"
  case .template(let template):
    let parts = template.parts.map(sexp).joined(separator: " ")
    return template.isHeredoc ? "(heredoc \(parts))" : "(template \(parts))"
  case .variable(let name): return name
  case .attribute(let source, let name): return "\(sexp(source)).\(name)"
  case .index(let source, let key): return "\(sexp(source))[\(sexp(key))]"
  case .splat(let source, let steps, let isFull):
    let rendered = steps.map { step in
      switch step {
      case .attribute(let name): ".\(name)"
      case .index(let key): "[\(sexp(key))]"
      }
    }
    return
      "(\(isFull ? "splat" : "attr-splat") \(([sexp(source)] + rendered).joined(separator: " ")))"
  case .call(let name, let arguments, let expandsFinal):
    let rendered = [name] + arguments.map(sexp) + (expandsFinal ? ["..."] : [])
    return "(call \(rendered.joined(separator: " ")))"
  case .tuple(let elements): return "[\(elements.map(sexp).joined(separator: " "))]"
  case .object(let items):
    let rendered = items.map { item -> String in
      let key: String
      switch item.key {
      case .identifier(let name, _): key = name
      case .expression(let expression): key = sexp(expression)
      }
      return "\(key)=\(sexp(item.value))"
    }
    return "{\(rendered.joined(separator: " "))}"
  case .conditional(let condition, let then, let otherwise):
    return "(? \(sexp(condition)) \(sexp(then)) \(sexp(otherwise)))"
  case .binary(let operation, let left, let right):
    return "(\(operation.rawValue) \(sexp(left)) \(sexp(right)))"
  case .unary(let operation, let operand): return "(\(operation.rawValue) \(sexp(operand)))"
  case .forExpression(let loop):
    var text = "for \(loop.keyVariable.map { "\($0) " } ?? "")\(loop.valueVariable) in "
    text += "\(sexp(loop.collection)) :"
    if let key = loop.keyExpression { text += " \(sexp(key)) =>" }
    text += " \(sexp(loop.valueExpression))"
    if loop.isGrouping { text += " ..." }
    if let condition = loop.condition { text += " if \(sexp(condition))" }
    return loop.keyExpression == nil ? "[\(text)]" : "{\(text)}"
  case .parenthesized(let inner): return "(paren \(sexp(inner)))"
  }
}

func sexp(_ part: HCLTemplatePart) -> String {
  switch part {
  case .literal(let text): return text.debugDescription
  case .interpolation(let expression): return "${\(sexp(expression))}"
  case .conditional(let condition, let then, let otherwise):
    return
      "(if \(sexp(condition)) [\(then.map(sexp).joined(separator: " "))] [\(otherwise.map(sexp).joined(separator: " "))])"
  case .loop(let key, let value, let collection, let body):
    let names = (key.map { [$0] } ?? []) + [value]
    return
      "(for \(names.joined(separator: " ")) in \(sexp(collection)) [\(body.map(sexp).joined(separator: " "))])"
  }
}

/// Files of the package's fixtures and of the shared corpus next to the package.
enum TestFiles {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // HCLTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

  static let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures/terraform/hcl")

  static let corpus = packageRoot.appendingPathComponent("../shared/corpus/terraform")
    .standardizedFileURL

  /// The `.tf` files under `directory`, sorted.
  static func terraformFiles(under directory: URL) -> [URL] {
    guard
      let enumerator = FileManager.default.enumerator(
        at: directory, includingPropertiesForKeys: nil)
    else { return [] }
    return enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "tf" }
      .sorted { $0.path < $1.path }
  }
}
