public import DriftDiff
public import DriftJSON
public import DriftModel
import Foundation

/// Everything git-drift knows about one source format, behind one seam.
///
/// The engine, history and recovery never ask which format a source is: they ask its adapter
/// (``FormatRegistry/adapter(for:)``) to read desired state at a commit, read a live export,
/// say what a snapshot stores, check staged files against the policies, plan accept edits
/// and rollback steps, and find sources for `init`. A new format is one type conforming to
/// this protocol (in a folder of its own) registered in a ``FormatRegistry``; the
/// requirements with defaults are the capabilities a simple format does not need.
///
/// Adapters are values without state: what they learn from one source's desired state at one
/// commit travels in ``DesiredState/details``.
public protocol FormatAdapter: Sendable {
  /// The `format:` of `.drift.yml` that this adapter reads.
  var format: SourceFormat { get }

  // MARK: Desired state

  /// Whether the desired state refers to live values (a Terraform configuration reads other
  /// resources' attributes from state), so that live state must be read first.
  var desiredNeedsLive: Bool { get }

  /// Whether the desired state is evaluated from whole folders rather than file by file, so
  /// that history evaluates it per commit instead of parsing blobs one by one.
  var evaluatesFolders: Bool { get }

  /// Whether the desired state is rendered from the whole source (a Kustomize build): history
  /// then asks ``desired(_:in:live:secrets:)`` for each commit, instead of parsing files.
  var rendersSources: Bool { get }

  /// The desired state that `source` declares in `tree`.
  ///
  /// - Parameter live: the live state that references read, for adapters whose
  ///   ``desiredNeedsLive``; empty otherwise.
  func desired(
    _ source: SourceConfiguration, in tree: any DesiredTree, live: [Resource],
    secrets: SecretDigester
  ) throws(DriftError) -> DesiredState

  /// The resources one desired file declares, for history, which reads file by file (not used
  /// when ``evaluatesFolders``).
  func desiredResources(
    _ bytes: [UInt8], file: String, source: SourceConfiguration, secrets: SecretDigester
  ) throws(DriftError) -> [Resource]

  /// The files among `files` (those a source's paths match in a tree) that declare resources,
  /// and a diagnostic for each one left out: a format may know that some files its globs take
  /// in belong to another tool (chart templates, kustomize patches beside plain manifests).
  ///
  /// Check and history both ask, so that a commit reads the same files whichever reads it.
  ///
  /// - Parameter tree: the commit's files, made only when the adapter needs to look.
  func declaringFiles(among files: [String], in tree: () -> any DesiredTree) -> FileSelection

  /// What makes a parsed file differ between sources of this format (the default namespace of
  /// manifests, say): history shares a parsed blob between sources with the same key.
  func parseKey(_ source: SourceConfiguration) -> String

  /// How the resources of one file compare with live ones.
  var fileRules: any ComparisonRules { get }

  // MARK: Live state

  /// What `each` made of every live resource of an export, in export order.
  ///
  /// - Parameters:
  ///   - known: what the caller makes of an item of a List from its exact bytes, if it can,
  ///     so that the item need not be parsed (adapters that read no Lists ignore it).
  ///   - each: may run on all cores; given the bytes of the List item the resource was read
  ///     from, when there is one.
  func live<Output: Sendable>(
    _ bytes: [UInt8], name: String, source: SourceConfiguration, secrets: SecretDigester,
    reading: LiveReading, known: (@Sendable (ArraySlice<UInt8>) -> Output?)?,
    each: @escaping @Sendable (Resource, ArraySlice<UInt8>?) -> Output
  ) throws(DriftError) -> [Output]

  /// The live values that must be kept secret although the export does not mark them, by
  /// resource address: values that `source`'s desired state in `tree` takes from Secrets
  /// (Helm `valuesFrom`). A snapshot recorder reads them from the tip before reading an export.
  ///
  /// - Parameter tree: the tip's files, listed only when asked for (formats without such
  ///   values never list them).
  func secretPaths(
    _ source: SourceConfiguration, in tree: () -> (any DesiredTree)?, secrets: SecretDigester
  ) -> [String: Set<FieldPath>]

  /// The plain commands (no shell) that a capture command of this format stands for, run in
  /// turn, the last one printing the export; nil when `command` is an ordinary command.
  ///
  /// - Parameter folder: a private folder (mode 0700) for files the steps pass on, deleted
  ///   after the last step.
  func captureSteps(_ command: String, folder: String) -> [[String]]?

  /// Whether a check may judge each live object as soon as it is read and let go of those in
  /// sync, so that a large export is never held whole.
  var judgesWhileReading: Bool { get }

  /// What a check may leave out when it reads stored snapshot blobs back.
  var storedPruning: JSONReader.Pruning? { get }

  /// Whether each desired resource is a function of its address and the blob of the one file
  /// that declares it (its `location.file`), given the source's configuration and the digest
  /// key, so that a check against a recorded snapshot may reuse the verdicts of the last one.
  ///
  /// Rendered formats, whose resources come from several files, say no.
  var desiredPerFile: Bool { get }

  /// What identifies the tools outside this process that reading the desired state runs
  /// (`kustomize build`: the binary's path, size and time), whose version the commit does not
  /// fix; empty when it runs none. Part of the key of any result reused across processes.
  var externalToolStamp: String { get }

  /// Whether a later check may stand `resource` in by its identity and place alone (a `.null`
  /// body) while its file is unchanged, in what ``DesiredTree/parse(_:_:)`` returns to
  /// ``desired(_:in:live:secrets:)``: neither `desired` nor the rules' `counterpart(of:in:)`,
  /// `claims(of:)` and `scope(of:desired:)` read more of it than its identity.
  func mayOutline(_ resource: Resource) -> Bool

  /// Live resources as the desired state names them (Terraform `moved` blocks, instances that
  /// cannot be known offline left out).
  func prepare(live: [Resource], for desired: DesiredState) -> [Resource]

  /// `drifts` with each change placed where a person would fix it (the layer that sets the
  /// value), for formats whose resources are assembled from several files.
  func locate(_ drifts: [Drift], in desired: DesiredState) -> [Drift]

  /// Throws when the live state cannot be compared with the desired state at all (the state of
  /// another root module), rather than reporting everything missing and unmanaged.
  func checkComparable(
    _ source: SourceConfiguration, desired: [String: Resource], live: [Resource],
    liveName: String
  ) throws(DriftError)

  // MARK: Snapshots

  /// The body a snapshot stores of a live resource: without what changes on every read and
  /// means nothing, so that an untouched resource is the same blob in every snapshot.
  func storable(_ body: Value) -> Value

  /// Whether a snapshot recorder may copy the bytes of `kubectl get -o json` List items into
  /// the snapshot without parsing them, and remember items across records.
  var copiesListItems: Bool { get }

  // MARK: Protect

  /// Whether `path` is one of `source`'s desired files (for the policy check of staged files).
  func declares(_ path: String, source: SourceConfiguration) -> Bool

  /// The policy violations, and parse errors, of the files of `source` that are about to be
  /// committed.
  ///
  /// - Parameters:
  ///   - files: the candidate files that `source`'s paths match, with their contents.
  ///   - tree: the rest of the commit, for formats whose files mean something only together.
  func policyFindings(
    _ files: [(path: String, bytes: [UInt8])], source: SourceConfiguration,
    in tree: any DesiredTree, rules: SeverityRules
  ) -> [PolicyFinding]

  // MARK: Recover

  /// The edits that make the desired files state the live values of `drifts`.
  func accept(_ drifts: [Drift], _ input: RecoveryInput) -> Acceptance

  /// The ordered steps that restore the desired state of `drifts`.
  func rollback(_ drifts: [Drift], _ input: RecoveryInput) -> RollbackPlan

  // MARK: Discovery

  /// The sources of this format that `init` proposes for a working tree: `files` are every
  /// file below the root (relative paths), and `read` gives the contents of one.
  func discover(files: [String], read: (String) -> [UInt8]?) -> [DiscoveredSource]
}

/// The files of a source that declare resources, and why the others it matches do not.
public struct FileSelection: Sendable {
  /// The files to read, in path order.
  public var files: [String]
  /// One diagnostic per file left out (or per kind of file, for warnings).
  public var diagnostics: [Diagnostic]

  /// Creates a selection.
  public init(files: [String], diagnostics: [Diagnostic] = []) {
    self.files = files
    self.diagnostics = diagnostics
  }
}

/// What readers say about a live export as a whole, collected while it is read (possibly on
/// several cores), once per distinct message.
public final class ExportNotes: @unchecked Sendable {
  private let lock = NSLock()
  private var entries: [Diagnostic] = []

  /// Creates an empty collection.
  public init() {}

  /// Adds `diagnostic` unless it is there already.
  public func add(_ diagnostic: Diagnostic) {
    lock.withLock {
      if !entries.contains(where: { $0.message == diagnostic.message }) {
        entries.append(diagnostic)
      }
    }
  }

  /// What was said, in order.
  public var diagnostics: [Diagnostic] { lock.withLock { entries } }
}

/// How a live export is read.
public struct LiveReading: Sendable {
  /// Whether live objects may lose what comparison ignores as they are read (a check that
  /// keeps nothing).
  public var trims = false
  /// Whether live objects may lose their status (a snapshot stores none).
  public var omitsStatus = false
  /// Values kept secret beyond what the export itself marks, by resource address: those the
  /// desired state takes from Secrets (see ``FormatAdapter/secretPaths(_:in:secrets:)``).
  public var secretPaths: [String: Set<FieldPath>] = [:]
  /// Where a reader says what it learnt of the export as a whole (a Terraform state that was
  /// not refreshed); nil when nobody listens.
  public var notes: ExportNotes?

  /// Creates reading options.
  public init(
    trims: Bool = false, omitsStatus: Bool = false, secretPaths: [String: Set<FieldPath>] = [:]
  ) {
    self.trims = trims
    self.omitsStatus = omitsStatus
    self.secretPaths = secretPaths
  }
}

extension FormatAdapter {
  public var desiredNeedsLive: Bool { false }
  public var evaluatesFolders: Bool { false }
  public var rendersSources: Bool { false }
  public var judgesWhileReading: Bool { false }
  public var storedPruning: JSONReader.Pruning? { nil }
  public var copiesListItems: Bool { false }
  public var desiredPerFile: Bool { false }
  public var externalToolStamp: String { "" }
  public func mayOutline(_ resource: Resource) -> Bool { false }

  public func parseKey(_ source: SourceConfiguration) -> String { format.rawValue }

  public func declaringFiles(among files: [String], in tree: () -> any DesiredTree)
    -> FileSelection
  {
    FileSelection(files: files)
  }

  public func secretPaths(
    _ source: SourceConfiguration, in tree: () -> (any DesiredTree)?, secrets: SecretDigester
  ) -> [String: Set<FieldPath>] {
    [:]
  }

  public func prepare(live: [Resource], for desired: DesiredState) -> [Resource] { live }

  public func captureSteps(_ command: String, folder: String) -> [[String]]? { nil }

  public func locate(_ drifts: [Drift], in desired: DesiredState) -> [Drift] { drifts }

  public func checkComparable(
    _ source: SourceConfiguration, desired: [String: Resource], live: [Resource],
    liveName: String
  ) throws(DriftError) {}

  public func storable(_ body: Value) -> Value { body }

  /// A file the source reads (``SourceConfiguration/matches(_:)``).
  public func declares(_ path: String, source: SourceConfiguration) -> Bool {
    source.matches(path)
  }

  public func discover(files: [String], read: (String) -> [UInt8]?) -> [DiscoveredSource] { [] }

  public func policyFindings(
    _ files: [(path: String, bytes: [UInt8])], source: SourceConfiguration,
    in tree: any DesiredTree, rules: SeverityRules
  ) -> [PolicyFinding] {
    []
  }

  /// The resources of a file-by-file format: every file the source's paths match, parsed
  /// on all cores with ``desiredResources(_:file:source:secrets:)``.
  public func desiredFileByFile(
    _ source: SourceConfiguration, in tree: any DesiredTree, secrets: SecretDigester
  ) throws(DriftError) -> [Resource] {
    let files = try tree.files(of: source)
    return try tree.parse(files) { (bytes, path) throws(DriftError) in
      try desiredResources(bytes, file: path, source: source, secrets: secrets)
    }
  }

  /// The live resources of an export already read.
  public func live(
    _ bytes: [UInt8], name: String, source: SourceConfiguration, secrets: SecretDigester,
    reading: LiveReading = LiveReading()
  ) throws(DriftError) -> [Resource] {
    try live(
      bytes, name: name, source: source, secrets: secrets, reading: reading, known: nil
    ) { resource, _ in resource }
  }

  /// Policy findings of file-by-file formats: each file must parse, and each resource it
  /// declares must break no rule.
  public func policyFindingsFileByFile(
    _ files: [(path: String, bytes: [UInt8])], source: SourceConfiguration, rules: SeverityRules
  ) -> [PolicyFinding] {
    var findings: [PolicyFinding] = []
    let secrets = SecretDigester.random()
    for file in files {
      do throws(DriftError) {
        let resources = try desiredResources(
          file.bytes, file: file.path, source: source, secrets: secrets)
        findings += PolicyFinding.violations(in: resources, file: file.path, rules: rules)
      } catch {
        findings.append(.unreadable(error))
      }
    }
    return findings
  }
}
