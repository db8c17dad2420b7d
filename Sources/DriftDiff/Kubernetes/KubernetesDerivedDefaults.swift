import DriftModel

/// Defaults that depend on a sibling field or on the object itself, which a table cannot say.
enum KubernetesDerivedDefaults {
  /// The service-account admission plugin's token volume (`kube-api-access-<random>` since
  /// Kubernetes 1.22, a `<account>-token-<random>` Secret before) and its mount
  /// (plugin/pkg/admission/serviceaccount/admission.go).
  static let tokenMountPath = "/var/run/secrets/kubernetes.io/serviceaccount"

  /// The tolerations the DefaultTolerationSeconds admission plugin adds to every Pod
  /// (plugin/pkg/admission/defaulttolerationseconds: 300 seconds).
  static let defaultTolerations: [Value] = [
    "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable",
  ].map { key in
    ["key": .string(key), "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300]
  }

  /// Finalizers that controllers add (pvc-protection, pv-protection, the service controller's
  /// load-balancer cleanup, the namespace lifecycle, garbage collection).
  static let systemFinalizers: Set<String> = [
    "kubernetes.io/pvc-protection", "kubernetes.io/pv-protection",
    "service.kubernetes.io/load-balancer-cleanup", "kubernetes", "foregroundDeletion", "orphan",
    "batch.kubernetes.io/job-tracking", "external-attacher/csi",
    "snapshot.storage.kubernetes.io/pvc-as-source-protection",
  ]

  /// Whether `value` at `tokens` is a derived default; nil when the table decides.
  static func isDefault(_ value: Value, at tokens: [String], of type: String, in live: Value)
    -> Bool?
  {
    guard let last = tokens.last else { return nil }
    let parent = Array(tokens.dropLast())
    switch last {
    case "targetPort" where type == "Service" && tokens.count == 4 && tokens[1] == "ports":
      // SetDefaults_Service: a port's targetPort is its port.
      return live.value(at: FieldPath(parent + ["port"])) == value
    case "imagePullPolicy" where value == "Always":
      // SetDefaults_Container: Always for `:latest` or an untagged image.
      let image = live.value(at: FieldPath(parent + ["image"]))?.stringValue ?? ""
      let name = image.split(separator: "/").last ?? ""
      return image.hasSuffix(":latest") || (!name.contains(":") && !image.contains("@"))
    case "serviceAccount" where tokens.count >= 2:
      // The deprecated field mirrors serviceAccountName (pkg/apis/core/v1/conversion.go).
      return live.value(at: FieldPath(parent + ["serviceAccountName"])) == value ? true : nil
    case "priority":
      // Priority admission resolves priorityClassName into the number.
      return live.value(at: FieldPath(parent + ["priorityClassName"])) != nil ? true : nil
    case "finalizers" where tokens.count == 2 && tokens[0] == "metadata":
      return value.elements?.allSatisfy {
        systemFinalizers.contains($0.stringValue ?? "")
      }
    case "policyTypes" where type == "NetworkPolicy.networking.k8s.io":
      // SetDefaults_NetworkPolicy: Ingress, and Egress when egress rules are given.
      let egress = live.value(at: FieldPath(["spec", "egress"])) != nil
      return value == (egress ? ["Ingress", "Egress"] : ["Ingress"])
    case "ownerReferences" where tokens.count == 2 && tokens[0] == "metadata":
      // Controllers and operators adopt objects; ownership is not configuration.
      return true
    default:
      break
    }
    guard Int(last) != nil, let list = parent.last else { return nil }
    switch list {
    case "volumes":
      let name = value["name"]?.stringValue ?? ""
      if name.hasPrefix("kube-api-access-"), value["projected"] != nil { return true }
      let secret = value["secret"]?["secretName"]?.stringValue
      return name.contains("-token-") && secret == name ? true : nil
    case "volumeMounts":
      let name = value["name"]?.stringValue ?? ""
      return value["mountPath"]?.stringValue == tokenMountPath
        && (name.hasPrefix("kube-api-access-") || name.contains("-token-")) ? true : nil
    case "tolerations":
      return defaultTolerations.contains(value) ? true : nil
    case "secrets" where type == "ServiceAccount" && parent.count == 1:
      // The token controller of Kubernetes before 1.24 (and OpenShift's image-pull secret
      // controller) listed the account's generated Secrets.
      let account = live["metadata"]?["name"]?.stringValue ?? ""
      let name = value["name"]?.stringValue ?? ""
      return name.hasPrefix(account + "-token-") || name.hasPrefix(account + "-dockercfg-")
        ? true : nil
    default:
      return nil
    }
  }
}
