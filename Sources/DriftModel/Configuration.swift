/// The name of the format a source is declared in (`format:` of `.drift.yml`).
///
/// An open set: the format adapters say which names exist (`FormatRegistry`), so a new format
/// needs no change here, and nothing outside the registry can branch on a name.
public struct SourceFormat: RawRepresentable, Hashable, Sendable, CustomStringConvertible,
  ExpressibleByStringLiteral
{
  public var rawValue: String

  /// Creates a format name.
  public init(rawValue: String) {
    self.rawValue = rawValue
  }

  /// Creates a format name from a literal.
  public init(stringLiteral value: String) {
    rawValue = value
  }

  /// The name as `.drift.yml` spells it.
  public var description: String { rawValue }
}

/// A repository's `.drift.yml`: its sources, ignore rules and severity policies.
public struct Configuration: Sendable {
  public var version: Int
  public var sources: [SourceConfiguration]
  public var ignore: [IgnoreRule]
  public var policies: [SeverityPolicy]
  /// The folder, inside the repository, that post-mortems are written to.
  public var postmortems: String
  /// Where `postmortems:` is written in `.drift.yml`; nil for the default.
  public var postmortemsLocation: SourceLocation?
  /// The branch whose history is the desired state.
  public var branch: String?

  /// Creates a configuration.
  public init(
    version: Int = 1, sources: [SourceConfiguration], ignore: [IgnoreRule] = [],
    policies: [SeverityPolicy] = [], postmortems: String = "docs/postmortems",
    branch: String? = nil
  ) {
    self.version = version
    self.sources = sources
    self.ignore = ignore
    self.policies = policies
    self.postmortems = postmortems
    self.branch = branch
  }

  /// The source named `name`.
  public func source(named name: String) -> SourceConfiguration? {
    sources.first { $0.name == name }
  }
}

/// One source of desired state, and how its live state is captured.
public struct SourceConfiguration: Sendable {
  /// The default Kubernetes field managers that deploy desired state: their writes are not drift.
  public static let defaultDeployers = [
    "kubectl-client-side-apply", "kubectl", "argocd-controller", "argocd",
    "argocd-application-controller", "kustomize-controller", "helm", "helm-controller", "git-drift",
  ]

  public var name: String
  public var format: SourceFormat
  /// Globs of desired files, relative to the repository root; `**` crosses folders.
  public var paths: [String]
  /// Kubernetes: the namespace of manifests that state none.
  public var namespace: String?
  /// The command that exports live state, for `snapshot capture` and `watch`.
  public var capture: String?
  /// Kubernetes field managers whose writes deploy desired state.
  public var deployers: [String]
  /// GitOps sources: the name of the one Flux Kustomization or Argo CD Application in `paths`
  /// that the source checks; nil checks every one.
  public var unit: String?
  /// Helm sources: key words whose values are kept secret, besides the built-in ones
  /// (password, secret, token, key, cert, credentials, ...).
  public var sensitive: [String] = []
  /// Globs of files that `paths` match but the source does not read (CI YAML, test data,
  /// a chart's values files beside manifests).
  public var exclude: [String] = []
  /// Where the source is declared in `.drift.yml`.
  public var location: SourceLocation?

  /// Files that configure git-drift and are never desired state, whatever `paths` say.
  public static let configurationFileNames: Set<String> = [
    ".drift.yml", ".drift.yaml", ".driftignore",
  ]

  /// Whether the source reads `path` (see ``SourceFiles``); to filter a listing, make one
  /// `SourceFiles` and ask it for each path, so the globs are compiled once.
  public func matches(_ path: String) -> Bool { SourceFiles(self).contains(path) }

  /// Creates a source.
  public init(
    name: String, format: SourceFormat, paths: [String], namespace: String? = nil,
    capture: String? = nil, deployers: [String] = SourceConfiguration.defaultDeployers,
    location: SourceLocation? = nil
  ) {
    self.name = name
    self.format = format
    self.paths = paths
    self.namespace = namespace
    self.capture = capture
    self.deployers = deployers
    self.location = location
  }
}

/// The files a source reads, its globs compiled once: one of its `paths` globs matches, none
/// of its `exclude` globs does, and the file is not a git-drift configuration file.
public struct SourceFiles: Sendable {
  private let paths: [Glob]
  private let exclude: [Glob]

  /// Compiles the globs of `source`.
  public init(_ source: SourceConfiguration) {
    paths = source.paths.map(Glob.init)
    exclude = source.exclude.map(Glob.init)
  }

  /// Whether the source reads `path`.
  public func contains(_ path: String) -> Bool {
    // By bytes: stepping back by Characters was a third of listing a source's 10,000 files.
    let utf8 = path.utf8
    let start = utf8.lastIndex(of: UInt8(ascii: "/")).map(utf8.index(after:)) ?? utf8.startIndex
    let name = utf8[start...]
    return !SourceConfiguration.configurationFileNames.contains { $0.utf8.elementsEqual(name) }
      && paths.contains { $0.matches(path) } && !exclude.contains { $0.matches(path) }
  }
}

/// A deviation that is not drift: noise, or an accepted difference with its reason.
public struct IgnoreRule: Sendable, Equatable {
  /// Glob on the resource address; `*` stays within one `/`-separated segment, `**` crosses.
  public var resource: String
  /// JSON Pointers, where a `*` token matches any one token.
  ///
  /// A rule on a path covers its children. Empty: every attribute.
  public var paths: [String]
  /// Field managers whose changes the rule covers; empty: any actor.
  public var managers: [String]
  /// Why the deviation is accepted; reports show it.
  public var reason: String?
  /// After this day the rule stops applying and is reported as expired.
  public var expires: CalendarDate?
  /// Where the rule was written.
  public var origin: SourceLocation?

  /// Creates a rule.
  public init(
    resource: String, paths: [String] = [], managers: [String] = [], reason: String? = nil,
    expires: CalendarDate? = nil, origin: SourceLocation? = nil
  ) {
    self.resource = resource
    self.paths = paths
    self.managers = managers
    self.reason = reason
    self.expires = expires
    self.origin = origin
  }
}

/// A severity that `.drift.yml` gives to changes at matching paths.
public struct SeverityPolicy: Sendable, Equatable {
  /// JSON Pointer pattern; `*` matches one token.
  public var path: String
  /// Optional glob on the resource address.
  public var resource: String?
  public var severity: Severity

  /// Creates a policy.
  public init(path: String, resource: String? = nil, severity: Severity) {
    self.path = path
    self.resource = resource
    self.severity = severity
  }
}

/// A day of the calendar, as `.drift.yml` writes dates (`2027-01-31`).
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var year: Int
  public var month: Int
  public var day: Int

  /// Creates a date.
  public init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD`, or the date part of an RFC 3339 time.
  public init?(_ text: String) {
    let parts = text.prefix(10).split(separator: "-")
    guard text.count >= 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]),
      let day = Int(parts[2]), (1...12).contains(month),
      (1...Self.days(inMonth: month, of: year)).contains(day)
    else { return nil }
    self.init(year: year, month: month, day: day)
  }

  public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  /// The number of days of `month` in `year` (Gregorian).
  static func days(inMonth month: Int, of year: Int) -> Int {
    switch month {
    case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  public var description: String {
    func pad(_ number: Int, _ width: Int) -> String {
      let digits = String(number)
      return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }
}

extension SourceConfiguration {
  /// The root module folders an `hcl` source's paths name: without trailing slash, `.` for the
  /// top of the repository, as `folder(of:)` names folders.
  public var rootFolders: [String] {
    paths.map { path in
      var folder = path
      while folder.hasSuffix("/") { folder.removeLast() }
      while folder.hasPrefix("./") { folder.removeFirst(2) }
      return folder.isEmpty ? "." : folder
    }
  }

  /// The folder of a repository path, `.` for a file at the top.
  public static func folder(of path: String) -> String {
    path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
  }
}
