import DriftDiff
import DriftModel

/// Accepts drift of a kustomize source into the overlay it renders.
///
/// The live values go into the overlay, never into a base that other overlays share: a `replicas:` or `images:` entry
/// where the overlay has one for the resource, otherwise a strategic-merge patch file in the
/// overlay, named in its `patches:`. The edited overlay is rendered again and each accepted
/// resource must then equal live; otherwise the drift is refused and nothing of it written.
struct KustomizeAcceptance {
  /// The adapter that renders the source again, to check each edit.
  let adapter: any FormatAdapter
  let input: RecoveryInput
  let layers: KustomizeLayers

  /// Edited files so far, by path.
  private var files: [String: [UInt8]] = [:]

  init(adapter: any FormatAdapter, input: RecoveryInput, layers: KustomizeLayers) {
    self.adapter = adapter
    self.input = input
    self.layers = layers
  }

  static func plan(_ drifts: [Drift], adapter: any FormatAdapter, input: RecoveryInput)
    -> Acceptance
  {
    var plan = Acceptance()
    let details = input.desired.details
    guard let layers = details as? KustomizeLayers ?? (details as? GitOpsDetails)?.layers else {
      plan.refusals = drifts.map {
        Refusal(
          address: $0.id.address, reason: "the render's layers are not known",
          location: $0.location)
      }
      return plan
    }
    var acceptance = KustomizeAcceptance(adapter: adapter, input: input, layers: layers)
    for drift in drifts {
      let before = acceptance.files
      do throws(DriftError) {
        try acceptance.accept(drift)
        try acceptance.verify(drift)
        plan.accepted.append(drift)
        plan.summary.append(
          "\(drift.id.address): "
            + drift.changes.map(\.path.pointer).joined(separator: ", ")
            + " into \(layers.resources[drift.id.address]?.overlay.file ?? "the overlay")")
      } catch {
        acceptance.files = before
        plan.refusals.append(
          Refusal(address: drift.id.address, reason: error.message, location: drift.location))
      }
    }
    for (path, bytes) in acceptance.files { plan.files[path] = .some(bytes) }
    return plan
  }

  private func read(_ path: String) -> [UInt8]? { files[path] ?? input.read(path) }

  private mutating func accept(_ drift: Drift) throws(DriftError) {
    // Names become file names of the overlay (drift-<kind>-<name>.yaml): a name with '/' or
    // '..' from a manifest or an export must not choose where in the repository they land.
    let name = KubernetesIdentity.parts(of: drift.id.address).name
    guard RepositoryPath.isFileName(String(name)), name.utf8.count <= 253 else {
      throw DriftError("its name '\(name)' is not a file name (no '/', '..' or control characters)")
    }
    switch drift.kind {
    case .modified: try modify(drift)
    case .missing: try delete(drift)
    case .unmanaged: try create(drift)
    }
  }

  /// A `$patch: delete` patch in the overlay: the base stays as other overlays use it, and this
  /// overlay no longer renders the resource.
  private mutating func delete(_ drift: Drift) throws(DriftError) {
    guard let layer = layers.resources[drift.id.address], let base = layer.base,
      let name = base.body["metadata"]?["name"]?.stringValue
    else { throw DriftError("the document that declares it is not known") }
    var metadata: [Member] = [Member("name", .string(name))]
    if let namespace = base.body["metadata"]?["namespace"] {
      metadata.append(Member("namespace", namespace))
    }
    let patch: Value = .object([
      Member("apiVersion", base.body["apiVersion"] ?? "v1"),
      Member("kind", base.body["kind"] ?? ""), Member("metadata", .object(metadata)),
      Member("$patch", "delete"),
    ])
    let kind = (base.body["kind"]?.stringValue ?? "object").lowercased()
    try addPatch(patch, named: "drift-delete-\(kind)-\(name).yaml", to: layer.overlay)
  }

  /// The live object as a new manifest of the overlay, named in its `resources:`, with the
  /// overlay's prefix and suffix taken off its name (the build adds them back).
  private mutating func create(_ drift: Drift) throws(DriftError) {
    guard let live = input.live[drift.id.address] else {
      throw DriftError("its live object is not in the export")
    }
    let namespace = KubernetesIdentity.parts(of: drift.id.address).namespace.map(String.init)
    let overlays = layers.resources.values.map(\.overlay)
    guard
      let overlay = overlays.first(where: {
        $0.kustomization["namespace"]?.stringValue == namespace
      }) ?? overlays.first
    else { throw DriftError("the source renders no overlay to add it to") }
    var manifest = Acceptance.manifest(
      from: live, namespace: overlay.kustomization["namespace"]?.stringValue)
    var name = live.body["metadata"]?["name"]?.stringValue ?? ""
    if let prefix = overlay.kustomization["namePrefix"]?.stringValue, name.hasPrefix(prefix) {
      name.removeFirst(prefix.count)
    }
    if let suffix = overlay.kustomization["nameSuffix"]?.stringValue, name.hasSuffix(suffix) {
      name.removeLast(suffix.count)
    }
    if let metadata = manifest["metadata"] {
      manifest = manifest.setting("metadata", to: metadata.setting("name", to: .string(name)))
    }
    let kind = (live.body["kind"]?.stringValue ?? "object").lowercased()
    let folder = SourceConfiguration.folder(of: overlay.file)
    let relative = "\(kind)-\(name).yaml"
    guard RepositoryPath.isFileName(relative) else {
      throw DriftError("'\(relative)' is not a file name (no '/', '..' or control characters)")
    }
    let path = KustomizationInputs.join(folder, relative)
    guard read(path) == nil else { throw DriftError("\(path) exists already") }
    files[path] = Array(
      (YAMLWriter().block(manifest, indent: 0).joined(separator: "\n") + "\n").utf8)
    try list(relative, under: "resources", in: overlay, entry: .string(relative))
  }

  /// Writes `patch` as `relative` in the overlay's folder and names it in its `patches:`.
  private mutating func addPatch(
    _ patch: Value, named relative: String, to overlay: KustomizeLayers.Overlay
  ) throws(DriftError) {
    guard RepositoryPath.isFileName(relative) else {
      throw DriftError("'\(relative)' is not a file name (no '/', '..' or control characters)")
    }
    let path = KustomizationInputs.join(SourceConfiguration.folder(of: overlay.file), relative)
    files[path] = Array((YAMLWriter().block(patch, indent: 0).joined(separator: "\n") + "\n").utf8)
    try list(relative, under: "patches", in: overlay, entry: ["path": .string(relative)])
  }

  /// Adds `entry` to the overlay kustomization's list `key` unless it names `relative` already.
  private mutating func list(
    _ relative: String, under key: String, in overlay: KustomizeLayers.Overlay, entry: Value
  ) throws(DriftError) {
    guard let current = read(overlay.file) else { return }
    let elements = try YAMLReader.value(current, file: overlay.file)[key]?.elements
    if (elements ?? []).contains(where: { ($0["path"]?.stringValue ?? $0.stringValue) == relative })
    {
      return
    }
    var editor = try ManifestEditor(current, file: overlay.file)
    if let count = elements?.count {
      try editor.set(entry, at: FieldPath([key, String(count)]), document: 0)
    } else {
      try editor.set(.array([entry]), at: FieldPath([key]), document: 0)
    }
    files[overlay.file] = editor.bytes
  }

  private mutating func modify(_ drift: Drift) throws(DriftError) {
    guard let layer = layers.resources[drift.id.address], let base = layer.base,
      let name = base.body["metadata"]?["name"]?.stringValue
    else { throw DriftError("the document that declares it is not known") }
    guard let live = input.live[drift.id.address] else {
      throw DriftError("its live object is not in the export")
    }
    let overlay = layer.overlay
    var patch = StrategicPatch(rules: adapter.fileRules, live: live.body)
    for change in drift.changes {
      if try edited(change, overlay: overlay, name: name, base: base) { continue }
      guard patch.add(change) else {
        throw DriftError("cannot express \(change.path.pointer) as a strategic-merge patch")
      }
    }
    guard !patch.isEmpty else { return }
    var header: [Member] = [
      Member("apiVersion", base.body["apiVersion"] ?? "v1"),
      Member("kind", base.body["kind"] ?? ""),
    ]
    var metadata: [Member] = [Member("name", .string(name))]
    if let namespace = base.body["metadata"]?["namespace"] {
      metadata.append(Member("namespace", namespace))
    }
    header.append(Member("metadata", .object(metadata)))
    let kind = (base.body["kind"]?.stringValue ?? "object").lowercased()
    let folder = SourceConfiguration.folder(of: overlay.file)
    let relative = "drift-\(kind)-\(name).yaml"
    let path = KustomizationInputs.join(folder, relative)
    var body = Value.object(header + (patch.body.members ?? []))
    if let existing = read(path), let old = try? YAMLReader.value(existing, file: path) {
      body = StrategicPatch.merge(old, body, rules: adapter.fileRules, at: FieldPath())
    }
    try addPatch(body, named: relative, to: overlay)
  }

  /// Edits the overlay's `replicas:` or `images:` entry for `change`; false when it has none.
  private mutating func edited(
    _ change: Change, overlay: KustomizeLayers.Overlay, name: String, base: Resource
  ) throws(DriftError) -> Bool {
    guard let current = read(overlay.file) else { return false }
    let kustomization = try YAMLReader.value(current, file: overlay.file)
    var editor = try ManifestEditor(current, file: overlay.file)
    let tokens = change.path.tokens
    if change.path.pointer == "/spec/replicas", let live = change.live,
      let index = kustomization["replicas"]?.elements?.firstIndex(where: {
        $0["name"]?.stringValue == name
      })
    {
      try editor.set(live, at: FieldPath(["replicas", String(index), "count"]), document: 0)
      files[overlay.file] = editor.bytes
      return true
    }
    guard tokens.last == "image", let live = change.live?.stringValue,
      let declared = base.body.value(at: change.path)?.stringValue
    else { return false }
    let declaredName = Self.imageName(declared)
    guard
      let index = kustomization["images"]?.elements?.firstIndex(where: {
        $0["name"]?.stringValue == declaredName
      })
    else { return false }
    let liveName = Self.imageName(live)
    let entry = kustomization["images"]?.elements?[index]
    let renamed = entry?["newName"]?.stringValue ?? declaredName
    if liveName != renamed {
      try editor.set(
        .string(liveName), at: FieldPath(["images", String(index), "newName"]), document: 0)
    }
    if let at = live.firstIndex(of: "@") {
      try editor.set(
        .string(String(live[live.index(after: at)...])),
        at: FieldPath(["images", String(index), "digest"]), document: 0)
    } else if live.count > liveName.count {
      try editor.set(
        .string(String(live.dropFirst(liveName.count + 1))),
        at: FieldPath(["images", String(index), "newTag"]), document: 0)
    }
    files[overlay.file] = editor.bytes
    return true
  }

  /// An image reference without its tag or digest.
  static func imageName(_ image: String) -> String {
    if let at = image.firstIndex(of: "@") { return String(image[..<at]) }
    if let colon = image.lastIndex(of: ":"), !image[colon...].contains("/") {
      return String(image[..<colon])
    }
    return image
  }

  /// Renders the edited overlay and requires `drift`'s resource to equal live there.
  private func verify(_ drift: Drift) throws(DriftError) {
    let tree = EditedTree(paths: input.paths, read: input.read, edits: files)
    let state = try adapter.desired(
      input.source, in: tree, live: [], secrets: input.secrets)
    if drift.kind == .missing {
      guard !state.resources.contains(where: { $0.id.address == drift.id.address }) else {
        throw DriftError("the edited overlay still renders it")
      }
      return
    }
    guard let resource = state.resources.first(where: { $0.id.address == drift.id.address }),
      let live = input.live[drift.id.address]
    else { throw DriftError("the edited overlay no longer renders it") }
    let analysis = input.differ.compare(desired: [resource.id.address: resource], live: [live])
    if let left = analysis.drifts.first {
      throw DriftError(
        "the edited overlay does not render the live value at "
          + left.changes.map(\.path.pointer).joined(separator: ", "))
    }
  }
}

/// A strategic-merge patch that sets changed fields to their live values: objects by key,
/// lists with a merge key by their elements' keys, other lists whole.
struct StrategicPatch {
  let rules: any ComparisonRules
  let live: Value
  private(set) var body: Value = .object([])

  init(rules: any ComparisonRules, live: Value) {
    self.rules = rules
    self.live = live
  }

  var isEmpty: Bool { body.members?.isEmpty ?? true }

  /// Adds `change`; false when it cannot be expressed.
  mutating func add(_ change: Change) -> Bool {
    guard
      let patch = Self.build(
        change, tokens: change.path.tokens[...], live: live, rules: rules, at: FieldPath())
    else { return false }
    body = Self.merge(body, patch, rules: rules, at: FieldPath())
    return true
  }

  private static func build(
    _ change: Change, tokens: ArraySlice<String>, live: Value?, rules: any ComparisonRules,
    at path: FieldPath
  ) -> Value? {
    guard let token = tokens.first else { return change.live ?? .null }
    let rest = tokens.dropFirst()
    let here = FieldPath(path.tokens + [token])
    switch live {
    case .object:
      guard let child = build(change, tokens: rest, live: live?[token], rules: rules, at: here)
      else { return nil }
      return .object([Member(token, child)])
    case .array(let elements):
      guard let key = rules.listKey(at: path) else { return live }
      guard let index = Int(token) else { return nil }
      if index < elements.count, key.key(of: elements[index]) != nil {
        let element = elements[index]
        if rest.isEmpty { return .array([element]) }
        var keyed: [Member] = []
        for field in key.fields {
          if let value = element[field.name] { keyed.append(Member(field.name, value)) }
        }
        guard let inner = build(change, tokens: rest, live: element, rules: rules, at: here),
          let members = inner.members
        else { return nil }
        return .array([
          .object(keyed + members.filter { member in !keyed.contains { $0.key == member.key } })
        ])
      }
      // An element live no longer has: delete it by its key.
      guard rest.isEmpty, change.live == nil, let desired = change.desired,
        key.key(of: desired) != nil
      else { return nil }
      var keyed: [Member] = []
      for field in key.fields {
        if let value = desired[field.name] { keyed.append(Member(field.name, value)) }
      }
      return .array([.object(keyed + [Member("$patch", "delete")])])
    default:
      // Live holds no structure down to the changed field.
      return nil
    }
  }

  /// `b` merged into `a`: objects by key, keyed lists by element key, other values replaced.
  static func merge(_ a: Value, _ b: Value, rules: any ComparisonRules, at path: FieldPath) -> Value
  {
    switch (a, b) {
    case (.object(let left), .object(let right)):
      var merged = left
      for member in right {
        if let index = merged.firstIndex(where: { $0.key == member.key }) {
          merged[index] = Member(
            member.key,
            merge(
              merged[index].value, member.value, rules: rules,
              at: FieldPath(path.tokens + [member.key])))
        } else {
          merged.append(member)
        }
      }
      return .object(merged)
    case (.array(let left), .array(let right)):
      guard let key = rules.listKey(at: path) else { return b }
      var merged = left
      for element in right {
        if let index = merged.firstIndex(where: { key.key(of: $0) == key.key(of: element) }) {
          merged[index] = merge(merged[index], element, rules: rules, at: path)
        } else {
          merged.append(element)
        }
      }
      return .array(merged)
    default:
      return b
    }
  }
}

/// The desired commit's files with edits in place.
private struct EditedTree: DesiredTree {
  let paths: [String]
  let read: (String) -> [UInt8]?
  let edits: [String: [UInt8]]

  init(paths: [String], read: @escaping (String) -> [UInt8]?, edits: [String: [UInt8]]) {
    self.paths = Array(Set(paths).union(edits.keys)).sorted()
    self.read = read
    self.edits = edits
  }

  func contents(_ path: String) throws(DriftError) -> [UInt8] {
    if let bytes = edits[path] ?? read(path) { return bytes }
    throw DriftError("no file '\(path)' in the commit", at: SourceLocation(file: path))
  }

  func id(of path: String) -> String? { nil }

  func parse(
    _ paths: [String],
    _ read: @escaping @Sendable ([UInt8], String) throws(DriftError) -> [Resource]
  ) throws(DriftError) -> [Resource] {
    var resources: [Resource] = []
    for path in paths { resources += try read(try contents(path), path) }
    return resources
  }
}
