import DriftDiff
import DriftFormats
import DriftJSON
import DriftModel
import DriftTerraform
import Git

/// Reads one source's desired and live resources with the adapter of its format.
struct SourceReader {
  /// The largest live export read.
  static let maximumSnapshotSize = 2 << 30

  let source: SourceConfiguration
  let secrets: SecretDigester
  /// Whether live objects may lose what comparison ignores (see `KubernetesFormat.trimsLive`).
  let trimsLive: Bool

  /// Whether live objects may lose their status (see `KubernetesFormat.omitsStatus`).
  var omitsStatus = false

  init(source: SourceConfiguration, secrets: SecretDigester, trimsLive: Bool = false) {
    self.source = source
    self.secrets = secrets
    self.trimsLive = trimsLive
  }

  /// The field managers that deploy this source's desired state.
  var managers: ManagerClassification {
    ManagerClassification(deployers: source.deployers)
  }

  /// Whether the desired state refers to live values (HCL resolves references to other
  /// resources' attributes from state), so that live state must be read first.
  var desiredNeedsLive: Bool { source.format == .hcl }

  private var unsupported: Failure {
    Failure(
      "source '\(source.name)': format '\(source.format.rawValue)' is not supported yet "
        + "(supported: kubernetes, hcl, terraform)", at: source.location)
  }

  /// The desired side of a source at one commit: its resources, and how they compare.
  struct Desired {
    var resources: [Resource]
    var rules: any ComparisonRules
    /// The evaluated Terraform configuration, for `hcl` sources.
    var terraform: TerraformDesiredState?
    /// Attributes (or whole resources) that cannot be known offline.
    var unevaluated = 0

    /// Live resources as the configuration names them: `moved` blocks applied, and instances
    /// of resources whose count or for_each is unknown offline left out.
    func prepare(live: [Resource]) -> [Resource] {
      guard let terraform else { return live }
      var renamed: [String: String] = [:]
      for move in terraform.moved { renamed[move.from] = move.to }
      let wholes = terraform.unevaluated.filter { $0.value.contains("") }.map(\.key)
      let present = Set(live.map(\.id.address))
      return live.compactMap { resource -> Resource? in
        let address = resource.id.address
        if wholes.contains(where: { address == $0 || address.hasPrefix($0 + "[") }) { return nil }
        guard let target = renamed[address], !present.contains(target) else { return resource }
        var moved = resource
        moved.id.address = target
        return moved
      }
    }
  }

  /// The desired resources that `source` declares in `listing` (all files of the commit).
  ///
  /// `live` is the live state HCL references resolve from; other formats ignore it.
  func desired(listing: [TreeEntry], in workspace: Workspace, live: [Resource] = [])
    throws(Failure) -> Desired
  {
    switch source.format {
    case .kubernetes:
      let files = try workspace.files(of: source, in: listing)
      let format = KubernetesFormat(defaultNamespace: source.namespace, secrets: secrets)
      let resources = try parse(files, in: workspace) { (bytes, path) throws(DriftError) in
        try format.desiredResources(bytes, file: path)
      }
      return Desired(resources: resources, rules: KubernetesRules())
    case .terraform:
      let files = try workspace.files(of: source, in: listing)
      let format = TerraformStateFormat(secrets: secrets)
      let resources = try parse(files, in: workspace) { (bytes, path) throws(DriftError) in
        try format.liveResources(bytes, file: path)
      }
      return Desired(resources: resources, rules: TerraformRules())
    case .hcl:
      return try configuration(listing: listing, in: workspace, live: live)
    case .cloudformation, .native:
      throw unsupported
    }
  }

  /// Reads and parses `files` on all cores.
  ///
  /// Each lane reads its blobs through its own repository handle (libgit2 handles are not
  /// shared between threads). The first error in file order is reported, so output stays
  /// deterministic.
  private func parse(
    _ files: [TreeEntry], in workspace: Workspace,
    _ read: @escaping @Sendable ([UInt8], String) throws(DriftError) -> [Resource]
  ) throws(Failure) -> [Resource] {
    let lanes = try workspace.repository.inLanes(files.count, opening: Failure.init) {
      repository, range throws(Failure) -> [Resource] in
      var resources: [Resource] = []
      for entry in files[range] {
        let bytes = try Workspace.contents(of: entry, in: repository)
        resources += try failing { try read(bytes, entry.path) }
      }
      return resources
    }
    return Array(lanes.joined())
  }

  /// Evaluates every root module folder that `paths` names.
  private func configuration(listing: [TreeEntry], in workspace: Workspace, live: [Resource])
    throws(Failure) -> Desired
  {
    var folders: [String: [TreeEntry]] = [:]
    for entry in listing where entry.kind == .blob || entry.kind == .executable {
      folders[SourceConfiguration.folder(of: entry.path), default: []].append(entry)
    }
    var values: [String: Value] = [:]
    for resource in live { values[resource.id.address] = resource.body }
    let files = { (folder: String) throws(DriftError) -> [(path: String, bytes: [UInt8])]? in
      guard let entries = folders[folder] else { return nil }
      var contents: [(path: String, bytes: [UInt8])] = []
      for entry in entries {
        do throws(Failure) {
          contents.append((entry.path, try workspace.contents(of: entry)))
        } catch {
          throw DriftError(error.message, at: error.location)
        }
      }
      return contents
    }
    let roots = source.rootFolders
    guard !roots.isEmpty else {
      throw Failure("source '\(source.name)': no root module folder in paths", at: source.location)
    }
    for (root, path) in zip(roots, source.paths) where folders[root] == nil {
      throw Failure(
        "source '\(source.name)': '\(path)' is not a folder of this commit (hcl paths name "
          + "root module folders)", at: source.location)
    }
    let evaluator = TerraformEvaluator(secrets: secrets, live: values, files: files)
    let merged = try failing { try evaluator.evaluate(roots: roots) }
    let rules = TerraformRules(
      ignoredChanges: merged.ignoredChanges, setPointers: merged.setPointers)
    let unevaluated = merged.unevaluated.values.reduce(0) { $0 + $1.count }
    return Desired(
      resources: merged.resources, rules: rules, terraform: merged,
      unevaluated: unevaluated)
  }

  /// The live resources of an export already read.
  func live(bytes: [UInt8], name: String) throws(Failure) -> [Resource] {
    try live(bytes: bytes, name: name) { $0 }
  }

  /// What `each` made of every live resource of an export already read, in export order; for
  /// Kubernetes, `each` runs on all cores as each object is read.
  func live<Output: Sendable>(
    bytes: [UInt8], name: String, each: @escaping @Sendable (Resource) -> Output
  ) throws(Failure) -> [Output] {
    try live(bytes: bytes, name: name, known: nil) { resource, _ in each(resource) }
  }

  /// What `each` made of every live resource of an export already read, for a reader that
  /// remembers the items of Lists it read before (see
  /// `KubernetesFormat.liveResources(_:file:known:each:)`; other formats give no item bytes).
  func live<Output: Sendable>(
    bytes: [UInt8], name: String, known: (@Sendable (ArraySlice<UInt8>) -> Output?)?,
    each: @escaping @Sendable (Resource, ArraySlice<UInt8>?) -> Output
  ) throws(Failure) -> [Output] {
    switch source.format {
    case .kubernetes:
      var format = KubernetesFormat(defaultNamespace: source.namespace, secrets: secrets)
      format.trimsLive = trimsLive
      format.omitsStatus = omitsStatus
      return try failing { try format.liveResources(bytes, file: name, known: known, each: each) }
    case .terraform, .hcl:
      let format = TerraformStateFormat(secrets: secrets)
      return try failing { try format.liveResources(bytes, file: name) }.map { each($0, nil) }
    case .cloudformation, .native:
      throw unsupported
    }
  }

  /// The live resources of an export file (`-` for standard input).
  func live(file path: String) throws(Failure) -> [Resource] {
    try live(file: path) { $0 }
  }

  /// What `each` made of every live resource of an export file (`-` for standard input).
  func live<Output: Sendable>(file path: String, each: @escaping @Sendable (Resource) -> Output)
    throws(Failure) -> [Output]
  {
    try live(file: path, known: nil) { resource, _ in each(resource) }
  }

  /// What `each` made of every live resource of an export file, for a reader that remembers
  /// the items of Lists it read before.
  func live<Output: Sendable>(
    file path: String, known: (@Sendable (ArraySlice<UInt8>) -> Output?)?,
    each: @escaping @Sendable (Resource, ArraySlice<UInt8>?) -> Output
  ) throws(Failure) -> [Output] {
    if source.format == .cloudformation || source.format == .native { throw unsupported }
    let bytes = try Console.read(path, limit: Self.maximumSnapshotSize)
    return try live(bytes: bytes, name: path == "-" ? "<stdin>" : path, known: known, each: each)
  }
}
