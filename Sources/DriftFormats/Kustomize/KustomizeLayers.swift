import DriftModel

/// Which layer of a Kustomize build sets each value: the base document that declares a
/// resource, or the overlay (the kustomization a source names) with its transformers and
/// patches.
struct KustomizeLayers: Sendable {
  /// The kustomization a source renders, with where each of its transformers is written.
  struct Overlay: Sendable {
    /// The kustomization file.
    var file: String
    var kustomization: Value
    /// The overlay's patch documents, with the files they are in.
    var patches: [Resource]

    init(root: String, tree: any DesiredTree, reader: KubernetesFormat) throws(DriftError) {
      let paths = Set(tree.paths)
      file = KustomizationInputs.kustomization(in: root, paths: paths) ?? root
      kustomization = try YAMLReader.value(try tree.contents(file), file: file)
      var patches: [Resource] = []
      var patchFiles = (kustomization["patchesStrategicMerge"]?.elements ?? []).compactMap(
        \.stringValue)
      for entry in kustomization["patches"]?.elements ?? [] {
        if let path = entry["path"]?.stringValue { patchFiles.append(path) }
      }
      for patch in patchFiles {
        let path = KustomizationInputs.join(root, patch)
        guard paths.contains(path), let bytes = try? tree.contents(path) else { continue }
        patches += (try? reader.desiredResources(bytes, file: path)) ?? []
      }
      self.patches = patches
    }

    /// The line of `key` in the kustomization.
    func line(of key: String) -> Int? {
      kustomization.member(key).map { Int($0.position.line) }.flatMap { $0 > 0 ? $0 : nil }
    }
  }

  /// One rendered resource's layers.
  struct Layer: Sendable {
    var overlay: Overlay
    /// The document that declares the resource, as written (nil for generated resources).
    var base: Resource?

    /// Where the desired value of `change` is set, when an overlay sets it.
    func setter(of change: Change) -> (file: String, line: Int)? {
      let segments = change.path.pointer.split(separator: "/")
      if change.path.pointer == "/spec/replicas", let line = overlay.line(of: "replicas") {
        return (overlay.file, line)
      }
      if segments.last == "image",
        segments.contains("containers") || segments.contains("initContainers"),
        let line = overlay.line(of: "images")
      {
        return (overlay.file, line)
      }
      let declared = base?.body.value(at: change.path)
      if let base, declared == change.desired, base.location?.file != nil { return nil }
      let name = base?.body["metadata"]?["name"]?.stringValue
      for patch in overlay.patches
      where patch.body["metadata"]?["name"]?.stringValue == name
        && patch.body.value(at: change.path) == change.desired
      {
        return (
          patch.location?.file ?? overlay.file,
          patch.body.line(at: change.path) ?? patch.location?.line ?? 1
        )
      }
      guard base != nil, declared != change.desired else { return nil }
      for key in [
        "patches", "patchesStrategicMerge", "patchesJson6902", "replacements", "namespace",
        "namePrefix", "nameSuffix", "labels", "commonLabels", "commonAnnotations",
      ] {
        if let line = overlay.line(of: key) { return (overlay.file, line) }
      }
      return nil
    }
  }

  /// The layers of every rendered resource, by address.
  var resources: [String: Layer] = [:]
}
