import DriftModel

/// Finds GitOps units for `init`: one source per Flux Kustomization or Argo CD Application,
/// named after it, with the namespace it deploys to and a capture of what it renders.
enum GitOpsDiscovery {
  static func sources(
    controller: GitOpsUnit.Controller, files: [String], read: (String) -> [UInt8]?
  ) -> [DiscoveredSource] {
    var found: [DiscoveredSource] = []
    let paths = Set(files)
    for (unit, path) in units(controller: controller, files: files, read: read)
    where unit.unsupported.isEmpty {
      // Else the namespace the folder's own kustomization sets, as kustomize applies it.
      let kustomization = KustomizationInputs.kustomization(in: unit.path, paths: paths)
        .flatMap(read).flatMap { try? YAMLReader.value($0, file: "kustomization.yaml") }
      let replaced = unit.targetNamespace ?? kustomization?["namespace"]?.stringValue
      var survey = ManifestSurvey.rendered(folder: unit.path, files: files, read: read)
      if replaced != nil { survey.namespaces = [:] }
      let namespace = replaced ?? unit.defaultNamespace ?? survey.namespace
      var source = DiscoveredSource(
        folder: unit.path == "." ? "" : unit.path, rootName: unit.name,
        format: SourceFormat(rawValue: controller.rawValue), paths: [path],
        namespace: namespace,
        capture: survey.capture(namespace: namespace),
        comments: [
          "\(controller == .flux ? "Flux Kustomization" : "Argo CD Application") \(unit.name) in \(path)"
        ])
      source.name = unit.name
      source.unit = unit.name
      source.renders = [unit.path]
      found.append(source)
    }
    return found
  }

  /// The units of `controller` that the manifests among `files` declare, each with the file
  /// that declares it.
  static func units(
    controller: GitOpsUnit.Controller, files: [String], read: (String) -> [UInt8]?
  ) -> [(unit: GitOpsUnit, file: String)] {
    let marker = controller == .flux ? "kustomize.toolkit.fluxcd.io" : "argoproj.io"
    var found: [(unit: GitOpsUnit, file: String)] = []
    for path in files where KubernetesFormat.isManifestFile(path) {
      guard let bytes = read(path), String(decoding: bytes, as: UTF8.self).contains(marker),
        let documents = try? YAMLReader.documents(bytes, file: path)
      else { continue }
      let resources = documents.map {
        Resource(
          id: ResourceID(type: "", address: ""), body: $0.value,
          location: SourceLocation(file: path, line: Int($0.position.line), column: 1))
      }
      for unit in GitOpsUnit.units(in: resources, controller: controller, paths: files) {
        found.append((unit, path))
      }
    }
    return found
  }
}
