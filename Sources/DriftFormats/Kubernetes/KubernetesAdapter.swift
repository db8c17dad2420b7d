public import DriftDiff
public import DriftJSON
public import DriftModel

/// Plain Kubernetes manifests in git against `kubectl get -o json|yaml` exports.
public struct KubernetesAdapter: FormatAdapter {
  public let format: SourceFormat = "kubernetes"

  /// Creates the adapter.
  public init() {}

  private func reader(_ source: SourceConfiguration, _ secrets: SecretDigester) -> KubernetesFormat
  {
    var format = KubernetesFormat(defaultNamespace: source.namespace, secrets: secrets)
    format.skipsNonObjects = true
    return format
  }

  public func desired(
    _ source: SourceConfiguration, in tree: any DesiredTree, live: [Resource],
    secrets: SecretDigester
  ) throws(DriftError) -> DesiredState {
    let selection = declaringFiles(among: try tree.files(of: source)) { tree }
    var diagnostics: [Diagnostic] = tree.symlinks.filter(SourceFiles(source).contains).map {
      Diagnostic(
        .warning,
        "a symbolic link: git-drift reads the files a commit holds, not what links point to; "
          + "not compared (commit the manifest itself)", at: SourceLocation(file: $0))
    }
    diagnostics += selection.diagnostics
    let manifests = selection.files
    var reader = reader(source, secrets)
    let notDeployed = NotDeployedObjects()
    reader.notDeployed = notDeployed
    let resources = try tree.parse(manifests) { [reader] (bytes, path) throws(DriftError) in
      try reader.desiredResources(bytes, file: path)
    }
    diagnostics += notDeployed.diagnostics
    return DesiredState(
      resources: Self.clusterScoped(resources),
      rules: KubernetesRules(defaultNamespace: source.namespace), diagnostics: diagnostics)
  }

  /// What a file in a chart's `templates/` is noted as.
  public static let chartTemplate = "a Helm chart template, rendered by Helm and not a manifest"

  /// What a file that a kustomization names as a patch or configuration is noted as.
  public static let kustomizeInput = "a kustomize patch or configuration, not an object"

  /// Leaves out kustomization files (with one warning), the files those name as patches or
  /// configurations, and chart templates (with a note each).
  public func declaringFiles(among files: [String], in tree: () -> any DesiredTree)
    -> FileSelection
  {
    let kustomizations = files.filter(Self.isKustomization)
    let mayHoldTemplates = files.contains(where: Self.isInTemplatesFolder)
    guard !kustomizations.isEmpty || mayHoldTemplates else { return FileSelection(files: files) }
    let tree = tree()
    var diagnostics: [Diagnostic] = []
    let charts = mayHoldTemplates ? Self.chartFolders(tree.paths) : []
    var inputs: [String: String] = [:]
    for kustomization in kustomizations {
      guard let bytes = try? tree.contents(kustomization),
        let value = try? YAMLReader.value(bytes, file: kustomization)
      else { continue }
      let folder = SourceConfiguration.folder(of: kustomization)
      for reference in KustomizationInputs.inputReferences(in: value) {
        let path = KustomizationInputs.join(folder, reference)
        if inputs[path] == nil { inputs[path] = kustomization }
      }
    }
    var kept: [String] = []
    for file in files where !Self.isKustomization(file) {
      if Self.isChartTemplate(file, charts: charts) {
        diagnostics.append(
          Diagnostic(.note, Self.chartTemplate + "; not compared", at: SourceLocation(file: file)))
      } else if let kustomization = inputs[file] {
        diagnostics.append(
          Diagnostic(
            .note, Self.kustomizeInput + " (named by \(kustomization)); not compared",
            at: SourceLocation(file: file)))
      } else {
        kept.append(file)
      }
    }
    if let first = kustomizations.first {
      diagnostics.insert(
        Diagnostic(
          .warning,
          "kustomization files are not resources; skipped \(kustomizations.count) "
            + "(declare the folder with 'format: kustomize' to check what it renders)",
          at: SourceLocation(file: first)), at: 0)
    }
    return FileSelection(files: kept, diagnostics: diagnostics)
  }

  /// Whether `path` has a folder named `templates`, by its bytes (String's `contains` took
  /// 30 ms over 10,000 paths).
  static func isInTemplatesFolder(_ path: String) -> Bool {
    let name = Array("templates/".utf8)
    var utf8 = path.utf8[...]
    while let start = utf8.firstIndex(of: UInt8(ascii: "t")) {
      if start == path.utf8.startIndex
        || path.utf8[path.utf8.index(before: start)] == UInt8(ascii: "/"),
        utf8[start...].starts(with: name)
      {
        return true
      }
      utf8 = utf8[utf8.index(after: start)...]
    }
    return false
  }

  /// The folders that hold a `Chart.yaml`: Helm charts.
  static func chartFolders(_ paths: [String]) -> Set<String> {
    Set(
      paths.filter { $0 == "Chart.yaml" || $0.hasSuffix("/Chart.yaml") }
        .map { SourceConfiguration.folder(of: $0) })
  }

  /// Whether `path` is inside the `templates/` folder of a chart: Go templates that Helm
  /// renders, usually not even YAML.
  static func isChartTemplate(_ path: String, charts: Set<String>) -> Bool {
    guard !charts.isEmpty else { return false }
    var folder = SourceConfiguration.folder(of: path)
    while folder != "." {
      let parent = SourceConfiguration.folder(of: folder)
      if folder == "templates" || folder.hasSuffix("/templates"), charts.contains(parent) {
        return true
      }
      folder = parent
    }
    return false
  }

  /// Whether `path` is a kustomization file, which declares how to build resources, not one.
  static func isKustomization(_ path: String) -> Bool {
    // The last non-empty segment, as split would give it without making an array per path;
    // by bytes, since stepping by Characters was a quarter of reading 300 manifests among
    // 10,000 paths.
    let utf8 = path.utf8
    var end = utf8.endIndex
    while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: "/") {
      end = utf8.index(before: end)
    }
    guard end > utf8.startIndex else { return KustomizationInputs.fileNames.contains(path) }
    let start =
      utf8[..<end].lastIndex(of: UInt8(ascii: "/")).map(utf8.index(after:)) ?? utf8.startIndex
    return KustomizationInputs.fileNames.contains { $0.utf8.elementsEqual(utf8[start..<end]) }
  }

  /// The resources with those of the kinds that CRDs among them declare `scope: Cluster`
  /// outside any namespace: the API server ignores a namespace for them, and the file reader
  /// gave them the default one.
  static func clusterScoped(_ resources: [Resource]) -> [Resource] {
    var types = Set<String>()
    for resource in resources
    where resource.id.type == "CustomResourceDefinition.apiextensions.k8s.io" {
      let spec = resource.body["spec"]
      guard spec?["scope"] == "Cluster", let group = spec?["group"]?.stringValue,
        let kind = spec?["names"]?["kind"]?.stringValue
      else { continue }
      types.insert(KubernetesIdentity.type(kind: kind, apiVersion: group + "/v1"))
    }
    guard !types.isEmpty else { return resources }
    return resources.map { resource in
      let parts = KubernetesIdentity.parts(of: resource.id.address)
      guard types.contains(resource.id.type), parts.namespace != nil else { return resource }
      var adopted = resource
      adopted.id.address = "\(parts.type)/\(parts.name)"
      if let metadata = resource.body["metadata"] {
        adopted.body = resource.body.setting("metadata", to: metadata.removing("namespace"))
      }
      return adopted
    }
  }

  public func desiredResources(
    _ bytes: [UInt8], file: String, source: SourceConfiguration, secrets: SecretDigester
  ) throws(DriftError) -> [Resource] {
    if Self.isKustomization(file) { return [] }
    return try reader(source, secrets).desiredResources(bytes, file: file)
  }

  /// Manifests without a namespace land in the source's default one.
  public func parseKey(_ source: SourceConfiguration) -> String {
    "kubernetes " + (source.namespace ?? "")
  }

  public var fileRules: any ComparisonRules { KubernetesRules() }

  public func live<Output: Sendable>(
    _ bytes: [UInt8], name: String, source: SourceConfiguration, secrets: SecretDigester,
    reading: LiveReading, known: (@Sendable (ArraySlice<UInt8>) -> Output?)?,
    each: @escaping @Sendable (Resource, ArraySlice<UInt8>?) -> Output
  ) throws(DriftError) -> [Output] {
    var format = reader(source, secrets)
    format.trimsLive = reading.trims
    format.omitsStatus = reading.omitsStatus
    return try format.liveResources(bytes, file: name, known: known, each: each)
  }

  public var judgesWhileReading: Bool { true }
  public var storedPruning: JSONReader.Pruning? { KubernetesFormat.storedTrimming }
  public var copiesListItems: Bool { true }
  public var desiredPerFile: Bool { true }

  /// Every object but CustomResourceDefinitions (whose scope ``clusterScoped(_:)`` reads) and
  /// scalers (whose claims on other objects are read from their bodies): a resource moved out
  /// of its namespace by a CRD changes address, so its verdicts are not reused under the old one.
  public func mayOutline(_ resource: Resource) -> Bool {
    resource.id.type != "CustomResourceDefinition.apiextensions.k8s.io"
      && KubernetesRules().claims(of: resource).isEmpty
  }

  public func storable(_ body: Value) -> Value { KubernetesSnapshotBody.storable(body) }

  public func policyFindings(
    _ files: [(path: String, bytes: [UInt8])], source: SourceConfiguration,
    in tree: any DesiredTree, rules: SeverityRules
  ) -> [PolicyFinding] {
    policyFindingsFileByFile(files, source: source, rules: rules)
  }

  public func accept(_ drifts: [Drift], _ input: RecoveryInput) -> Acceptance {
    Acceptance.plan(drifts, context: Self.context(input))
  }

  /// What manifest edits need of a checked source.
  static func context(_ input: RecoveryInput) -> Acceptance.Context {
    Acceptance.Context(
      source: input.source, desired: input.index, live: input.live, read: input.read,
      differ: input.differ, secrets: input.secrets)
  }

  public func rollback(_ drifts: [Drift], _ input: RecoveryInput) -> RollbackPlan {
    var declared: [String: Int] = [:]
    for resource in input.index.values {
      if let file = resource.location?.file { declared[file, default: 0] += 1 }
    }
    return RollbackPlan.build(drifts, source: input.source.name, commit: input.commit) { drift in
      guard let location = drift.location, let bytes = input.read(location.file) else {
        return nil
      }
      return RollbackPlan.DesiredDocument(
        text: ManifestEditor.documentText(bytes, startingAt: location.line), file: location.file,
        alone: declared[location.file, default: 0] <= 1)
    }
  }

  public func discover(files: [String], read: (String) -> [UInt8]?) -> [DiscoveredSource] {
    ManifestDiscovery.sources(files: files, read: read)
  }
}
