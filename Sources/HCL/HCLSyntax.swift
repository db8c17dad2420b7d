public import DriftModel

/// Where a piece of HCL source sits: line and column (from 1) of its first and one past its
/// last character, and the same as byte offsets into the file, so that an editor can replace
/// exactly these bytes.
public struct HCLRange: Sendable, Hashable {
  public var start: Position
  public var end: Position
  public var startOffset: Int
  public var endOffset: Int

  /// Creates a range.
  public init(start: Position, end: Position, startOffset: Int, endOffset: Int) {
    self.start = start
    self.end = end
    self.startOffset = startOffset
    self.endOffset = endOffset
  }

  /// The smallest range that covers both.
  public func union(_ other: HCLRange) -> HCLRange {
    let first = startOffset <= other.startOffset ? self : other
    let last = endOffset >= other.endOffset ? self : other
    return HCLRange(
      start: first.start, end: last.end, startOffset: first.startOffset,
      endOffset: last.endOffset)
  }
}

/// The contents of a file, or of a block between its braces: attributes and blocks in the
/// order they were written.
public struct HCLBody: Sendable {
  public var items: [HCLBodyItem]
  /// From the first to one past the last byte of the body (inside the braces of a block).
  public var range: HCLRange

  /// Creates a body.
  public init(items: [HCLBodyItem], range: HCLRange) {
    self.items = items
    self.range = range
  }

  /// The attributes, in source order.
  public var attributes: [HCLAttribute] {
    items.compactMap { if case .attribute(let attribute) = $0 { attribute } else { nil } }
  }

  /// The blocks, in source order.
  public var blocks: [HCLBlock] {
    items.compactMap { if case .block(let block) = $0 { block } else { nil } }
  }

  /// The attribute named `name`.
  public func attribute(_ name: String) -> HCLAttribute? {
    attributes.first { $0.name == name }
  }

  /// The blocks of type `type`.
  public func blocks(ofType type: String) -> [HCLBlock] {
    blocks.filter { $0.type == type }
  }
}

/// One item of a body.
public enum HCLBodyItem: Sendable {
  case attribute(HCLAttribute)
  case block(HCLBlock)
}

/// `name = expression`.
public struct HCLAttribute: Sendable {
  public var name: String
  public var nameRange: HCLRange
  public var expression: HCLExpression
  /// From the name to the end of the expression.
  public var range: HCLRange

  /// Creates an attribute.
  public init(name: String, nameRange: HCLRange, expression: HCLExpression, range: HCLRange) {
    self.name = name
    self.nameRange = nameRange
    self.expression = expression
    self.range = range
  }
}

/// `type "label" label { body }`.
public struct HCLBlock: Sendable {
  public var type: String
  public var typeRange: HCLRange
  public var labels: [HCLLabel]
  public var body: HCLBody
  public var openBraceRange: HCLRange
  public var closeBraceRange: HCLRange
  /// From the type to the closing brace.
  public var range: HCLRange

  /// Creates a block.
  public init(
    type: String, typeRange: HCLRange, labels: [HCLLabel], body: HCLBody,
    openBraceRange: HCLRange, closeBraceRange: HCLRange, range: HCLRange
  ) {
    self.type = type
    self.typeRange = typeRange
    self.labels = labels
    self.body = body
    self.openBraceRange = openBraceRange
    self.closeBraceRange = closeBraceRange
    self.range = range
  }
}

/// A block label: a quoted string (escapes decoded) or a bare identifier.
public struct HCLLabel: Sendable, Hashable {
  public var value: String
  public var range: HCLRange
  public var isQuoted: Bool

  /// Creates a label.
  public init(value: String, range: HCLRange, isQuoted: Bool) {
    self.value = value
    self.range = range
    self.isQuoted = isQuoted
  }
}

/// An expression, with the exact range it was written in.
public struct HCLExpression: Sendable {
  public var kind: Kind
  public var range: HCLRange

  /// Creates an expression.
  public init(_ kind: Kind, range: HCLRange) {
    self.kind = kind
    self.range = range
  }

  /// The forms of the HCL native expression syntax.
  public indirect enum Kind: Sendable {
    /// `42`, `1.5e3`: the number as written.
    case number(String)
    case bool(Bool)
    case null
    /// A quoted string or a heredoc; a plain string is a template of one literal part.
    case template(HCLTemplate)
    /// A root name: `var`, `local`, `module`, `each`, `count`, `path`, `self`, a resource type,
    /// or a for-expression's iterator.
    case variable(String)
    /// `source.name`.
    case attribute(HCLExpression, name: String)
    /// `source[key]`, and the legacy `source.0`.
    case index(HCLExpression, key: HCLExpression)
    /// `source.*.a.b` (attribute splat) or `source[*].a[0]` (full splat): `steps` apply to each
    /// element of `source`.
    case splat(HCLExpression, steps: [HCLTraversalStep], isFull: Bool)
    /// `name(arguments)`; `expandsFinal` when the last argument ends with `...`. Provider
    /// functions keep their whole name, `provider::aws::arn_parse`.
    case call(name: String, arguments: [HCLExpression], expandsFinal: Bool)
    /// `[a, b]`.
    case tuple([HCLExpression])
    /// `{ key = value, "k": v }`.
    case object([HCLObjectItem])
    /// `condition ? then : otherwise`.
    case conditional(HCLExpression, then: HCLExpression, otherwise: HCLExpression)
    case binary(HCLBinaryOperator, HCLExpression, HCLExpression)
    case unary(HCLUnaryOperator, HCLExpression)
    case forExpression(HCLForExpression)
    /// `(expression)`: kept so that an object key in parentheses is evaluated.
    case parenthesized(HCLExpression)
  }
}

/// One step of a traversal inside a splat.
public enum HCLTraversalStep: Sendable {
  case attribute(String)
  case index(HCLExpression)
}

/// One `key = value` of an object constructor.
public struct HCLObjectItem: Sendable {
  public var key: HCLObjectKey
  public var value: HCLExpression

  /// Creates an item.
  public init(key: HCLObjectKey, value: HCLExpression) {
    self.key = key
    self.value = value
  }
}

/// An object key: a bare identifier is the key itself; anything else is evaluated.
public enum HCLObjectKey: Sendable {
  case identifier(String, range: HCLRange)
  case expression(HCLExpression)
}

public enum HCLBinaryOperator: String, Sendable {
  case or = "||"
  case and = "&&"
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case modulo = "%"
}

public enum HCLUnaryOperator: String, Sendable {
  case negate = "-"
  case not = "!"
}

/// `[for k, v in collection : value if condition]` or
/// `{for k, v in collection : key => value... if condition}`.
public struct HCLForExpression: Sendable {
  public var keyVariable: String?
  public var valueVariable: String
  public var collection: HCLExpression
  /// Set for the object form.
  public var keyExpression: HCLExpression?
  public var valueExpression: HCLExpression
  public var condition: HCLExpression?
  /// `...` after the value of the object form: values with the same key are grouped in lists.
  public var isGrouping: Bool

  /// Creates a for expression.
  public init(
    keyVariable: String?, valueVariable: String, collection: HCLExpression,
    keyExpression: HCLExpression?, valueExpression: HCLExpression, condition: HCLExpression?,
    isGrouping: Bool
  ) {
    self.keyVariable = keyVariable
    self.valueVariable = valueVariable
    self.collection = collection
    self.keyExpression = keyExpression
    self.valueExpression = valueExpression
    self.condition = condition
    self.isGrouping = isGrouping
  }
}

/// A string template: literal text, interpolations and directives.
///
/// Escapes (`\n`, `$${`, `%%{`) are decoded and strip markers (`~`) already applied to the
/// neighbouring literals; a heredoc's `<<-` indentation is already removed.
public struct HCLTemplate: Sendable {
  public var parts: [HCLTemplatePart]
  public var isHeredoc: Bool

  /// Creates a template.
  public init(parts: [HCLTemplatePart], isHeredoc: Bool) {
    self.parts = parts
    self.isHeredoc = isHeredoc
  }

  /// The text, when the template is only literal text.
  public var literalText: String? {
    var text = ""
    for part in parts {
      guard case .literal(let piece) = part else { return nil }
      text += piece
    }
    return text
  }
}

/// One part of a template.
public indirect enum HCLTemplatePart: Sendable {
  case literal(String)
  /// `${expression}`.
  case interpolation(HCLExpression)
  /// `%{if c}…%{else}…%{endif}`.
  case conditional(HCLExpression, then: [HCLTemplatePart], otherwise: [HCLTemplatePart])
  /// `%{for k, v in collection}…%{endfor}`.
  case loop(key: String?, value: String, collection: HCLExpression, body: [HCLTemplatePart])
}
