import DriftModel

/// Finds Helm releases for `init`: one source per Flux HelmRelease, named after it, whose
/// capture exports the release Secrets with the objects they install.
enum HelmDiscovery {
  /// What a Helm source's capture exports: the workload kinds and every Secret (the release
  /// Secrets among them; Secret data is digested as it is read, never stored).
  static func capture(namespace: String?) -> String {
    let scope = namespace.map { " -n \($0)" } ?? " --all-namespaces"
    return
      "kubectl get deploy,sts,ds,svc,cm,secret,sa,ingress\(scope) -o json --show-managed-fields"
  }

  static func sources(files: [String], read: (String) -> [UInt8]?) -> [DiscoveredSource] {
    var found: [DiscoveredSource] = []
    for path in files where KubernetesFormat.isManifestFile(path) {
      guard !path.split(separator: "/").contains("templates"), let bytes = read(path),
        String(decoding: bytes, as: UTF8.self).contains("helm.toolkit.fluxcd.io"),
        let documents = try? YAMLReader.documents(bytes, file: path)
      else { continue }
      for document in documents
      where document.value["kind"] == "HelmRelease"
        && document.value["apiVersion"]?.stringValue?.hasPrefix("helm.toolkit.fluxcd.io/") == true
      {
        guard let name = document.value["metadata"]?["name"]?.stringValue else { continue }
        let namespace =
          document.value["spec"]?["targetNamespace"]?.stringValue
          ?? document.value["metadata"]?["namespace"]?.stringValue
        var source = DiscoveredSource(
          folder: SourceConfiguration.folder(of: path) == "."
            ? "" : SourceConfiguration.folder(of: path),
          rootName: name, format: "helm", paths: [path], namespace: nil,
          capture: capture(namespace: namespace),
          comments: [
            "Flux HelmRelease \(name) in \(path): the release against git, and the cluster against the release"
          ])
        source.name = "helm-" + name
        source.unit = name
        found.append(source)
      }
    }
    return found
  }
}
