import DriftModel

/// Finds the folders that hold Kubernetes manifests, for `init`: one source per top folder,
/// with the namespace most of its manifests state.
enum ManifestDiscovery {
  private static let skipped: Set<Substring> = [
    "node_modules", "vendor", "charts", "templates", "examples",
  ]
  /// Larger files are not manifests anyone keeps by hand.
  private static let largest = 8 << 20

  static func sources(files: [String], read: (String) -> [UInt8]?) -> [DiscoveredSource] {
    var namespaces: [String: [String: Int]] = [:]
    let all = Set(files)
    for path in files where path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
      let components = path.split(separator: "/")
      guard !components.dropLast().contains(where: { skipped.contains($0) }),
        !KustomizeDiscovery.isKustomized(path, paths: all),
        let bytes = read(path), bytes.count < largest
      else { continue }
      let text = String(decoding: bytes, as: UTF8.self)
      guard isManifest(text) else { continue }
      let folder = SourceConfiguration.folder(of: path)
      let key = folder == "." ? "" : folder
      var counts = namespaces[key, default: [:]]
      for namespace in declaredNamespaces(text) { counts[namespace, default: 0] += 1 }
      namespaces[key] = counts
    }
    let folders = namespaces.keys.sorted()
    let tops = folders.filter { folder in
      !folders.contains { other in
        other != folder && (other.isEmpty || folder.hasPrefix(other + "/"))
      }
    }
    return tops.map { top in
      var counts: [String: Int] = [:]
      for (folder, found) in namespaces
      where folder == top || top.isEmpty || folder.hasPrefix(top + "/") {
        for (namespace, count) in found { counts[namespace, default: 0] += count }
      }
      let namespace = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
      let prefix = top.isEmpty ? "" : top + "/"
      let scope = namespace.map { " -n \($0)" } ?? " --all-namespaces"
      return DiscoveredSource(
        folder: top, rootName: "manifests", format: "kubernetes",
        paths: ["\(prefix)**/*.yaml", "\(prefix)**/*.yml"],
        namespace: namespace,
        capture: "kubectl get deploy,sts,ds,svc,cm,ingress\(scope) -o json --show-managed-fields")
    }
  }

  private static func isManifest(_ text: String) -> Bool {
    if text.contains("{{") { return false }
    var hasVersion = false
    var hasKind = false
    for line in text.split(separator: "\n") {
      if line.hasPrefix("apiVersion:") {
        if line.contains("kustomize.config.k8s.io") { return false }
        hasVersion = true
      }
      if line.hasPrefix("kind:") { hasKind = true }
    }
    return hasVersion && hasKind
  }

  private static func declaredNamespaces(_ text: String) -> [String] {
    text.split(separator: "\n").compactMap { line in
      let trimmed = line.drop { $0 == " " }
      guard trimmed.count < line.count, trimmed.hasPrefix("namespace:") else { return nil }
      var value = trimmed.dropFirst("namespace:".count).drop { $0 == " " || $0 == "\t" }
      while let last = value.last, last == " " || last == "\t" || last == "\r" {
        value = value.dropLast()
      }
      value = value.drop { $0 == "\"" || $0 == "'" }
      while let last = value.last, last == "\"" || last == "'" { value = value.dropLast() }
      return value.isEmpty ? nil : String(value)
    }
  }
}
