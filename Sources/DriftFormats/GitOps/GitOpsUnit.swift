public import DriftModel

/// What one GitOps controller object deploys: a Flux `Kustomization`
/// (kustomize.toolkit.fluxcd.io) or an Argo CD `Application` (argoproj.io) names a folder of
/// the repository, and the kustomize options and variables it applies on top.
public struct GitOpsUnit: Sendable, Equatable {
  /// Which controller deploys it.
  public enum Controller: String, Sendable {
    case flux
    case argocd
  }

  public var controller: Controller
  /// The object's name.
  public var name: String
  /// The folder it deploys, repository-relative (`.` for the root).
  public var path: String
  /// Flux `targetNamespace`, Argo CD `kustomize.namespace`: the namespace of every object.
  public var targetNamespace: String?
  /// Argo CD `destination.namespace`: the namespace of objects that state none.
  public var defaultNamespace: String?
  /// Kustomize options the object applies on top of the folder, as kustomization keys
  /// (namePrefix, nameSuffix, images, patches, components, labels, commonLabels,
  /// commonAnnotations, replicas).
  public var options: [Member] = []
  /// Flux postBuild variables: `substitute`, then `substituteFrom` objects; nil without
  /// postBuild.
  public var substitution: Substitution?
  /// Argo CD `directory.recurse` (Flux always recurses in a folder without kustomization).
  public var recurse = true
  /// Argo CD `directory.include` and `exclude` globs of file names.
  public var include: String?
  public var exclude: String?
  /// Where the object is declared.
  public var location: SourceLocation
  /// What the unit holds that an offline render cannot do, said once each.
  public var unsupported: [String] = []
  /// Whether an offline render can build it at all (not a Helm chart, not an ApplicationSet
  /// whose generators need a cluster).
  public var renders = true

  /// Flux's postBuild substitution.
  public struct Substitution: Sendable, Equatable {
    /// Inline `substitute` values; they win over `substituteFrom`.
    public var values: [String: String] = [:]
    /// `substituteFrom` references: kind (ConfigMap or Secret), name, and whether optional.
    public var from: [(kind: String, name: String, optional: Bool)] = []

    public static func == (lhs: Substitution, rhs: Substitution) -> Bool {
      lhs.values == rhs.values && lhs.from.map(\.name) == rhs.from.map(\.name)
    }
  }

  /// The units that `resources` declare: every Flux Kustomization or Argo CD Application of
  /// `controller` among them.
  static func units(in resources: [Resource], controller: Controller, paths: [String] = [])
    -> [GitOpsUnit]
  {
    resources.flatMap { resource -> [GitOpsUnit] in
      let body = resource.body
      let location = resource.location ?? SourceLocation(file: "")
      guard controller == .argocd, body["kind"]?.stringValue == "ApplicationSet",
        body["apiVersion"]?.stringValue?.hasPrefix("argoproj.io/") == true
      else { return unit(of: resource, controller: controller).map { [$0] } ?? [] }
      switch ApplicationSetExpansion.applications(body, paths: paths) {
      case .success(let applications):
        return applications.map {
          argo($0, name: $0["metadata"]?["name"]?.stringValue ?? "", location: location)
        }
      case .failure(let unsupported):
        var unit = GitOpsUnit(
          controller: .argocd, name: body["metadata"]?["name"]?.stringValue ?? "",
          path: ".", location: location)
        unit.unsupported.append("ApplicationSet: \(unsupported.reason)")
        unit.renders = false
        return [unit]
      }
    }
  }

  private static func unit(of resource: Resource, controller: Controller) -> GitOpsUnit? {
    let body = resource.body
    let apiVersion = body["apiVersion"]?.stringValue ?? ""
    let kind = body["kind"]?.stringValue ?? ""
    let name = body["metadata"]?["name"]?.stringValue ?? ""
    let location = resource.location ?? SourceLocation(file: "")
    switch controller {
    case .flux
    where kind == "Kustomization" && apiVersion.hasPrefix("kustomize.toolkit.fluxcd.io/"):
      return flux(body, name: name, location: location)
    case .argocd where kind == "Application" && apiVersion.hasPrefix("argoproj.io/"):
      return argo(body, name: name, location: location)
    default:
      return nil
    }
  }

  private static func folder(_ path: String?) -> String {
    KustomizationInputs.join(".", path ?? ".")
  }

  /// The unit, refused when its folder or a component leaves the repository: kustomize would
  /// read it from the machine, outside the private copy.
  private static func contained(_ unit: GitOpsUnit, path raw: String?) -> GitOpsUnit {
    var unit = unit
    var escapes = KustomizationInputs.leavesRepository(raw ?? ".", resolved: unit.path)
    for option in unit.options where option.key == "components" {
      for component in (option.value.elements ?? []).compactMap(\.stringValue) {
        let resolved = KustomizationInputs.join(unit.path, component)
        escapes = escapes || KustomizationInputs.leavesRepository(component, resolved: resolved)
      }
    }
    if escapes {
      unit.unsupported.append("its path or a component leaves the repository")
      unit.renders = false
    }
    return unit
  }

  private static func flux(_ body: Value, name: String, location: SourceLocation) -> GitOpsUnit {
    let spec = body["spec"] ?? [:]
    var unit = GitOpsUnit(
      controller: .flux, name: name, path: folder(spec["path"]?.stringValue),
      targetNamespace: spec["targetNamespace"]?.stringValue, location: location)
    for key in ["namePrefix", "nameSuffix", "images", "patches", "components"] {
      if let value = spec[key] { unit.options.append(Member(key, value)) }
    }
    if let metadata = spec["commonMetadata"] {
      // Flux sets them on every object without touching selectors.
      if let labels = metadata["labels"] {
        unit.options.append(
          Member("labels", .array([["pairs": labels, "includeSelectors": false]])))
      }
      if let annotations = metadata["annotations"] {
        unit.options.append(Member("commonAnnotations", annotations))
      }
    }
    if let postBuild = spec["postBuild"] {
      var substitution = Substitution()
      for member in postBuild["substitute"]?.members ?? [] {
        substitution.values[member.key] = member.value.stringValue ?? member.value.scalarText
      }
      for reference in postBuild["substituteFrom"]?.elements ?? [] {
        substitution.from.append(
          (
            reference["kind"]?.stringValue ?? "ConfigMap", reference["name"]?.stringValue ?? "",
            reference["optional"] == true
          ))
      }
      unit.substitution = substitution
    }
    unit = contained(unit, path: spec["path"]?.stringValue)
    if spec["sourceRef"]?["kind"]?.stringValue == "OCIRepository"
      || spec["sourceRef"]?["kind"]?.stringValue == "Bucket"
    {
      unit.unsupported.append("its source is an OCI artifact or bucket, not this repository")
    }
    return unit
  }

  private static func argo(_ body: Value, name: String, location: SourceLocation) -> GitOpsUnit {
    let spec = body["spec"] ?? [:]
    let sources = spec["sources"]?.elements ?? [spec["source"] ?? [:]]
    let source = sources.first { $0["path"] != nil && $0["chart"] == nil } ?? sources.first ?? [:]
    var unit = GitOpsUnit(
      controller: .argocd, name: name, path: folder(source["path"]?.stringValue),
      defaultNamespace: spec["destination"]?["namespace"]?.stringValue, location: location)
    if source["chart"] != nil || source["helm"] != nil {
      unit.unsupported.append("a Helm source renders a chart, which an offline check cannot")
      unit.renders = false
    }
    if sources.count > 1 {
      unit.unsupported.append("only its first source with a path is checked")
    }
    if let directory = source["directory"] {
      unit.recurse = directory["recurse"] == true
      unit.include = directory["include"]?.stringValue
      unit.exclude = directory["exclude"]?.stringValue
      if directory["jsonnet"] != nil {
        unit.unsupported.append("jsonnet is not rendered; its .jsonnet files are not read")
      }
    } else {
      unit.recurse = false
    }
    if let kustomize = source["kustomize"] {
      unit.targetNamespace = kustomize["namespace"]?.stringValue
      for key in ["namePrefix", "nameSuffix", "commonLabels", "commonAnnotations", "patches"] {
        if let value = kustomize[key] { unit.options.append(Member(key, value)) }
      }
      if let images = kustomize["images"]?.elements {
        unit.options.append(Member("images", .array(images.compactMap(argoImage))))
      }
      if let replicas = kustomize["replicas"] { unit.options.append(Member("replicas", replicas)) }
      if let components = kustomize["components"] {
        unit.options.append(Member("components", components))
      }
    }
    return contained(unit, path: source["path"]?.stringValue)
  }

  /// Argo CD's `[old=]name[:tag|@digest]` as a kustomize images entry.
  private static func argoImage(_ value: Value) -> Value? {
    guard let text = value.stringValue else { return nil }
    let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
    let old = parts.count == 2 ? parts[0] : nil
    var image = parts.last ?? text
    var entry: [Member] = []
    var digest: String?
    var tag: String?
    if let at = image.firstIndex(of: "@") {
      digest = String(image[image.index(after: at)...])
      image = String(image[..<at])
    } else if let colon = image.lastIndex(of: ":"), !image[colon...].contains("/") {
      tag = String(image[image.index(after: colon)...])
      image = String(image[..<colon])
    }
    entry.append(Member("name", .string(old ?? image)))
    if old != nil { entry.append(Member("newName", .string(image))) }
    if let tag { entry.append(Member("newTag", .string(tag))) }
    if let digest { entry.append(Member("digest", .string(digest))) }
    return .object(entry)
  }
}

extension Value {
  /// A scalar as YAML would write it plainly: numbers and booleans as text.
  var scalarText: String {
    switch self {
    case .string(let text): return text
    case .integer(let number): return String(number)
    case .bool(let flag): return flag ? "true" : "false"
    default: return ""
    }
  }
}
