public import DriftModel

/// A JSON Pointer pattern, as ignore rules, policies and severity rules write them.
///
/// `*` matches any one token. Parsed once, matched many times.
public struct PointerPattern: Sendable, Hashable {
  public let text: String
  private let tokens: [String]?

  /// Parses a pattern; one that is not a JSON Pointer matches nothing.
  public init(_ text: String) {
    self.text = text
    self.tokens = FieldPath(pointer: text)?.tokens
  }

  /// Whether the pattern names `path` or one of its parents.
  public func covers(_ path: FieldPath) -> Bool {
    guard let tokens, tokens.count <= path.tokens.count else { return false }
    return zip(tokens, path.tokens).allSatisfy { $0 == "*" || $0 == $1 }
  }

  /// Whether the pattern names exactly `path`.
  public func matches(_ path: FieldPath) -> Bool {
    guard let tokens, tokens.count == path.tokens.count else { return false }
    return zip(tokens, path.tokens).allSatisfy { $0 == "*" || $0 == $1 }
  }
}
