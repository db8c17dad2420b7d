import DriftModel

/// Where a node of a document is written.
enum Place {
  /// The document's top mapping.
  case root(Value)
  /// `key: value`; the key's line and column, counted from 1.
  case member(line: Int, column: Int, value: Value)
  /// `- value`; the dash's line and column, counted from 1.
  case element(line: Int, column: Int, value: Value)

  var value: Value {
    switch self {
    case .root(let value), .member(_, _, let value), .element(_, _, let value): return value
    }
  }
}

extension ManifestEditor {
  /// The places of every prefix of `path` that the document has, the root first; and the depth
  /// of a flow collection (`{a: b}`, `[a, b]`) on the way, whose insides have no lines.
  func locate(_ path: FieldPath, root: Value) throws(DriftError) -> (places: [Place], flow: Int?) {
    var places: [Place] = [.root(root)]
    for token in path.tokens {
      let place = places[places.count - 1]
      if case .member(let line, let column, _) = place, try isFlow(memberAt: line, column: column) {
        return (places, places.count - 1)
      }
      if case .element(let line, let column, _) = place, try isFlow(elementAt: line, column: column)
      {
        return (places, places.count - 1)
      }
      switch place.value {
      case .object:
        guard let member = place.value.member(token) else { return (places, nil) }
        places.append(
          .member(
            line: Int(member.position.line), column: Int(member.position.column),
            value: member.value))
      case .array(let elements):
        guard let index = Int(token), elements.indices.contains(index) else { return (places, nil) }
        let dashes = try elementLines(of: place)
        guard dashes.count == elements.count else {
          throw failure(
            "the list under it is not written one item per '- ' line", line: line(of: place))
        }
        places.append(
          .element(line: dashes[index].line, column: dashes[index].column, value: elements[index]))
      default:
        return (places, nil)
      }
    }
    return (places, nil)
  }

  mutating func set(_ value: Value, at path: FieldPath, root: Value, order: [String] = [])
    throws(DriftError)
  {
    let (places, flow) = try locate(path, root: root)
    if let flow {
      let owner = places[flow]
      let inner = FieldPath(Array(path.tokens.dropFirst(flow)))
      guard let updated = owner.value.setting(value, at: inner) else {
        throw failure("no place for \(path) in a flow collection", line: line(of: owner))
      }
      return try replace(owner, with: updated)
    }
    if places.count == path.tokens.count + 1 {
      return try replace(places[places.count - 1], with: value)
    }
    let parent = places[places.count - 1]
    let remaining = Array(path.tokens.dropFirst(places.count - 1))
    guard let nested = Value.nested(value, under: Array(remaining.dropFirst())) else {
      throw failure("\(path) needs list items that do not exist", line: line(of: parent))
    }
    switch parent.value {
    case .object(let members):
      if members.isEmpty {
        return try replace(parent, with: .object([Member(remaining[0], nested)]))
      }
      let key = remaining[0]
      if let position = order.firstIndex(of: key) {
        for earlier in order[..<position].reversed() {
          if let sibling = members.first(where: { $0.key == earlier }) {
            return try insert(key: key, value: nested, after: sibling)
          }
        }
        for later in order[(position + 1)...] {
          if let sibling = members.first(where: { $0.key == later }) {
            let line = Int(sibling.position.line)
            let indent = Int(sibling.position.column) - 1
            lines.insert(
              contentsOf: writer.entry(writer.key(key), nested, indent: indent), at: line - 1)
            return
          }
        }
      }
      try insert(key: key, value: nested, after: members[members.count - 1])
    case .array(let elements):
      guard Int(remaining[0]) == elements.count else {
        throw failure("\(path) is past the end of its list", line: line(of: parent))
      }
      try append(nested, to: parent)
    default:
      guard let wrapped = Value.nested(value, under: remaining) else {
        throw failure("\(path) needs list items that do not exist", line: line(of: parent))
      }
      try replace(parent, with: wrapped)
    }
  }

  mutating func remove(at path: FieldPath, root: Value) throws(DriftError) {
    let (places, flow) = try locate(path, root: root)
    if let flow {
      let owner = places[flow]
      let inner = FieldPath(Array(path.tokens.dropFirst(flow)))
      return try replace(owner, with: owner.value.removing(at: inner))
    }
    guard places.count == path.tokens.count + 1 else { return }
    switch places[places.count - 1] {
    case .member(let line, let column, _):
      let end = subtreeEnd(
        line, indent: column - 1, compact: try inline(memberAt: line, column: column).isEmpty)
      lines.removeSubrange((line - 1)...(end - 1))
    case .element(let line, let column, _):
      lines.removeSubrange((line - 1)...(elementEnd(line, indent: column - 1) - 1))
    case .root:
      throw failure("cannot remove a whole document this way", line: 1)
    }
  }

  /// Inserts `value` before item `position` of the list at `path`, or after its last item.
  mutating func insert(_ value: Value, intoListAt path: FieldPath, position: Int, root: Value)
    throws(DriftError)
  {
    let (places, flow) = try locate(path, root: root)
    if let flow {
      let owner = places[flow]
      let inner = FieldPath(Array(path.tokens.dropFirst(flow)))
      guard case .array(var elements) = owner.value.value(at: inner),
        position <= elements.count
      else { throw failure("no list at \(path)", line: line(of: owner)) }
      elements.insert(value, at: position)
      guard let updated = owner.value.setting(.array(elements), at: inner) else {
        throw failure("no place for \(path) in a flow collection", line: line(of: owner))
      }
      return try replace(owner, with: updated)
    }
    guard places.count == path.tokens.count + 1, case .array(let elements) = places.last?.value
    else {
      let parent = places[places.count - 1]
      throw failure("no list at \(path)", line: line(of: parent))
    }
    let owner = places[places.count - 1]
    if case .member(let line, let column, _) = owner, try isFlow(memberAt: line, column: column) {
      var updated = elements
      updated.insert(value, at: min(position, elements.count))
      return try replace(owner, with: .array(updated))
    }
    guard position < elements.count else {
      guard position == elements.count else {
        throw failure("\(path)/\(position) is past the end of its list", line: line(of: owner))
      }
      return try append(value, to: owner)
    }
    let dashes = try elementLines(of: owner)
    guard dashes.count == elements.count else {
      throw failure(
        "the list under it is not written one item per '- ' line", line: line(of: owner))
    }
    let next = dashes[position]
    lines.insert(
      contentsOf: writer.block(.array([value]), indent: next.column - 1), at: next.line - 1)
  }

  private mutating func insert(key: String, value: Value, after sibling: Member) throws(DriftError)
  {
    let line = Int(sibling.position.line)
    let column = Int(sibling.position.column)
    let end = subtreeEnd(
      line, indent: column - 1, compact: try inline(memberAt: line, column: column).isEmpty)
    lines.insert(contentsOf: writer.entry(writer.key(key), value, indent: column - 1), at: end)
  }

  private mutating func append(_ value: Value, to owner: Place) throws(DriftError) {
    let dashes = try elementLines(of: owner)
    guard let last = dashes.last else { return try replace(owner, with: .array([value])) }
    let end = elementEnd(last.line, indent: last.column - 1)
    lines.insert(contentsOf: writer.block(.array([value]), indent: last.column - 1), at: end)
  }

  /// Rewrites the value of a member or list item, keeping its key, quoting style and comment.
  private mutating func replace(_ place: Place, with value: Value) throws(DriftError) {
    let line: Int
    let span: InlineSpan
    let indent: Int
    switch place {
    case .root:
      throw failure("cannot replace a whole document", line: 1)
    case .member(let memberLine, let column, _):
      (line, span, indent) = (
        memberLine, try inline(memberAt: memberLine, column: column), column - 1
      )
    case .element(let dashLine, let column, _):
      (line, span, indent) = (dashLine, try inline(elementAt: dashLine, column: column), column - 1)
    }
    let isBlockBelow = span.isEmpty || span.text.hasPrefix("|") || span.text.hasPrefix(">")
    let bodyEnd: Int
    if case .element = place {
      bodyEnd = isBlockBelow ? elementEnd(line, indent: indent) : line
    } else {
      bodyEnd = isBlockBelow ? subtreeEnd(line, indent: indent, compact: span.isEmpty) : line
    }
    let oldBody = line < bodyEnd ? Array(lines[line..<bodyEnd]) : []
    let childIndent = oldBody.first(where: Self.isContent).map(Self.indent) ?? indent + 2
    let prefix = span.prefix.hasSuffix(" ") ? span.prefix : span.prefix + " "
    var head: String
    var body: [String] = []
    switch value {
    case .string(let text) where text.contains("\n"):
      head = prefix + (text.hasSuffix("\n") ? "|" : "|-") + span.comment
      let textLines = (text.hasSuffix("\n") ? String(text.dropLast()) : text)
        .split(separator: "\n", omittingEmptySubsequences: false)
      let pad = String(repeating: " ", count: max(childIndent, indent + 2))
      body = textLines.map { $0.isEmpty ? "" : pad + $0 }
    case .object(let members) where !members.isEmpty && !span.isFlow:
      head = span.prefix.trimmingTrailingSpaces() + span.comment
      body = writer.block(value, indent: max(childIndent, indent + 2))
    case .array(let elements) where !elements.isEmpty && !span.isFlow:
      head = span.prefix.trimmingTrailingSpaces() + span.comment
      let compact = oldBody.first(where: Self.isContent).map { Self.indent($0) == indent } ?? false
      body = writer.block(value, indent: compact ? indent : max(childIndent, indent + 2))
    default:
      let text =
        span.isFlow
        ? writer.flow(value, quote: span.flowQuote) : writer.scalar(value, quote: span.quote)
      head = prefix + text + span.comment
    }
    lines.replaceSubrange((line - 1)...(bodyEnd - 1), with: [head] + body)
  }

  func line(of place: Place) -> Int {
    switch place {
    case .root: return 1
    case .member(let line, _, _), .element(let line, _, _): return line
    }
  }
}

extension Value {
  /// `value` wrapped in objects (and single-item lists for `0`) for each token.
  static func nested(_ value: Value, under tokens: [String]) -> Value? {
    var result = value
    for token in tokens.reversed() {
      if let index = Int(token) {
        guard index == 0 else { return nil }
        result = .array([result])
      } else {
        result = .object([Member(token, result)])
      }
    }
    return result
  }

  /// The value with `inner` set to `value`, adding keys on the way; nil when a list index is
  /// past the end.
  func setting(_ value: Value, at inner: FieldPath) -> Value? {
    guard let token = inner.tokens.first else { return value }
    let rest = FieldPath(Array(inner.tokens.dropFirst()))
    switch self {
    case .object(var members):
      if let index = members.firstIndex(where: { $0.key == token }) {
        guard let updated = members[index].value.setting(value, at: rest) else { return nil }
        members[index].value = updated
      } else {
        guard let fresh = Value.nested(value, under: rest.tokens) else { return nil }
        members.append(Member(token, fresh))
      }
      return .object(members)
    case .array(var elements):
      guard let index = Int(token), index <= elements.count else { return nil }
      if index == elements.count {
        guard let fresh = Value.nested(value, under: rest.tokens) else { return nil }
        elements.append(fresh)
      } else {
        guard let updated = elements[index].setting(value, at: rest) else { return nil }
        elements[index] = updated
      }
      return .array(elements)
    default:
      return Value.nested(value, under: inner.tokens)
    }
  }

  /// The value without what is at `inner`.
  func removing(at inner: FieldPath) -> Value {
    guard let token = inner.tokens.first else { return .null }
    let rest = FieldPath(Array(inner.tokens.dropFirst()))
    switch self {
    case .object(var members):
      guard let index = members.firstIndex(where: { $0.key == token }) else { return self }
      if rest.tokens.isEmpty {
        members.remove(at: index)
      } else {
        members[index].value = members[index].value.removing(at: rest)
      }
      return .object(members)
    case .array(var elements):
      guard let index = Int(token), elements.indices.contains(index) else { return self }
      if rest.tokens.isEmpty {
        elements.remove(at: index)
      } else {
        elements[index] = elements[index].removing(at: rest)
      }
      return .array(elements)
    default:
      return self
    }
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var text = Substring(self)
    while text.last == " " { text = text.dropLast() }
    return String(text)
  }
}
