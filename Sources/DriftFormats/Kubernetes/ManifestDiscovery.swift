import DriftModel

/// Finds the deployable units of plain Kubernetes manifests, for `init`: one source per topmost
/// folder that holds objects, with the namespace most of them state and a capture of exactly
/// the kinds they declare.
///
/// What is not deployed from the folder is left out of the source (`exclude:`): test data,
/// Helm charts (their templates are rendered by Helm), folders that kustomize builds (sources
/// of their own), and YAML that does not parse. A root with stray manifests does not swallow
/// the folders below it: the root's own files are a source of their own.
enum ManifestDiscovery {
  /// Folders whose manifests nobody deploys as they are: dependencies and test data.
  static let notDeployed: Set<Substring> = [
    "node_modules", "vendor", "testdata", "test", "tests", "e2e", "fixtures", "examples",
  ]
  /// Larger files are not manifests anyone keeps by hand.
  private static let largest = 8 << 20

  static func sources(files: [String], read: (String) -> [UInt8]?) -> [DiscoveredSource] {
    let all = Set(files)
    let charts = KubernetesAdapter.chartFolders(files)
    var surveys: [String: ManifestSurvey] = [:]
    // Folders and files below a unit that it must not read, by the folder they are in.
    var left: Set<String> = []
    var broken: [String] = []
    for path in files where path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
      if let folder = notDeployedFolder(of: path) {
        left.insert(folder + "/**")
        continue
      }
      if let chart = chart(of: path, charts: charts) {
        left.insert(chart == "." ? "**" : chart + "/**")
        continue
      }
      if KustomizeDiscovery.isKustomized(path, paths: all) {
        if let folder = kustomizedFolder(of: path, paths: all), folder != "." {
          left.insert(folder + "/**")
        }
        continue
      }
      guard let bytes = read(path), bytes.count < largest else { continue }
      guard let documents = try? KubernetesFormat.documents(bytes, file: path) else {
        broken.append(path)
        continue
      }
      var survey = ManifestSurvey()
      guard survey.add(documents) else { continue }
      let folder = SourceConfiguration.folder(of: path)
      surveys[folder == "." ? "" : folder, default: ManifestSurvey()].merge(survey)
    }
    let folders = surveys.keys.filter { !$0.isEmpty }.sorted()
    let tops = folders.filter { folder in
      !folders.contains { other in other != folder && folder.hasPrefix(other + "/") }
    }
    // A folder below a unit that declares objects the unit already has is another way to
    // deploy them (kubernetes/examples' guestbook/all-in-one): a unit of its own.
    var roots: [String: ManifestSurvey] = [:]
    for folder in folders {
      let enclosing = roots.keys.filter { folder == $0 || folder.hasPrefix($0 + "/") }
        .max { $0.count < $1.count }
      guard let found = surveys[folder] else { continue }
      if let enclosing, roots[enclosing]?.addresses.isDisjoint(with: found.addresses) == true {
        roots[enclosing]?.merge(found)
      } else {
        roots[folder] = found
      }
    }
    var units: [(folder: String, paths: [String], survey: ManifestSurvey)] = []
    if let root = surveys[""] {
      if tops.isEmpty {
        units.append(("", ["**/*.yaml", "**/*.yml"], root))
      } else {
        units.append(("", ["*.yaml", "*.yml"], root))
      }
    }
    for (folder, survey) in roots.sorted(by: { $0.key < $1.key }) {
      units.append((folder, ["\(folder)/**/*.yaml", "\(folder)/**/*.yml"], survey))
      for other in roots.keys where other.hasPrefix(folder + "/") { left.insert(other + "/**") }
    }
    let recursive = tops.isEmpty
    return units.map { unit in
      let namespace = unit.survey.namespace
      var source = DiscoveredSource(
        folder: unit.folder, rootName: "manifests", format: "kubernetes", paths: unit.paths,
        namespace: namespace, capture: unit.survey.capture(namespace: namespace))
      let prefix = unit.folder.isEmpty ? "" : unit.folder + "/"
      let covers = { (path: String) -> Bool in
        guard path.hasPrefix(prefix) else { return false }
        return !unit.folder.isEmpty || recursive || !path.dropFirst(prefix.count).contains("/")
      }
      let own = unit.folder + "/**"
      source.exclude = left.filter { $0 != own && covers($0) }.sorted() + broken.filter(covers)
      return source
    }
  }

  /// The folder (`a/tests`) of a path that lies in test data or dependencies, if it does.
  private static func notDeployedFolder(of path: String) -> String? {
    let components = path.split(separator: "/").dropLast()
    guard let index = components.firstIndex(where: notDeployed.contains) else { return nil }
    return components[...index].joined(separator: "/")
  }

  /// The chart folder that holds `path`, if one does.
  private static func chart(of path: String, charts: Set<String>) -> String? {
    guard !charts.isEmpty else { return nil }
    var folder = SourceConfiguration.folder(of: path)
    while true {
      if charts.contains(folder) { return folder }
      guard folder != "." else { return nil }
      folder = SourceConfiguration.folder(of: folder)
    }
  }

  /// The topmost folder with a kustomization that holds `path`.
  private static func kustomizedFolder(of path: String, paths: Set<String>) -> String? {
    var folder = SourceConfiguration.folder(of: path)
    var found: String?
    while true {
      if KustomizationInputs.kustomization(in: folder, paths: paths) != nil { found = folder }
      guard folder != "." else { return found }
      folder = SourceConfiguration.folder(of: folder)
    }
  }
}
