public import DriftDiff
public import DriftJSON
public import DriftModel

/// Helm releases (`format: helm`): the source's paths hold Flux `HelmRelease`s or Argo CD
/// `Application`s with a Helm source, and the live export holds the release Secrets Helm
/// keeps in the cluster (`kubectl get secrets -l owner=helm`) with the objects they installed.
///
/// Two levels, both offline, no chart rendered:
/// 1. the release against git: chart, version and each value (`/values/...`), each live value
///    attributed to the revision that set it;
/// 2. the cluster against the release: every object of the deployed revision's rendered
///    manifest against its live counterpart, as plain manifests compare, and the live objects
///    that carry the release's annotations but that the manifest lacks as unmanaged.
public struct HelmAdapter: FormatAdapter {
  public let format: SourceFormat = "helm"

  public init() {}

  /// Level 2 compares with the release's manifest, which only the live export holds.
  public var desiredNeedsLive: Bool { true }
  /// History asks for each commit's releases whole, since values come from several files.
  public var rendersSources: Bool { true }

  public func desired(
    _ source: SourceConfiguration, in tree: any DesiredTree, live: [Resource],
    secrets: SecretDigester
  ) throws(DriftError) -> DesiredState {
    let declarations = try Self.declarations(source, in: tree, secrets: secrets)
    var details = HelmDetails(secrets: secrets)
    var diagnostics = declarations.flatMap(\.diagnostics)
    var resources: [Resource] = []
    var unevaluated = 0
    var releases: [String: Resource] = [:]
    for resource in live where resource.id.type == HelmLiveRelease.type {
      releases[resource.id.address] = resource
    }
    // An export without any release (objects only) says nothing about releases; history reads
    // desired state with no export at all, and then every release is declared.
    let exportLacksReleases = !live.isEmpty && releases.isEmpty
    if exportLacksReleases {
      diagnostics.append(
        Diagnostic(
          .warning,
          "source '\(source.name)': the export holds no Helm release Secrets (add `kubectl get "
            + "secrets -l owner=helm -A -o json` to the capture); \(declarations.count) "
            + "release(s) not checked", at: source.location))
    }
    for declaration in declarations {
      if exportLacksReleases {
        unevaluated += 1
        continue
      }
      let release = releases[declaration.address]
      if declaration.controller == .argocd, release == nil, !live.isEmpty {
        // Argo CD renders charts with `helm template` and stores no release.
        diagnostics.append(
          Diagnostic(
            .warning,
            "Application '\(declaration.objectName)': no Helm release '\(declaration.releaseName)' "
              + "in namespace \(declaration.storageNamespace) (Argo CD installs charts without "
              + "one); release not checked", at: declaration.location))
        unevaluated += 1
        continue
      }
      if let release, let problem = HelmLiveRelease.unreadable(release) {
        diagnostics.append(
          Diagnostic(
            .error, "Helm release \(declaration.releaseName) not checked: \(problem)",
            at: release.location))
        unevaluated += 1
        continue
      }
      details.declarations[declaration.address] = declaration
      resources.append(declaration.resource)
      guard let release else { continue }
      for body in HelmLiveRelease.manifest(of: release) {
        guard let object = Self.object(body, at: declaration.location) else { continue }
        details.objects[object.id.address] = declaration.address
        resources.append(object)
      }
    }
    return DesiredState(
      resources: KubernetesAdapter.clusterScoped(resources),
      rules: HelmRules(kubernetes: KubernetesRules(defaultNamespace: source.namespace)),
      diagnostics: diagnostics, unevaluated: unevaluated, details: details)
  }

  /// The releases `source` declares in `tree`.
  static func declarations(
    _ source: SourceConfiguration, in tree: any DesiredTree, secrets: SecretDigester
  ) throws(DriftError) -> [HelmReleaseDeclaration] {
    let files = try tree.files(of: source)
    let words = Set(source.sensitive.map { $0.lowercased() })
    var declarations: [HelmReleaseDeclaration] = []
    for documents in try fluxRendered(source, files: files, tree: tree, secrets: secrets) {
      declarations += try HelmReleaseDeclaration.declarations(
        in: documents, tree: tree, defaultNamespace: source.namespace, secrets: secrets,
        sensitiveWords: words)
    }
    // A HelmRelease file among the paths that a unit also deploys is read as rendered.
    let rendered = Set(declarations.map(\.address))
    declarations += try HelmReleaseDeclaration.declarations(
      in: files, tree: tree, defaultNamespace: source.namespace, secrets: secrets,
      sensitiveWords: words
    ).filter { !rendered.contains($0.address) }
    if let unit = source.unit { declarations = declarations.filter { $0.objectName == unit } }
    guard !declarations.isEmpty else {
      let named = source.unit.map { " named '\($0)'" } ?? ""
      throw DriftError(
        "source '\(source.name)': its paths hold no Flux HelmRelease or Argo CD Application "
          + "with a Helm source\(named)", at: source.location)
    }
    return declarations
  }

  /// The HelmReleases that the Flux Kustomizations among `files` deploy, as Flux renders them
  /// (one list per unit): an overlay that patches a base's values
  /// (flux2-kustomize-helm-example's apps/production) sets what the release gets, so the
  /// HelmRelease file alone is not what is deployed.
  private static func fluxRendered(
    _ source: SourceConfiguration, files: [String], tree: any DesiredTree,
    secrets: SecretDigester
  ) throws(DriftError) -> [[(value: Value, location: SourceLocation)]] {
    let reader = KubernetesFormat(defaultNamespace: source.namespace, secrets: secrets)
    var declared: [Resource] = []
    for file in files where KubernetesFormat.isManifestFile(file) {
      let bytes = try tree.contents(file)
      guard String(decoding: bytes, as: UTF8.self).contains("kustomize.toolkit.fluxcd.io") else {
        continue
      }
      declared += try reader.desiredResources(bytes, file: file)
    }
    let units = GitOpsUnit.units(in: declared, controller: .flux, paths: tree.paths)
    let flux = GitOpsAdapter(controller: .flux)
    var rendered: [[(value: Value, location: SourceLocation)]] = []
    for unit in units where unit.renders {
      let objects = try flux.render(unit, source: source, tree: tree, secrets: secrets).resources
      rendered.append(
        objects.filter { $0.id.type == "HelmRelease.helm.toolkit.fluxcd.io" }.map {
          ($0.body, $0.location ?? unit.location)
        })
    }
    return rendered
  }

  /// A rendered object as a desired resource, declared where its release is.
  private static func object(_ body: Value, at location: SourceLocation) -> Resource? {
    guard let kind = body["kind"]?.stringValue, let apiVersion = body["apiVersion"]?.stringValue,
      let name = body["metadata"]?["name"]?.stringValue
    else { return nil }
    let type = KubernetesFormat.type(kind: kind, apiVersion: apiVersion)
    let address = KubernetesFormat.address(
      type: type, namespace: body["metadata"]?["namespace"]?.stringValue, name: name)
    return Resource(id: ResourceID(type: type, address: address), body: body, location: location)
  }

  public func desiredResources(
    _ bytes: [UInt8], file: String, source: SourceConfiguration, secrets: SecretDigester
  ) throws(DriftError) -> [Resource] {
    []
  }

  public var fileRules: any ComparisonRules { HelmRules() }

  public func secretPaths(
    _ source: SourceConfiguration, in tree: () -> (any DesiredTree)?, secrets: SecretDigester
  ) -> [String: Set<FieldPath>] {
    guard let tree = tree(),
      let declarations = try? Self.declarations(source, in: tree, secrets: secrets)
    else { return [:] }
    var paths: [String: Set<FieldPath>] = [:]
    for declaration in declarations where !declaration.secretPaths.isEmpty {
      paths[declaration.address, default: []].formUnion(declaration.secretPaths)
    }
    return paths
  }

  // MARK: Live state

  public func live<Output: Sendable>(
    _ bytes: [UInt8], name: String, source: SourceConfiguration, secrets: SecretDigester,
    reading: LiveReading, known: (@Sendable (ArraySlice<UInt8>) -> Output?)?,
    each: @escaping @Sendable (Resource, ArraySlice<UInt8>?) -> Output
  ) throws(DriftError) -> [Output] {
    var helm = HelmLiveRelease.Reading(secrets: secrets)
    helm.sensitiveWords = Set(source.sensitive.map { $0.lowercased() })
    helm.secretPaths = reading.secretPaths
    var format = KubernetesFormat(defaultNamespace: source.namespace, secrets: secrets)
    format.omitsStatus = reading.omitsStatus
    format.readsSecret = { [helm] secret, _ in
      HelmLiveRelease.revision(secret: secret, reading: helm)
    }
    let resources = try format.liveResources(bytes, file: name)
    return HelmLiveRelease.folded(resources, reading: helm).map { each($0, nil) }
  }

  /// The releases the desired state declares and the objects that are theirs: those their
  /// manifests render, and those that carry a release's annotations.
  public func prepare(live: [Resource], for desired: DesiredState) -> [Resource] {
    guard let details = desired.details as? HelmDetails else { return [] }
    var installed = Set<String>()
    for declaration in details.declarations.values {
      installed.insert(declaration.installNamespace + "/" + declaration.releaseName)
    }
    return live.compactMap { resource in
      if resource.id.type == HelmLiveRelease.type {
        guard let declaration = details.declarations[resource.id.address] else { return nil }
        guard let values = resource.body["values"],
          !declaration.secretPaths.isEmpty || declaration.hasUnreadValues
        else { return resource }
        // Values the desired state takes from Secrets are digests on both sides, and where
        // some values cannot be read, only those git declares are compared.
        var kept = HelmValues.redacting(
          values, secrets: details.secrets, address: resource.id.address,
          paths: declaration.secretPaths)
        if declaration.hasUnreadValues { kept = HelmValues.declaredOnly(kept, declaration.values) }
        var prepared = resource
        prepared.body = resource.body.setting("values", to: kept)
        return prepared
      }
      if details.objects[resource.id.address] != nil { return resource }
      let annotations = resource.body["metadata"]?["annotations"]
      if let release = annotations?["meta.helm.sh/release-name"]?.stringValue,
        let namespace = annotations?["meta.helm.sh/release-namespace"]?.stringValue,
        installed.contains(namespace + "/" + release)
      {
        return resource
      }
      return nil
    }
  }

  public var storedPruning: JSONReader.Pruning? { KubernetesFormat.storedTrimming }

  public func storable(_ body: Value) -> Value { KubernetesSnapshotBody.storable(body) }

  /// The files that declare releases.
  public func declares(_ path: String, source: SourceConfiguration) -> Bool {
    KubernetesFormat.isManifestFile(path)
      && source.matches(path)
  }

  // MARK: Recover

  public func accept(_ drifts: [Drift], _ input: RecoveryInput) -> Acceptance {
    HelmAcceptance.plan(drifts, input)
  }

  public func rollback(_ drifts: [Drift], _ input: RecoveryInput) -> RollbackPlan {
    HelmRollback.plan(drifts, input)
  }

  public func discover(files: [String], read: (String) -> [UInt8]?) -> [DiscoveredSource] {
    HelmDiscovery.sources(files: files, read: read)
  }
}

/// What a Helm source's desired state keeps for its later steps.
struct HelmDetails: Sendable {
  /// The digester of the desired state, for live values it must digest alike.
  var secrets: SecretDigester
  /// The declared releases, by release address.
  var declarations: [String: HelmReleaseDeclaration] = [:]
  /// The release each rendered object belongs to, by object address.
  var objects: [String: String] = [:]
}
