public import DriftModel

/// Parses HCL2 native syntax (`.tf`, `.tfvars`) into a body with exact source ranges.
public enum HCLParser {
  /// How deeply blocks, brackets, operators and traversals may nest before the input is
  /// rejected (a guard against stack exhaustion on hostile input).
  public static let maximumNesting = 256

  /// The body of the file at `file` whose contents are `bytes`.
  ///
  /// A syntax error is thrown as `file:line:column: message`, with the message HCL gives.
  public static func parse(_ bytes: [UInt8], file: String) throws(DriftError) -> HCLBody {
    let result = bytes.withUnsafeBufferPointer { buffer -> Result<HCLBody, DriftError> in
      var parser = NativeSyntaxParser(lexer: HCLLexer(bytes: buffer, file: file))
      do throws(DriftError) {
        return .success(try parser.parseFile())
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// The whole of `bytes` as one template, as `templatefile` and `templatestring` read it:
  /// text with `${…}` and `%{…}` sequences, newlines kept, no escapes.
  public static func parseTemplate(_ bytes: [UInt8], file: String) throws(DriftError)
    -> HCLExpression
  {
    let result = bytes.withUnsafeBufferPointer { buffer -> Result<HCLExpression, DriftError> in
      var parser = NativeSyntaxParser(lexer: HCLLexer(bytes: buffer, file: file))
      do throws(DriftError) {
        if let invalid = UTF8Check.firstInvalidOffset(in: parser.lexer.bytes) {
          throw parser.lexer.error("Invalid character encoding", at: invalid)
        }
        return .success(try parser.parseWholeTemplate())
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }
}

/// A recursive-descent parser over the tokens of `lexer`, with one token of lookahead.
struct NativeSyntaxParser {
  var lexer: HCLLexer
  /// The next token, read but not consumed.
  var lookahead: HCLToken?
  /// Whether newlines are tokens here (in bodies and objects) or ignored (inside brackets).
  var newlinesMatter = true
  var depth = 0

  init(lexer: HCLLexer) {
    self.lexer = lexer
  }

  // MARK: Tokens

  /// The next token, without consuming it; newlines are skipped where they do not matter.
  mutating func peek() throws(DriftError) -> HCLToken {
    while true {
      let token: HCLToken
      if let lookahead {
        token = lookahead
      } else {
        token = try lexer.next()
        lookahead = token
      }
      if token.kind == .newline && !newlinesMatter {
        lookahead = nil
        continue
      }
      return token
    }
  }

  /// Consumes and returns the next token.
  @discardableResult
  mutating func take() throws(DriftError) -> HCLToken {
    let token = try peek()
    lookahead = nil
    return token
  }

  /// Consumes the next token when it is of `kind`.
  mutating func take(_ kind: HCLToken.Kind) throws(DriftError) -> HCLToken? {
    guard try peek().kind == kind else { return nil }
    return try take()
  }

  /// Whether `token` is the identifier `word`.
  func isKeyword(_ token: HCLToken, _ word: StaticString) -> Bool {
    token.kind == .identifier && lexer.spells(token.range, word)
  }

  func fail(_ message: String, at range: HCLRange) -> DriftError {
    lexer.error(message, at: range)
  }

  /// Goes one level deeper, failing past `HCLParser.maximumNesting`.
  mutating func enter(at range: HCLRange) throws(DriftError) {
    depth += 1
    if depth > HCLParser.maximumNesting {
      throw fail(
        "Nesting too deep: more than \(HCLParser.maximumNesting) levels of blocks, "
          + "brackets, operators or traversals", at: range)
    }
  }

  mutating func leave(levels: Int = 1) {
    depth -= levels
  }

  // MARK: Bodies

  mutating func parseFile() throws(DriftError) -> HCLBody {
    if let invalid = UTF8Check.firstInvalidOffset(in: lexer.bytes) {
      throw lexer.error("Invalid character encoding", at: invalid)
    }
    var items: [HCLBodyItem] = []
    var names: Set<String> = []
    while true {
      let token = try peek()
      switch token.kind {
      case .endOfFile:
        let range = HCLRange(
          start: Position(line: 1, column: 1), end: lexer.position(at: lexer.bytes.count),
          startOffset: lexer.contentStart, endOffset: lexer.bytes.count)
        return HCLBody(items: items, range: range)
      case .newline:
        try take()
      case .identifier:
        items.append(try parseBodyItem(names: &names))
      default:
        throw unexpectedInBody(token)
      }
    }
  }

  private func unexpectedInBody(_ token: HCLToken) -> DriftError {
    if token.kind == .quote {
      return fail("Invalid argument name", at: token.range)
    }
    return fail("Argument or block definition required", at: token.range)
  }

  /// An attribute or a block, with the newline that ends it; `names` are the attributes of
  /// the body so far, which may not be set twice.
  private mutating func parseBodyItem(
    names: inout Set<String>
  ) throws(DriftError) -> HCLBodyItem {
    let name = try take()
    let next = try peek()
    switch next.kind {
    case .equals:
      let attribute = try finishAttribute(name)
      guard names.insert(attribute.name).inserted else {
        throw fail("Attribute redefined", at: name.range)
      }
      let end = try peek()
      switch end.kind {
      case .newline: try take()
      case .endOfFile: break
      case .comma: throw fail("Unexpected comma after argument", at: end.range)
      default: throw fail("Missing newline after argument", at: end.range)
      }
      return .attribute(attribute)
    case .quote, .openBrace, .identifier:
      return .block(try finishBlock(name))
    default:
      throw fail("Argument or block definition required", at: name.range)
    }
  }

  /// `= expression` after the attribute's name.
  private mutating func finishAttribute(_ name: HCLToken) throws(DriftError) -> HCLAttribute {
    try take()
    let expression = try parseExpression()
    return HCLAttribute(
      name: lexer.text(name.range), nameRange: name.range, expression: expression,
      range: name.range.union(expression.range))
  }

  /// Labels, braces and body after the block's type.
  private mutating func finishBlock(_ type: HCLToken) throws(DriftError) -> HCLBlock {
    var labels: [HCLLabel] = []
    let openBrace: HCLToken
    header: while true {
      let token = try take()
      switch token.kind {
      case .openBrace:
        openBrace = token
        break header
      case .quote:
        labels.append(try parseQuotedLabel(opening: token))
      case .identifier:
        labels.append(HCLLabel(value: lexer.text(token.range), range: token.range, isQuoted: false))
      default:
        throw fail("Invalid block definition", at: token.range)
      }
    }
    try enter(at: openBrace.range)
    let items: [HCLBodyItem]
    let closeBrace: HCLToken
    switch try peek().kind {
    case .newline, .endOfFile, .closeBrace:
      (items, closeBrace) = try parseBlockBody(openBrace: openBrace)
    default:
      (items, closeBrace) = try parseOneLineBody(openBrace: openBrace)
    }
    leave()
    let end = try peek()
    switch end.kind {
    case .newline: try take()
    case .endOfFile: break
    default: throw fail("Missing newline after block definition", at: end.range)
    }
    let body = HCLBody(
      items: items,
      range: HCLRange(
        start: openBrace.range.end, end: closeBrace.range.start,
        startOffset: openBrace.range.endOffset, endOffset: closeBrace.range.startOffset))
    return HCLBlock(
      type: lexer.text(type.range), typeRange: type.range, labels: labels, body: body,
      openBraceRange: openBrace.range, closeBraceRange: closeBrace.range,
      range: type.range.union(closeBrace.range))
  }

  private mutating func parseBlockBody(
    openBrace: HCLToken
  ) throws(DriftError) -> ([HCLBodyItem], closeBrace: HCLToken) {
    var items: [HCLBodyItem] = []
    var names: Set<String> = []
    while true {
      let token = try peek()
      switch token.kind {
      case .closeBrace:
        return (items, try take())
      case .newline:
        try take()
      case .identifier:
        items.append(try parseBodyItem(names: &names))
      case .endOfFile:
        throw fail("Unclosed configuration block", at: openBrace.range)
      default:
        throw unexpectedInBody(token)
      }
    }
  }

  /// `{ name = expression }` on one line.
  private mutating func parseOneLineBody(
    openBrace: HCLToken
  ) throws(DriftError) -> ([HCLBodyItem], closeBrace: HCLToken) {
    let name = try take()
    guard name.kind == .identifier else {
      throw unexpectedInBody(name)
    }
    let next = try peek()
    switch next.kind {
    case .equals: break
    case .quote, .openBrace, .identifier:
      throw fail("Argument definition required", at: name.range)
    default:
      throw fail("Argument or block definition required", at: name.range)
    }
    let attribute = try finishAttribute(name)
    let end = try peek()
    switch end.kind {
    case .closeBrace:
      return ([.attribute(attribute)], try take())
    case .endOfFile:
      throw fail("Unclosed configuration block", at: openBrace.range)
    default:
      throw fail("Invalid single-argument block definition", at: end.range)
    }
  }
}
