public import DriftModel

/// The values the Kubernetes API server fills in when a manifest leaves a field out.
///
/// A live field that the manifest leaves out and that holds its server default is never drift,
/// whoever the managedFields name (the creator of an object owns its defaults); and a manifest
/// written from a live object leaves these out, as a person would.
public enum KubernetesDefaults {
  private struct Entry {
    var types: Set<String>?
    var pattern: [String]
    /// nil: any value (assigned by the server, like a Service's clusterIP).
    var value: Value?
  }

  private static let workloads: Set<String> = [
    "Deployment.apps", "StatefulSet.apps", "DaemonSet.apps", "ReplicaSet.apps", "Job.batch",
  ]
  private static let podSpecs: [[String]] = [
    ["spec", "template", "spec"], ["spec", "jobTemplate", "spec", "template", "spec"],
  ]

  private static let entries: [Entry] = {
    var entries: [Entry] = [
      Entry(types: ["Deployment.apps"], pattern: ["spec", "progressDeadlineSeconds"], value: 600),
      Entry(types: workloads, pattern: ["spec", "revisionHistoryLimit"], value: 10),
      Entry(
        types: ["Deployment.apps"], pattern: ["spec", "strategy", "type"], value: "RollingUpdate"),
      Entry(
        types: ["Deployment.apps", "DaemonSet.apps"],
        pattern: ["spec", "strategy", "rollingUpdate", "maxSurge"], value: "25%"),
      Entry(
        types: ["Deployment.apps"],
        pattern: ["spec", "strategy", "rollingUpdate", "maxUnavailable"], value: "25%"),
      Entry(
        types: ["StatefulSet.apps"], pattern: ["spec", "podManagementPolicy"], value: "OrderedReady"
      ),
      Entry(
        types: ["StatefulSet.apps", "DaemonSet.apps"], pattern: ["spec", "updateStrategy", "type"],
        value: "RollingUpdate"),
      Entry(
        types: ["StatefulSet.apps"],
        pattern: ["spec", "updateStrategy", "rollingUpdate", "partition"], value: 0),
      Entry(
        types: ["DaemonSet.apps"],
        pattern: ["spec", "updateStrategy", "rollingUpdate", "maxUnavailable"], value: 1),
      Entry(
        types: ["DaemonSet.apps"],
        pattern: ["spec", "updateStrategy", "rollingUpdate", "maxSurge"], value: 0),
      Entry(types: ["Service"], pattern: ["spec", "clusterIP"], value: nil),
      Entry(types: ["Service"], pattern: ["spec", "clusterIPs"], value: nil),
      Entry(types: ["Service"], pattern: ["spec", "ipFamilies"], value: nil),
      Entry(types: ["Service"], pattern: ["spec", "ipFamilyPolicy"], value: "SingleStack"),
      Entry(types: ["Service"], pattern: ["spec", "type"], value: "ClusterIP"),
      Entry(types: ["Service"], pattern: ["spec", "sessionAffinity"], value: "None"),
      Entry(types: ["Service"], pattern: ["spec", "internalTrafficPolicy"], value: "Cluster"),
      Entry(types: ["Service"], pattern: ["spec", "externalTrafficPolicy"], value: "Cluster"),
      Entry(types: ["Service"], pattern: ["spec", "allocateLoadBalancerNodePorts"], value: true),
      Entry(types: ["Service"], pattern: ["spec", "ports", "*", "protocol"], value: "TCP"),
      Entry(types: ["Service"], pattern: ["spec", "ports", "*", "nodePort"], value: nil),
    ]
    for prefix in podSpecs + [["spec"]] {
      let types: Set<String>? = prefix == ["spec"] ? ["Pod"] : nil
      entries += [
        Entry(types: types, pattern: prefix + ["restartPolicy"], value: "Always"),
        Entry(types: types, pattern: prefix + ["dnsPolicy"], value: "ClusterFirst"),
        Entry(types: types, pattern: prefix + ["schedulerName"], value: "default-scheduler"),
        Entry(types: types, pattern: prefix + ["terminationGracePeriodSeconds"], value: 30),
        Entry(types: types, pattern: prefix + ["enableServiceLinks"], value: true),
        Entry(types: types, pattern: prefix + ["priority"], value: 0),
        Entry(types: types, pattern: prefix + ["preemptionPolicy"], value: "PreemptLowerPriority"),
      ]
      for containers in ["containers", "initContainers"] {
        let container = prefix + [containers, "*"]
        entries += [
          Entry(
            types: types, pattern: container + ["terminationMessagePath"],
            value: "/dev/termination-log"),
          Entry(types: types, pattern: container + ["terminationMessagePolicy"], value: "File"),
          Entry(types: types, pattern: container + ["imagePullPolicy"], value: "IfNotPresent"),
          Entry(types: types, pattern: container + ["ports", "*", "protocol"], value: "TCP"),
        ]
      }
    }
    return entries
  }()

  /// Whether `value` at `path` of a resource of `type` is what the server fills in.
  ///
  /// - Parameter live: the whole live object, for defaults that depend on a sibling (a Service
  ///   port's `targetPort` defaults to its `port`; `imagePullPolicy` to `Always` for `:latest`).
  public static func isDefault(_ value: Value, at path: FieldPath, of type: String, in live: Value)
    -> Bool
  {
    if value.isEmpty { return true }
    let tokens = path.tokens
    if type == "Service", tokens.count == 4, tokens[0] == "spec", tokens[1] == "ports",
      tokens[3] == "targetPort"
    {
      let port = live.value(at: FieldPath(Array(tokens.dropLast()) + ["port"]))
      return port == value
    }
    if tokens.last == "imagePullPolicy", value == "Always" {
      let image = live.value(at: FieldPath(Array(tokens.dropLast()) + ["image"]))?.stringValue ?? ""
      return image.hasSuffix(":latest") || !image.contains(":")
    }
    for entry in entries where entry.pattern.count == tokens.count {
      if let types = entry.types, !types.contains(type) { continue }
      guard zip(entry.pattern, tokens).allSatisfy({ $0 == "*" || $0 == $1 }) else { continue }
      guard let expected = entry.value else { return true }
      return expected == value
    }
    return false
  }

  /// The object without the fields that hold their server default, recursively; `base` is the
  /// path of `value` inside the resource.
  public static func strippingDefaults(
    _ value: Value, at base: FieldPath = FieldPath(), of type: String, in live: Value
  ) -> Value {
    switch value {
    case .object(let members):
      var kept: [Member] = []
      for member in members {
        let path = base.appending(member.key)
        let child = strippingDefaults(member.value, at: path, of: type, in: live)
        if child.isEmpty || isDefault(member.value, at: path, of: type, in: live) { continue }
        kept.append(Member(member.key, child, at: member.position))
      }
      return .object(kept)
    case .array(let elements):
      return .array(
        elements.enumerated().map { index, element in
          strippingDefaults(element, at: base.appending(index: index), of: type, in: live)
        })
    default:
      return value
    }
  }
}
