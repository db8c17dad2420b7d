public import DriftModel

/// How one resource (or one of its attributes) stood in one snapshot.
public enum ResourceState: Sendable, Equatable {
  /// Desired and live agree.
  case inSync
  /// Live deviates; the changes (only those at the asked attribute, when one was asked).
  case drifted([Change])
  /// Desired, not live.
  case missing
  /// Live, not desired.
  case unmanaged
  /// Neither desired nor live.
  case absent
  /// Cannot be told: no desired commit in force, or no configuration for the source.
  case unknown(String)

  /// The state's name, as reports print it.
  public var name: String {
    switch self {
    case .inSync: return "in-sync"
    case .drifted: return "drifted"
    case .missing: return "missing"
    case .unmanaged: return "unmanaged"
    case .absent: return "absent"
    case .unknown: return "unknown"
    }
  }

  /// Whether live deviates from desired in any way.
  public var isDrift: Bool {
    switch self {
    case .drifted, .missing, .unmanaged: return true
    default: return false
    }
  }

  /// Whether the state is the same as `other`, drifted values included.
  public func sameOutcome(as other: ResourceState) -> Bool {
    switch (self, other) {
    case (.drifted(let a), .drifted(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.path == $1.path && $0.live == $1.live }
    case (.unknown, .unknown): return true
    default: return name == other.name
    }
  }
}
