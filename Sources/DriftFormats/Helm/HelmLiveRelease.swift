public import DriftJSON
public import DriftModel

/// Helm releases as live resources: each storage Secret of an export read as one revision,
/// then the revisions of one release folded into the release as deployed.
///
/// A release resource is `Release.helm.sh/<storage namespace>/<release>`:
///
/// ```yaml
/// apiVersion: helm.sh/v3
/// kind: Release
/// metadata: {name, namespace, managedFields: one entry per revision that set values}
/// chart: {name, version}
/// values: the release's config, secret values digested
/// manifest: [the rendered objects, normalised as desired manifests, Secret data digested]
/// release: {revision, status, deployedAt, namespace, description}
/// ```
///
/// The clear payload (config, manifest, chart templates and default values) never leaves this
/// type: only the fields above are kept.
public enum HelmLiveRelease {
  public static let apiVersion = "helm.sh/v3"
  public static let kind = "Release"
  /// The type of release resources.
  public static let type = "Release.helm.sh"
  /// The Secret type Helm 3 stores releases in.
  public static let secretType = "helm.sh/release.v1"

  /// How the release Secrets of one export are read.
  public struct Reading: Sendable {
    public var secrets: SecretDigester
    /// Key words the source adds to ``HelmValues/sensitiveWords``.
    public var sensitiveWords: Set<String> = []
    /// Value paths kept secret per release address (values the desired state takes from
    /// Secrets).
    public var secretPaths: [String: Set<FieldPath>] = [:]
    public var limit = HelmReleasePayload.maximumSize

    public init(secrets: SecretDigester) {
      self.secrets = secrets
    }
  }

  /// The revision a storage Secret holds, as an intermediate release object (its manifest
  /// still text, folded away by ``folded(_:reading:)``); nil for any other Secret.
  public static func revision(secret: Value, reading: Reading) -> Value? {
    guard secret["type"]?.stringValue == secretType else { return nil }
    let metadata = secret["metadata"]
    let secretName = metadata?["name"]?.stringValue ?? ""
    let labels = metadata?["labels"]
    let namespace = metadata?["namespace"]?.stringValue ?? ""
    let named = parse(secretName: secretName)
    let name = labels?["name"]?.stringValue ?? named?.release ?? secretName
    let labelRevision = labels?["version"]?.stringValue.flatMap { Int($0) } ?? named?.revision ?? 0
    func unreadable(_ problem: String) -> Value {
      object(
        name: name, namespace: namespace,
        release: [
          Member("revision", .integer(labelRevision)),
          Member("status", .string(labels?["status"]?.stringValue ?? "unknown")),
          Member("unreadable", .string("Secret \(secretName): \(problem)")),
        ])
    }
    guard let text = secret["data"]?["release"]?.stringValue else {
      return unreadable("it has no data.release")
    }
    let payload: HelmReleasePayload
    do {
      payload = try HelmReleasePayload.decode(exported: text, limit: reading.limit)
    } catch {
      return unreadable(error.description)
    }
    let address = KubernetesFormat.address(type: type, namespace: namespace, name: payload.name)
    let values = HelmValues.redacting(
      payload.config, secrets: reading.secrets, address: address, extra: reading.sensitiveWords,
      paths: reading.secretPaths[address] ?? [])
    var chart: [Member] = [Member("name", .string(payload.chartName))]
    if let version = payload.chartVersion { chart.append(Member("version", .string(version))) }
    var release: [Member] = [
      Member("revision", .integer(payload.revision)),
      Member("status", .string(payload.status)),
      Member("namespace", .string(payload.namespace.isEmpty ? namespace : payload.namespace)),
    ]
    if let time = payload.deployedAt { release.append(Member("deployedAt", .string(time))) }
    if let words = payload.description { release.append(Member("description", .string(words))) }
    // The manifest stays text until the revision is chosen: only one revision's is parsed.
    release.append(Member("manifestText", .string(payload.manifest)))
    return object(
      name: payload.name, namespace: namespace, chart: .object(chart), values: values,
      release: release)
  }

  /// `sh.helm.release.v1.NAME.vN` → NAME, N.
  static func parse(secretName: String) -> (release: String, revision: Int)? {
    let prefix = "sh.helm.release.v1."
    guard secretName.hasPrefix(prefix), let dot = secretName.lastIndex(of: "."),
      secretName[secretName.index(after: dot)...].hasPrefix("v"),
      let revision = Int(secretName[secretName.index(dot, offsetBy: 2)...])
    else { return nil }
    let start = secretName.index(secretName.startIndex, offsetBy: prefix.count)
    guard start < dot else { return nil }
    return (String(secretName[start..<dot]), revision)
  }

  private static func object(
    name: String, namespace: String, chart: Value? = nil, values: Value? = nil,
    release: [Member], managedFields: Value? = nil, manifest: Value? = nil
  ) -> Value {
    var metadata: [Member] = [
      Member("name", .string(name)), Member("namespace", .string(namespace)),
    ]
    if let managedFields { metadata.append(Member("managedFields", managedFields)) }
    var members: [Member] = [
      Member("apiVersion", .string(apiVersion)), Member("kind", .string(kind)),
      Member("metadata", .object(metadata)),
    ]
    if let chart { members.append(Member("chart", chart)) }
    if let values { members.append(Member("values", values)) }
    if let manifest { members.append(Member("manifest", manifest)) }
    members.append(Member("release", .object(release)))
    return .object(members)
  }

  /// `live` with the revisions of each release folded into one release resource: the deployed
  /// revision (the highest when none is deployed), its manifest parsed, and every value
  /// attributed to the revision that set it.
  public static func folded(_ live: [Resource], reading: Reading) -> [Resource] {
    var revisions: [String: [Resource]] = [:]
    for resource in live where resource.id.type == type {
      revisions[resource.id.address, default: []].append(resource)
    }
    guard !revisions.isEmpty else { return live }
    var emitted = Set<String>()
    var result: [Resource] = []
    for resource in live {
      guard resource.id.type == type else {
        result.append(resource)
        continue
      }
      guard emitted.insert(resource.id.address).inserted,
        let all = revisions[resource.id.address]
      else { continue }
      result.append(fold(all, reading: reading))
    }
    return result
  }

  private static func revisionNumber(_ resource: Resource) -> Int {
    revisionNumber(resource.body)
  }

  private static func revisionNumber(_ body: Value) -> Int {
    if case .integer(let number) = body["release"]?["revision"] ?? .null { return number }
    return 0
  }

  private static func fold(_ revisions: [Resource], reading: Reading) -> Resource {
    let ordered = revisions.sorted { revisionNumber($0) < revisionNumber($1) }
    let chosen =
      ordered.last { $0.body["release"]?["status"] == "deployed" } ?? ordered[ordered.count - 1]
    var resource = chosen
    let body = chosen.body
    guard var release = body["release"], release["unreadable"] == nil else { return resource }
    let namespace = release["namespace"]?.stringValue ?? ""
    let text = release["manifestText"]?.stringValue ?? ""
    release = release.removing("manifestText")
    var manifest: Value = .array([])
    do {
      let reader = KubernetesFormat(
        defaultNamespace: namespace.isEmpty ? nil : namespace, secrets: reading.secrets)
      let objects = try reader.desiredResources(Array(text.utf8), file: "manifest")
      manifest = .array(objects.map(\.body))
    } catch {
      release = release.setting(
        "unreadable", to: .string("its rendered manifest does not parse: \(error.message)"))
    }
    // Earlier revisions, newest first, down to the first that is unreadable.
    let earlier = ordered.filter { revisionNumber($0) < revisionNumber(chosen) }.reversed()
      .prefix { $0.body["release"]?["unreadable"] == nil }
    let fields = ownership(chosen: body, earlier: Array(earlier))
    resource.body = object(
      name: body["metadata"]?["name"]?.stringValue ?? "",
      namespace: body["metadata"]?["namespace"]?.stringValue ?? "",
      chart: body["chart"], values: body["values"] ?? .object([]),
      release: release.members ?? [], managedFields: fields, manifest: manifest)
    return resource
  }

  /// One managedFields entry per revision that set a value or the chart of `chosen`: the
  /// earliest revision of the unbroken run, back from `chosen`, in which it already held.
  private static func ownership(chosen: Value, earlier: [Resource]) -> Value {
    var owned: [Int: [FieldPath]] = [:]
    let chosenRevision = revisionNumber(chosen)
    func owner(of path: FieldPath) -> Int {
      var revision = chosenRevision
      let value = chosen.value(at: path)
      for older in earlier {
        guard older.body.value(at: path) == value else { break }
        revision = revisionNumber(older)
      }
      return revision
    }
    for path in leaves(of: chosen["values"] ?? .object([]), at: FieldPath(["values"])) {
      owned[owner(of: path), default: []].append(path)
    }
    for key in ["name", "version"] where chosen["chart"]?[key] != nil {
      let path = FieldPath(["chart", key])
      owned[owner(of: path), default: []].append(path)
    }
    let descriptions = Dictionary(
      earlier.map { (revisionNumber($0), $0.body["release"]) }, uniquingKeysWith: { a, _ in a })
    return .array(
      owned.keys.sorted().map { revision in
        let release = revision == chosenRevision ? chosen["release"] : descriptions[revision] ?? nil
        var entry: [Member] = [
          Member("manager", .string("helm revision \(revision)")),
          Member("operation", .string(operation(release?["description"]?.stringValue, revision))),
        ]
        if let time = release?["deployedAt"] { entry.append(Member("time", time)) }
        entry.append(Member("fieldsType", "FieldsV1"))
        entry.append(Member("fieldsV1", fieldSet(owned[revision] ?? [])))
        return .object(entry)
      })
  }

  private static func operation(_ description: String?, _ revision: Int) -> String {
    let words = (description ?? "").lowercased()
    if words.hasPrefix("rollback") { return "Rollback" }
    if words.hasPrefix("install") || revision == 1 { return "Install" }
    return "Upgrade"
  }

  /// The paths of the scalars and lists below `value` (lists are one value in Helm: merged
  /// whole).
  static func leaves(of value: Value, at path: FieldPath) -> [FieldPath] {
    guard case .object(let members) = value, !members.isEmpty else { return [path] }
    return members.flatMap { leaves(of: $0.value, at: path.appending($0.key)) }
  }

  /// A FieldsV1 set that owns each of `paths` (an empty set owns everything below it).
  static func fieldSet(_ paths: [FieldPath]) -> Value {
    var root: Value = .object([])
    for path in paths {
      root = inserting(path.tokens[...], into: root)
    }
    return root
  }

  private static func inserting(_ tokens: ArraySlice<String>, into set: Value) -> Value {
    guard let token = tokens.first else { return set }
    var members = set.members ?? []
    let key = "f:" + token
    if let index = members.firstIndex(where: { $0.key == key }) {
      members[index].value = inserting(tokens.dropFirst(), into: members[index].value)
    } else {
      members.append(Member(key, inserting(tokens.dropFirst(), into: .object([]))))
    }
    return .object(members)
  }

  /// Why a release resource was not read, nil when it was.
  public static func unreadable(_ resource: Resource) -> String? {
    resource.body["release"]?["unreadable"]?.stringValue
  }

  /// The objects of a folded release's manifest.
  public static func manifest(of resource: Resource) -> [Value] {
    resource.body["manifest"]?.elements ?? []
  }

  /// The namespace a release installs into.
  public static func installNamespace(of resource: Resource) -> String? {
    resource.body["release"]?["namespace"]?.stringValue
  }
}
