public import DriftModel

/// One drift (or one change of it) that cannot be accepted, and why.
public struct Refusal: Sendable, CustomStringConvertible {
  public var address: String
  public var path: FieldPath?
  public var reason: String
  public var location: SourceLocation?

  /// Creates a refusal of `address` (at `path`, when one change is refused) for `reason`.
  public init(
    address: String, path: FieldPath? = nil, reason: String, location: SourceLocation? = nil
  ) {
    self.address = address
    self.path = path
    self.reason = reason
    self.location = location
  }

  /// `file:line: cannot accept ADDRESS#/path: reason`.
  public var description: String {
    let target = address + (path.map { "#\($0.pointer)" } ?? "")
    let place = location.map { "\($0): " } ?? ""
    return "\(place)cannot accept \(target): \(reason)"
  }
}
