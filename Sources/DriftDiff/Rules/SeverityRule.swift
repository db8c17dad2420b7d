public import DriftModel

/// One built-in severity rule.
///
/// The attributes it covers, when their value matters, how much, and the NIST CSF 2.0
/// subcategories involved. Rules are data: one file per family.
public struct SeverityRule: Sendable {
  /// When a value at a covered path makes the rule apply.
  public enum Condition: Sendable {
    /// Any value.
    case present
    /// One of these values.
    case oneOf([Value])
    /// A string, or a list of strings, containing this text.
    case contains(String)
  }

  public var id: String
  public var family: String
  public var summary: String
  /// Resource types (globs) the rule covers; nil covers every type.
  public let types: [String]?
  /// JSON Pointer patterns, `*` matching one token; empty covers the whole resource.
  public let paths: [String]
  public var condition: Condition
  /// The drift kinds the rule rates.
  public var kinds: Set<DriftKind>
  public var severity: Severity
  public var csf: [String]
  /// Whether the rule also guards desired state (the pre-commit policy check).
  public var isPolicy: Bool
  private let typeGlobs: [Glob]?
  private let patterns: [PointerPattern]

  /// Creates a rule.
  public init(
    id: String, family: String, summary: String, types: [String]? = nil, paths: [String] = [],
    when condition: Condition = .present, kinds: Set<DriftKind> = [.modified], severity: Severity,
    csf: [String], isPolicy: Bool = false
  ) {
    self.id = id
    self.family = family
    self.summary = summary
    self.types = types
    self.paths = paths
    self.condition = condition
    self.kinds = kinds
    self.severity = severity
    self.csf = csf
    self.isPolicy = isPolicy
    self.typeGlobs = types.map { $0.map(Glob.init) }
    self.patterns = paths.map(PointerPattern.init)
  }

  /// Every built-in rule.
  public static let builtIn: [SeverityRule] =
    PrivilegeRules.all + ExposureRules.all + AccessRules.all + ImageRules.all + InventoryRules.all

  /// Whether the rule covers resources of `type`.
  public func covers(type: String) -> Bool {
    guard let typeGlobs else { return true }
    return typeGlobs.contains { $0.matches(type) }
  }

  /// Whether the rule applies to `value` found at `path`: exactly a covered path, or an element
  /// of a list at a covered path (one CIDR of `cidr_blocks`).
  public func applies(to value: Value, at path: FieldPath) -> Bool {
    var list: FieldPath?
    if let last = path.last, !last.isEmpty, last.allSatisfy(\.isNumber) {
      list = FieldPath(Array(path.tokens.dropLast()))
    }
    guard
      patterns.contains(where: { pattern in
        pattern.matches(path) || list.map { pattern.matches($0) } == true
      })
    else { return false }
    switch condition {
    case .present:
      return !value.isEmpty || value == .bool(false) || value == .integer(0)
    case .oneOf(let values):
      return values.contains(value)
    case .contains(let text):
      switch value {
      case .string(let string): return string.contains(text)
      case .array(let elements): return elements.contains { $0.stringValue?.contains(text) == true }
      default: return false
      }
    }
  }
}

extension Value {
  /// Every scalar (and empty collection) inside, with its path below `base`.
  func leaves(under base: FieldPath) -> [(FieldPath, Value)] {
    switch self {
    case .object(let members) where !members.isEmpty:
      return members.flatMap { $0.value.leaves(under: base.appending($0.key)) }
    case .array(let elements) where !elements.isEmpty:
      return [(base, self)]
        + elements.enumerated().flatMap {
          $0.element.leaves(under: base.appending(index: $0.offset))
        }
    default:
      return [(base, self)]
    }
  }
}
