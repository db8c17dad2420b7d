public import DriftDiff
public import DriftJSON
public import DriftModel

/// Kubernetes manifests: modified resources are edited in place (one line per changed scalar);
/// missing resources have their document removed (the file too when nothing is left);
/// unmanaged resources are written as new manifests without server-populated fields and
/// defaults.
extension Acceptance {
  /// What acceptance needs to know of the source.
  public struct Context {
    public var source: SourceConfiguration
    /// Desired resources by address, as read from the commit.
    public var desired: [String: Resource]
    /// Live resources by address.
    public var live: [String: Resource]
    /// The bytes of a desired file at the commit, nil when it does not exist.
    public var read: (String) -> [UInt8]?
    /// Compares one desired resource with its live counterpart, as `check` does.
    public var differ: Differ
    public var secrets: SecretDigester

    /// Creates a context.
    public init(
      source: SourceConfiguration, desired: [String: Resource], live: [String: Resource],
      read: @escaping (String) -> [UInt8]?, differ: Differ, secrets: SecretDigester
    ) {
      self.source = source
      self.desired = desired
      self.live = live
      self.read = read
      self.differ = differ
      self.secrets = secrets
    }
  }

  /// Plans the acceptance of `drifts`.
  public static func plan(_ drifts: [Drift], context: Context) -> Acceptance {
    var plan = Acceptance()
    var editors: [String: ManifestEditor] = [:]
    var removals: [String: [(index: Int, drift: Drift)]] = [:]
    for drift in drifts {
      do throws(Refuse) {
        switch drift.kind {
        case .modified:
          try plan.modify(drift, context: context, editors: &editors)
        case .missing:
          let (file, index) = try document(of: drift, context: context, editors: &editors)
          removals[file, default: []].append((index, drift))
        case .unmanaged:
          try plan.create(drift, context: context)
        }
        plan.accepted.append(drift)
      } catch {
        plan.refusals.append(error.refusal)
      }
    }
    for (file, documents) in removals {
      guard var editor = editors[file] else { continue }
      for (index, drift) in documents.sorted(by: { $0.index > $1.index }) {
        do {
          try editor.removeDocument(index)
          plan.summary.append("- \(drift.id.address): deleted live; removed from \(file)")
        } catch {
          plan.refusals.append(
            Refusal(address: drift.id.address, reason: error.message, location: drift.location))
          plan.accepted.removeAll { $0.id == drift.id }
        }
      }
      editors[file] = editor
    }
    for (file, editor) in editors where plan.files[file] == nil {
      let original = context.read(file) ?? []
      if editor.isEmpty {
        plan.files[file] = .some(nil)
      } else if editor.bytes != original {
        plan.files[file] = editor.bytes
      }
    }
    return plan
  }

  private struct Refuse: Error {
    var refusal: Refusal
  }

  private static func document(
    of drift: Drift, context: Context, editors: inout [String: ManifestEditor]
  ) throws(Refuse) -> (String, Int) {
    guard let location = drift.location else {
      throw Refuse(
        refusal: Refusal(address: drift.id.address, reason: "no desired file", location: nil))
    }
    let file = location.file
    if editors[file] == nil {
      guard let bytes = context.read(file) else {
        throw Refuse(
          refusal: Refusal(
            address: drift.id.address, reason: "\(file) is not in the commit", location: location))
      }
      do {
        editors[file] = try ManifestEditor(bytes, file: file)
      } catch {
        throw Refuse(
          refusal: Refusal(
            address: drift.id.address, reason: error.message, location: error.location))
      }
    }
    guard let index = editors[file]?.document(startingAt: location.line) else {
      throw Refuse(
        refusal: Refusal(
          address: drift.id.address, reason: "its document is not at line \(location.line)",
          location: location))
    }
    return (file, index)
  }

  private mutating func modify(
    _ drift: Drift, context: Context, editors: inout [String: ManifestEditor]
  ) throws(Refuse) {
    let (file, index) = try Self.document(of: drift, context: context, editors: &editors)
    guard var editor = editors[file], let live = context.live[drift.id.address] else {
      throw Refuse(
        refusal: Refusal(address: drift.id.address, reason: "not live", location: drift.location))
    }
    var lines: [String] = []
    for change in Self.editOrder(drift.changes, document: editor.value(ofDocument: index)) {
      let refuse = { (reason: String) in
        Refuse(
          refusal: Refusal(
            address: drift.id.address, path: change.path, reason: reason, location: drift.location))
      }
      do {
        switch change.operation {
        case .replace, .add:
          guard let value = change.live else { throw refuse("no live value") }
          let clean = KubernetesDefaults.strippingDefaults(
            value, at: change.path, of: live.id.type, in: live.body)
          guard !clean.containsSecret else {
            throw refuse("secret values are never written to git")
          }
          if change.operation == .add,
            let (list, position) = Self.insertion(
              of: clean, at: change.path, document: editor.value(ofDocument: index), live: live,
              rules: context.differ.rules)
          {
            try editor.insert(clean, at: list, position: position, document: index)
          } else {
            let order = Self.liveOrder(
              of: change.path, document: editor.value(ofDocument: index), live: live,
              rules: context.differ.rules)
            try editor.set(clean, at: change.path, document: index, order: order)
          }
        case .remove:
          try editor.remove(at: change.path, document: index)
        }
      } catch let error as DriftError {
        throw refuse(error.message)
      } catch let error as Refuse {
        throw error
      } catch {
        throw refuse("\(error)")
      }
      lines.append("- \(drift.id.address): \(Self.describe(change))")
    }
    try verify(drift, file: file, editor: editor, context: context)
    editors[file] = editor
    summary += lines
  }

  /// Parses the edited file and compares the resource again: none of the accepted changes may
  /// be left.
  private func verify(_ drift: Drift, file: String, editor: ManifestEditor, context: Context)
    throws(Refuse)
  {
    let format = KubernetesFormat(
      defaultNamespace: context.source.namespace, secrets: context.secrets)
    let resources: [Resource]
    do {
      resources = try format.desiredResources(editor.bytes, file: file)
    } catch {
      throw Refuse(
        refusal: Refusal(
          address: drift.id.address, reason: "the edit does not parse: \(error.message)",
          location: error.location))
    }
    guard let edited = resources.first(where: { $0.id == drift.id }),
      let live = context.live[drift.id.address]
    else {
      throw Refuse(
        refusal: Refusal(
          address: drift.id.address, reason: "the edited file lost the resource",
          location: drift.location))
    }
    let analysis = context.differ.compare(desired: [edited.id.address: edited], live: [live])
    let left = analysis.drifts.first?.changes ?? []
    for change in drift.changes where left.contains(where: { $0.path == change.path }) {
      throw Refuse(
        refusal: Refusal(
          address: drift.id.address, path: change.path,
          reason: "the edit does not read back as the live value", location: drift.location))
    }
  }

  private mutating func create(_ drift: Drift, context: Context) throws(Refuse) {
    guard let live = context.live[drift.id.address] else {
      throw Refuse(refusal: Refusal(address: drift.id.address, reason: "not live", location: nil))
    }
    let manifest = Self.manifest(from: live, namespace: context.source.namespace)
    guard !manifest.containsSecret else {
      throw Refuse(
        refusal: Refusal(
          address: drift.id.address, reason: "secret values are never written to git", location: nil
        ))
    }
    let name = live.body["metadata"]?["name"]?.stringValue ?? "unnamed"
    guard RepositoryPath.isFileName(name), name.utf8.count <= 253 else {
      throw Refuse(
        refusal: Refusal(
          address: drift.id.address,
          reason: "its name '\(name)' is not a file name (no '/', '..' or control characters)",
          location: nil))
    }
    guard
      let path = Self.newPath(
        for: live, source: context.source, taken: { context.read($0) != nil || files[$0] != nil })
    else {
      throw Refuse(
        refusal: Refusal(
          address: drift.id.address,
          reason: "no file name fits the source's paths \(context.source.paths)", location: nil))
    }
    let text = YAMLWriter().block(manifest, indent: 0).joined(separator: "\n") + "\n"
    files[path] = Array(text.utf8)
    created[drift.id.address] = path
    summary.append("- \(drift.id.address): created live; added as \(path)")
  }

  /// A manifest a person would write for a live object: no server-populated fields, no
  /// defaults, no namespace when it is the source's.
  public static func manifest(from live: Resource, namespace: String?) -> Value {
    var body = KubernetesRules().normalize(live: live).resource.body
    body = KubernetesDefaults.strippingDefaults(body, of: live.id.type, in: live.body)
    if var metadata = body["metadata"] {
      if metadata["namespace"]?.stringValue == (namespace ?? "default") {
        metadata = metadata.removing("namespace")
      }
      if let annotations = metadata["annotations"] {
        let kept = annotations.removing("deployment.kubernetes.io/revision")
        metadata =
          kept.isEmpty
          ? metadata.removing("annotations") : metadata.setting("annotations", to: kept)
      }
      body = body.setting("metadata", to: metadata)
    }
    guard case .object(let members) = body else { return body }
    let order = ["apiVersion", "kind", "metadata"]
    let head = order.compactMap { key in members.first { $0.key == key } }
    return .object(head + members.filter { !order.contains($0.key) })
  }

  /// A new file for an accepted unmanaged resource, in the source's folder, matching its paths.
  static func newPath(for live: Resource, source: SourceConfiguration, taken: (String) -> Bool)
    -> String?
  {
    let kind = (live.body["kind"]?.stringValue ?? "resource").lowercased()
    let name = live.body["metadata"]?["name"]?.stringValue ?? "unnamed"
    for pattern in source.paths {
      let glob = Glob(pattern)
      let folder = glob.literalPrefix
      let fileExtension = pattern.hasSuffix(".yml") ? ".yml" : ".yaml"
      for stem in ["\(kind)-\(name)", "\(kind)-\(name)-2", "\(kind)-\(name)-3"] {
        let path = folder + stem + fileExtension
        if glob.matches(path), !taken(path) { return path }
      }
    }
    return nil
  }

  static func describe(_ change: Change) -> String {
    let writer = JSONWriter()
    let desired = change.desired.map(writer.string) ?? "(none)"
    let live = change.live.map(writer.string) ?? "(none)"
    let actor = change.actor.map { " (\($0.manager))" } ?? ""
    switch change.operation {
    case .replace: return "\(change.path) \(desired) -> \(live)\(actor)"
    case .add: return "added \(change.path) \(live)\(actor)"
    case .remove: return "removed \(change.path)\(actor)"
    }
  }
}

extension Value {
  /// Whether a secret digest is anywhere inside.
  var containsSecret: Bool {
    switch self {
    case .sensitive: return true
    case .array(let elements): return elements.contains { $0.containsSecret }
    case .object(let members): return members.contains { $0.value.containsSecret }
    default: return false
    }
  }
}
