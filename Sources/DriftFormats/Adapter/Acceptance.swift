public import DriftModel

/// The edits that make the desired files state the live values of the chosen drifts.
///
/// Each format's adapter plans it (``FormatAdapter/accept(_:_:)``); every edited resource is
/// parsed back and compared again, so an edit that does not read back as the live value is
/// refused, never committed.
public struct Acceptance {
  /// The new contents of every touched file; nil deletes the file.
  public var files: [String: [UInt8]?] = [:]
  /// The drifts accepted, in the order given.
  public var accepted: [Drift] = []
  /// What could not be accepted.
  public var refusals: [Refusal] = []
  /// The new file of each accepted unmanaged resource, by address.
  public var created: [String: String] = [:]
  /// One line per accepted drift, for the commit message.
  public var summary: [String] = []

  /// Creates an empty plan.
  public init() {}
}
