public import DriftDiff
public import DriftJSON
public import DriftModel
import DriftTerraform

/// Terraform configurations (`format: hcl`): root module folders evaluated offline as
/// `terraform plan` would, against `terraform show -json` or a state file.
public struct TerraformConfigurationAdapter: FormatAdapter {
  public let format: SourceFormat = "hcl"

  /// Creates the adapter.
  public init() {}

  public var desiredNeedsLive: Bool { true }
  public var evaluatesFolders: Bool { true }

  public func desired(
    _ source: SourceConfiguration, in tree: any DesiredTree, live: [Resource],
    secrets: SecretDigester
  ) throws(DriftError) -> DesiredState {
    let folders = tree.folders
    let roots = source.rootFolders
    guard !roots.isEmpty else {
      throw DriftError(
        "source '\(source.name)': no root module folder in paths", at: source.location)
    }
    for (root, path) in zip(roots, source.paths) where folders[root] == nil {
      throw DriftError(
        "source '\(source.name)': '\(path)' is not a folder of this commit (hcl paths name "
          + "root module folders)", at: source.location)
    }
    var values: [String: Value] = [:]
    for resource in live { values[resource.id.address] = resource.body }
    let files = { (folder: String) throws(DriftError) -> [(path: String, bytes: [UInt8])]? in
      guard let paths = folders[folder] else { return nil }
      var contents: [(path: String, bytes: [UInt8])] = []
      for path in paths { contents.append((path, try tree.contents(path))) }
      return contents
    }
    var evaluator = TerraformEvaluator(secrets: secrets, live: values, files: files).readingYAML()
    evaluator.listing = TerraformFolderListing.lister { tree.paths }
    var merged = try evaluator.evaluate(roots: roots)
    for index in merged.resources.indices {
      let address = merged.resources[index].id.address
      guard let liveBody = values[address], Self.holdsDigest(liveBody) else { continue }
      merged.resources[index].body = Self.digestingLikeLive(
        merged.resources[index].body, live: liveBody, address: address, path: "",
        secrets: secrets)
    }
    merged.dataSources = live.filter { TerraformAddress.isDataSource($0.id.address) }
    var state = DesiredState(
      resources: merged.resources, rules: Self.rules(merged),
      diagnostics: merged.diagnostics.map { Diagnostic(.warning, $0.message, at: $0.location) },
      unevaluated: merged.unevaluated.values.reduce(0) { $0 + $1.filter { !$0.isEmpty }.count },
      details: merged)
    state.unevaluatedResources = merged.unevaluated.filter { $0.value.contains("") }.keys.sorted()
      .map { address in
        let reason = merged.unevaluatedReasons[address]
        return DriftReport.Unevaluated(
          source: source.name, address: address,
          reason: reason?.message ?? "it cannot be evaluated offline", location: reason?.location)
      }
    return state
  }

  private static func rules(_ state: TerraformDesiredState) -> TerraformRules {
    TerraformRules(ignoredChanges: state.ignoredChanges, setPointers: state.setPointers)
  }

  /// Not used: a configuration is evaluated as a whole (``evaluatesFolders``).
  public func desiredResources(
    _ bytes: [UInt8], file: String, source: SourceConfiguration, secrets: SecretDigester
  ) throws(DriftError) -> [Resource] {
    []
  }

  public var fileRules: any ComparisonRules { TerraformRules() }

  public func live<Output: Sendable>(
    _ bytes: [UInt8], name: String, source: SourceConfiguration, secrets: SecretDigester,
    reading: LiveReading, known: (@Sendable (ArraySlice<UInt8>) -> Output?)?,
    each: @escaping @Sendable (Resource, ArraySlice<UInt8>?) -> Output
  ) throws(DriftError) -> [Output] {
    // Data sources are read (and recorded) too: references to them evaluate to their values.
    let format = TerraformStateFormat(secrets: secrets, readsDataSources: true)
    var kind = TerraformStateFormat.ExportKind.state
    let resources = try format.liveResources(bytes, file: name, kind: &kind)
    if let notes = reading.notes, !resources.isEmpty, kind == .state {
      notes.add(
        Diagnostic(
          .note,
          "source '\(source.name)': this is Terraform's saved state, not the infrastructure: a "
            + "change made out of band since the last apply or refresh is not in it; the capture "
            + "'\(TerraformStateFormat.refreshedCapture(folder: source.paths.first ?? "."))' "
            + "reads it refreshed, changing nothing", at: SourceLocation(file: name)))
    }
    return resources.map { each($0, nil) }
  }

  /// `terraform-refreshed`: the state as a refresh-only plan reads it.
  public func captureSteps(_ command: String, folder: String) -> [[String]]? {
    TerraformStateFormat.refreshedCaptureSteps(command, folder: folder)
  }

  /// Live resources as the configuration names them: `moved` blocks applied (with the
  /// secrets of a renamed resource marked as digested at its old address), and data sources
  /// (read for evaluation, never managed) and instances of resources whose count or for_each
  /// is unknown offline left out.
  public func prepare(live: [Resource], for desired: DesiredState) -> [Resource] {
    let live = live.filter { !TerraformAddress.isDataSource($0.id.address) }
    guard let terraform = desired.details as? TerraformDesiredState else { return live }
    let wholes = terraform.unevaluated.filter { $0.value.contains("") }.map(\.key)
    let present = Set(live.map(\.id.address))
    return live.compactMap { resource -> Resource? in
      let address = resource.id.address
      if wholes.contains(where: { address == $0 || address.hasPrefix($0 + "[") }) { return nil }
      guard let target = terraform.movedAddress(of: address), !present.contains(target) else {
        return resource
      }
      var moved = resource
      moved.id.address = target
      // Its digests are bound to the old address: not comparable, never a changed secret.
      moved.body = SecretDigester.movingDigests(resource.body)
      return moved
    }
  }

  public func checkComparable(
    _ source: SourceConfiguration, desired: [String: Resource], live: [Resource],
    liveName: String
  ) throws(DriftError) {
    try TerraformStateFormat.checkComparable(source, desired: desired, live: live, name: liveName)
  }

  /// A `.tf` or `.tfvars` file directly in one of the source's root module folders.
  public func declares(_ path: String, source: SourceConfiguration) -> Bool {
    guard path.hasSuffix(".tf") || path.hasSuffix(".tfvars") else { return false }
    return source.rootFolders.contains(SourceConfiguration.folder(of: path))
  }

  /// Every staged `.tf` file must parse, and the resources it declares, evaluated with its
  /// folder as a root module (no live state: references to other resources stay unknown),
  /// must break no policy.
  public func policyFindings(
    _ files: [(path: String, bytes: [UInt8])], source: SourceConfiguration,
    in tree: any DesiredTree, rules: SeverityRules
  ) -> [PolicyFinding] {
    let staged = Dictionary(
      files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { _, last in last })
    var folders = tree.folders
    for file in files {
      let folder = SourceConfiguration.folder(of: file.path)
      if !(folders[folder]?.contains(file.path) ?? false) {
        folders[folder, default: []].append(file.path)
      }
    }
    let reader = { (folder: String) throws(DriftError) -> [(path: String, bytes: [UInt8])]? in
      guard let paths = folders[folder] else { return nil }
      var contents: [(path: String, bytes: [UInt8])] = []
      for path in paths.sorted() where path.hasSuffix(".tf") || path.hasSuffix(".tfvars") {
        if let bytes = staged[path] {
          contents.append((path, bytes))
        } else {
          contents.append((path, try tree.contents(path)))
        }
      }
      return contents
    }
    var findings: [PolicyFinding] = []
    let stagedFolders = Set(
      files.filter { $0.path.hasSuffix(".tf") }.map {
        SourceConfiguration.folder(of: $0.path)
      })
    for folder in stagedFolders.sorted() {
      let evaluator = TerraformEvaluator(
        secrets: SecretDigester.random(), live: [:], files: reader
      ).readingYAML()
      do throws(DriftError) {
        let evaluated = try evaluator.evaluate(root: folder)
        let declared = evaluated.resources.filter { resource in
          staged[resource.location?.file ?? ""] != nil
        }
        findings += PolicyFinding.violations(in: declared, file: folder, rules: rules)
      } catch {
        findings.append(.unreadable(error))
      }
    }
    return findings
  }

  public func accept(_ drifts: [Drift], _ input: RecoveryInput) -> Acceptance {
    let folders = Dictionary(grouping: input.paths, by: SourceConfiguration.folder(of:))
    // The edited configuration reads the data sources it was evaluated with.
    var live = input.live
    for data in (input.desired.details as? TerraformDesiredState)?.dataSources ?? [] {
      live[data.id.address] = live[data.id.address] ?? data
    }
    let context = TerraformAcceptance.Context(
      roots: input.source.rootFolders, live: live, read: input.read,
      listing: { folders[$0] }, differ: input.differ, secrets: input.secrets,
      paths: input.paths)
    return TerraformAcceptance.plan(drifts, context: context)
  }

  public func rollback(_ drifts: [Drift], _ input: RecoveryInput) -> RollbackPlan {
    RollbackPlan.terraform(drifts, source: input.source.name, roots: input.source.rootFolders) {
      drift in
      guard let location = drift.location, let bytes = input.read(location.file) else {
        return nil
      }
      return RollbackPlan.terraformBlock(bytes, file: location.file, address: drift.id.address)
    }
  }

  public func discover(files: [String], read: (String) -> [UInt8]?) -> [DiscoveredSource] {
    TerraformRootDiscovery.sources(files: files, read: read)
  }
}
