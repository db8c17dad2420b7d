import DriftDiff
public import DriftJSON
public import DriftModel
import Parallelism

/// Reads Kubernetes manifests (desired) and `kubectl get -o json|yaml` exports (live).
///
/// Addresses are `Kind.group/namespace/name`, the core group written as `Kind` alone:
/// `Deployment.apps/prod/web`, `ConfigMap/prod/web-config`, `ClusterRole.rbac.authorization.k8s.io/admin`.
public struct KubernetesFormat: Sendable {
  /// Built-in kinds that live outside namespaces; a manifest of these kinds gets no default
  /// namespace.
  public static var clusterScopedKinds: Set<String> { KubernetesIdentity.clusterScopedKinds }

  /// The namespace of namespaced manifests that state none.
  public var defaultNamespace: String
  /// Where desired objects that are not kept live are noted as they are skipped.
  public var notDeployed: NotDeployedObjects?
  /// Turns Secret data into digests.
  public var secrets: SecretDigester
  /// Whether a desired file none of whose documents is shaped as an object is skipped (and
  /// noted) rather than an error: for files that a glob picks up, not for rendered output.
  public var skipsNonObjects = false

  /// Whether live objects lose, as they are read, what comparison ignores anyway.
  ///
  /// That is `status`, and the positions inside the field sets of `metadata.managedFields`,
  /// which equal sets then share (in JSON `List` exports): `check` holds tens of thousands of
  /// objects at once; snapshots and `explain` keep every field. The last-applied annotation
  /// stays: it is the third view of the comparison (what was applied, from where).
  public var trimsLive = false

  /// Whether the objects of a JSON `List` lose their `status` as they are read (still checked
  /// for errors, never built): what a snapshot stores keeps none.
  public var omitsStatus = false

  /// What a live Secret that stores something else (a Helm release) is read as, before its
  /// data is digested: the object that replaces it, nil for an ordinary Secret.
  public var readsSecret: (@Sendable (Value, SourceLocation) -> Value?)?

  /// Creates the adapter.
  public init(defaultNamespace: String? = nil, secrets: SecretDigester) {
    self.defaultNamespace = defaultNamespace ?? "default"
    self.secrets = secrets
  }

  /// The resources declared in one manifest file: every non-empty document of a YAML stream
  /// (or a JSON object), `List` documents expanded.
  ///
  /// - Throws: `DriftError` at the document that is not a Kubernetes object.
  public func desiredResources(_ bytes: [UInt8], file: String) throws(DriftError) -> [Resource] {
    let documents = try Self.documents(bytes, file: file)
    // A file none of whose documents is an object (Chart.yaml, a values file, CI or tool
    // configuration) is not a manifest: a source whose glob takes it in still checks the rest.
    if skipsNonObjects, !documents.isEmpty,
      !documents.contains(where: { Self.looksLikeObject($0.value) })
    {
      notDeployed?.add(
        SourceLocation(file: file, position: documents[0].position), Self.notAnObject)
      return []
    }
    var resources: [Resource] = []
    for document in documents {
      let location = SourceLocation(file: file, position: document.position)
      for (body, position) in try objects(in: document.value, at: location) {
        if let reason = NotDeployedObjects.reason(body) {
          notDeployed?.add(SourceLocation(file: file, position: position), reason)
          continue
        }
        resources.append(
          try resource(body, at: SourceLocation(file: file, position: position), isDesired: true))
      }
    }
    return resources
  }

  /// What a file that holds no Kubernetes object is noted as.
  public static let notAnObject =
    "not a Kubernetes object (no document has a kind and a servable apiVersion)"

  /// Whether a document is meant as a Kubernetes object or List, broken or not.
  ///
  /// It is when its `apiVersion` is one an API server can serve and it has a `kind` or
  /// `metadata`, or when it has no `apiVersion` but both of those. Servable is `v1`, or
  /// `group/version` where the group is built in or holds a dot: the API server refuses a
  /// CustomResourceDefinition whose group has none, so `skaffold/v4beta6`, kustomize's
  /// `builtin` transformers and Chart.yaml's `v2` are tool configurations, not objects.
  static func looksLikeObject(_ value: Value) -> Bool {
    guard value.members != nil else { return false }
    let hasKind = value["kind"] != nil
    let hasMetadata = value["metadata"]?.members != nil
    guard let apiVersion = value["apiVersion"] else { return hasKind && hasMetadata }
    guard let text = apiVersion.stringValue else { return hasKind || hasMetadata }
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    let servable =
      parts.count == 1
      ? text == "v1"
      : parts.count == 2 && !parts[1].isEmpty
        && (parts[0].contains(".") || dotlessGroups.contains(String(parts[0])))
    return servable && (hasKind || hasMetadata)
  }

  /// The built-in API groups whose names hold no dot.
  static let dotlessGroups: Set<String> = ["apps", "batch", "autoscaling", "policy", "extensions"]

  /// Whether `path` names a manifest file: YAML, or JSON.
  public static func isManifestFile(_ path: String) -> Bool {
    path.hasSuffix(".yaml") || path.hasSuffix(".yml") || path.hasSuffix(".json")
  }

  /// The documents of a manifest file: every non-empty document of a YAML stream, or the one
  /// value of a `.json` file.
  public static func documents(_ bytes: [UInt8], file: String) throws(DriftError)
    -> [YAMLReader.Document]
  {
    guard file.hasSuffix(".json") else { return try YAMLReader.documents(bytes, file: file) }
    return [
      YAMLReader.Document(
        value: try JSONReader.parse(bytes, file: file), position: Position(line: 1, column: 1))
    ]
  }

  /// The resources of a live export: a `kind: List` with `items`, or a single object, in JSON
  /// or YAML.
  ///
  /// - Throws: `DriftError` when the export is malformed or not Kubernetes output.
  public func liveResources(_ bytes: [UInt8], file: String) throws(DriftError) -> [Resource] {
    try liveResources(bytes, file: file) { $0 }
  }

  /// The resources of a live export, each handed to `each` as soon as it is read, and what
  /// `each` made of them, in export order.
  ///
  /// The items of a JSON List are read on all cores and `each` runs there: a check compares
  /// every object as it is read and keeps only the drifted ones, so the export is never held
  /// whole. `each` may also run for items of an export that then proves malformed.
  ///
  /// - Throws: `DriftError` when the export is malformed or not Kubernetes output.
  public func liveResources<Output: Sendable>(
    _ bytes: [UInt8], file: String, each: @escaping @Sendable (Resource) -> Output
  ) throws(DriftError) -> [Output] {
    try liveResources(bytes, file: file, known: nil) { resource, _ in each(resource) }
  }

  /// The resources of a live export as ``liveResources(_:file:each:)`` reads them, for a
  /// reader that can answer for some items of a List from their bytes alone (remembered from
  /// an earlier read, or copied as they are).
  ///
  /// - Parameters:
  ///   - known: what the reader makes of an item of a JSON List with these exact bytes without
  ///     parsing it, if it can; that item is then not parsed at all.
  ///   - each: also given the bytes of the item the resource was read from (nil outside a
  ///     JSON List).
  public func liveResources<Output: Sendable>(
    _ bytes: [UInt8], file: String, known: (@Sendable (ArraySlice<UInt8>) -> Output?)?,
    each: @escaping @Sendable (Resource, ArraySlice<UInt8>?) -> Output
  ) throws(DriftError) -> [Output] {
    let firstByte = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
    if firstByte == UInt8(ascii: "{"),
      let outputs = listItems(bytes, file: file, known: known, each: each)
    {
      return outputs
    }
    let root: Value
    if firstByte == UInt8(ascii: "{") || firstByte == UInt8(ascii: "[") {
      root = try JSONReader.parse(bytes, file: file)
    } else {
      root = try YAMLReader.value(bytes, file: file)
    }
    let start = SourceLocation(file: file, line: 1, column: 1)
    guard root.members != nil, root["kind"]?.stringValue != nil || root["items"] != nil else {
      throw DriftError(
        "not Kubernetes output: expected a List with items or an object with apiVersion, kind "
          + "and metadata.name (kubectl get -o json)", at: start)
    }
    var outputs: [Output] = []
    for (body, position) in try objects(in: root, at: start) {
      outputs.append(
        each(
          try resource(body, at: SourceLocation(file: file, position: position), isDesired: false),
          nil))
    }
    return outputs
  }

  /// The resources of a JSON `List` export, its items read and turned into resources (and
  /// handed to `each`) on all cores, so the whole document is never held as one tree; nil for
  /// any other text, and for any problem, which the whole-document path then reports exactly
  /// as always.
  private func listItems<Output: Sendable>(
    _ bytes: [UInt8], file: String, known: (@Sendable (ArraySlice<UInt8>) -> Output?)?,
    each: @escaping @Sendable (Resource, ArraySlice<UInt8>?) -> Output
  ) -> [Output]? {
    guard let outline = JSONOutline(bytes) else { return nil }
    var kind: Value?
    var items: (name: JSONSpan, elements: [JSONSpan])?
    for member in outline.members {
      guard let name = (try? JSONReader.parse(bytes, span: member.name, file: file))?.stringValue
      else { return nil }
      if name == "items" {
        guard items == nil, let elements = member.elements else { return nil }
        items = (member.name, elements)
        continue
      }
      guard let value = try? JSONReader.parse(bytes, span: member.value, file: file) else {
        return nil
      }
      if name == "kind", kind == nil { kind = value }
    }
    let kindName = kind?.stringValue ?? ""
    guard let items, kindName.isEmpty || kindName.hasSuffix("List") else { return nil }
    let itemPosition = items.name.position
    let format = self
    var answered: [Output?] = []
    var spans = items.elements
    if let known {
      answered = Parallel.map(spans) { known(bytes[$0.range]) }
      spans = zip(spans, answered).compactMap { $1 == nil ? $0 : nil }
    }
    let unknown = spans
    guard
      let read = try? JSONReader.parse(
        bytes, spans: unknown, file: file,
        pruning: trimsLive
          ? Self.trimming : omitsStatus ? Self.statusOmitted : JSONReader.Pruning(),
        { (element, index) throws(DriftError) in
          var position = itemPosition
          if element.members != nil,
            let first = Self.firstMemberPosition(bytes, of: unknown[index])
          {
            position = first
          }
          return each(
            try format.resource(
              element, at: SourceLocation(file: file, position: position), isDesired: false),
            bytes[unknown[index].range])
        })
    else { return nil }
    guard known != nil else { return read }
    var unread = read[...]
    return answered.map { answer in answer ?? unread.removeFirst() }
  }

  /// What `omitsStatus` leaves out of the items of a List.
  private static let statusOmitted = JSONReader.Pruning(
    omitting: [[.member("status")]], sharing: [])

  /// How a check reads live objects stored without their status (snapshot blobs).
  ///
  /// Everything is kept: the last-applied annotation is the comparison's third view. Sharing
  /// equal field sets pays only across the objects one reader reads, so it is left to Lists.
  public static let storedTrimming = JSONReader.Pruning()

  /// What `trimsLive` leaves out of the items of a List, or shares, as they are read.
  private static let trimming = JSONReader.Pruning(
    omitting: [[.member("status")]],
    sharing: [[.member("metadata"), .member("managedFields"), .element, .member("fieldsV1")]])

  /// Where the name of the first member of the object at `span` is written; nil when empty.
  ///
  /// Read from the bytes, as trimming may have left that member out.
  private static func firstMemberPosition(_ bytes: [UInt8], of span: JSONSpan) -> Position? {
    var line = Int(span.position.line)
    var column = Int(span.position.column) + 1
    var offset = span.range.lowerBound + 1
    while offset < span.range.upperBound {
      switch bytes[offset] {
      case 0x20, 0x09, 0x0D: column += 1
      case 0x0A:
        line += 1
        column = 1
      case UInt8(ascii: "\""): return Position(line: line, column: column)
      default: return nil
      }
      offset += 1
    }
    return nil
  }

  private func objects(in value: Value, at location: SourceLocation) throws(DriftError)
    -> [(Value, Position)]
  {
    guard value.members != nil else {
      throw DriftError("expected a Kubernetes object, found \(value.typeName)", at: location)
    }
    let kind = value["kind"]?.stringValue ?? ""
    guard
      kind == "List" || (kind.hasSuffix("List") && value["items"] != nil)
        || (kind.isEmpty && value["items"] != nil)
    else {
      return [(value, Position(line: location.line, column: location.column))]
    }
    guard let items = value.member("items"), let elements = items.value.elements else {
      throw DriftError("a List needs an 'items' array", at: location)
    }
    let itemPosition = items.position
    return elements.map { element in
      (element, element.members?.first?.position ?? itemPosition)
    }
  }

  private func resource(_ read: Value, at location: SourceLocation, isDesired: Bool)
    throws(DriftError) -> Resource
  {
    var body = read
    if !isDesired, let readsSecret, read["kind"] == "Secret",
      let replaced = readsSecret(read, location)
    {
      body = replaced
    }
    guard body.members != nil else {
      throw DriftError("expected a Kubernetes object, found \(body.typeName)", at: location)
    }
    guard let apiVersion = body["apiVersion"]?.stringValue, !apiVersion.isEmpty else {
      throw DriftError("Kubernetes object has no apiVersion", at: location)
    }
    guard let kind = body["kind"]?.stringValue, !kind.isEmpty else {
      throw DriftError("Kubernetes object has no kind", at: location)
    }
    guard let metadata = body["metadata"], metadata.members != nil,
      let name = metadata["name"]?.stringValue, !name.isEmpty
    else {
      throw DriftError("\(kind) has no metadata.name", at: location)
    }
    var namespace = metadata["namespace"]?.stringValue
    if namespace == nil || namespace == "", isDesired, !Self.clusterScopedKinds.contains(kind) {
      namespace = defaultNamespace
      body = body.setting(
        "metadata", to: metadata.setting("namespace", to: .string(defaultNamespace)))
    }
    if trimsLive, !isDesired { body = Self.trimmed(body) }
    let type = Self.type(kind: kind, apiVersion: apiVersion)
    let id = ResourceID(
      type: type, address: Self.address(type: type, namespace: namespace, name: name))
    if kind == "Secret" && !apiVersion.contains("/") {
      body = secrets.redact(secret: body, address: id.address, isDesired: isDesired)
    }
    return Resource(id: id, body: body, location: location)
  }

  private static func trimmed(_ body: Value) -> Value {
    body["status"] != nil ? body.removing("status") : body
  }

  /// `Kind.group`, or `Kind` for the core group, deprecated groups named as the group that
  /// serves the object now (see ``KubernetesIdentity/type(kind:apiVersion:)``).
  public static func type(kind: String, apiVersion: String) -> String {
    KubernetesIdentity.type(kind: kind, apiVersion: apiVersion)
  }

  /// `type/namespace/name`, or `type/name` for cluster-scoped objects.
  public static func address(type: String, namespace: String?, name: String) -> String {
    // Written byte by byte into one allocation: interpolation took 1,400 instructions an
    // object, appending more.
    var type = type
    var namespace = namespace ?? ""
    var name = name
    return type.withUTF8 { type in
      namespace.withUTF8 { namespace in
        name.withUTF8 { name in
          let count = type.count + (namespace.isEmpty ? 0 : namespace.count + 1) + name.count + 1
          return String(unsafeUninitializedCapacity: count) { buffer in
            var at = buffer.initialize(fromContentsOf: type)
            if !namespace.isEmpty {
              buffer[at] = UInt8(ascii: "/")
              at = buffer[(at + 1)...].initialize(fromContentsOf: namespace)
            }
            buffer[at] = UInt8(ascii: "/")
            return buffer[(at + 1)...].initialize(fromContentsOf: name)
          }
        }
      }
    }
  }
}
