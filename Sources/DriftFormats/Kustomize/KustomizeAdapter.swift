import Crypto
public import DriftDiff
public import DriftJSON
public import DriftModel
import Parallelism

/// Kustomize folders (`format: kustomize`): each of the source's paths names a folder with a
/// kustomization, and the desired state is what `kustomize build` renders from it at the
/// commit, with every resource traced back to the file and line that declares it.
public struct KustomizeAdapter: RenderedKubernetesFormat {
  public let format: SourceFormat = "kustomize"

  /// Where renders are kept, by the ids of what they read.
  public let cache: KustomizeRenderCache

  private static let shared = KustomizeRenderCache()

  /// Creates the adapter; renders are cached in `cache` (one cache for the whole process by
  /// default).
  public init(cache: KustomizeRenderCache? = nil) {
    self.cache = cache ?? Self.shared
  }

  public var rendersSources: Bool { true }
  /// Kustomizations are built with `kustomize` or `kubectl kustomize` from PATH.
  public var externalToolStamp: String { KustomizeRenderCache.tool }

  static let origin = "config.kubernetes.io/origin"

  public func desired(
    _ source: SourceConfiguration, in tree: any DesiredTree, live: [Resource],
    secrets: SecretDigester
  ) throws(DriftError) -> DesiredState {
    var resources: [Resource] = []
    var diagnostics: [Diagnostic] = []
    var layers = KustomizeLayers()
    let paths = Set(tree.paths)
    var copies: [(root: String, copy: PrivateCopy)] = []
    for root in source.rootFolders {
      guard KustomizationInputs.kustomization(in: root, paths: paths) != nil else {
        throw DriftError(
          "source '\(source.name)': '\(root)' has no kustomization.yaml in this commit "
            + "(kustomize paths name kustomization folders)", at: source.location)
      }
      let inputs = try KustomizationInputs.find(root: root, in: tree)
      diagnostics += try inputs.offlineDiagnostics(checked: "source")
      copies.append((root, try PrivateCopy(root: root, inputs: inputs, tree: tree)))
    }
    // Builds run on every core: a build is a process of its own, 80 ms each, so 100 overlays
    // took 8 s one after another.
    let cache = self.cache
    let builds = Parallel.map(copies.map { ($0.root, $0.copy.files, $0.copy.key) }) {
      root, files, key in
      Result { () throws(DriftError) in
        try KustomizeRenderer.render(root: root, files: files, key: key, cache: cache)
      }
    }
    for ((root, copy), build) in zip(copies, builds) {
      let output = try build.get()
      var reader = KubernetesFormat(defaultNamespace: source.namespace, secrets: secrets)
      let notDeployed = NotDeployedObjects()
      reader.notDeployed = notDeployed
      let rendered = try reader.desiredResources(
        output, file: KustomizationInputs.join(root, "(kustomize build)"))
      diagnostics += notDeployed.diagnostics.map {
        Diagnostic(
          $0.level, $0.message,
          at: SourceLocation(file: KustomizationInputs.join(root, "kustomization.yaml")))
      }
      var declarations = Declarations(tree: tree, reader: reader)
      let overlay = try KustomizeLayers.Overlay(root: root, tree: tree, reader: reader)
      for resource in rendered {
        let located = relocate(
          resource, root: root, stripOrigin: copy.addedOrigin, declarations: &declarations)
        resources.append(located)
        layers.resources[located.id.address] = KustomizeLayers.Layer(
          overlay: overlay,
          base: located.location.flatMap { declarations.declaration(of: resource, in: $0.file) })
      }
    }
    return DesiredState(
      resources: resources, rules: fileRules, diagnostics: diagnostics, details: layers)
  }

  /// Each change of an overlaid resource at the overlay line that sets it (its `replicas:`,
  /// `images:` or patch), and the drift at the first such line: the base is never reported for
  /// what an overlay sets.
  public func locate(_ drifts: [Drift], in desired: DesiredState) -> [Drift] {
    guard let layers = desired.details as? KustomizeLayers else { return drifts }
    return drifts.map { drift in
      guard let layer = layers.resources[drift.id.address] else { return drift }
      var located = drift
      for index in located.changes.indices {
        guard let (file, line) = layer.setter(of: located.changes[index]) else { continue }
        located.changes[index].file = file
        located.changes[index].line = line
        if located.location?.file != file {
          located.location = SourceLocation(file: file, line: line, column: 1)
        }
      }
      return located
    }
  }

  /// `resource` with its location in the file that declares it (from the origin annotation
  /// the build added), and without positions in the rendered text, which no one can open.
  func relocate(
    _ resource: Resource, root: String, stripOrigin: Bool, declarations: inout Declarations
  ) -> Resource {
    var located = resource
    let annotations = resource.body["metadata"]?["annotations"]
    let origin = annotations?[Self.origin]?.stringValue ?? ""
    var file: String?
    for line in origin.split(separator: "\n") {
      for key in ["path: ", "configuredIn: "] where line.hasPrefix(key) {
        file = KustomizationInputs.join(root, String(line.dropFirst(key.count)))
      }
    }
    var body = resource.body
    if stripOrigin, let annotations, let metadata = body["metadata"] {
      let kept = annotations.removing(Self.origin)
      body = body.setting(
        "metadata",
        to: kept.members?.isEmpty ?? true
          ? metadata.removing("annotations") : metadata.setting("annotations", to: kept))
    }
    located.body = Self.withoutPositions(body)
    if let file {
      located.location = SourceLocation(
        file: file, line: declarations.line(of: resource, in: file), column: 1)
    }
    return located
  }

  private static func withoutPositions(_ value: Value) -> Value {
    switch value {
    case .object(let members):
      return .object(members.map { Member($0.key, withoutPositions($0.value)) })
    case .array(let elements):
      return .array(elements.map(withoutPositions))
    default:
      return value
    }
  }

  /// A YAML file under one of the source's kustomization folders.
  public func declares(_ path: String, source: SourceConfiguration) -> Bool {
    guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else { return false }
    return source.rootFolders.contains { $0 == "." || path.hasPrefix($0 + "/") }
  }

  /// The staged files rendered with the rest of the commit: the build must succeed, and the
  /// resources that staged files declare must break no policy.
  public func policyFindings(
    _ files: [(path: String, bytes: [UInt8])], source: SourceConfiguration,
    in tree: any DesiredTree, rules: SeverityRules
  ) -> [PolicyFinding] {
    let staged = StagedTree(base: tree, staged: files)
    do throws(DriftError) {
      let state = try desired(source, in: staged, live: [], secrets: SecretDigester.random())
      let touched = Set(files.map(\.path))
      let declared = state.resources.filter { touched.contains($0.location?.file ?? "") }
      return PolicyFinding.violations(in: declared, file: source.paths.first ?? "", rules: rules)
    } catch {
      return [.unreadable(error)]
    }
  }

  /// The live values written into the overlay the source renders (its `replicas:` or `images:`
  /// entry, else a strategic-merge patch it names), each re-rendered and checked equal to live.
  public func accept(_ drifts: [Drift], _ input: RecoveryInput) -> Acceptance {
    KustomizeAcceptance.plan(drifts, adapter: self, input: input)
  }

  /// Each step applies exactly the rendered manifest, inline, so the plan stays exact even
  /// when the repository moves on.
  public func rollback(_ drifts: [Drift], _ input: RecoveryInput) -> RollbackPlan {
    // A rendered Secret is never alone in a file of the commit, so the plan refuses it rather
    // than carry its data.
    RollbackPlan.build(drifts, source: input.source.name, commit: input.commit) { drift in
      guard let desired = input.index[drift.id.address] else { return nil }
      return RollbackPlan.DesiredDocument(
        text: YAMLWriter().block(desired.body, indent: 0).joined(separator: "\n") + "\n",
        file: desired.location?.file ?? input.source.paths.first ?? ".", alone: false)
    }
  }

  public func discover(files: [String], read: (String) -> [UInt8]?) -> [DiscoveredSource] {
    KustomizeDiscovery.sources(files: files, read: read)
  }
}

/// The files a render reads, copied for kustomize: remote references and folders outside the
/// repository left out, and the root's kustomization asking for origin annotations.
struct PrivateCopy {
  var files: [String: [UInt8]] = [:]
  var key: String
  /// Whether the origin annotation was added (and must be taken off again).
  var addedOrigin = false

  init(root: String, inputs: KustomizationInputs, tree: any DesiredTree) throws(DriftError) {
    let remote = Set(inputs.remote.map(\.reference))
    let rootFile = KustomizationInputs.kustomization(in: root, paths: Set(tree.paths))
    var key = "kustomize 1 " + root
    for path in inputs.files {
      var bytes = try tree.contents(path)
      key += "\n" + path + " " + (tree.id(of: path) ?? Self.digest(bytes))
      let isKustomization = KustomizationInputs.fileNames.contains {
        path == $0 || path.hasSuffix("/" + $0)
      }
      if isKustomization {
        var value = try YAMLReader.value(bytes, file: path)
        var changed = false
        for list in ["resources", "bases", "components"] {
          guard let elements = value[list]?.elements else { continue }
          let kept = elements.filter { element in
            let reference = element.stringValue ?? ""
            return !remote.contains(reference)
              && !inputs.outside.contains { $0.reference == reference && $0.file == path }
          }
          if kept.count != elements.count {
            value = value.setting(list, to: .array(kept))
            changed = true
          }
        }
        if path == rootFile {
          let metadata = value["buildMetadata"]?.elements ?? []
          if !metadata.contains(.string("originAnnotations")) {
            value = value.setting(
              "buildMetadata", to: .array(metadata + [.string("originAnnotations")]))
            addedOrigin = true
            changed = true
          }
        }
        if changed {
          bytes = Array(
            (YAMLWriter().block(value, indent: 0).joined(separator: "\n") + "\n").utf8)
        }
      }
      files[path] = bytes
    }
    self.key = key
  }

  /// A content digest for files that have no object id (staged files).
  private static func digest(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String($0, radix: 16) }.joined()
  }
}

/// The line of each rendered resource in the file that declares it, each file parsed once.
struct Declarations {
  let tree: any DesiredTree
  let reader: KubernetesFormat
  private var parsed: [String: [Resource]] = [:]

  init(tree: any DesiredTree, reader: KubernetesFormat) {
    self.tree = tree
    self.reader = reader
  }

  /// The line of the document of `resource`'s kind whose name the rendered name contains
  /// (prefixes, suffixes and hashes are added by the build), else 1.
  mutating func line(of resource: Resource, in file: String) -> Int {
    declaration(of: resource, in: file)?.location?.line ?? 1
  }

  /// The document of `file` that declares `resource`, as its author wrote it.
  mutating func declaration(of resource: Resource, in file: String) -> Resource? {
    if parsed[file] == nil {
      let bytes = (try? tree.contents(file)) ?? []
      parsed[file] = (try? reader.desiredResources(bytes, file: file)) ?? []
    }
    let name = resource.body["metadata"]?["name"]?.stringValue ?? ""
    let candidates = (parsed[file] ?? []).filter { $0.id.type == resource.id.type }
    let named = candidates.filter { candidate in
      guard let own = candidate.body["metadata"]?["name"]?.stringValue else { return false }
      return name.contains(own)
    }
    let best = named.max {
      ($0.body["metadata"]?["name"]?.stringValue ?? "").count
        < ($1.body["metadata"]?["name"]?.stringValue ?? "").count
    }
    return best ?? candidates.first
  }
}

/// The commit with staged files in place of (or beside) its own.
private struct StagedTree: DesiredTree {
  let base: any DesiredTree
  let staged: [String: [UInt8]]
  let paths: [String]

  init(base: any DesiredTree, staged: [(path: String, bytes: [UInt8])]) {
    self.base = base
    self.staged = Dictionary(
      staged.map { ($0.path, $0.bytes) }, uniquingKeysWith: { _, last in last })
    paths = Array(Set(base.paths).union(self.staged.keys)).sorted()
  }

  func contents(_ path: String) throws(DriftError) -> [UInt8] {
    if let bytes = staged[path] { return bytes }
    return try base.contents(path)
  }

  func id(of path: String) -> String? { staged[path] == nil ? base.id(of: path) : nil }
}
