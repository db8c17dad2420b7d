import DriftModel

/// The value written on a line after `key:` or `- `: where it starts, its text, and what
/// follows it (spaces and a comment).
struct InlineSpan {
  /// The line up to the value: `  replicas: `, or `  replicas:` when nothing follows.
  var prefix: String
  var text: String
  /// Spaces and a `# comment` after the value, kept by every edit.
  var comment: String

  var isEmpty: Bool { text.isEmpty }
  var isFlow: Bool { text.hasPrefix("{") || text.hasPrefix("[") }
  /// How the strings inside a flow collection are quoted: as its first quoted string is.
  var flowQuote: YAMLWriter.Quote {
    switch text.first(where: { $0 == "\"" || $0 == "'" }) {
    case "\"": return .double
    case "'": return .single
    default: return .none
    }
  }
  var quote: YAMLWriter.Quote {
    switch text.first {
    case "\"": return .double
    case "'": return .single
    default: return .none
    }
  }
}

extension ManifestEditor {
  static func isContent(_ line: String) -> Bool {
    let trimmed = line.drop { $0 == " " }
    return !trimmed.isEmpty && !trimmed.hasPrefix("#")
  }

  static func indent(_ line: String) -> Int {
    line.prefix { $0 == " " }.count
  }

  static func isDash(_ line: String) -> Bool {
    let trimmed = line.drop { $0 == " " }
    return trimmed == "-" || trimmed.hasPrefix("- ")
  }

  /// The last line (from 1) of the member whose key is on `line` at `indent`: deeper lines, and
  /// with `compact`, list items written at the key's own indentation.
  func subtreeEnd(_ line: Int, indent: Int, compact: Bool) -> Int {
    var end = line
    var next = line + 1
    while next <= lines.count {
      let text = lines[next - 1]
      if Self.isSeparator(text) { break }
      if Self.isContent(text) {
        let depth = Self.indent(text)
        guard depth > indent || (compact && depth == indent && Self.isDash(text)) else { break }
        end = next
      }
      next += 1
    }
    return end
  }

  /// The last line (from 1) of the list item whose dash is on `line` at `indent`.
  func elementEnd(_ line: Int, indent: Int) -> Int {
    subtreeEnd(line, indent: indent, compact: false)
  }

  /// The dash lines and columns of the items of the list held by `place`.
  func elementLines(of place: Place) throws(DriftError) -> [(line: Int, column: Int)] {
    guard case .member(let line, let column, _) = place else {
      throw failure("lists inside lists are not edited", line: self.line(of: place))
    }
    let span = try inline(memberAt: line, column: column)
    guard span.isEmpty else { return [] }
    let end = subtreeEnd(line, indent: column - 1, compact: true)
    var dashes: [(line: Int, column: Int)] = []
    var dashIndent: Int?
    if line < end {
      for number in (line + 1)...end where Self.isContent(lines[number - 1]) {
        let text = lines[number - 1]
        let depth = Self.indent(text)
        if dashIndent == nil, Self.isDash(text) { dashIndent = depth }
        if depth == dashIndent, Self.isDash(text) { dashes.append((number, depth + 1)) }
      }
    }
    return dashes
  }

  func isFlow(memberAt line: Int, column: Int) throws(DriftError) -> Bool {
    try inline(memberAt: line, column: column).isFlow
  }

  func isFlow(elementAt line: Int, column: Int) throws(DriftError) -> Bool {
    try inline(elementAt: line, column: column).isFlow
  }

  /// The value after the key that starts at `column` of `line`.
  func inline(memberAt line: Int, column: Int) throws(DriftError) -> InlineSpan {
    let characters = Array(lines[line - 1])
    var index = column - 1
    guard index < characters.count else { throw failure("no key at column \(column)", line: line) }
    if characters[index] == "\"" || characters[index] == "'" {
      index = try closingQuote(characters, from: index, line: line) + 1
    }
    while index < characters.count {
      if characters[index] == ":", index + 1 == characters.count || characters[index + 1] == " " {
        break
      }
      index += 1
    }
    guard index < characters.count else { throw failure("no ':' after the key", line: line) }
    return try span(characters, afterIndicator: index, line: line)
  }

  /// The value after the dash at `column` of `line`.
  func inline(elementAt line: Int, column: Int) throws(DriftError) -> InlineSpan {
    let characters = Array(lines[line - 1])
    guard column - 1 < characters.count, characters[column - 1] == "-" else {
      throw failure("no '-' at column \(column)", line: line)
    }
    return try span(characters, afterIndicator: column - 1, line: line)
  }

  private func span(_ characters: [Character], afterIndicator indicator: Int, line: Int)
    throws(DriftError) -> InlineSpan
  {
    var start = indicator + 1
    while start < characters.count, characters[start] == " " { start += 1 }
    if start == characters.count || characters[start] == "#" {
      let prefixEnd = indicator + 1
      return InlineSpan(
        prefix: String(characters[..<prefixEnd]), text: "",
        comment: String(characters[prefixEnd...]))
    }
    if characters[start] == "&" || characters[start] == "!" || characters[start] == "*" {
      throw failure("anchors, aliases and tags are not edited", line: line)
    }
    var end: Int
    switch characters[start] {
    case "\"", "'":
      end = try closingQuote(characters, from: start, line: line) + 1
    case "{", "[":
      end = try closingBracket(characters, from: start, line: line) + 1
    default:
      end = start
      while end < characters.count, !(characters[end] == "#" && characters[end - 1] == " ") {
        end += 1
      }
      while end > start, characters[end - 1] == " " { end -= 1 }
    }
    return InlineSpan(
      prefix: String(characters[..<start]), text: String(characters[start..<end]),
      comment: String(characters[end...]))
  }

  private func closingQuote(_ characters: [Character], from start: Int, line: Int)
    throws(DriftError) -> Int
  {
    let quote = characters[start]
    var index = start + 1
    while index < characters.count {
      if quote == "\"", characters[index] == "\\" {
        index += 2
        continue
      }
      if characters[index] == quote {
        if quote == "'", index + 1 < characters.count, characters[index + 1] == "'" {
          index += 2
          continue
        }
        return index
      }
      index += 1
    }
    throw failure("a quoted value continues on the next line", line: line)
  }

  private func closingBracket(_ characters: [Character], from start: Int, line: Int)
    throws(DriftError) -> Int
  {
    var depth = 0
    var index = start
    while index < characters.count {
      switch characters[index] {
      case "{", "[": depth += 1
      case "}", "]":
        depth -= 1
        if depth == 0 { return index }
      case "\"", "'":
        index = try closingQuote(characters, from: index, line: line)
      default: break
      }
      index += 1
    }
    throw failure("a flow collection continues on the next line", line: line)
  }
}
