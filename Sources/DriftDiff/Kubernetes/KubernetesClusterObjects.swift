import DriftModel

/// Objects that a cluster makes itself, so that a live one the desired state does not declare
/// is cluster-owned, never unmanaged.
///
/// A controller's objects say so (an ownerReference with `controller: true`: the Pods of a
/// ReplicaSet, the ReplicaSets of a Deployment, the Jobs of a CronJob, EndpointSlices, mirror
/// Pods); bootstrap objects are named here, each with the Kubernetes component that makes it.
enum KubernetesClusterObjects {
  /// Namespaces the API server creates at start (pkg/controlplane: system namespaces).
  static let systemNamespaces: Set<String> = [
    "default", "kube-system", "kube-public", "kube-node-lease",
  ]

  /// Service accounts kube-controller-manager makes in kube-system for its controllers
  /// (`--use-service-account-credentials`, cmd/kube-controller-manager/app), and kubeadm's.
  static let controllerAccounts: Set<String> = [
    "attachdetach-controller", "bootstrap-signer", "certificate-controller",
    "clusterrole-aggregation-controller", "coredns", "cronjob-controller",
    "daemon-set-controller", "deployment-controller", "disruption-controller",
    "endpoint-controller", "endpointslice-controller", "endpointslicemirroring-controller",
    "ephemeral-volume-controller", "expand-controller", "generic-garbage-collector",
    "horizontal-pod-autoscaler", "job-controller", "kube-proxy",
    "legacy-service-account-token-cleaner", "namespace-controller", "node-controller",
    "persistent-volume-binder", "pod-garbage-collector", "pv-protection-controller",
    "pvc-protection-controller", "replicaset-controller", "replication-controller",
    "resourcequota-controller", "root-ca-cert-publisher", "service-account-controller",
    "service-cidrs-controller", "service-controller", "statefulset-controller", "token-cleaner",
    "ttl-after-finished-controller", "ttl-controller",
    "validatingadmissionpolicy-status-controller",
  ]

  /// Objects kubeadm and the control plane make in kube-system and kube-public, by type and
  /// name (cmd/kubeadm/app/phases: addons/dns, addons/proxy, uploadconfig, bootstraptoken;
  /// the API server's authentication ConfigMap and leader-election Leases).
  static let systemObjects: [String: Set<String>] = [
    "ConfigMap": [
      "extension-apiserver-authentication", "kube-proxy", "coredns", "kubeadm-config",
      "kubelet-config", "cluster-info", "kube-apiserver-legacy-service-account-token-tracking",
    ],
    "Deployment.apps": ["coredns"],
    "DaemonSet.apps": ["kube-proxy"],
    "Service": ["kube-dns"],
    "Lease.coordination.k8s.io": ["kube-controller-manager", "kube-scheduler"],
  ]

  /// PriorityClasses the scheduling registry creates (pkg/apis/scheduling: SystemPriorityClasses).
  static let systemPriorityClasses: Set<String> = [
    "system-cluster-critical", "system-node-critical",
  ]

  /// Why the cluster made `live`, when it did.
  static func owner(of live: Resource) -> ClusterOwner? {
    let metadata = live.body["metadata"]
    if let controller = metadata?["ownerReferences"]?.elements?.first(where: {
      $0["controller"] == true
    }) {
      let kind = controller["kind"]?.stringValue ?? "controller"
      let name = controller["name"]?.stringValue ?? ""
      return .cluster("made by its controller, \(kind) \(name)")
    }
    let (type, namespace, name) = KubernetesIdentity.parts(of: live.id.address)
    let labels = metadata?["labels"]
    if labels?["kubernetes.io/bootstrapping"] == "rbac-defaults" {
      return .cluster("an RBAC default of the API server")
    }
    if labels?["addonmanager.kubernetes.io/mode"] != nil {
      return .cluster("an add-on the addon manager keeps")
    }
    if labels?["kube-aggregator.kubernetes.io/automanaged"] != nil {
      return .cluster("registered by the API server's aggregator")
    }
    if metadata?["annotations"]?["apf.kubernetes.io/autoupdate-spec"] != nil {
      return .cluster("API priority and fairness configuration of the API server")
    }
    if type.hasPrefix("ClusterRole") || type.hasPrefix("Role"),
      type.hasSuffix(".rbac.authorization.k8s.io"),
      name.hasPrefix("system:") || name.hasPrefix("kubeadm:")
    {
      return .cluster("RBAC of the control plane")
    }
    return named(type: type, namespace: namespace, name: name, body: live.body)
  }

  /// Bootstrap objects known by type and name.
  private static func named(type: Substring, namespace: Substring?, name: Substring, body: Value)
    -> ClusterOwner?
  {
    switch (type, name) {
    case ("ConfigMap", "kube-root-ca.crt"):
      return .cluster("published in every namespace by kube-controller-manager")
    case ("ServiceAccount", "default"):
      return .cluster("made in every namespace by kube-controller-manager")
    case ("Service", "kubernetes"), ("Endpoints", "kubernetes"),
      ("EndpointSlice.discovery.k8s.io", "kubernetes"):
      if namespace == "default" { return .cluster("the API server's own Service") }
    case ("Namespace", _):
      if systemNamespaces.contains(String(name)) { return .cluster("made by the API server") }
      return .namespace(String(name))
    case ("PriorityClass.scheduling.k8s.io", _):
      if systemPriorityClasses.contains(String(name)) {
        return .cluster("made by the API server")
      }
    case ("Node", _), ("CSINode.storage.k8s.io", _), ("Event", _), ("ComponentStatus", _):
      return .cluster("reported by the cluster's components")
    case ("Endpoints", _):
      // The endpoints controller keeps one per Service, named as it.
      return .object("Service/\(namespace ?? "")/\(name)")
    default:
      break
    }
    if type == "Secret",
      let account = body["metadata"]?["annotations"]?[
        "kubernetes.io/service-account.name"]?.stringValue,
      body["type"] == "kubernetes.io/service-account-token",
      name.hasPrefix(account + "-token-")
    {
      return .cluster("a token the token controller made for ServiceAccount \(account)")
    }
    guard let namespace,
      namespace == "kube-system" || namespace == "kube-public"
        || namespace == "kube-node-lease"
    else { return nil }
    if namespace == "kube-node-lease" && type == "Lease.coordination.k8s.io" {
      return .cluster("a node's heartbeat")
    }
    if type == "Lease.coordination.k8s.io" && name.hasPrefix("apiserver-") {
      return .cluster("an API server's identity lease")
    }
    if type == "ServiceAccount" && controllerAccounts.contains(String(name)) {
      return .cluster("made by kube-controller-manager for its controllers")
    }
    if type == "Secret" && body["type"] == "bootstrap.kubernetes.io/token" {
      return .cluster("a bootstrap token")
    }
    if systemObjects[String(type)]?.contains(String(name)) == true {
      return .cluster("made by the control plane in \(namespace)")
    }
    return nil
  }
}
