import DriftJSON
import DriftModel
import HCL

/// A value being evaluated, with where its literal is written when it is a literal reached
/// through plain references (`var.x`, `local.y`, `var.m["k"]`).
struct Evaluated {
  var value: TerraformValue
  var origin: Origin?
  /// Whether the value comes from live state, where a missing attribute is unknown rather than
  /// an error.
  var isLive = false

  init(_ value: TerraformValue, origin: Origin? = nil, isLive: Bool = false) {
    self.value = value
    self.origin = origin
    self.isLive = isLive
  }

  static let unknown = Evaluated(.unknown)
}

/// Where the literals of a value are written: one literal for the whole value, or one per
/// member or element of an object or tuple built from expressions.
indirect enum Origin {
  /// The value is the literal `expression`, written in `file` in a declaration of `kind`.
  case literal(kind: TerraformEditSite.Kind, file: String, expression: HCLExpression)
  case object([String: Origin])
  case tuple([Origin?])

  /// Where the whole value is written, when it is one literal.
  var site: TerraformEditSite? {
    guard case .literal(let kind, let file, let expression) = self else { return nil }
    return TerraformEditSite(kind: kind, file: file, range: expression.range)
  }

  /// The origin of the element `key` of this tuple or object.
  func element(_ key: TerraformValue) -> Origin? {
    switch (self, key.peeled.value) {
    case (.object(let members), .string(let name)):
      return members[name]
    case (.tuple(let elements), .number(let index)):
      guard let index = index.exactInteger, index >= 0, index < elements.count else { return nil }
      return elements[index]
    case (.literal(let kind, let file, let expression), _):
      return Self.element(key, of: expression).map {
        .literal(kind: kind, file: file, expression: $0)
      }
    default:
      return nil
    }
  }

  private static func element(_ key: TerraformValue, of expression: HCLExpression)
    -> HCLExpression?
  {
    switch (expression.kind, key.peeled.value) {
    case (.tuple(let elements), .number(let index)):
      guard let index = index.exactInteger, index >= 0, index < elements.count else { return nil }
      return elements[index]
    case (.object(let items), .string(let name)):
      return items.last { Origin.literalKey($0.key) == name }?.value
    default:
      return nil
    }
  }

  /// The key of an object item when it is written as a name or a plain string.
  static func literalKey(_ key: HCLObjectKey) -> String? {
    switch key {
    case .identifier(let name, _): return name
    case .expression(let expression):
      if case .template(let template) = expression.kind { return template.literalText }
      return nil
    }
  }

  /// Whether `expression` is a literal: a number, bool, null, string without interpolation, or a
  /// tuple or object made only of literals.
  static func isLiteral(_ expression: HCLExpression) -> Bool {
    switch expression.kind {
    case .number, .bool, .null: return true
    case .template(let template): return template.literalText != nil
    case .unary(.negate, let operand):
      if case .number = operand.kind { return true }
      return false
    case .tuple(let elements): return elements.allSatisfy(isLiteral)
    case .object(let items):
      return items.allSatisfy { literalKey($0.key) != nil && isLiteral($0.value) }
    default: return false
    }
  }
}

/// How a `resource` or `module` block expands.
enum Expansion {
  case single
  case count(Int)
  /// Keys in lexical order, with `each.value`.
  case forEach([(key: String, value: Evaluated)])
  /// `count` or `for_each` cannot be known offline.
  case unknown

  /// One instance: its address suffix, `count.index` and `each`.
  typealias Instance = (suffix: String, countIndex: Int?, each: (key: Evaluated, value: Evaluated)?)

  /// The instances: address suffix (`""`, `[0]`, `["k"]`), `count.index`, `each`.
  var instances: [Instance] {
    switch self {
    case .single: return [("", nil, nil)]
    case .count(let count): return (0..<count).map { ("[\($0)]", $0, nil) }
    case .forEach(let pairs):
      return pairs.map { pair in
        ("[\(Expansion.quote(pair.key))]", nil, (Evaluated(.string(pair.key)), pair.value))
      }
    case .unknown: return []
    }
  }

  /// `"key"` as Terraform writes an instance key.
  static func quote(_ key: String) -> String { TerraformInstanceKey.quoted(key) }
}

/// One instance of a module: its declarations, its input values, and what has been evaluated in
/// it so far.
final class ModuleInstance {
  let module: TerraformModule
  /// `""` for the root module, `module.net[0].` for an instance of a called one.
  let prefix: String
  /// The folders of the modules from the root to this one, to detect cycles.
  let chain: [String]
  var variables: [String: Evaluated] = [:]
  var locals: [String: Evaluated] = [:]
  var localsInProgress: Set<String> = []
  var outputs: [String: Evaluated] = [:]
  var outputsInProgress: Set<String> = []
  var moduleCalls: [String: ModuleExpansion] = [:]
  var resourceExpansions: [String: Expansion] = [:]
  /// Resources whose configured values are being evaluated (a reference back reads live).
  var resourcesInProgress: Set<String> = []
  /// Resources' instances as references see them (configured over live), by address.
  var configuredValues: [String: Evaluated] = [:]

  init(module: TerraformModule, prefix: String, chain: [String]) {
    self.module = module
    self.prefix = prefix
    self.chain = chain
  }
}

/// The instances of a `module` block.
struct ModuleExpansion {
  var expansion: Expansion
  /// One per instance of the expansion, in order; empty when the module is not evaluated.
  var instances: [ModuleInstance]
  /// Why the module's outputs are unknown, when they are.
  var isEvaluated: Bool
}

/// How much one evaluation may compute.
///
/// A nest of `for`s over `range(1024)`, or a chain of locals each doubling the last, must stop
/// with an error at its line, not exhaust the memory or run for hours. Literals cost nothing; computed strings cost their bytes, computed
/// collections one per element, a `for` iteration 16 (it copies a scope).
public struct TerraformEvaluationLimits: Sendable {
  /// The work of one evaluation.
  public var work = 64 << 20
  /// The largest value one expression may compute (Terraform has no limit; an 8 MiB
  /// attribute is not configuration).
  public var value = TerraformEvaluationLimits.standardValue
  /// What a `for` iteration costs.
  static let iteration = 16
  /// ``value`` by default, also bounding `replace` as it builds its result.
  static let standardValue = 8 << 20

  /// The standard limits.
  public init() {}
}

/// What all module instances of one evaluation share.
final class EvaluationContext {
  let secrets: SecretDigester
  let live: (String) -> Value?
  let files: (String) throws(DriftError) -> [(path: String, bytes: [UInt8])]?
  /// Told the path of each file `file` and `fileexists` look up.
  var lookingUp: ((String) -> Void)?
  /// The files and folders directly in a folder, for `fileset`; nil leaves it unknown.
  var listing: ((String) throws(DriftError) -> TerraformFolderListing?)?
  /// Parses `yamldecode`'s text; nil when no reader was given.
  var yamlDecoder: (([UInt8]) throws(DriftError) -> Value)?
  /// Parsed files reused across evaluations, when the caller keeps them.
  var parsed: HCLParseCache?
  /// The root folder's path components.
  let rootComponents: [String]
  let root: String
  var modules: [String: TerraformModule] = [:]
  var diagnostics: [DriftError] = []

  static let maximumModuleDepth = 32
  /// The most instances one `count` or `for_each` expands to: a configuration from a pull
  /// request must not make git-drift allocate a billion resources.
  static let maximumInstances = 10_000
  let limits: TerraformEvaluationLimits
  private(set) var work = 0
  /// How many live values were read: an error after a read may be the live value's.
  private(set) var liveReads = 0

  /// The live value at `address`, counted in ``liveReads``.
  func liveValue(at address: String) -> Value? {
    liveReads += 1
    return live(address)
  }

  /// Counts in ``liveReads`` a value built from live values earlier and used again.
  func reusedLiveValue() {
    liveReads += 1
  }

  /// Counts `units` of work; false once the evaluation is over its budget.
  func spend(_ units: Int) -> Bool {
    work += units
    return work <= limits.work
  }

  init(
    secrets: SecretDigester, live: @escaping (String) -> Value?, root: String,
    limits: TerraformEvaluationLimits = TerraformEvaluationLimits(),
    files: @escaping (String) throws(DriftError) -> [(path: String, bytes: [UInt8])]?
  ) {
    self.secrets = secrets
    self.live = live
    self.files = files
    self.root = root
    self.rootComponents = EvaluationContext.components(root)
    self.limits = limits
  }

  /// The module in `folder`, loaded once; nil when the folder does not exist.
  func module(at folder: String) throws(DriftError) -> TerraformModule? {
    if let module = modules[folder] { return module }
    guard let listing = try files(folder) else { return nil }
    let module = try TerraformModule.load(folder: folder, files: listing, parsed: parsed)
    diagnostics += module.diagnostics
    modules[folder] = module
    return module
  }

  /// The folder `relative` names from `folder`, or nil when it leaves the repository.
  static func folder(_ relative: String, from folder: String) -> String? {
    var components = components(folder)
    for part in relative.split(separator: "/") {
      switch part {
      case ".": continue
      case "..":
        guard !components.isEmpty else { return nil }
        components.removeLast()
      default: components.append(String(part))
      }
    }
    return components.isEmpty ? "." : components.joined(separator: "/")
  }

  /// `folder` as Terraform's `path.module` writes it: relative to the root module.
  func relativePath(_ folder: String) -> String {
    let target = Self.components(folder)
    var common = 0
    while common < target.count, common < rootComponents.count,
      target[common] == rootComponents[common]
    {
      common += 1
    }
    let parts =
      Array(repeating: "..", count: rootComponents.count - common) + target[common...]
    return parts.isEmpty ? "." : parts.joined(separator: "/")
  }

  static func components(_ path: String) -> [String] {
    path.split(separator: "/").map(String.init).filter { $0 != "." && !$0.isEmpty }
  }
}
