import DriftModel

/// Everything a `kustomize build` of one folder reads, found by following its kustomization
/// files: the folders it builds (bases, overlays' resources, components) and the files they
/// name (manifests, patches, generator sources).
///
/// Both the private copy a render runs in and the key its result is cached by come from this
/// list, so a commit that changes nothing a build reads is never rendered again.
struct KustomizationInputs {
  /// The names kustomize accepts for a kustomization file, in its order of preference.
  static let fileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

  /// Every file read, repository-relative, sorted.
  var files: [String] = []
  /// References that need the network (URLs, git remotes), with the kustomization naming them.
  var remote: [(reference: String, file: String)] = []
  /// Folders named with an absolute path or above the repository root, with the kustomization
  /// naming them: kustomize would read them from the machine, outside the private copy.
  var outside: [(reference: String, file: String)] = []
  /// Features that cannot run offline or without plugins (helmCharts), by kustomization.
  var unsupported: [(feature: String, file: String)] = []

  /// The kustomization file of `folder` in `paths`, nil when it has none.
  static func kustomization(in folder: String, paths: Set<String>) -> String? {
    fileNames.lazy.map { join(folder, $0) }.first { paths.contains($0) }
  }

  /// Follows the kustomization of `root` through `tree`.
  static func find(root: String, in tree: any DesiredTree) throws(DriftError) -> KustomizationInputs
  {
    let paths = Set(tree.paths)
    var inputs = KustomizationInputs()
    var seen: Set<String> = []
    var files: Set<String> = []
    var pending = [root]
    while let folder = pending.popLast() {
      guard seen.insert(folder).inserted, seen.count <= 1_000 else { continue }
      guard let file = kustomization(in: folder, paths: paths) else { continue }
      files.insert(file)
      let value = try YAMLReader.value(try tree.contents(file), file: file)
      for feature in ["helmCharts", "helmChartInflationGenerator"] where value[feature] != nil {
        inputs.unsupported.append((feature, file))
      }
      for reference in references(in: value) {
        if isRemote(reference) {
          inputs.remote.append((reference, file))
          continue
        }
        let path = join(folder, reference)
        if leavesRepository(reference, resolved: path) {
          inputs.outside.append((reference, file))
          continue
        }
        if kustomization(in: path, paths: paths) != nil {
          pending.append(path)
        } else if paths.contains(path) {
          files.insert(path)
        }
      }
    }
    inputs.files = files.sorted()
    return inputs
  }

  /// Every file or folder a kustomization names.
  private static func references(in kustomization: Value) -> [String] {
    let builds = ["resources", "bases", "components", "crds"]
    return builds.flatMap { (kustomization[$0]?.elements ?? []).compactMap(\.stringValue) }
      + inputReferences(in: kustomization)
  }

  /// The files a kustomization names that are not resources of its build.
  ///
  /// Patches, transformer, generator and validator configurations, replacements, generator
  /// sources and the OpenAPI schema: a plain source that matches them must not read them as
  /// objects.
  static func inputReferences(in kustomization: Value) -> [String] {
    var found: [String] = []
    let lists = [
      "patchesStrategicMerge", "generators", "transformers", "validators", "configurations",
    ]
    for key in lists { found += (kustomization[key]?.elements ?? []).compactMap(\.stringValue) }
    for key in ["patches", "patchesJson6902", "replacements"] {
      for entry in kustomization[key]?.elements ?? [] {
        if let path = entry["path"]?.stringValue { found.append(path) }
      }
    }
    for key in ["configMapGenerator", "secretGenerator"] {
      for generator in kustomization[key]?.elements ?? [] {
        for source in (generator["files"]?.elements ?? []).compactMap(\.stringValue) {
          found.append(source.split(separator: "=", maxSplits: 1).last.map(String.init) ?? source)
        }
        found += (generator["envs"]?.elements ?? []).compactMap(\.stringValue)
        if let env = generator["env"]?.stringValue { found.append(env) }
      }
    }
    if let openapi = kustomization["openapi"]?["path"]?.stringValue { found.append(openapi) }
    return found
  }

  /// What an offline render says of these inputs: a warning per remote base (the build runs
  /// without it), and an error for the first feature that needs Helm and the network.
  func offlineDiagnostics(checked what: String) throws(DriftError) -> [Diagnostic] {
    if let (feature, file) = unsupported.first {
      throw DriftError(
        "'\(feature)' needs Helm and the network, which an offline render cannot use",
        at: SourceLocation(file: file))
    }
    let outsideWarnings = outside.map { reference, file in
      Diagnostic(
        .warning,
        "'\(reference)' leaves the repository; it is not read, and the \(what) is checked "
          + "without it", at: SourceLocation(file: file))
    }
    return outsideWarnings
      + remote.map { reference, file in
        Diagnostic(
          .warning,
          "remote base '\(reference)' cannot be fetched offline; the \(what) is checked without it",
          at: SourceLocation(file: file))
      }
  }

  /// Whether `reference` (resolved to `path` against its folder) names something outside the
  /// repository: an absolute path, or one that climbs above the root.
  static func leavesRepository(_ reference: String, resolved path: String) -> Bool {
    reference.hasPrefix("/") || reference.hasPrefix("~") || path == ".." || path.hasPrefix("../")
  }

  /// Whether kustomize would fetch `reference` over the network.
  static func isRemote(_ reference: String) -> Bool {
    let prefixes = ["github.com/", "gitlab.com/", "bitbucket.org/", "git@", "git::", "ssh://"]
    return reference.contains("://") || reference.contains("?ref=")
      || prefixes.contains { reference.hasPrefix($0) }
  }

  /// `folder/relative`, with `.` and `..` resolved; `..` above the root stays (it then names
  /// no file of the tree).
  static func join(_ folder: String, _ relative: String) -> String {
    var parts: [Substring] = folder == "." || folder.isEmpty ? [] : folder.split(separator: "/")
    for part in relative.split(separator: "/") {
      if part == "." || part.isEmpty { continue }
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
      } else {
        parts.append(part)
      }
    }
    return parts.isEmpty ? "." : parts.joined(separator: "/")
  }
}
