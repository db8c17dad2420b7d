import Crypto
public import DriftJSON
public import DriftModel

/// A Helm release that git declares: a Flux `HelmRelease` (helm.toolkit.fluxcd.io) or an
/// Argo CD `Application` (argoproj.io) with a Helm source, with its values combined as the
/// controller combines them.
public struct HelmReleaseDeclaration: Sendable {
  /// Which controller installs the release.
  public enum Controller: String, Sendable {
    case flux
    case argocd
  }

  public var controller: Controller
  /// The HelmRelease or Application.
  public var objectName: String
  public var objectNamespace: String
  public var releaseName: String
  /// Where Helm stores the release (its Secrets).
  public var storageNamespace: String
  /// Where the chart's objects go when they state no namespace.
  public var installNamespace: String
  public var chart: String?
  /// An exact version or a semver range (Flux `version: 6.x`).
  public var version: String?
  /// The values the controller gives Helm, secret values digested.
  public var values: Value
  /// The paths (below `/values`) whose values come from Secrets.
  public var secretPaths: Set<FieldPath> = []
  /// Whether some values come from a ConfigMap or Secret that the repository does not hold
  /// (sealed, encrypted, made by another tool): values only live has are then not compared,
  /// since they may be those.
  public var hasUnreadValues = false
  /// Where the object is declared.
  public var location: SourceLocation
  /// Where, inside the object's document, its inline values are (`/spec/values`); nil when
  /// they are text (Argo CD `helm.values`) or the object has none yet.
  public var valuesPointer: FieldPath
  /// Whether `valuesPointer` holds a map in the file.
  public var hasInlineValues: Bool
  /// Argo CD: the repository files that `valueFiles` name, in order.
  public var valueFiles: [String] = []
  /// Argo CD: the `helm.parameters` names (dotted paths), in order; they win over the values.
  public var parameters: [String] = []
  /// Argo CD: whether `helm.values` is text, which accept does not edit.
  public var valuesAsText = false
  public var diagnostics: [Diagnostic] = []

  /// The address of the release resource.
  public var address: String {
    KubernetesFormat.address(
      type: HelmLiveRelease.type, namespace: storageNamespace, name: releaseName)
  }

  /// The release resource git declares.
  public var resource: Resource {
    var chartMembers: [Member] = []
    if let chart { chartMembers.append(Member("name", .string(chart))) }
    if let version { chartMembers.append(Member("version", .string(version))) }
    var members: [Member] = [
      Member("apiVersion", .string(HelmLiveRelease.apiVersion)),
      Member("kind", .string(HelmLiveRelease.kind)),
      Member(
        "metadata",
        [
          "name": .string(releaseName), "namespace": .string(storageNamespace),
        ]),
    ]
    if !chartMembers.isEmpty { members.append(Member("chart", .object(chartMembers))) }
    members.append(Member("values", values))
    return Resource(
      id: ResourceID(type: HelmLiveRelease.type, address: address), body: .object(members),
      location: location)
  }

  // MARK: Reading

  /// The releases declared in `files` of `tree`.
  ///
  /// - Parameter sensitiveWords: key words the source keeps secret beyond the built-in ones.
  public static func declarations(
    in files: [String], tree: any DesiredTree, defaultNamespace: String?,
    secrets: SecretDigester, sensitiveWords: Set<String>
  ) throws(DriftError) -> [HelmReleaseDeclaration] {
    var documents: [(value: Value, location: SourceLocation)] = []
    for file in files where KubernetesFormat.isManifestFile(file) {
      for document in try KubernetesFormat.documents(try tree.contents(file), file: file) {
        documents.append((document.value, SourceLocation(file: file, position: document.position)))
      }
    }
    return try declarations(
      in: documents, tree: tree, defaultNamespace: defaultNamespace, secrets: secrets,
      sensitiveWords: sensitiveWords)
  }

  /// The releases that `documents` (objects, each where it is declared) declare.
  static func declarations(
    in documents: [(value: Value, location: SourceLocation)], tree: any DesiredTree,
    defaultNamespace: String?, secrets: SecretDigester, sensitiveWords: Set<String>
  ) throws(DriftError) -> [HelmReleaseDeclaration] {
    var objects = RepositoryObjects(tree: tree)
    var found: [HelmReleaseDeclaration] = []
    for (value, location) in documents {
      let apiVersion = value["apiVersion"]?.stringValue ?? ""
      let kind = value["kind"]?.stringValue ?? ""
      var declaration: HelmReleaseDeclaration?
      if kind == "HelmRelease", apiVersion.hasPrefix("helm.toolkit.fluxcd.io/") {
        declaration = try flux(
          value, at: location, defaultNamespace: defaultNamespace, objects: &objects)
      } else if kind == "Application", apiVersion.hasPrefix("argoproj.io/") {
        declaration = try argo(value, at: location, objects: &objects, tree: tree)
      }
      guard var declaration else { continue }
      declaration.values = HelmValues.redacting(
        declaration.values, secrets: secrets, address: declaration.address,
        extra: sensitiveWords,
        paths: declaration.secretPaths)
      found.append(declaration)
    }
    return found
  }

  private static func flux(
    _ object: Value, at location: SourceLocation, defaultNamespace: String?,
    objects: inout RepositoryObjects
  ) throws(DriftError) -> HelmReleaseDeclaration {
    let spec = object["spec"] ?? .object([])
    let name = object["metadata"]?["name"]?.stringValue ?? ""
    let namespace =
      object["metadata"]?["namespace"]?.stringValue ?? defaultNamespace ?? "default"
    let target = spec["targetNamespace"]?.stringValue
    var release = spec["releaseName"]?.stringValue ?? (target.map { "\($0)-\(name)" } ?? name)
    if release.count > 53 { release = shortened(release) }
    var declaration = HelmReleaseDeclaration(
      controller: .flux, objectName: name, objectNamespace: namespace, releaseName: release,
      storageNamespace: spec["storageNamespace"]?.stringValue ?? namespace,
      installNamespace: target ?? namespace,
      chart: spec["chart"]?["spec"]?["chart"]?.stringValue,
      version: spec["chart"]?["spec"]?["version"]?.stringValue ?? "*", values: .object([]),
      location: location, valuesPointer: FieldPath(["spec", "values"]),
      hasInlineValues: spec["values"]?.members != nil)
    if let reference = spec["chartRef"] {
      // A chart from an OCIRepository or HelmChart object: named by the object's URL.
      let kind = reference["kind"]?.stringValue ?? ""
      let refName = reference["name"]?.stringValue ?? ""
      if kind == "OCIRepository", let repository = try objects.object(kind: kind, name: refName) {
        let url = repository["spec"]?["url"]?.stringValue ?? ""
        declaration.chart = url.split(separator: "/").last.map(String.init)
        declaration.version =
          repository["spec"]?["ref"]?["tag"]?.stringValue
          ?? repository["spec"]?["ref"]?["semver"]?.stringValue ?? "*"
      } else {
        declaration.chart = nil
        declaration.version = nil
        declaration.diagnostics.append(
          Diagnostic(
            .warning,
            "HelmRelease '\(name)': chartRef \(kind) '\(refName)' is not in the repository; "
              + "its chart and version are not compared", at: location))
      }
    }
    var values: Value = .object([])
    for (index, reference) in (spec["valuesFrom"]?.elements ?? []).enumerated() {
      let kind = reference["kind"]?.stringValue ?? "ConfigMap"
      let refName = reference["name"]?.stringValue ?? ""
      let key = reference["valuesKey"]?.stringValue ?? "values.yaml"
      let optional = reference["optional"] == .bool(true)
      let isSecret = kind == "Secret"
      let target = reference["targetPath"]?.stringValue ?? ""
      /// Values that cannot be read here: only what git declares of them is compared, and
      /// what a Secret gave stays a digest (all of the values when it gave them at the root).
      func unread(_ why: String, warn: Bool = true) {
        declaration.hasUnreadValues = true
        if isSecret { declaration.secretPaths.insert(FieldPath(HelmValues.path(target))) }
        guard warn else { return }
        declaration.diagnostics.append(
          Diagnostic(
            .warning,
            "HelmRelease '\(name)': valuesFrom[\(index)] \(kind) '\(refName)' key '\(key)' "
              + "\(why); values only live has are not compared"
              + (isSecret && target.isEmpty ? ", and every value as a digest" : ""),
            at: location))
      }
      guard let data = try objects.data(kind: kind, name: refName, namespace: namespace),
        let text = data[key]
      else {
        unread("is not in the repository", warn: !optional)
        continue
      }
      if !target.isEmpty {
        values = HelmValues.setting(HelmValues.typed(text), at: target, in: values)
        if isSecret { declaration.secretPaths.insert(FieldPath(HelmValues.path(target))) }
      } else {
        let file =
          try objects.file(kind: kind, name: refName, namespace: namespace) ?? location.file
        let parsed: Value
        do {
          parsed = try YAMLReader.value(
            Array(text.utf8), file: "\(file) (\(kind) \(refName) \(key))")
        } catch {
          // Flux fails such a release; a Secret's text is never quoted, only where it breaks.
          let why =
            isSecret ? "line \(error.location?.line ?? 0) of the value" : error.message
          unread("does not parse as YAML (\(why))")
          continue
        }
        if parsed.members == nil, parsed != .null {
          unread("is not a map of values")
          continue
        }
        values = HelmValues.merge(values, parsed)
        if isSecret {
          for path in HelmLiveRelease.leaves(of: parsed, at: FieldPath()) where !path.tokens.isEmpty
          {
            declaration.secretPaths.insert(path)
          }
        }
      }
    }
    if let inline = spec["values"], inline.members != nil {
      values = HelmValues.merge(values, inline)
    }
    declaration.values = values
    return declaration
  }

  /// Flux's name for a release longer than Helm's 53 characters: 40 of them, `-`, and 12 hex
  /// digits of the SHA-256 of the whole name.
  static func shortened(_ name: String) -> String {
    let digest = SHA256.hash(data: Array(name.utf8)).map { byte in
      (byte < 16 ? "0" : "") + String(byte, radix: 16)
    }.joined()
    return String(name.prefix(40)) + "-" + String(digest.prefix(12))
  }

  private static func argo(
    _ object: Value, at location: SourceLocation, objects: inout RepositoryObjects,
    tree: any DesiredTree
  ) throws(DriftError) -> HelmReleaseDeclaration? {
    let spec = object["spec"] ?? .object([])
    let name = object["metadata"]?["name"]?.stringValue ?? ""
    var pointer = FieldPath(["spec", "source"])
    var source = spec["source"]
    let sources = spec["sources"]?.elements ?? []
    if source == nil || (source?["chart"] == nil && source?["helm"] == nil) {
      guard let index = sources.firstIndex(where: { $0["chart"] != nil || $0["helm"] != nil })
      else { return nil }
      source = sources[index]
      pointer = FieldPath(["spec", "sources", String(index)])
    }
    guard let source, source["chart"] != nil || source["helm"] != nil else { return nil }
    let helm = source["helm"] ?? .object([])
    let namespace = spec["destination"]?["namespace"]?.stringValue ?? "default"
    let path = source["path"]?.stringValue ?? "."
    var declaration = HelmReleaseDeclaration(
      controller: .argocd, objectName: name,
      objectNamespace: object["metadata"]?["namespace"]?.stringValue ?? "argocd",
      releaseName: helm["releaseName"]?.stringValue ?? name, storageNamespace: namespace,
      installNamespace: namespace, chart: source["chart"]?.stringValue,
      version: source["targetRevision"]?.stringValue, values: .object([]), location: location,
      valuesPointer: pointer.appending("helm").appending("valuesObject"),
      hasInlineValues: helm["valuesObject"]?.members != nil)
    if source["chart"] == nil {
      // A chart in this repository: its Chart.yaml names it.
      let chartFile = KustomizationInputs.join(path, "Chart.yaml")
      if tree.paths.contains(chartFile),
        let chart = try? YAMLReader.value(try tree.contents(chartFile), file: chartFile)
      {
        declaration.chart = chart["name"]?.stringValue
        declaration.version = chart["version"]?.stringValue
      } else {
        declaration.version = nil
      }
    }
    let references = Set(sources.compactMap { $0["ref"]?.stringValue })
    var values: Value = .object([])
    for text in (helm["valueFiles"]?.elements ?? []).compactMap(\.stringValue) {
      var file = KustomizationInputs.join(path, text)
      if text.hasPrefix("$") {
        let reference = text.dropFirst().split(separator: "/", maxSplits: 1)
        guard reference.count == 2, references.contains(String(reference[0])) else { continue }
        file = KustomizationInputs.join(".", String(reference[1]))
      }
      guard tree.paths.contains(file) else {
        declaration.diagnostics.append(
          Diagnostic(
            .warning,
            "Application '\(name)': values file '\(text)' is not in the repository (it may be "
              + "the chart's own); its values are not compared", at: location))
        continue
      }
      let parsed = try YAMLReader.value(try tree.contents(file), file: file)
      values = HelmValues.merge(values, parsed.members == nil ? .object([]) : parsed)
      declaration.valueFiles.append(file)
    }
    if let object = helm["valuesObject"], object.members != nil {
      values = HelmValues.merge(values, object)
    } else if let text = helm["values"]?.stringValue {
      declaration.valuesAsText = true
      let file = "\(location.file) (Application \(name) helm.values)"
      let parsed = try YAMLReader.value(Array(text.utf8), file: file)
      values = HelmValues.merge(values, parsed.members == nil ? .object([]) : parsed)
    }
    for parameter in helm["parameters"]?.elements ?? [] {
      guard let key = parameter["name"]?.stringValue else { continue }
      declaration.parameters.append(key)
      let text = parameter["value"]?.stringValue ?? parameter["value"]?.scalarText ?? ""
      let value = parameter["forceString"] == .bool(true) ? .string(text) : HelmValues.typed(text)
      values = HelmValues.setting(value, at: key, in: values)
    }
    declaration.values = values
    return declaration
  }
}
