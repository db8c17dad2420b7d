import DriftModel

/// Finds the kustomization folders that are deployed on their own, for `init`: every folder
/// with a kustomization that no other kustomization builds (a base that only overlays use is
/// never a source).
enum KustomizeDiscovery {
  static func sources(files: [String], read: (String) -> [UInt8]?) -> [DiscoveredSource] {
    let paths = Set(files)
    var folders: [String: Value] = [:]
    for path in files {
      let name = path.split(separator: "/").last.map(String.init) ?? path
      guard KustomizationInputs.fileNames.contains(name), let bytes = read(path),
        let value = try? YAMLReader.value(bytes, file: path)
      else { continue }
      let folder = SourceConfiguration.folder(of: path)
      if folders[folder] == nil { folders[folder] = value }
    }
    var built: Set<String> = []
    for (folder, value) in folders {
      for key in ["resources", "bases", "components"] {
        for reference in (value[key]?.elements ?? []).compactMap(\.stringValue)
        where !KustomizationInputs.isRemote(reference) {
          let target = KustomizationInputs.join(folder, reference)
          if KustomizationInputs.kustomization(in: target, paths: paths) != nil {
            built.insert(target)
          }
        }
      }
    }
    return folders.keys.filter { !built.contains($0) }.sorted().map { folder in
      let namespace = folders[folder]?["namespace"]?.stringValue
      var survey = ManifestSurvey.rendered(folder: folder, files: files, read: read)
      // The kustomization's namespace replaces every object's.
      if namespace != nil { survey.namespaces = [:] }
      return DiscoveredSource(
        folder: folder == "." ? "" : folder, rootName: "kustomize", format: "kustomize",
        paths: [folder], namespace: namespace ?? survey.namespace,
        capture: survey.capture(namespace: namespace ?? survey.namespace))
    }
  }

  /// Whether `path` lies in a folder that a kustomization builds from (its own folder or one
  /// below a folder with a kustomization): plain-manifest discovery leaves such files alone.
  static func isKustomized(_ path: String, paths: Set<String>) -> Bool {
    var folder = SourceConfiguration.folder(of: path)
    while true {
      if KustomizationInputs.kustomization(in: folder, paths: paths) != nil { return true }
      guard folder != "." else { return false }
      folder = SourceConfiguration.folder(of: folder)
    }
  }
}
