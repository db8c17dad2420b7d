import DriftModel

extension NativeSyntaxParser {
  /// A full expression: a conditional, or binary operations over terms.
  mutating func parseExpression() throws(DriftError) -> HCLExpression {
    let condition = try parseBinary(minimumPrecedence: 1)
    guard let question = try take(.question) else { return condition }
    try enter(at: question.range)
    let then = try parseExpression()
    let colon = try peek()
    guard colon.kind == .colon else {
      throw fail("Missing false expression in conditional", at: colon.range)
    }
    try take()
    let otherwise = try parseExpression()
    leave()
    return HCLExpression(
      .conditional(condition, then: then, otherwise: otherwise),
      range: condition.range.union(otherwise.range))
  }

  /// Binary operations whose operators bind at least as tightly as `minimumPrecedence`,
  /// left-associative within a level.
  private mutating func parseBinary(minimumPrecedence: Int) throws(DriftError) -> HCLExpression {
    var left = try parseOperand()
    var chained = 0
    while true {
      let token = try peek()
      guard let (operation, precedence) = token.binaryOperator, precedence >= minimumPrecedence
      else { break }
      try take()
      try enter(at: token.range)
      chained += 1
      let right = try parseBinary(minimumPrecedence: precedence + 1)
      left = HCLExpression(.binary(operation, left, right), range: left.range.union(right.range))
    }
    leave(levels: chained)
    return left
  }

  /// A term with its traversals, or a unary operation on one.
  private mutating func parseOperand() throws(DriftError) -> HCLExpression {
    let token = try peek()
    let operation: HCLUnaryOperator
    switch token.kind {
    case .minus: operation = .negate
    case .bang: operation = .not
    default: return try parseTraversals(of: try parseTerm())
    }
    try take()
    try enter(at: token.range)
    let operand = try parseOperand()
    leave()
    return HCLExpression(.unary(operation, operand), range: token.range.union(operand.range))
  }

  private mutating func parseTerm() throws(DriftError) -> HCLExpression {
    let token = try peek()
    switch token.kind {
    case .openParenthesis:
      try take()
      try enter(at: token.range)
      let outer = newlinesMatter
      newlinesMatter = false
      let inner = try parseExpression()
      let close = try peek()
      guard close.kind == .closeParenthesis else {
        throw fail("Unbalanced parentheses", at: close.range)
      }
      try take()
      newlinesMatter = outer
      leave()
      return HCLExpression(.parenthesized(inner), range: token.range.union(close.range))
    case .number:
      try take()
      return HCLExpression(.number(try numberText(token)), range: token.range)
    case .identifier:
      try take()
      let next = try peek()
      if next.kind == .openParenthesis || next.kind == .doubleColon {
        return try finishCall(name: token)
      }
      if isKeyword(token, "true") { return HCLExpression(.bool(true), range: token.range) }
      if isKeyword(token, "false") { return HCLExpression(.bool(false), range: token.range) }
      if isKeyword(token, "null") { return HCLExpression(.null, range: token.range) }
      return HCLExpression(.variable(lexer.text(token.range)), range: token.range)
    case .quote:
      try take()
      return try parseQuotedTemplate(opening: token)
    case .heredoc:
      try take()
      return try parseHeredoc(opening: token)
    case .openBracket:
      try take()
      return try finishTuple(opening: token)
    case .openBrace:
      try take()
      return try finishObject(opening: token)
    case .endOfFile:
      throw fail("Missing expression", at: token.range)
    default:
      throw fail("Invalid expression", at: token.range)
    }
  }

  /// The text of a number token, checked against HCL's number syntax.
  private func numberText(_ token: HCLToken) throws(DriftError) -> String {
    let text = lexer.text(token.range)
    var dots = 0
    var exponent = false
    for byte in text.utf8 {
      if byte == UInt8(ascii: ".") {
        dots += 1
        if exponent { dots += 1 }
      } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
        if exponent { dots = 2 }
        exponent = true
      }
    }
    guard dots <= 1 else { throw fail("Invalid number literal", at: token.range) }
    return text
  }

  // MARK: Traversals

  /// One postfix step after a term.
  private enum Step {
    case attribute(String, HCLRange)
    case index(HCLExpression, HCLRange)
    /// `.0`, from HCL's predecessor.
    case legacyIndex(HCLExpression, HCLRange)
    /// `.*`
    case attributeSplat(HCLRange)
    /// `[*]`
    case fullSplat(HCLRange)
  }

  /// A splat being built: the source and the steps applied to each element so far.
  private struct OpenSplat {
    var source: HCLExpression
    var steps: [HCLTraversalStep]
    var isFull: Bool
    var range: HCLRange

    var expression: HCLExpression {
      HCLExpression(.splat(source, steps: steps, isFull: isFull), range: range)
    }

    mutating func append(_ step: HCLTraversalStep, range stepRange: HCLRange) {
      steps.append(step)
      range = range.union(stepRange)
    }
  }

  /// `.name`, `[key]`, `.0`, `.*` and `[*]` steps after `term`.
  ///
  /// An attribute splat takes the attribute and legacy index steps after it; a full splat
  /// takes every attribute and index step after it. A splat after a full splat ends it and
  /// applies to its result.
  private mutating func parseTraversals(
    of term: HCLExpression
  ) throws(DriftError) -> HCLExpression {
    var expression = term
    var splat: OpenSplat?
    var levels = 0
    while let step = try parseStep(insideAttributeSplat: splat.map { !$0.isFull } ?? false) {
      let stepRange: HCLRange
      switch step {
      case .attribute(_, let range), .index(_, let range), .legacyIndex(_, let range),
        .attributeSplat(let range), .fullSplat(let range):
        stepRange = range
      }
      try enter(at: stepRange)
      levels += 1
      if let isFull = splat?.isFull {
        let member: HCLTraversalStep?
        switch step {
        case .attribute(let name, _): member = .attribute(name)
        case .legacyIndex(let key, _): member = .index(key)
        case .index(let key, _): member = isFull ? .index(key) : nil
        case .attributeSplat, .fullSplat: member = nil
        }
        if let member {
          splat?.append(member, range: stepRange)
          continue
        }
        if let open = splat.take() { expression = open.expression }
      }
      let range = expression.range.union(stepRange)
      switch step {
      case .attribute(let name, _):
        expression = HCLExpression(.attribute(expression, name: name), range: range)
      case .index(let key, _), .legacyIndex(let key, _):
        expression = HCLExpression(.index(expression, key: key), range: range)
      case .attributeSplat:
        splat = OpenSplat(source: expression, steps: [], isFull: false, range: range)
      case .fullSplat:
        splat = OpenSplat(source: expression, steps: [], isFull: true, range: range)
      }
    }
    leave(levels: levels)
    return splat?.expression ?? expression
  }

  /// The next traversal step, or nil when the next token does not start one.
  private mutating func parseStep(
    insideAttributeSplat: Bool
  ) throws(DriftError) -> Step? {
    let token = try peek()
    switch token.kind {
    case .dot:
      try take()
      let name = try peek()
      switch name.kind {
      case .identifier:
        try take()
        return .attribute(lexer.text(name.range), token.range.union(name.range))
      case .number:
        try take()
        let text = lexer.text(name.range)
        guard !text.utf8.contains(UInt8(ascii: ".")) else {
          throw fail("Invalid legacy index syntax", at: name.range)
        }
        let key = HCLExpression(.number(try numberText(name)), range: name.range)
        return .legacyIndex(key, token.range.union(name.range))
      case .star:
        guard !insideAttributeSplat else {
          throw fail("Nested splat expression not allowed", at: name.range)
        }
        try take()
        return .attributeSplat(token.range.union(name.range))
      default:
        throw fail("Invalid attribute name", at: name.range)
      }
    case .openBracket:
      try take()
      let outer = newlinesMatter
      newlinesMatter = false
      defer { newlinesMatter = outer }
      if try take(.star) != nil {
        let close = try peek()
        guard close.kind == .closeBracket else {
          throw fail("Missing close bracket on splat index", at: close.range)
        }
        try take()
        return .fullSplat(token.range.union(close.range))
      }
      let key = try parseExpression()
      let close = try peek()
      guard close.kind == .closeBracket else {
        throw fail("Missing close bracket on index", at: close.range)
      }
      try take()
      return .index(key, token.range.union(close.range))
    default:
      return nil
    }
  }

  // MARK: Calls and collections

  /// `(arguments)` after a function name, or `::name(arguments)` for a namespaced function.
  private mutating func finishCall(name: HCLToken) throws(DriftError) -> HCLExpression {
    var fullName = lexer.text(name.range)
    while try take(.doubleColon) != nil {
      let part = try peek()
      guard part.kind == .identifier else {
        throw fail("Missing function name", at: part.range)
      }
      try take()
      fullName += "::" + lexer.text(part.range)
    }
    let open = try peek()
    guard open.kind == .openParenthesis else {
      throw fail("Missing open parenthesis", at: open.range)
    }
    try take()
    try enter(at: open.range)
    let outer = newlinesMatter
    newlinesMatter = false
    var arguments: [HCLExpression] = []
    var expandsFinal = false
    let close: HCLToken
    arguments: while true {
      if let token = try take(.closeParenthesis) {
        close = token
        break
      }
      if try peek().kind == .endOfFile {
        throw fail("Unterminated function call", at: name.range)
      }
      arguments.append(try parseExpression())
      let separator = try take()
      switch separator.kind {
      case .closeParenthesis:
        close = separator
        break arguments
      case .ellipsis:
        expandsFinal = true
        guard let token = try take(.closeParenthesis) else {
          throw fail("Missing closing parenthesis", at: separator.range)
        }
        close = token
        break arguments
      case .comma:
        continue
      case .endOfFile:
        throw fail("Unterminated function call", at: name.range)
      default:
        throw fail("Missing argument separator", at: separator.range)
      }
    }
    newlinesMatter = outer
    leave()
    return HCLExpression(
      .call(name: fullName, arguments: arguments, expandsFinal: expandsFinal),
      range: name.range.union(close.range))
  }

  /// `[a, b]` or `[for …]` after the opening bracket.
  private mutating func finishTuple(opening: HCLToken) throws(DriftError) -> HCLExpression {
    try enter(at: opening.range)
    let outer = newlinesMatter
    newlinesMatter = false
    if isKeyword(try peek(), "for") {
      let expression = try finishFor(opening: opening)
      newlinesMatter = outer
      leave()
      return expression
    }
    var elements: [HCLExpression] = []
    let close: HCLToken
    elements: while true {
      if let token = try take(.closeBracket) {
        close = token
        break
      }
      if try peek().kind == .endOfFile {
        throw fail("Unterminated tuple constructor expression", at: opening.range)
      }
      elements.append(try parseExpression())
      let separator = try take()
      switch separator.kind {
      case .closeBracket:
        close = separator
        break elements
      case .comma:
        continue
      case .endOfFile:
        throw fail("Unterminated tuple constructor expression", at: opening.range)
      default:
        throw fail("Missing item separator", at: separator.range)
      }
    }
    newlinesMatter = outer
    leave()
    return HCLExpression(.tuple(elements), range: opening.range.union(close.range))
  }

  /// `{ key = value, … }` or `{for …}` after the opening brace.
  private mutating func finishObject(opening: HCLToken) throws(DriftError) -> HCLExpression {
    try enter(at: opening.range)
    let outer = newlinesMatter
    newlinesMatter = false
    if isKeyword(try peek(), "for") {
      let expression = try finishFor(opening: opening)
      newlinesMatter = outer
      leave()
      return expression
    }
    newlinesMatter = true
    var items: [HCLObjectItem] = []
    let close: HCLToken
    while true {
      let next = try peek()
      if next.kind == .newline {
        try take()
        continue
      }
      if next.kind == .closeBrace {
        close = try take()
        break
      }
      if next.kind == .endOfFile {
        throw fail("Unterminated object constructor expression", at: opening.range)
      }
      let key = try parseObjectKey()
      let separator = try peek()
      switch separator.kind {
      case .equals, .colon:
        try take()
      case .newline, .comma:
        throw fail("Missing attribute value", at: separator.range)
      case .endOfFile:
        throw fail("Unterminated object constructor expression", at: opening.range)
      default:
        throw fail("Missing key/value separator", at: separator.range)
      }
      items.append(HCLObjectItem(key: key, value: try parseExpression()))
      let end = try peek()
      switch end.kind {
      case .closeBrace:
        continue
      case .comma, .newline:
        try take()
      case .endOfFile:
        throw fail("Unterminated object constructor expression", at: opening.range)
      default:
        throw fail("Missing attribute separator", at: end.range)
      }
    }
    newlinesMatter = outer
    leave()
    return HCLExpression(.object(items), range: opening.range.union(close.range))
  }

  /// A bare identifier is the key itself; anything else (including `(name)`) is evaluated.
  private mutating func parseObjectKey() throws(DriftError) -> HCLObjectKey {
    let key = try parseExpression()
    if case .variable(let name) = key.kind {
      return .identifier(name, range: key.range)
    }
    return .expression(key)
  }

  /// The rest of a for expression after its opening bracket or brace.
  private mutating func finishFor(opening: HCLToken) throws(DriftError) -> HCLExpression {
    let isObject = opening.kind == .openBrace
    let closeKind: HCLToken.Kind = isObject ? .closeBrace : .closeBracket
    try take()
    var valueVariable = try forVariable()
    var keyVariable: String?
    if try take(.comma) != nil {
      keyVariable = valueVariable
      valueVariable = try forVariable()
    }
    let inKeyword = try peek()
    guard isKeyword(inKeyword, "in") else {
      throw fail("Invalid 'for' expression", at: inKeyword.range)
    }
    try take()
    let collection = try parseExpression()
    let colon = try peek()
    guard colon.kind == .colon else { throw fail("Invalid 'for' expression", at: colon.range) }
    try take()
    var keyExpression: HCLExpression?
    var valueExpression = try parseExpression()
    if let arrow = try take(.fatArrow) {
      guard isObject else { throw fail("Invalid 'for' expression", at: arrow.range) }
      keyExpression = valueExpression
      valueExpression = try parseExpression()
    }
    var isGrouping = false
    if let ellipsis = try take(.ellipsis) {
      guard isObject else { throw fail("Invalid 'for' expression", at: ellipsis.range) }
      isGrouping = true
    }
    var condition: HCLExpression?
    if isKeyword(try peek(), "if") {
      try take()
      condition = try parseExpression()
    }
    let close = try peek()
    guard close.kind == closeKind else {
      throw fail("Invalid 'for' expression", at: close.range)
    }
    if isObject && keyExpression == nil {
      throw fail("Invalid 'for' expression", at: valueExpression.range)
    }
    try take()
    let forExpression = HCLForExpression(
      keyVariable: keyVariable, valueVariable: valueVariable, collection: collection,
      keyExpression: keyExpression, valueExpression: valueExpression, condition: condition,
      isGrouping: isGrouping)
    return HCLExpression(.forExpression(forExpression), range: opening.range.union(close.range))
  }

  private mutating func forVariable() throws(DriftError) -> String {
    let token = try peek()
    guard token.kind == .identifier else {
      throw fail("Invalid 'for' expression", at: token.range)
    }
    try take()
    return lexer.text(token.range)
  }
}
