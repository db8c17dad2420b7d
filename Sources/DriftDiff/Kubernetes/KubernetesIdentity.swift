/// How Kubernetes names an object: its type `Kind.group` whatever version or deprecated group
/// a manifest uses, and whether its kind lives outside namespaces.
public enum KubernetesIdentity {
  /// Built-in kinds that live outside namespaces.
  ///
  /// A manifest of these kinds gets no default namespace. Kinds that CRDs define are learnt
  /// from the CRDs and from the export.
  public static let clusterScopedKinds: Set<String> = [
    "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding",
    "CustomResourceDefinition", "StorageClass", "PriorityClass", "IngressClass", "RuntimeClass",
    "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "APIService", "CSIDriver",
    "CSINode", "VolumeAttachment", "PodSecurityPolicy", "CertificateSigningRequest",
    "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "FlowSchema",
    "PriorityLevelConfiguration", "ClusterIssuer", "ComponentStatus", "IPAddress", "ServiceCIDR",
    "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding", "DeviceClass",
    "VolumeAttributesClass", "StorageVersionMigration", "ClusterTrustBundle",
  ]

  /// Kinds that a deprecated group served before they moved, by `Kind.oldgroup`: the API server
  /// serves the same stored object under both, so a manifest in the old group names the object
  /// the export lists in the new one (Kubernetes 1.16 release notes, "Deprecations and
  /// Removals": extensions/v1beta1 DaemonSet, Deployment, ReplicaSet → apps/v1, NetworkPolicy
  /// → networking.k8s.io/v1, PodSecurityPolicy → policy/v1beta1; 1.22: Ingress →
  /// networking.k8s.io/v1; Event is served by both the core group and events.k8s.io).
  static let servedAs: [String: String] = [
    "Deployment.extensions": "Deployment.apps",
    "DaemonSet.extensions": "DaemonSet.apps",
    "ReplicaSet.extensions": "ReplicaSet.apps",
    "NetworkPolicy.extensions": "NetworkPolicy.networking.k8s.io",
    "Ingress.extensions": "Ingress.networking.k8s.io",
    "PodSecurityPolicy.extensions": "PodSecurityPolicy.policy",
    "Event.events.k8s.io": "Event",
  ]

  /// `Kind.group`, or `Kind` for the core group, with a deprecated group replaced by the one
  /// that serves the object now; the version never counts (`apps/v1beta1` is `apps`).
  public static func type(kind: String, apiVersion: String) -> String {
    if let type = asciiType(kind: kind, apiVersion: apiVersion) { return type }
    guard let slash = apiVersion.firstIndex(of: "/") else { return kind }
    let type = "\(kind).\(apiVersion[..<slash])"
    return servedAs[type] ?? type
  }

  /// ``type(kind:apiVersion:)`` by bytes, nil unless both are ASCII (where a byte is a
  /// character and equal strings are equal bytes): the search by characters, interpolation and
  /// hashing for `servedAs` took 1,500 instructions an object, twice for each live one.
  private static func asciiType(kind: String, apiVersion: String) -> String? {
    var kind = kind
    var apiVersion = apiVersion
    let slashAt = apiVersion.withUTF8 { version -> Int?? in
      var slash: Int?
      for index in version.indices {
        guard version[index] < 0x80 else { return nil }
        if slash == nil, version[index] == UInt8(ascii: "/") { slash = index }
      }
      return .some(slash)
    }
    guard case .some(let slash) = slashAt, kind.withUTF8({ $0.allSatisfy { $0 < 0x80 } }) else {
      return nil
    }
    guard let slash else { return kind }
    let group = apiVersion.utf8.prefix(slash)
    var type = kind
    type.reserveCapacity(kind.utf8.count + 1 + slash)
    type += "."
    type += Substring(group)
    // Every key of `servedAs` is a kind in `extensions`, or the Event of events.k8s.io.
    guard
      type.utf8.elementsEqual("Event.events.k8s.io".utf8)
        || type.utf8.count > 11
          && type.utf8.suffix(11).elementsEqual(".extensions".utf8)
    else { return type }
    return servedAs[type] ?? type
  }

  /// The kind of a type: `Deployment` of `Deployment.apps`.
  public static func kind(of type: String) -> Substring {
    type.prefix { $0 != "." }
  }

  /// The parts of an address: `type/namespace/name` or `type/name` (cluster-scoped).
  public static func parts(of address: String) -> (
    type: Substring, namespace: Substring?, name: Substring
  ) {
    // By bytes for ASCII addresses (all real ones): split made an array per call, a tenth of a
    // check where every verdict was reused. Otherwise by characters, which a combining mark
    // after a `/` joins.
    let slash = UInt8(ascii: "/")
    let found = address.utf8.withContiguousStorageIfAvailable { bytes -> (Int?, Int?)? in
      var first: Int?
      var second: Int?
      for index in bytes.indices {
        let byte = bytes[index]
        guard byte < 0x80 else { return nil }
        if byte == slash {
          if first == nil { first = index } else if second == nil { second = index }
        }
      }
      return (first, second)
    }
    if let found, let (first, second) = found {
      let utf8 = address.utf8
      guard let first else { return (Substring(address), nil, Substring(address)) }
      let firstIndex = utf8.index(utf8.startIndex, offsetBy: first)
      let rest = utf8.index(after: firstIndex)
      guard let second else { return (address[..<firstIndex], nil, address[rest...]) }
      let secondIndex = utf8.index(utf8.startIndex, offsetBy: second)
      return (
        address[..<firstIndex], address[rest..<secondIndex],
        address[utf8.index(after: secondIndex)...]
      )
    }
    let parts = address.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
    switch parts.count {
    case 3: return (parts[0], parts[1], parts[2])
    case 2: return (parts[0], nil, parts[1])
    default: return (Substring(address), nil, Substring(address))
    }
  }
}
