/// How much a drift matters, from `info` to `critical`.
public enum Severity: Int, Sendable, Comparable, CaseIterable, Codable {
  case info
  case low
  case medium
  case high
  case critical

  /// Reads a severity from its name.
  public init?(name: String) {
    guard let match = Self.allCases.first(where: { $0.name == name.lowercased() }) else {
      return nil
    }
    self = match
  }

  /// The severity's name as reports print it.
  public var name: String {
    switch self {
    case .info: return "info"
    case .low: return "low"
    case .medium: return "medium"
    case .high: return "high"
    case .critical: return "critical"
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
}
