/// The place of an attribute inside a resource, as a JSON Pointer (RFC 6901).
public struct FieldPath: Sendable, Hashable, Codable {
  /// The reference tokens, unescaped: `/spec/template/0` is `["spec", "template", "0"]`.
  public var tokens: [String]

  /// Creates a path from its tokens.
  public init(_ tokens: [String] = []) {
    self.tokens = tokens
  }

  /// Parses a JSON Pointer; returns nil when it does not start with `/` (the empty pointer
  /// names the whole resource).
  public init?(pointer: String) {
    if pointer.isEmpty {
      self.tokens = []
      return
    }
    guard pointer.hasPrefix("/") else { return nil }
    self.tokens = pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
      String($0).replacing("~1", with: "/").replacing("~0", with: "~")
    }
  }

  /// The path as a JSON Pointer.
  public var pointer: String {
    var text = ""
    for token in tokens {
      text.append("/")
      text.append(Self.escape(token))
    }
    return text
  }

  /// `token` as one reference token of a JSON Pointer: `~` as `~0`, `/` as `~1`.
  public static func escape(_ token: String) -> String {
    guard token.contains("~") || token.contains("/") else { return token }
    return token.replacing("~", with: "~0").replacing("/", with: "~1")
  }

  /// The path one level down.
  public func appending(_ token: String) -> FieldPath {
    FieldPath(tokens + [token])
  }

  /// The path one level down, into an array element.
  public func appending(index: Int) -> FieldPath {
    FieldPath(tokens + [String(index)])
  }

  /// Goes one level down, in place.
  public mutating func append(_ token: String) {
    tokens.append(token)
  }

  /// Goes one level up, in place; the path must not be empty.
  public mutating func removeLast() {
    tokens.removeLast()
  }

  /// Whether `self` is `other` or lies inside it.
  public func hasPrefix(_ other: FieldPath) -> Bool {
    other.tokens.count <= tokens.count && zip(other.tokens, tokens).allSatisfy { $0 == $1 }
  }

  /// The last token, if any.
  public var last: String? { tokens.last }
}

extension FieldPath: CustomStringConvertible {
  public var description: String { pointer }
}

extension FieldPath: Comparable {
  /// Orders paths token by token, numbers by value, so that `/env/9` comes before `/env/10`.
  public static func < (lhs: FieldPath, rhs: FieldPath) -> Bool {
    for (a, b) in zip(lhs.tokens, rhs.tokens) where a != b {
      if let x = Int(a), let y = Int(b) { return x < y }
      return a < b
    }
    return lhs.tokens.count < rhs.tokens.count
  }
}

extension Value {
  /// The value at `path`, if there is one.
  public func value(at path: FieldPath) -> Value? {
    var current = self
    for token in path.tokens {
      switch current {
      case .object:
        guard let next = current[token] else { return nil }
        current = next
      case .array(let elements):
        guard let index = Int(token), elements.indices.contains(index) else { return nil }
        current = elements[index]
      default:
        return nil
      }
    }
    return current
  }

  /// The line of the deepest member on `path` whose position is known.
  public func line(at path: FieldPath) -> Int? {
    var current = self
    var line: Int?
    for token in path.tokens {
      switch current {
      case .object:
        guard let member = current.member(token) else { return line }
        if member.position.isKnown { line = Int(member.position.line) }
        current = member.value
      case .array(let elements):
        guard let index = Int(token), elements.indices.contains(index) else { return line }
        current = elements[index]
      default:
        return line
      }
    }
    return line
  }
}
