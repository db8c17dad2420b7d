public import DriftDiff
public import DriftJSON
public import DriftModel

/// One source's desired state at one commit, as its adapter read it.
public struct DesiredState: Sendable {
  /// The resources declared, in file order.
  public var resources: [Resource]
  /// How they compare with live resources.
  public var rules: any ComparisonRules
  /// Warnings found while reading (nothing that stops the check).
  public var diagnostics: [Diagnostic]
  /// Attributes (or whole resources) that cannot be known offline.
  public var unevaluated: Int
  /// Resources (or modules) whose instances cannot be known offline, each with why and where
  /// it is declared; its `source` is filled in by the check.
  public var unevaluatedResources: [DriftReport.Unevaluated] = []
  /// What the adapter learned while reading, for its own later steps (preparing live state,
  /// accept, rollback); other code passes it along unopened.
  public var details: (any Sendable)?

  /// Creates a desired state.
  public init(
    resources: [Resource], rules: any ComparisonRules, diagnostics: [Diagnostic] = [],
    unevaluated: Int = 0, details: (any Sendable)? = nil
  ) {
    self.resources = resources
    self.rules = rules
    self.diagnostics = diagnostics
    self.unevaluated = unevaluated
    self.details = details
  }
}

/// The files of one commit, as an adapter reads them (the engine implements it over git).
public protocol DesiredTree {
  /// Every file of the commit (blobs and executables, no symlinks or submodules), in path
  /// order.
  var paths: [String] { get }

  /// The symbolic links of the commit, which are not read.
  var symlinks: [String] { get }

  /// The bytes of the file at `path`, refusing absurd sizes.
  func contents(_ path: String) throws(DriftError) -> [UInt8]

  /// The object id of the file at `path` (hexadecimal), nil when it has none: what caches of
  /// renders are keyed by.
  func id(of path: String) -> String?

  /// What `read` makes of each of `paths`, read and parsed on all cores, in path order; the
  /// first error in path order is thrown.
  func parse(
    _ paths: [String],
    _ read: @escaping @Sendable ([UInt8], String) throws(DriftError) -> [Resource]
  ) throws(DriftError) -> [Resource]
}

extension DesiredTree {
  /// Each file read and parsed in turn, for trees too small to gain from more cores.
  public func parse(
    _ paths: [String],
    _ read: @escaping @Sendable ([UInt8], String) throws(DriftError) -> [Resource]
  ) throws(DriftError) -> [Resource] {
    var resources: [Resource] = []
    for path in paths { resources += try read(try contents(path), path) }
    return resources
  }

  /// No symbolic links, unless the tree lists them.
  ///
  /// They are not read: what they point to may not be in the commit at all.
  public var symlinks: [String] { [] }

  /// The files that `source`'s paths match and its `exclude` globs do not, in path order;
  /// `.drift.yml` and `.driftignore` are never among them.
  ///
  /// - Throws: when they match none, since a source that declares nothing is a mistake.
  public func files(of source: SourceConfiguration) throws(DriftError) -> [String] {
    let matched = paths.filter(SourceFiles(source).contains)
    guard !matched.isEmpty else {
      let patterns = source.paths.map { "'\($0)'" }.joined(separator: ", ")
      throw DriftError(
        "source '\(source.name)': paths \(patterns) match no file in this commit",
        at: source.location)
    }
    return matched
  }

  /// The files of every folder, by folder (`.` for the root).
  public var folders: [String: [String]] {
    var folders: [String: [String]] = [:]
    for path in paths { folders[SourceConfiguration.folder(of: path), default: []].append(path) }
    return folders
  }
}

/// What accept and rollback planning know of one checked source.
public struct RecoveryInput {
  public var source: SourceConfiguration
  /// The id of the desired commit.
  public var commit: String
  /// The desired state as its adapter read it.
  public var desired: DesiredState
  /// Desired resources by address, as compared.
  public var index: [String: Resource]
  /// Live resources by address.
  public var live: [String: Resource]
  /// Every file of the desired commit.
  public var paths: [String]
  /// The bytes of a desired file at the commit, nil when it does not exist.
  public var read: (String) -> [UInt8]?
  /// Compares one desired resource with its live counterpart, as `check` did.
  public var differ: Differ
  public var secrets: SecretDigester

  /// Creates the input.
  public init(
    source: SourceConfiguration, commit: String = "HEAD", desired: DesiredState,
    index: [String: Resource], live: [String: Resource], paths: [String],
    read: @escaping (String) -> [UInt8]?, differ: Differ, secrets: SecretDigester
  ) {
    self.source = source
    self.commit = commit
    self.desired = desired
    self.index = index
    self.live = live
    self.paths = paths
    self.read = read
    self.differ = differ
    self.secrets = secrets
  }
}

/// A policy check's finding in one file.
public enum PolicyFinding: Sendable, CustomStringConvertible {
  /// The file does not parse (or does not evaluate).
  case unreadable(DriftError)
  /// A resource breaks a rule.
  case violation(SeverityRules.Violation, address: String, at: SourceLocation)

  /// The violations of `resources`, read from `file`.
  public static func violations(in resources: [Resource], file: String, rules: SeverityRules)
    -> [PolicyFinding]
  {
    resources.flatMap { resource in
      rules.violations(in: resource).map { violation in
        PolicyFinding.violation(
          violation, address: resource.id.address,
          at: SourceLocation(
            file: resource.location?.file ?? file,
            line: violation.line ?? resource.location?.line ?? 0))
      }
    }
  }

  /// `FILE:LINE: severity: summary at POINTER of ADDRESS (rule; CSF ids)`, or the parse error.
  public var description: String {
    switch self {
    case .unreadable(let error): return error.description
    case .violation(let violation, let address, let place):
      return
        "\(place): \(violation.rule.severity.name): \(violation.rule.summary) at \(violation.path) "
        + "of \(address) (\(violation.rule.id); \(violation.rule.csf.joined(separator: ", ")))"
    }
  }
}

/// A source that `init` proposes.
public struct DiscoveredSource: Sendable, Equatable {
  /// The folder it covers, relative to the root (empty for the root).
  public var folder: String
  /// The name proposed: the folder with `-` for `/`, or a word for the root.
  public var name: String
  public var format: SourceFormat
  public var paths: [String]
  public var namespace: String?
  /// The command that exports its live state.
  public var capture: String?
  /// Comment lines written above the source (without `#`).
  public var comments: [String]
  /// The GitOps unit (Flux Kustomization, Argo CD Application) the source checks.
  public var unit: String?
  /// Folders the source renders, so that no other proposal covers them again.
  public var renders: [String] = []
  /// Globs of files its paths match that it must not read (test data, charts, broken YAML).
  public var exclude: [String] = []

  /// Creates a proposal.
  ///
  /// - Parameter rootName: the name of a source of the whole tree.
  public init(
    folder: String, rootName: String, format: SourceFormat, paths: [String],
    namespace: String? = nil, capture: String? = nil, comments: [String] = []
  ) {
    self.folder = folder
    name = folder.isEmpty ? rootName : folder.split(separator: "/").joined(separator: "-")
    self.format = format
    self.paths = paths
    self.namespace = namespace
    self.capture = capture
    self.comments = comments
  }
}
