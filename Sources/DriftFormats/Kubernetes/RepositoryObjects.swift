import DriftJSON
import DriftModel

/// The ConfigMaps, Secrets and Flux sources of one commit, found by kind and name.
///
/// They are what Flux `substituteFrom` and HelmRelease `valuesFrom` name. Each manifest is
/// read once, and only when one of these kinds is asked for.
struct RepositoryObjects {
  private struct Found {
    var kind: String
    var name: String
    var namespace: String?
    var file: String
    var value: Value
  }

  static let kinds: Set<String> = ["ConfigMap", "Secret", "OCIRepository"]

  let tree: any DesiredTree
  private var found: [Found]?

  init(tree: any DesiredTree) {
    self.tree = tree
  }

  /// Every object of ``kinds`` in the commit's manifests; a file that is not YAML is no such
  /// object, but one that cannot be read at all (refused for its size) is an error.
  private mutating func all() throws(DriftError) -> [Found] {
    if let found { return found }
    var objects: [Found] = []
    for path in tree.paths where KubernetesFormat.isManifestFile(path) {
      let bytes = try tree.contents(path)
      let text = String(decoding: bytes, as: UTF8.self)
      guard Self.kinds.contains(where: { text.contains($0) }),
        let documents = try? KubernetesFormat.documents(bytes, file: path)
      else { continue }
      for document in documents {
        guard let kind = document.value["kind"]?.stringValue, Self.kinds.contains(kind),
          let name = document.value["metadata"]?["name"]?.stringValue
        else { continue }
        objects.append(
          Found(
            kind: kind, name: name,
            namespace: document.value["metadata"]?["namespace"]?.stringValue, file: path,
            value: document.value))
      }
    }
    found = objects
    return objects
  }

  private mutating func first(kind: String, name: String, namespace: String?)
    throws(DriftError) -> Found?
  {
    let candidates = try all().filter { $0.kind == kind && $0.name == name }
    return candidates.first { $0.namespace == namespace }
      ?? candidates.first { $0.namespace == nil } ?? candidates.first
  }

  /// The object of `kind` named `name`, in `namespace` when one declares it there.
  mutating func object(kind: String, name: String, namespace: String? = nil)
    throws(DriftError) -> Value?
  {
    try first(kind: kind, name: name, namespace: namespace)?.value
  }

  /// The file that declares the object.
  mutating func file(kind: String, name: String, namespace: String? = nil)
    throws(DriftError) -> String?
  {
    try first(kind: kind, name: name, namespace: namespace)?.file
  }

  /// The data of a ConfigMap or Secret, Secret `data` decoded from base64 and `stringData`
  /// over it, as the API server folds them.
  mutating func data(kind: String, name: String, namespace: String? = nil)
    throws(DriftError) -> [String: String]?
  {
    guard let object = try object(kind: kind, name: name, namespace: namespace) else {
      return nil
    }
    var data: [String: String] = [:]
    for member in object["data"]?.members ?? [] {
      let text = member.value.stringValue ?? member.value.scalarText
      data[member.key] =
        kind == "Secret" ? Base64.decode(text).map { String(decoding: $0, as: UTF8.self) } : text
    }
    for member in object["stringData"]?.members ?? [] {
      data[member.key] = member.value.stringValue ?? member.value.scalarText
    }
    return data
  }
}
