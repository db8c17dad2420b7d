import DriftModel

/// Finds Helm releases for `init`: one source per Flux HelmRelease, named after it, whose
/// capture exports the release Secrets with the objects they install.
enum HelmDiscovery {
  /// What a Helm source's capture exports: the workload kinds and every Secret (the release
  /// Secrets among them; Secret data is digested as it is read, never stored).
  static func capture(namespace: String?) -> String {
    "kubectl get deploy,sts,ds,svc,cm,secret,sa,ingress\(ManifestSurvey.scope(namespace)) -o json "
      + "--show-managed-fields"
  }

  static func sources(files: [String], read: (String) -> [UInt8]?) -> [DiscoveredSource] {
    var found: [DiscoveredSource] = []
    let deployers = fluxDeployers(files: files, read: read)
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
        // Deployed by a Flux Kustomization: read as that unit renders it (overlays patch
        // values), once per unit that deploys it.
        let units = deployers[path] ?? []
        for unit in units.isEmpty ? [nil] : units.map(Optional.some) {
          var source = DiscoveredSource(
            folder: SourceConfiguration.folder(of: path) == "."
              ? "" : SourceConfiguration.folder(of: path),
            rootName: name, format: "helm", paths: [unit?.file ?? path], namespace: nil,
            capture: capture(namespace: namespace),
            comments: [
              "Flux HelmRelease \(name) in \(path)"
                + (unit.map { " as Flux Kustomization \($0.name) deploys it" } ?? "")
                + ": the release against git, and the cluster against the release"
            ])
          source.name = "helm-" + name
          source.unit = name
          found.append(source)
        }
      }
    }
    return found
  }

  /// The Flux Kustomizations (name and the file that declares it) that deploy each manifest
  /// file, by file: those in the kustomize build of the unit's path, or below a path that has
  /// no kustomization.
  private static func fluxDeployers(files: [String], read: (String) -> [UInt8]?)
    -> [String: [(name: String, file: String)]]
  {
    var deployers: [String: [(name: String, file: String)]] = [:]
    let tree = Set(files)
    for (unit, path) in GitOpsDiscovery.units(controller: .flux, files: files, read: read)
    where unit.renders {
      let deployed: [String]
      if KustomizationInputs.kustomization(in: unit.path, paths: tree) != nil {
        deployed =
          withoutActuallyEscaping(read) { read in
            try? KustomizationInputs.find(
              root: unit.path, in: DiscoveryTree(paths: files, read: read))
          }?.files ?? []
      } else {
        let prefix = unit.path == "." ? "" : unit.path + "/"
        deployed = files.filter { $0.hasPrefix(prefix) }
      }
      for file in deployed { deployers[file, default: []].append((unit.name, path)) }
    }
    return deployers
  }
}
