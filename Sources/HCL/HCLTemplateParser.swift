import DriftModel

/// One piece of a template as written, before directives are matched up: literal text of one
/// line at most (for heredocs, so that strip markers and `<<-` act on lines as HCL does),
/// interpolations and directive markers.
private enum TemplatePiece {
  case literal(String)
  case interpolation(HCLExpression)
  case ifDirective(HCLExpression)
  case elseDirective(HCLRange)
  case endIfDirective(HCLRange)
  case forDirective(key: String?, value: String, collection: HCLExpression)
  case endForDirective(HCLRange)
}

/// How a template ends.
private enum TemplateDelimiter {
  /// A quoted template: escapes are decoded, newlines are not allowed.
  case quote(allowsSequences: Bool)
  /// A heredoc ending at a line holding only `marker` (surrounding spaces allowed).
  case heredoc(markerStart: Int, markerEnd: Int, opening: HCLRange)
  /// A whole file read as a template (`templatefile`, `templatestring`): newlines are text,
  /// escapes are not decoded, and it ends where the input ends.
  case endOfInput
}

/// The pieces of a template and where its closing delimiter is.
private struct ScannedTemplate {
  var pieces: [TemplatePiece] = []
  /// Set by `~}`: the next literal loses its leading spaces.
  var trimsNextLiteral = false
  var closing = HCLRange(start: .unknown, end: .unknown, startOffset: 0, endOffset: 0)

  mutating func appendLiteral(_ bytes: [UInt8]) {
    var text = String(decoding: bytes, as: UTF8.self)
    if trimsNextLiteral {
      text = text.trimmingLeadingWhitespace()
      trimsNextLiteral = false
    }
    pieces.append(.literal(text))
  }

  /// Applies a strip marker `${~` or `%{~` to the literal right before it.
  mutating func trimPreviousLiteral() {
    guard case .literal(let text) = pieces.last else { return }
    pieces[pieces.count - 1] = .literal(text.trimmingTrailingWhitespace())
  }
}

extension NativeSyntaxParser {
  /// A quoted template after its opening quote.
  mutating func parseQuotedTemplate(opening: HCLToken) throws(DriftError) -> HCLExpression {
    let scanned = try scanTemplate(until: .quote(allowsSequences: true))
    let parts = try assemble(scanned, end: scanned.closing)
    return HCLExpression(
      .template(HCLTemplate(parts: parts, isHeredoc: false)),
      range: opening.range.union(scanned.closing))
  }

  /// A heredoc after its introducer `<<EOT` or `<<-EOT` and the newline after it.
  mutating func parseHeredoc(opening: HCLToken) throws(DriftError) -> HCLExpression {
    let start = opening.range.startOffset
    let isFlush = lexer.byte(at: start + 2) == UInt8(ascii: "-")
    var scanned = try scanTemplate(
      until: .heredoc(
        markerStart: start + (isFlush ? 3 : 2), markerEnd: opening.range.endOffset,
        opening: opening.range))
    if isFlush { scanned.pieces.removeCommonIndentation() }
    let parts = try assemble(scanned, end: scanned.closing)
    return HCLExpression(
      .template(HCLTemplate(parts: parts, isHeredoc: true)),
      range: opening.range.union(scanned.closing))
  }

  /// The whole input as one template, as `templatefile` reads a file.
  mutating func parseWholeTemplate() throws(DriftError) -> HCLExpression {
    let start = lexer.offset
    let scanned = try scanTemplate(until: .endOfInput)
    let parts = try assemble(scanned, end: scanned.closing)
    return HCLExpression(
      .template(HCLTemplate(parts: parts, isHeredoc: true)),
      range: lexer.range(start, lexer.offset))
  }

  /// A quoted block label after its opening quote: escapes but no template sequences.
  mutating func parseQuotedLabel(opening: HCLToken) throws(DriftError) -> HCLLabel {
    let scanned = try scanTemplate(until: .quote(allowsSequences: false))
    var value = ""
    for case .literal(let text) in scanned.pieces { value += text }
    return HCLLabel(value: value, range: opening.range.union(scanned.closing), isQuoted: true)
  }

  // MARK: Scanning

  /// Reads a template from the lexer's offset up to and including its closing delimiter.
  private mutating func scanTemplate(
    until delimiter: TemplateDelimiter
  ) throws(DriftError) -> ScannedTemplate {
    assert(lookahead == nil, "a template starts right after the token that opens it")
    var scanned = ScannedTemplate()
    var literal: [UInt8] = []
    var atLineStart = true
    let bytes = lexer.bytes
    while true {
      let index = lexer.offset
      if case .heredoc(let markerStart, let markerEnd, let opening) = delimiter {
        if atLineStart, let end = closingMarkerEnd(at: index, markerStart, markerEnd) {
          if !literal.isEmpty { scanned.appendLiteral(literal) }
          scanned.closing = lexer.range(end - (markerEnd - markerStart), end)
          lexer.offset = end
          return scanned
        }
        guard index < bytes.count else { throw fail("Unterminated heredoc", at: opening) }
      } else if case .endOfInput = delimiter, index >= bytes.count {
        if !literal.isEmpty { scanned.appendLiteral(literal) }
        scanned.closing = lexer.range(index, index)
        return scanned
      } else if index >= bytes.count {
        throw lexer.error(
          delimiter.allowsSequences
            ? "Unterminated template string" : "Unterminated string literal",
          at: index)
      }
      atLineStart = false
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        guard case .quote = delimiter else { break }
        if !literal.isEmpty { scanned.appendLiteral(literal) }
        scanned.closing = lexer.range(index, index + 1)
        lexer.offset = index + 1
        return scanned
      case UInt8(ascii: "\n"):
        if case .quote = delimiter { throw lexer.error("Invalid multi-line string", at: index) }
        literal.append(byte)
        scanned.appendLiteral(literal)
        literal.removeAll(keepingCapacity: true)
        lexer.offset = index + 1
        atLineStart = true
        continue
      case UInt8(ascii: "\r"):
        if case .quote = delimiter { throw lexer.error("Invalid multi-line string", at: index) }
      case UInt8(ascii: "\\"):
        guard case .quote = delimiter else { break }
        lexer.offset = try decodeEscape(at: index, into: &literal)
        continue
      case UInt8(ascii: "$"), UInt8(ascii: "%"):
        let next = lexer.byte(at: index + 1)
        if next == UInt8(ascii: "{") {
          guard delimiter.allowsSequences else {
            throw lexer.error("Invalid string literal", at: index)
          }
          if !literal.isEmpty {
            scanned.appendLiteral(literal)
            literal.removeAll(keepingCapacity: true)
          }
          scanned.trimsNextLiteral = false
          try parseSequence(at: index, into: &scanned)
          continue
        }
        if next == byte && lexer.byte(at: index + 2) == UInt8(ascii: "{") {
          literal.append(byte)
          literal.append(UInt8(ascii: "{"))
          lexer.offset = index + 3
          continue
        }
      default:
        var end = index + 1
        while end < bytes.count && !Self.isSpecialInTemplate(bytes[end]) { end += 1 }
        literal.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
        lexer.offset = end
        continue
      }
      literal.append(byte)
      lexer.offset = index + 1
    }
  }

  private static func isSpecialInTemplate(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "\n"), UInt8(ascii: "\r"),
      UInt8(ascii: "$"), UInt8(ascii: "%"):
      true
    default: false
    }
  }

  /// The end of the heredoc's closing marker when the line at `start` holds only the marker
  /// and spaces and ends with a newline.
  private func closingMarkerEnd(at start: Int, _ markerStart: Int, _ markerEnd: Int) -> Int? {
    var index = start
    while Self.isLineSpace(lexer.byte(at: index)) { index += 1 }
    for markerIndex in markerStart..<markerEnd {
      guard lexer.byte(at: index) == lexer.bytes[markerIndex] else { return nil }
      index += 1
    }
    let end = index
    while Self.isLineSpace(lexer.byte(at: index)) { index += 1 }
    return lexer.byte(at: index) == UInt8(ascii: "\n") ? end : nil
  }

  private static func isLineSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0B || byte == 0x0C
  }

  /// Decodes the escape sequence at `start` into `literal`; returns the offset after it.
  private mutating func decodeEscape(
    at start: Int, into literal: inout [UInt8]
  ) throws(DriftError) -> Int {
    let selector = lexer.byte(at: start + 1)
    switch selector {
    case UInt8(ascii: "n"): literal.append(0x0A)
    case UInt8(ascii: "r"): literal.append(0x0D)
    case UInt8(ascii: "t"): literal.append(0x09)
    case UInt8(ascii: "\""), UInt8(ascii: "\\"): literal.append(selector)
    case UInt8(ascii: "u"), UInt8(ascii: "U"):
      let digits = selector == UInt8(ascii: "u") ? 4 : 8
      var value: UInt32 = 0
      for index in (start + 2)..<(start + 2 + digits) {
        guard let digit = Self.hexValue(lexer.byte(at: index)) else {
          throw lexer.error("Invalid escape sequence", at: start)
        }
        value = value << 4 | digit
      }
      guard let scalar = Unicode.Scalar(value) else {
        throw lexer.error("Invalid escape sequence", at: start)
      }
      literal.append(contentsOf: String(Character(scalar)).utf8)
      return start + 2 + digits
    default:
      throw lexer.error("Invalid escape sequence", at: start)
    }
    return start + 2
  }

  private static func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
  }

  /// `${ expression }` or `%{ directive }` starting at `start`, with its strip markers.
  private mutating func parseSequence(
    at start: Int, into scanned: inout ScannedTemplate
  ) throws(DriftError) {
    let isInterpolation = lexer.bytes[start] == UInt8(ascii: "$")
    var afterOpening = start + 2
    if lexer.byte(at: afterOpening) == UInt8(ascii: "~") {
      afterOpening += 1
      scanned.trimPreviousLiteral()
    }
    let opening = lexer.range(start, afterOpening)
    lexer.offset = afterOpening
    try enter(at: opening)
    let outer = newlinesMatter
    newlinesMatter = false
    if isInterpolation {
      let expression = try parseExpression()
      let close = try peek()
      switch close.kind {
      case .closeBrace, .tildeCloseBrace: break
      case .endOfFile, .quote:
        throw fail("Unclosed template interpolation sequence", at: opening)
      default:
        throw fail("Extra characters after interpolation expression", at: close.range)
      }
      scanned.pieces.append(.interpolation(expression))
    } else {
      scanned.pieces.append(try parseDirective(opening: opening))
    }
    let close = try take()
    scanned.trimsNextLiteral = close.kind == .tildeCloseBrace
    newlinesMatter = outer
    leave()
  }

  /// The keyword and operands of `%{ … }`, up to (not including) its closing brace.
  private mutating func parseDirective(opening: HCLRange) throws(DriftError) -> TemplatePiece {
    let keyword = try take()
    guard keyword.kind == .identifier else {
      throw fail("Invalid template directive", at: keyword.range)
    }
    let piece: TemplatePiece
    if isKeyword(keyword, "if") {
      piece = .ifDirective(try parseExpression())
    } else if isKeyword(keyword, "for") {
      var value = try directiveVariable()
      var key: String?
      if try take(.comma) != nil {
        key = value
        value = try directiveVariable()
      }
      let inKeyword = try peek()
      guard isKeyword(inKeyword, "in") else {
        throw fail("Invalid 'for' directive", at: inKeyword.range)
      }
      try take()
      piece = .forDirective(key: key, value: value, collection: try parseExpression())
    } else {
      let range = opening.union(keyword.range)
      if isKeyword(keyword, "else") {
        piece = .elseDirective(range)
      } else if isKeyword(keyword, "endif") {
        piece = .endIfDirective(range)
      } else if isKeyword(keyword, "endfor") {
        piece = .endForDirective(range)
      } else {
        throw fail("Invalid template control keyword", at: keyword.range)
      }
    }
    let close = try peek()
    guard close.kind == .closeBrace || close.kind == .tildeCloseBrace else {
      throw fail("Extra characters in \(lexer.text(keyword.range)) marker", at: close.range)
    }
    return piece
  }

  private mutating func directiveVariable() throws(DriftError) -> String {
    let token = try peek()
    guard token.kind == .identifier else {
      throw fail("Invalid 'for' directive", at: token.range)
    }
    try take()
    return lexer.text(token.range)
  }

  // MARK: Structure

  /// Matches directives up and joins adjacent literals into the parts of the template.
  private func assemble(
    _ scanned: ScannedTemplate, end: HCLRange
  ) throws(DriftError) -> [HCLTemplatePart] {
    var stack = [TemplateFrame(kind: .root)]
    for piece in scanned.pieces {
      let top = stack.count - 1
      switch piece {
      case .literal(let text):
        stack[top].appendLiteral(text)
      case .interpolation(let expression):
        stack[top].append(.interpolation(expression))
      case .ifDirective(let condition):
        stack.append(TemplateFrame(kind: .then(condition)))
      case .forDirective(let key, let value, let collection):
        stack.append(TemplateFrame(kind: .loop(key: key, value: value, collection: collection)))
      case .elseDirective(let range):
        guard case .then(let condition) = stack[top].kind else {
          throw fail("Unexpected else directive", at: range)
        }
        stack[top] = TemplateFrame(
          kind: .otherwise(condition, then: stack[top].finishedParts()))
      case .endIfDirective(let range):
        let frame = stack[top]
        let part: HCLTemplatePart
        switch frame.kind {
        case .then(let condition):
          part = .conditional(condition, then: frame.finishedParts(), otherwise: [])
        case .otherwise(let condition, let then):
          part = .conditional(condition, then: then, otherwise: frame.finishedParts())
        default:
          throw fail("Unexpected endif directive", at: range)
        }
        stack.removeLast()
        stack[top - 1].append(part)
      case .endForDirective(let range):
        guard case .loop(let key, let value, let collection) = stack[top].kind else {
          throw fail("Unexpected endfor directive", at: range)
        }
        let body = stack[top].finishedParts()
        stack.removeLast()
        stack[top - 1].append(.loop(key: key, value: value, collection: collection, body: body))
      }
      if stack.count + depth > HCLParser.maximumNesting {
        throw fail(
          "Nesting too deep: more than \(HCLParser.maximumNesting) levels of template directives",
          at: end)
      }
    }
    guard stack.count == 1 else { throw fail("Unexpected end of template", at: end) }
    let parts = stack[0].finishedParts()
    return parts.isEmpty ? [.literal("")] : parts
  }
}

extension TemplateDelimiter {
  fileprivate var allowsSequences: Bool {
    switch self {
    case .quote(let allowsSequences): allowsSequences
    case .heredoc, .endOfInput: true
    }
  }
}

/// The parts of the template, or of the directive body, being assembled.
private struct TemplateFrame {
  enum Kind {
    case root
    case then(HCLExpression)
    case otherwise(HCLExpression, then: [HCLTemplatePart])
    case loop(key: String?, value: String, collection: HCLExpression)
  }

  var kind: Kind
  var parts: [HCLTemplatePart] = []
  /// Literal text not yet added to `parts`, so that adjacent literals become one part.
  var pendingLiteral: String?

  mutating func appendLiteral(_ text: String) {
    if pendingLiteral == nil {
      pendingLiteral = text
    } else {
      pendingLiteral?.append(text)
    }
  }

  mutating func append(_ part: HCLTemplatePart) {
    if let pendingLiteral {
      parts.append(.literal(pendingLiteral))
      self.pendingLiteral = nil
    }
    parts.append(part)
  }

  func finishedParts() -> [HCLTemplatePart] {
    guard let pendingLiteral else { return parts }
    return parts + [.literal(pendingLiteral)]
  }
}

extension [TemplatePiece] {
  /// Removes the indentation of a `<<-` heredoc.
  ///
  /// The literal at the start of each line loses as many leading spaces as the least indented
  /// line has. Lines holding only spaces do not count, and a line starting with an
  /// interpolation or directive counts as not indented, as in HCL.
  fileprivate mutating func removeCommonIndentation() {
    var smallest = Int.max
    var atLineStart = true
    var adjusted: [Int] = []
    for (index, piece) in enumerated() {
      if atLineStart {
        atLineStart = false
        if case .literal(let text) = piece {
          let spaces = text.leadingWhitespaceCount
          if spaces < text.unicodeScalars.count || !text.hasSuffix("\n") {
            adjusted.append(index)
            smallest = Swift.min(smallest, spaces)
          }
        } else {
          smallest = 0
        }
      }
      if case .literal(let text) = piece, text.hasSuffix("\n") {
        atLineStart = true
      }
    }
    guard smallest > 0, smallest != .max else { return }
    for index in adjusted {
      guard case .literal(let text) = self[index] else { continue }
      self[index] = .literal(String(text.unicodeScalars.dropFirst(smallest)))
    }
  }
}

extension String {
  fileprivate var leadingWhitespaceCount: Int {
    var count = 0
    for scalar in unicodeScalars {
      guard scalar.properties.isWhitespace else { break }
      count += 1
    }
    return count
  }

  fileprivate func trimmingLeadingWhitespace() -> String {
    String(unicodeScalars.drop { $0.properties.isWhitespace })
  }

  fileprivate func trimmingTrailingWhitespace() -> String {
    var scalars = Substring(self).unicodeScalars
    while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
    return String(scalars)
  }
}
