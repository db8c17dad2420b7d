public import DriftDiff
public import DriftJSON
public import DriftModel

/// GitOps units (`format: flux`, `format: argocd`): the source's paths hold Flux
/// Kustomizations or Argo CD Applications, and the desired state is what each deploys: the
/// folder it names, rendered by the real kustomize with the object's own options on top (and,
/// for Flux, its post-build variables), from a private copy of the commit's files.
///
/// A folder without a kustomization is rendered as the controller does: Flux generates one
/// of every manifest below it; Argo CD reads the folder's manifests (`directory.recurse`,
/// `include`, `exclude`).
public struct GitOpsAdapter: RenderedKubernetesFormat {
  public let controller: GitOpsUnit.Controller
  /// Renders, by the ids of what they read; shared with the kustomize adapter by default.
  public let cache: KustomizeRenderCache

  public init(controller: GitOpsUnit.Controller, cache: KustomizeRenderCache? = nil) {
    self.controller = controller
    self.cache = cache ?? KustomizeAdapter().cache
  }

  public var format: SourceFormat { SourceFormat(rawValue: controller.rawValue) }
  public var rendersSources: Bool { true }
  /// Kustomizations are built with `kustomize` or `kubectl kustomize` from PATH.
  public var externalToolStamp: String { KustomizeRenderCache.tool }

  /// The folder of the private copy that holds the generated kustomization over a unit.
  static let wrapper = "_git-drift-unit"

  private var what: String {
    controller == .flux
      ? "Flux Kustomization (kustomize.toolkit.fluxcd.io)" : "Argo CD Application (argoproj.io)"
  }

  public func desired(
    _ source: SourceConfiguration, in tree: any DesiredTree, live: [Resource],
    secrets: SecretDigester
  ) throws(DriftError) -> DesiredState {
    let reader = KubernetesFormat(defaultNamespace: source.namespace, secrets: secrets)
    let files = try tree.files(of: source).filter(KubernetesFormat.isManifestFile)
    var declared: [Resource] = []
    for file in files {
      declared += try reader.desiredResources(try tree.contents(file), file: file)
    }
    var units = GitOpsUnit.units(in: declared, controller: controller, paths: tree.paths)
    if let name = source.unit { units = units.filter { $0.name == name } }
    guard !units.isEmpty else {
      let named = source.unit.map { " named '\($0)'" } ?? ""
      throw DriftError(
        "source '\(source.name)': its paths hold no \(what)\(named)", at: source.location)
    }
    var resources: [Resource] = []
    var diagnostics: [Diagnostic] = []
    let offline = units.filter(\.renders)
    for unit in units where !unit.renders {
      let reason = unit.unsupported.joined(separator: "; ")
      guard !offline.isEmpty else {
        throw DriftError(
          "\(controller.rawValue) unit '\(unit.name)' cannot be rendered offline: \(reason)",
          at: unit.location)
      }
      diagnostics.append(
        Diagnostic(
          .warning, "\(controller.rawValue) unit '\(unit.name)' is not checked: \(reason)",
          at: unit.location))
    }
    var details = GitOpsDetails()
    for unit in offline {
      let rendered = try render(unit, source: source, tree: tree, secrets: secrets)
      resources += rendered.resources
      diagnostics += rendered.diagnostics
      let overlay =
        KustomizationInputs.kustomization(in: unit.path, paths: Set(tree.paths)) == nil
        ? nil
        : try? KustomizeLayers.Overlay(
          root: unit.path, tree: tree,
          reader: KubernetesFormat(defaultNamespace: source.namespace, secrets: secrets))
      var declarations = Declarations(tree: tree, reader: KubernetesFormat(secrets: secrets))
      for resource in rendered.resources {
        details.units[resource.id.address] = unit
        guard let overlay else { continue }
        details.layers.resources[resource.id.address] = KustomizeLayers.Layer(
          overlay: overlay,
          base: resource.location.flatMap { declarations.declaration(of: resource, in: $0.file) })
      }
    }
    return DesiredState(
      resources: resources, rules: fileRules, diagnostics: diagnostics, details: details)
  }

  /// What `unit` deploys at the commit of `tree`.
  func render(
    _ unit: GitOpsUnit, source: SourceConfiguration, tree: any DesiredTree,
    secrets: SecretDigester
  ) throws(DriftError) -> (resources: [Resource], diagnostics: [Diagnostic]) {
    var diagnostics = unit.unsupported.map {
      Diagnostic(
        .warning, "\(unit.controller.rawValue) unit '\(unit.name)': \($0)", at: unit.location)
    }
    let paths = Set(tree.paths)
    var inputs: KustomizationInputs
    var generated: [String: [UInt8]] = [:]
    if KustomizationInputs.kustomization(in: unit.path, paths: paths) != nil {
      inputs = try KustomizationInputs.find(root: unit.path, in: tree)
      diagnostics += try inputs.offlineDiagnostics(checked: "unit")
    } else {
      inputs = KustomizationInputs()
      inputs.files = try manifests(of: unit, in: tree)
      guard !inputs.files.isEmpty else {
        throw DriftError(
          "\(unit.controller.rawValue) unit '\(unit.name)': '\(unit.path)' holds no manifests "
            + "in this commit", at: unit.location)
      }
      let prefix = unit.path == "." ? "" : unit.path + "/"
      let kustomization: Value = [
        "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
        "resources": .array(inputs.files.map { .string(String($0.dropFirst(prefix.count))) }),
      ]
      generated[KustomizationInputs.join(unit.path, "kustomization.yaml")] = Self.yaml(
        kustomization)
    }
    var copy = try PrivateCopy(root: Self.wrapper, inputs: inputs, tree: tree)
    let wrapperFile = KustomizationInputs.join(Self.wrapper, "kustomization.yaml")
    generated[wrapperFile] = Self.yaml(wrapping(unit))
    var key = copy.key + "\nunit " + unit.controller.rawValue
    for (path, bytes) in generated.sorted(by: { $0.key < $1.key }) {
      copy.files[path] = bytes
      key += "\n" + path + " " + String(decoding: bytes, as: UTF8.self)
    }
    var output = try KustomizeRenderer.render(
      root: Self.wrapper, files: copy.files, key: key, cache: cache)
    if let substitution = unit.substitution {
      let values = try variables(substitution, unit: unit, tree: tree, diagnostics: &diagnostics)
      let result = FluxSubstitution.apply(String(decoding: output, as: UTF8.self), values: values)
      output = Array(result.text.utf8)
      for form in Set(result.unsupported).sorted() {
        diagnostics.append(
          Diagnostic(
            .warning,
            "flux unit '\(unit.name)': \(form) is not substituted offline; left as written",
            at: unit.location))
      }
    }
    let namespace = unit.targetNamespace ?? unit.defaultNamespace ?? source.namespace
    var reader = KubernetesFormat(defaultNamespace: namespace, secrets: secrets)
    let notDeployed = NotDeployedObjects()
    reader.notDeployed = notDeployed
    let rendered = try reader.desiredResources(
      output, file: "\(unit.location.file) (\(unit.controller.rawValue) unit \(unit.name))")
    var declarations = Declarations(tree: tree, reader: reader)
    let kustomize = KustomizeAdapter(cache: cache)
    let resources = rendered.map {
      kustomize.relocate($0, root: Self.wrapper, stripOrigin: true, declarations: &declarations)
    }
    // Skipped objects are noted where the unit is declared: their rendered text has no file.
    diagnostics += notDeployed.diagnostics.map {
      Diagnostic(
        $0.level, "\(unit.controller.rawValue) unit '\(unit.name)': \($0.message)",
        at: unit.location)
    }
    return (resources, diagnostics)
  }

  /// The manifests a controller deploys from a folder without kustomization: Flux every
  /// Kubernetes manifest below it, Argo CD those of the folder (below it with recurse) that
  /// its include and exclude globs keep.
  private func manifests(of unit: GitOpsUnit, in tree: any DesiredTree) throws(DriftError)
    -> [String]
  {
    let prefix = unit.path == "." ? "" : unit.path + "/"
    let include = unit.include.map { Glob($0) }
    let exclude = unit.exclude.map { Glob($0) }
    var found: [String] = []
    for path in tree.paths where path.hasPrefix(prefix) && KubernetesFormat.isManifestFile(path) {
      let relative = String(path.dropFirst(prefix.count))
      if !unit.recurse && relative.contains("/") { continue }
      let name = relative.split(separator: "/").last.map(String.init) ?? relative
      if let include, !include.matches(relative), !include.matches(name) { continue }
      if let exclude, exclude.matches(relative) || exclude.matches(name) { continue }
      if KustomizationInputs.fileNames.contains(name) { continue }
      // Only Kubernetes objects: values files, CI files and the like are not deployed.
      let bytes = try tree.contents(path)
      guard let documents = try? YAMLReader.documents(bytes, file: path),
        !documents.isEmpty,
        documents.allSatisfy({ $0.value["apiVersion"] != nil && $0.value["kind"] != nil })
      else { continue }
      found.append(path)
    }
    return found
  }

  /// The kustomization over the unit's folder that applies the object's own options.
  private func wrapping(_ unit: GitOpsUnit) -> Value {
    let folder = unit.path == "." ? ".." : "../" + unit.path
    var members: [Member] = [
      Member("apiVersion", "kustomize.config.k8s.io/v1beta1"),
      Member("kind", "Kustomization"),
      Member("resources", .array([.string(folder)])),
    ]
    if let namespace = unit.targetNamespace {
      members.append(Member("namespace", .string(namespace)))
    }
    for option in unit.options {
      if option.key == "components" {
        let components = (option.value.elements ?? []).compactMap(\.stringValue).map {
          Value.string(folder + "/" + $0)
        }
        members.append(Member("components", .array(components)))
      } else {
        members.append(option)
      }
    }
    members.append(Member("buildMetadata", ["originAnnotations"]))
    return .object(members)
  }

  /// The post-build variables: `substituteFrom` objects in order (each overriding the ones
  /// before), then the inline values over them.
  private func variables(
    _ substitution: GitOpsUnit.Substitution, unit: GitOpsUnit, tree: any DesiredTree,
    diagnostics: inout [Diagnostic]
  ) throws(DriftError) -> [String: String] {
    var values: [String: String] = [:]
    var objects = RepositoryObjects(tree: tree)
    for reference in substitution.from {
      guard let data = try objects.data(kind: reference.kind, name: reference.name) else {
        if !reference.optional {
          diagnostics.append(
            Diagnostic(
              .warning,
              "flux unit '\(unit.name)': substituteFrom \(reference.kind) '\(reference.name)' is "
                + "not in the repository; its variables are empty", at: unit.location))
        }
        continue
      }
      values.merge(data) { _, new in new }
    }
    values.merge(substitution.values) { _, inline in inline }
    return values
  }

  private static func yaml(_ value: Value) -> [UInt8] {
    Array((YAMLWriter().block(value, indent: 0).joined(separator: "\n") + "\n").utf8)
  }

  /// The files of the source's paths: the units themselves. (What they render is checked when
  /// the source is checked.)
  public func declares(_ path: String, source: SourceConfiguration) -> Bool {
    KubernetesFormat.isManifestFile(path)
      && source.matches(path)
  }

  public func policyFindings(
    _ files: [(path: String, bytes: [UInt8])], source: SourceConfiguration,
    in tree: any DesiredTree, rules: SeverityRules
  ) -> [PolicyFinding] {
    []
  }

  /// Drift of a unit that renders a kustomization as it is written (no options of its own, no
  /// post-build variables) is accepted into that kustomization as for `format: kustomize`; any
  /// other is refused with the reason, since the value then comes from the unit's object.
  public func accept(_ drifts: [Drift], _ input: RecoveryInput) -> Acceptance {
    let details = input.desired.details as? GitOpsDetails
    var plan = Acceptance()
    var accepted: [Drift] = []
    for drift in drifts {
      let unit = details?.units[drift.id.address]
      let reason: String?
      if let unit, details?.layers.resources[drift.id.address] != nil {
        reason =
          !unit.options.isEmpty || unit.targetNamespace != nil
          ? "the \(controller.rawValue) unit '\(unit.name)' sets kustomize options of its own; "
            + "edit \(unit.location.file) or the folder it renders by hand"
          : unit.substitution != nil
            ? "the \(controller.rawValue) unit '\(unit.name)' substitutes variables after the "
              + "build; a literal value would replace the variable"
            : nil
      } else if drift.kind == .unmanaged, let first = details?.units.values.first,
        details?.layers.resources.isEmpty == false, first.options.isEmpty,
        first.substitution == nil, first.targetNamespace == nil
      {
        reason = nil
      } else {
        reason =
          "accepting drift into what a \(controller.rawValue) unit renders from a folder "
          + "without kustomization is not supported yet"
      }
      if let reason {
        plan.refusals.append(
          Refusal(address: drift.id.address, reason: reason, location: drift.location))
      } else {
        accepted.append(drift)
      }
    }
    let kustomized = KustomizeAcceptance.plan(accepted, adapter: self, input: input)
    plan.files = kustomized.files
    plan.accepted = kustomized.accepted
    plan.summary = kustomized.summary
    plan.refusals += kustomized.refusals
    return plan
  }

  public func rollback(_ drifts: [Drift], _ input: RecoveryInput) -> RollbackPlan {
    KustomizeAdapter(cache: cache).rollback(drifts, input)
  }

  public func discover(files: [String], read: (String) -> [UInt8]?) -> [DiscoveredSource] {
    GitOpsDiscovery.sources(controller: controller, files: files, read: read)
  }
}

/// What a unit source's desired state keeps for accept: the unit each resource comes from, and
/// the layers of those rendered from a kustomization.
struct GitOpsDetails: Sendable {
  var units: [String: GitOpsUnit] = [:]
  var layers = KustomizeLayers()
}
