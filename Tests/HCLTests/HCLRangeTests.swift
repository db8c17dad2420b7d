import DriftModel
import Foundation
import HCL
import Testing

/// Checks every range of a parsed file: line and column agree with the byte offset, and the
/// bytes of each node are exactly its source (an expression's text parses back to the same
/// tree, a name's text is the name, a block's text runs from its type to its closing brace).
struct RangeChecker {
  let bytes: [UInt8]
  let file: String
  private var lineStarts: [Int] = [0]
  private(set) var checkedNodes = 0

  init(bytes: [UInt8], file: String) {
    self.bytes = bytes
    self.file = file
    for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      lineStarts.append(offset + 1)
    }
  }

  func text(_ range: HCLRange) -> String {
    String(decoding: bytes[range.startOffset..<range.endOffset], as: UTF8.self)
  }

  /// Line and column of `offset`, counted independently of the parser.
  func position(of offset: Int) -> Position {
    let line = lineStarts.lastIndex { $0 <= offset } ?? 0
    var start = lineStarts[line]
    if line == 0 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
    let column = String(decoding: bytes[start..<offset], as: UTF8.self).unicodeScalars.count + 1
    return Position(line: line + 1, column: column)
  }

  mutating func check(_ range: HCLRange, _ what: String) {
    checkedNodes += 1
    #expect(range.startOffset >= 0 && range.startOffset <= range.endOffset, "\(file): \(what)")
    #expect(range.endOffset <= bytes.count, "\(file): \(what)")
    #expect(range.start == position(of: range.startOffset), "\(file): start of \(what)")
    #expect(range.end == position(of: range.endOffset), "\(file): end of \(what)")
  }

  mutating func check(_ body: HCLBody) {
    check(body.range, "body")
    var previousEnd = body.range.startOffset
    for item in body.items {
      switch item {
      case .attribute(let attribute):
        #expect(attribute.range.startOffset >= previousEnd)
        previousEnd = attribute.range.endOffset
        check(attribute)
      case .block(let block):
        #expect(block.range.startOffset >= previousEnd)
        previousEnd = block.range.endOffset
        check(block)
      }
    }
    #expect(previousEnd <= body.range.endOffset)
  }

  mutating func check(_ attribute: HCLAttribute) {
    check(attribute.range, "attribute \(attribute.name)")
    check(attribute.nameRange, "name of \(attribute.name)")
    #expect(text(attribute.nameRange) == attribute.name)
    let source = text(attribute.range)
    #expect(source.hasPrefix(attribute.name))
    #expect(source.hasSuffix(text(attribute.expression.range)))
    check(attribute.expression)
  }

  mutating func check(_ block: HCLBlock) {
    check(block.range, "block \(block.type)")
    check(block.typeRange, "type of \(block.type)")
    check(block.openBraceRange, "{ of \(block.type)")
    check(block.closeBraceRange, "} of \(block.type)")
    #expect(text(block.typeRange) == block.type)
    #expect(text(block.openBraceRange) == "{")
    #expect(text(block.closeBraceRange) == "}")
    #expect(block.range.startOffset == block.typeRange.startOffset)
    #expect(block.range.endOffset == block.closeBraceRange.endOffset)
    #expect(block.body.range.startOffset == block.openBraceRange.endOffset)
    #expect(block.body.range.endOffset == block.closeBraceRange.startOffset)
    for label in block.labels {
      check(label.range, "label \(label.value)")
      if label.isQuoted {
        let reparsed = try? expression("a = " + text(label.range) + "\n")
        if case .template(let template) = reparsed?.kind {
          #expect(template.literalText == label.value)
        } else {
          Issue.record("\(file): the label \(text(label.range)) is not a quoted string")
        }
      } else {
        #expect(text(label.range) == label.value)
      }
    }
    check(block.body)
  }

  mutating func check(_ expression: HCLExpression) {
    check(expression.range, "expression \(sexp(expression))")
    let source = text(expression.range)
    do {
      let wrapped = try HCLTests.expression("a = (" + source + "\n)\n")
      guard case .parenthesized(let reparsed) = wrapped.kind else {
        Issue.record("\(file): \(source) did not parse back alone")
        return
      }
      #expect(sexp(reparsed) == sexp(expression), "\(file): \(source)")
      #expect(reparsed.range.endOffset - reparsed.range.startOffset == source.utf8.count)
    } catch {
      Issue.record("\(file): \(source) does not parse alone: \(error)")
    }
    for child in expression.children { check(child) }
    if case .object(let items) = expression.kind {
      for item in items {
        if case .identifier(let name, let range) = item.key {
          check(range, "key \(name)")
          #expect(text(range) == name)
        }
      }
    }
  }
}

extension HCLExpression {
  /// The expressions directly inside this one, including those of template parts.
  var children: [HCLExpression] {
    switch kind {
    case .number, .bool, .null, .variable: return []
    case .template(let template): return template.parts.flatMap(\.expressions)
    case .attribute(let source, _): return [source]
    case .index(let source, let key): return [source, key]
    case .splat(let source, let steps, _):
      return [source]
        + steps.compactMap { step in
          if case .index(let key) = step { key } else { nil }
        }
    case .call(_, let arguments, _): return arguments
    case .tuple(let elements): return elements
    case .object(let items):
      return items.flatMap { item -> [HCLExpression] in
        if case .expression(let key) = item.key { [key, item.value] } else { [item.value] }
      }
    case .conditional(let condition, let then, let otherwise): return [condition, then, otherwise]
    case .binary(_, let left, let right): return [left, right]
    case .unary(_, let operand): return [operand]
    case .forExpression(let loop):
      return [loop.collection] + (loop.keyExpression.map { [$0] } ?? []) + [loop.valueExpression]
        + (loop.condition.map { [$0] } ?? [])
    case .parenthesized(let inner): return [inner]
    }
  }
}

extension HCLTemplatePart {
  var expressions: [HCLExpression] {
    switch self {
    case .literal: []
    case .interpolation(let expression): [expression]
    case .conditional(let condition, let then, let otherwise):
      [condition] + then.flatMap(\.expressions) + otherwise.flatMap(\.expressions)
    case .loop(_, _, let collection, let body): [collection] + body.flatMap(\.expressions)
    }
  }
}

@Suite struct HCLRangeTests {
  static let corpusFiles = TestFiles.terraformFiles(under: TestFiles.corpus)
  static let fixtureFiles = TestFiles.terraformFiles(under: TestFiles.fixtures)

  @Test func theCorpusAndFixturesHaveFilesToCheck() {
    #expect(Self.fixtureFiles.count >= 4)
    #expect(Self.corpusFiles.count >= 5, "the shared corpus at \(TestFiles.corpus.path)")
  }

  @Test(arguments: corpusFiles + fixtureFiles)
  func everyNodeRangeIsItsExactSource(file: URL) throws {
    let bytes = Array(try Data(contentsOf: file))
    let body = try HCLParser.parse(bytes, file: file.lastPathComponent)
    var checker = RangeChecker(bytes: bytes, file: file.lastPathComponent)
    checker.check(body)
    #expect(body.range.startOffset == 0 && body.range.endOffset == bytes.count)
    #expect(checker.checkedNodes > 10)
  }

  @Test func rangesCountColumnsInUnicodeScalarsAndOffsetsInBytes() throws {
    let source = "tags = { \"é🙂\" = \"ü\", k = v }\nnext = 1\n"
    let bytes = Array(source.utf8)
    let body = try HCLParser.parse(bytes, file: "test.tf")
    var checker = RangeChecker(bytes: bytes, file: "test.tf")
    checker.check(body)
    let next = try #require(body.attribute("next"))
    #expect(next.nameRange.start == Position(line: 2, column: 1))
    guard case .object(let items) = body.attributes[0].expression.kind,
      case .identifier("k", let keyRange) = items[1].key
    else {
      Issue.record("expected an object with the key k")
      return
    }
    #expect(keyRange.start == Position(line: 1, column: 22))
    #expect(keyRange.startOffset == 26)
  }

  @Test func aByteOrderMarkIsAcceptedAndOffsetsStillCountIt() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a = 1\n".utf8)
    let body = try HCLParser.parse(bytes, file: "bom.tf")
    let attribute = try #require(body.attribute("a"))
    #expect(attribute.nameRange.start == Position(line: 1, column: 1))
    #expect(attribute.nameRange.startOffset == 3)
    #expect(attribute.range.endOffset == 8)
    var checker = RangeChecker(bytes: bytes, file: "bom.tf")
    checker.check(attribute)
  }
}
