import DriftDiff
import DriftModel

/// What `init` learns of the manifests of one source: the types and namespaces of the objects
/// they declare, and the `kubectl get` that exports exactly those types.
///
/// A fixed list of kinds (Deployments, Services, ConfigMaps…) left out what real deployments
/// hold besides: against a cluster that matched argo-cd's manifests exactly, its
/// ServiceAccounts, Roles, CRDs and NetworkPolicies made 48 objects "missing".
struct ManifestSurvey {
  /// The types declared, `Kind.group` (`Kind` for the core group).
  var types: Set<String> = []
  /// How many namespaced objects state each namespace.
  var namespaces: [String: Int] = [:]
  /// How many namespaced objects state none (they land in the source's namespace).
  var unstated = 0
  /// `type/namespace/name` of every object (no namespace for those that state none).
  var addresses: Set<String> = []

  /// The kinds a capture names when nothing was learnt (a render that needs Helm).
  static let fallback = "deploy,sts,ds,svc,cm,ingress"

  /// Adds the objects of one manifest file.
  ///
  /// - Returns: whether the file declares any object; false for YAML that does not parse.
  @discardableResult
  mutating func add(_ bytes: [UInt8], file: String) -> Bool {
    guard let documents = try? KubernetesFormat.documents(bytes, file: file) else { return false }
    return add(documents)
  }

  /// Adds the objects of a manifest's documents.
  ///
  /// - Returns: whether any of them is an object.
  mutating func add(_ documents: [YAMLReader.Document]) -> Bool {
    var found = false
    for document in documents { found = add(document.value) || found }
    return found
  }

  private mutating func add(_ value: Value) -> Bool {
    if value["kind"] == "List", let items = value["items"]?.elements {
      return items.reduce(false) { add($1) || $0 }
    }
    guard KubernetesFormat.looksLikeObject(value), let kind = value["kind"]?.stringValue,
      let apiVersion = value["apiVersion"]?.stringValue,
      NotDeployedObjects.reason(value) == nil
    else { return false }
    let type = KubernetesIdentity.type(kind: kind, apiVersion: apiVersion)
    types.insert(type)
    let name = value["metadata"]?["name"]?.stringValue ?? ""
    guard !KubernetesIdentity.clusterScopedKinds.contains(kind) else {
      addresses.insert("\(type)//\(name)")
      return true
    }
    let namespace = value["metadata"]?["namespace"]?.stringValue ?? ""
    addresses.insert("\(type)/\(namespace)/\(name)")
    if namespace.isEmpty {
      unstated += 1
    } else {
      namespaces[namespace, default: 0] += 1
    }
    return true
  }

  /// Adds what another survey found.
  mutating func merge(_ other: ManifestSurvey) {
    types.formUnion(other.types)
    namespaces.merge(other.namespaces, uniquingKeysWith: +)
    unstated += other.unstated
    addresses.formUnion(other.addresses)
  }

  /// The namespace most objects state, the one to give those that state none.
  var namespace: String? {
    namespaces.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
  }

  /// The `kubectl get` that exports the declared types from `namespace` (where every
  /// namespaced object lands there), or from all namespaces.
  ///
  /// Kinds, groups and namespaces come from manifests, and a capture runs in a shell when it
  /// needs one: only names an API server could serve are written (a `kind: "x; rm -rf ~"` is
  /// left out, a namespace that is no RFC 1123 label exports from all namespaces).
  func capture(namespace: String?) -> String {
    let names = types.map { type in
      let kind = KubernetesIdentity.kind(of: type)
      return kind.lowercased() + type.dropFirst(kind.count)
    }
    .filter(Self.isResourceName)
    let kinds = names.isEmpty ? Self.fallback : names.sorted().joined(separator: ",")
    let elsewhere = namespaces.keys.contains { $0 != namespace }
    return "kubectl get \(kinds)\(Self.scope(namespace, elsewhere: elsewhere)) -o json "
      + "--show-managed-fields"
  }

  /// ` -n NAMESPACE` for a namespace the API server accepts (an RFC 1123 label) when every
  /// object lands there, else ` --all-namespaces`.
  static func scope(_ namespace: String?, elsewhere: Bool = false) -> String {
    guard let namespace, !elsewhere, isLabel(namespace) else { return " --all-namespaces" }
    return " -n \(namespace)"
  }

  /// An RFC 1123 label, as a namespace's name must be.
  static func isLabel(_ text: String) -> Bool {
    guard (1...63).contains(text.count), text.first != "-", text.last != "-" else { return false }
    return text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
  }

  /// `kind` or `kind.group` in the characters of kubectl's resource names.
  private static func isResourceName(_ text: String) -> Bool {
    !text.isEmpty
      && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
  }

  /// The survey of what a kustomize build of `folder` reads (its resources, bases and
  /// components), with the ConfigMaps and Secrets its generators make; `files` are every file
  /// of the working tree.
  static func rendered(folder: String, files: [String], read: (String) -> [UInt8]?)
    -> ManifestSurvey
  {
    withoutActuallyEscaping(read) { read in
      rendered(in: DiscoveryTree(paths: files, read: read), folder: folder)
    }
  }

  private static func rendered(in tree: DiscoveryTree, folder: String) -> ManifestSurvey {
    var survey = ManifestSurvey()
    let files = tree.paths
    let read = tree.read
    guard KustomizationInputs.kustomization(in: folder, paths: tree.pathSet) != nil else {
      // Flux builds a folder without a kustomization from every manifest below it.
      let prefix = folder == "." ? "" : folder + "/"
      for path in files where path.hasPrefix(prefix) && KubernetesFormat.isManifestFile(path) {
        if let bytes = read(path) { survey.add(bytes, file: path) }
      }
      return survey
    }
    guard let inputs = try? KustomizationInputs.find(root: folder, in: tree),
      inputs.unsupported.isEmpty
    else { return ManifestSurvey() }
    for path in inputs.files where KubernetesFormat.isManifestFile(path) {
      guard let bytes = read(path) else { continue }
      if KubernetesAdapter.isKustomization(path) {
        let text = String(decoding: bytes, as: UTF8.self)
        if text.contains("configMapGenerator") { survey.types.insert("ConfigMap") }
        if text.contains("secretGenerator") { survey.types.insert("Secret") }
      } else {
        survey.add(bytes, file: path)
      }
    }
    return survey
  }
}

/// The working tree as `init` sees it, for the readers that follow kustomizations.
struct DiscoveryTree: DesiredTree {
  let paths: [String]
  let pathSet: Set<String>
  let read: (String) -> [UInt8]?

  init(paths: [String], read: @escaping (String) -> [UInt8]?) {
    self.paths = paths
    self.pathSet = Set(paths)
    self.read = read
  }

  func contents(_ path: String) throws(DriftError) -> [UInt8] {
    guard let bytes = read(path) else {
      throw DriftError("cannot read the file", at: SourceLocation(file: path))
    }
    return bytes
  }

  func id(of path: String) -> String? { nil }
}
