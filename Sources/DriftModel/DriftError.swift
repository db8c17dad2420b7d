/// Why desired or live state could not be read: always with the file, and the line where one
/// applies.
public struct DriftError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public var location: SourceLocation?

  /// Creates an error.
  public init(_ message: String, at location: SourceLocation? = nil) {
    self.message = message
    self.location = location
  }

  /// `file:line:column: message`, or the message alone.
  public var description: String {
    guard let location else { return message }
    return "\(location): \(message)"
  }
}
