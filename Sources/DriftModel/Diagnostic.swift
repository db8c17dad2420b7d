/// A problem found while reading or comparing that does not stop the work, such as an expired
/// ignore rule.
public struct Diagnostic: Sendable, Hashable, Comparable, Codable {
  /// How serious the problem is.
  public enum Level: String, Sendable, Codable {
    /// A fact the report states, such as why a field was not compared.
    case note
    case warning
    case error
  }

  public var level: Level
  public var message: String
  public var location: SourceLocation?

  /// Creates a diagnostic.
  public init(_ level: Level, _ message: String, at location: SourceLocation? = nil) {
    self.level = level
    self.message = message
    self.location = location
  }

  public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
    (lhs.location?.description ?? "", lhs.message) < (rhs.location?.description ?? "", rhs.message)
  }
}

extension Diagnostic: CustomStringConvertible {
  /// `file:line:column: warning: message`, as compilers print it.
  public var description: String {
    if let location { return "\(location): \(level.rawValue): \(message)" }
    return "\(level.rawValue): \(message)"
  }
}
