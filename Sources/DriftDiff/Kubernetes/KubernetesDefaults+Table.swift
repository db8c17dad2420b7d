import DriftModel

/// The defaults table, by the Kubernetes source that fills each value in.
extension KubernetesDefaults {
  private static func entry(
    _ types: Set<String>?, _ pattern: [String], _ value: Value?, versions: Set<String>? = nil
  ) -> Entry {
    Entry(types: types, versions: versions, pattern: pattern, value: value)
  }

  /// pkg/apis/apps/v1/defaults.go: SetDefaults_Deployment, _DaemonSet, _StatefulSet,
  /// _ReplicaSet; apps/v1beta1 and extensions/v1beta1 for exports of old servers.
  static let appsEntries: [Entry] = [
    entry(["Deployment.apps", "StatefulSet.apps", "ReplicaSet.apps"], ["spec", "replicas"], 1),
    entry(["Deployment.apps"], ["spec", "progressDeadlineSeconds"], 600),
    entry(
      ["Deployment.apps", "StatefulSet.apps", "DaemonSet.apps"], ["spec", "revisionHistoryLimit"],
      10, versions: ["apps/v1", "apps/v1beta2"]),
    entry(["Deployment.apps"], ["spec", "revisionHistoryLimit"], 2, versions: ["apps/v1beta1"]),
    entry(["StatefulSet.apps"], ["spec", "revisionHistoryLimit"], 10),
    entry(["Deployment.apps"], ["spec", "strategy", "type"], "RollingUpdate"),
    entry(["Deployment.apps"], ["spec", "strategy", "rollingUpdate", "maxSurge"], "25%"),
    entry(["Deployment.apps"], ["spec", "strategy", "rollingUpdate", "maxUnavailable"], "25%"),
    // extensions/v1beta1 Deployments: MaxInt32 history and deadline, one pod at a time.
    entry(
      ["Deployment.apps"], ["spec", "progressDeadlineSeconds"], 2_147_483_647,
      versions: ["extensions/v1beta1"]),
    entry(
      ["Deployment.apps"], ["spec", "revisionHistoryLimit"], 2_147_483_647,
      versions: ["extensions/v1beta1"]),
    entry(
      ["Deployment.apps"], ["spec", "strategy", "rollingUpdate", "maxSurge"], 1,
      versions: ["extensions/v1beta1"]),
    entry(
      ["Deployment.apps"], ["spec", "strategy", "rollingUpdate", "maxUnavailable"], 1,
      versions: ["extensions/v1beta1"]),
    entry(["StatefulSet.apps"], ["spec", "podManagementPolicy"], "OrderedReady"),
    entry(
      ["StatefulSet.apps", "DaemonSet.apps"], ["spec", "updateStrategy", "type"], "RollingUpdate"),
    entry(
      ["StatefulSet.apps"], ["spec", "updateStrategy", "type"], "OnDelete",
      versions: ["apps/v1beta1"]),
    entry(["StatefulSet.apps"], ["spec", "updateStrategy", "rollingUpdate", "partition"], 0),
    entry(["DaemonSet.apps"], ["spec", "updateStrategy", "rollingUpdate", "maxUnavailable"], 1),
    entry(["DaemonSet.apps"], ["spec", "updateStrategy", "rollingUpdate", "maxSurge"], 0),
    entry(
      ["StatefulSet.apps"], ["spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted"],
      "Retain"),
    entry(
      ["StatefulSet.apps"], ["spec", "persistentVolumeClaimRetentionPolicy", "whenScaled"],
      "Retain"),
    // A claim template is a PersistentVolumeClaim: its defaults (below) and an empty status.
    entry(["StatefulSet.apps"], ["spec", "volumeClaimTemplates", "*", "status"], nil),
    entry(
      ["StatefulSet.apps"], ["spec", "volumeClaimTemplates", "*", "spec", "volumeMode"],
      "Filesystem"),
    entry(["StatefulSet.apps"], ["spec", "volumeClaimTemplates", "*", "apiVersion"], "v1"),
    entry(
      ["StatefulSet.apps"], ["spec", "volumeClaimTemplates", "*", "kind"],
      "PersistentVolumeClaim"),
  ]

  /// pkg/apis/batch/v1/defaults.go: SetDefaults_Job (completions and parallelism 1 when both
  /// are unset, backoffLimit 6, completionMode NonIndexed, suspend false, podReplacementPolicy
  /// TerminatingOrFailed), SetDefaults_CronJob; the selector and pod labels that the Job
  /// strategy generates (pkg/registry/batch/job/strategy.go, generateSelector).
  static let batchEntries: [Entry] =
    [
      entry(["Job.batch"], ["spec", "completions"], 1),
      entry(["Job.batch"], ["spec", "parallelism"], 1),
      entry(["Job.batch"], ["spec", "backoffLimit"], 6),
      entry(["Job.batch"], ["spec", "completionMode"], "NonIndexed"),
      entry(["Job.batch"], ["spec", "suspend"], false),
      entry(["Job.batch"], ["spec", "manualSelector"], false),
      entry(["Job.batch"], ["spec", "podReplacementPolicy"], "TerminatingOrFailed"),
      entry(["Job.batch"], ["spec", "selector"], nil),
      entry(["CronJob.batch"], ["spec", "concurrencyPolicy"], "Allow"),
      entry(["CronJob.batch"], ["spec", "suspend"], false),
      entry(["CronJob.batch"], ["spec", "successfulJobsHistoryLimit"], 3),
      entry(["CronJob.batch"], ["spec", "failedJobsHistoryLimit"], 1),
    ]
    + [
      "controller-uid", "job-name", "batch.kubernetes.io/controller-uid",
      "batch.kubernetes.io/job-name",
    ]
    .map { entry(["Job.batch"], ["spec", "template", "metadata", "labels", $0], nil) }

  /// pkg/apis/core/v1/defaults.go SetDefaults_Service and the allocators of
  /// pkg/registry/core/service (cluster IPs, node ports, IP families).
  static let serviceEntries: [Entry] = [
    entry(["Service"], ["spec", "clusterIP"], nil),
    entry(["Service"], ["spec", "clusterIPs"], nil),
    entry(["Service"], ["spec", "ipFamilies"], nil),
    entry(["Service"], ["spec", "ipFamilyPolicy"], "SingleStack"),
    entry(["Service"], ["spec", "type"], "ClusterIP"),
    entry(["Service"], ["spec", "sessionAffinity"], "None"),
    entry(
      ["Service"], ["spec", "sessionAffinityConfig", "clientIP", "timeoutSeconds"], 10_800),
    entry(["Service"], ["spec", "internalTrafficPolicy"], "Cluster"),
    entry(["Service"], ["spec", "externalTrafficPolicy"], "Cluster"),
    entry(["Service"], ["spec", "allocateLoadBalancerNodePorts"], true),
    entry(["Service"], ["spec", "healthCheckNodePort"], nil),
    entry(["Service"], ["spec", "ports", "*", "protocol"], "TCP"),
    entry(["Service"], ["spec", "ports", "*", "nodePort"], nil),
    entry(["Service"], ["spec", "publishNotReadyAddresses"], false),
  ]

  /// pkg/apis/core/v1/defaults.go for the other core kinds.
  static let coreEntries: [Entry] = [
    entry(["Secret"], ["type"], "Opaque"),
    entry(["ReplicationController"], ["spec", "replicas"], 1),
    entry(["PersistentVolume"], ["spec", "persistentVolumeReclaimPolicy"], "Retain"),
    entry(["PersistentVolume"], ["spec", "volumeMode"], "Filesystem"),
    // The PV controller binds claims; DefaultStorageClass admission names their class.
    entry(["PersistentVolume"], ["spec", "claimRef"], nil),
    entry(["PersistentVolumeClaim"], ["spec", "volumeMode"], "Filesystem"),
    entry(["PersistentVolumeClaim"], ["spec", "volumeName"], nil),
    entry(["PersistentVolumeClaim"], ["spec", "storageClassName"], nil),
    entry(["Endpoints"], ["subsets", "*", "ports", "*", "protocol"], "TCP"),
    entry(["EndpointSlice.discovery.k8s.io"], ["ports", "*", "protocol"], "TCP"),
    entry(["Namespace"], ["spec", "finalizers"], ["kubernetes"]),
    // The namespace registry labels every namespace with its name (Kubernetes 1.21).
    entry(["Namespace"], ["metadata", "labels", "kubernetes.io/metadata.name"], nil),
  ]

  /// pkg/apis/admissionregistration/v1/defaults.go and v1beta1/defaults.go: the two versions
  /// default failurePolicy, matchPolicy, timeoutSeconds and sideEffects differently.
  static let admissionEntries: [Entry] = {
    let types: Set<String> = [
      "MutatingWebhookConfiguration.admissionregistration.k8s.io",
      "ValidatingWebhookConfiguration.admissionregistration.k8s.io",
    ]
    let v1: Set<String> = ["admissionregistration.k8s.io/v1"]
    let v1beta1: Set<String> = ["admissionregistration.k8s.io/v1beta1"]
    let webhook = ["webhooks", "*"]
    return [
      entry(types, webhook + ["failurePolicy"], "Fail", versions: v1),
      entry(types, webhook + ["matchPolicy"], "Equivalent", versions: v1),
      entry(types, webhook + ["timeoutSeconds"], 10, versions: v1),
      entry(types, webhook + ["failurePolicy"], "Ignore", versions: v1beta1),
      entry(types, webhook + ["matchPolicy"], "Exact", versions: v1beta1),
      entry(types, webhook + ["timeoutSeconds"], 30, versions: v1beta1),
      entry(types, webhook + ["sideEffects"], "Unknown", versions: v1beta1),
      entry(types, webhook + ["admissionReviewVersions"], ["v1beta1"], versions: v1beta1),
      entry(types, webhook + ["reinvocationPolicy"], "Never"),
      entry(types, webhook + ["rules", "*", "scope"], "*"),
      entry(types, webhook + ["clientConfig", "service", "port"], 443),
      // Written by a CA injector (cert-manager's cainjector, an operator), never in git.
      entry(types, webhook + ["clientConfig", "caBundle"], nil),
    ]
  }()

  /// pkg/apis/storage/v1/defaults.go: SetDefaults_StorageClass, SetDefaults_CSIDriver.
  static let storageEntries: [Entry] = [
    entry(["StorageClass.storage.k8s.io"], ["reclaimPolicy"], "Delete"),
    entry(["StorageClass.storage.k8s.io"], ["volumeBindingMode"], "Immediate"),
    entry(["CSIDriver.storage.k8s.io"], ["spec", "attachRequired"], true),
    entry(["CSIDriver.storage.k8s.io"], ["spec", "podInfoOnMount"], false),
    entry(["CSIDriver.storage.k8s.io"], ["spec", "requiresRepublish"], false),
    entry(["CSIDriver.storage.k8s.io"], ["spec", "storageCapacity"], false),
    entry(["CSIDriver.storage.k8s.io"], ["spec", "seLinuxMount"], false),
    entry(["CSIDriver.storage.k8s.io"], ["spec", "volumeLifecycleModes"], ["Persistent"]),
    entry(
      ["CSIDriver.storage.k8s.io"], ["spec", "fsGroupPolicy"], "ReadWriteOnceWithFSType"),
  ]

  /// networking/v1, rbac/v1, scheduling/v1, autoscaling/v2, apiextensions/v1 and
  /// apiregistration defaults.go.
  static let otherEntries: [Entry] = [
    entry(
      ["NetworkPolicy.networking.k8s.io"], ["spec", "ingress", "*", "ports", "*", "protocol"],
      "TCP"),
    entry(
      ["NetworkPolicy.networking.k8s.io"], ["spec", "egress", "*", "ports", "*", "protocol"],
      "TCP"),
    entry(
      ["RoleBinding.rbac.authorization.k8s.io", "ClusterRoleBinding.rbac.authorization.k8s.io"],
      ["roleRef", "apiGroup"], "rbac.authorization.k8s.io"),
    entry(["PriorityClass.scheduling.k8s.io"], ["preemptionPolicy"], "PreemptLowerPriority"),
    entry(["HorizontalPodAutoscaler.autoscaling"], ["spec", "minReplicas"], 1),
    entry(
      ["HorizontalPodAutoscaler.autoscaling"], ["spec", "metrics"],
      [
        [
          "type": "Resource",
          "resource": [
            "name": "cpu", "target": ["type": "Utilization", "averageUtilization": 80],
          ],
        ]
      ], versions: ["autoscaling/v2", "autoscaling/v2beta2"]),
    entry(
      ["CustomResourceDefinition.apiextensions.k8s.io"], ["spec", "conversion", "strategy"],
      "None"),
    entry(
      ["CustomResourceDefinition.apiextensions.k8s.io"],
      ["spec", "conversion", "webhook", "clientConfig", "caBundle"], nil),
    entry(["APIService.apiregistration.k8s.io"], ["spec", "caBundle"], nil),
  ]

  /// Annotations and labels that controllers write on the objects they manage
  /// (pkg/controller/deployment/util, daemon, endpoint, volume/persistentvolume, podautoscaler,
  /// serviceaccount tokens; the job controller's tracking annotation of 1.23–1.26).
  static let metadataEntries: [Entry] = {
    let annotations: [(Set<String>?, String)] = [
      (["Deployment.apps", "ReplicaSet.apps"], "deployment.kubernetes.io/revision"),
      (["ReplicaSet.apps"], "deployment.kubernetes.io/desired-replicas"),
      (["ReplicaSet.apps"], "deployment.kubernetes.io/max-replicas"),
      (["DaemonSet.apps"], "deprecated.daemonset.template.generation"),
      (["Endpoints"], "endpoints.kubernetes.io/last-change-trigger-time"),
      (["PersistentVolumeClaim", "PersistentVolume"], "pv.kubernetes.io/bind-completed"),
      (["PersistentVolumeClaim", "PersistentVolume"], "pv.kubernetes.io/bound-by-controller"),
      (["PersistentVolume"], "pv.kubernetes.io/provisioned-by"),
      (["PersistentVolumeClaim"], "volume.beta.kubernetes.io/storage-provisioner"),
      (["PersistentVolumeClaim"], "volume.kubernetes.io/storage-provisioner"),
      (["PersistentVolumeClaim"], "volume.kubernetes.io/selected-node"),
      (["Secret"], "kubernetes.io/service-account.uid"),
      (["HorizontalPodAutoscaler.autoscaling"], "autoscaling.alpha.kubernetes.io/conditions"),
      (["HorizontalPodAutoscaler.autoscaling"], "autoscaling.alpha.kubernetes.io/current-metrics"),
      (["Job.batch"], "batch.kubernetes.io/job-tracking"),
    ]
    return annotations.map { entry($0.0, ["metadata", "annotations", $0.1], nil) }
      + [entry(["Job.batch"], ["metadata", "labels", "controller-uid"], nil)]
      + [entry(["Job.batch"], ["metadata", "labels", "batch.kubernetes.io/controller-uid"], nil)]
      + [entry(["Job.batch"], ["metadata", "labels", "job-name"], nil)]
      + [entry(["Job.batch"], ["metadata", "labels", "batch.kubernetes.io/job-name"], nil)]
  }()

  /// pkg/apis/core/v1/defaults.go for every pod spec (SetDefaults_PodSpec, _Container, _Probe,
  /// _HTTPGetAction, _ObjectFieldSelector, the volume sources' defaultMode 0644 = 420), and for
  /// Pods what admission adds (plugin/pkg/admission/serviceaccount, priority,
  /// defaulttolerationseconds) and the scheduler's node.
  static let podSpecEntries: [Entry] = {
    var entries: [Entry] = []
    for prefix in podSpecs + [["spec"]] {
      let types: Set<String>? = prefix == ["spec"] ? ["Pod"] : nil
      entries += [
        entry(types, prefix + ["restartPolicy"], "Always"),
        entry(types, prefix + ["dnsPolicy"], "ClusterFirst"),
        entry(types, prefix + ["schedulerName"], "default-scheduler"),
        entry(types, prefix + ["terminationGracePeriodSeconds"], 30),
        entry(types, prefix + ["enableServiceLinks"], true),
        entry(types, prefix + ["priority"], 0),
        entry(types, prefix + ["preemptionPolicy"], "PreemptLowerPriority"),
        entry(types, prefix + ["serviceAccountName"], "default"),
        entry(types, prefix + ["serviceAccount"], "default"),
        entry(types, prefix + ["hostNetwork"], false),
        entry(types, prefix + ["hostPID"], false),
        entry(types, prefix + ["hostIPC"], false),
        entry(types, prefix + ["shareProcessNamespace"], false),
        entry(types, prefix + ["automountServiceAccountToken"], true),
      ]
      for volume in ["configMap", "secret", "projected", "downwardAPI"] {
        entries.append(entry(types, prefix + ["volumes", "*", volume, "defaultMode"], 420))
      }
      entries += [
        entry(types, prefix + ["volumes", "*", "hostPath", "type"], ""),
        entry(
          types, prefix + ["volumes", "*", "downwardAPI", "items", "*", "fieldRef", "apiVersion"],
          "v1"),
        entry(
          types,
          prefix + [
            "volumes", "*", "projected", "sources", "*", "downwardAPI", "items", "*", "fieldRef",
            "apiVersion",
          ], "v1"),
        entry(
          types,
          prefix + [
            "volumes", "*", "projected", "sources", "*", "serviceAccountToken",
            "expirationSeconds",
          ], 3600),
      ]
      for containers in ["containers", "initContainers", "ephemeralContainers"] {
        let container = prefix + [containers, "*"]
        entries += [
          entry(types, container + ["terminationMessagePath"], "/dev/termination-log"),
          entry(types, container + ["terminationMessagePolicy"], "File"),
          entry(types, container + ["imagePullPolicy"], "IfNotPresent"),
          entry(types, container + ["ports", "*", "protocol"], "TCP"),
          entry(types, container + ["env", "*", "valueFrom", "fieldRef", "apiVersion"], "v1"),
          entry(types, container + ["env", "*", "valueFrom", "resourceFieldRef", "divisor"], "0"),
          entry(types, container + ["env", "*", "valueFrom", "resourceFieldRef", "divisor"], 0),
        ]
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
          entries += [
            entry(types, container + [probe, "timeoutSeconds"], 1),
            entry(types, container + [probe, "periodSeconds"], 10),
            entry(types, container + [probe, "successThreshold"], 1),
            entry(types, container + [probe, "failureThreshold"], 3),
            entry(types, container + [probe, "httpGet", "scheme"], "HTTP"),
            entry(types, container + [probe, "httpGet", "path"], "/"),
          ]
        }
        for hook in ["postStart", "preStop"] {
          entries += [
            entry(types, container + ["lifecycle", hook, "httpGet", "scheme"], "HTTP"),
            entry(types, container + ["lifecycle", hook, "httpGet", "path"], "/"),
          ]
        }
      }
    }
    // Only Pods: the scheduler picks the node; priority admission resolves the class.
    entries += [
      entry(["Pod"], ["spec", "nodeName"], nil),
      entry(["Pod"], ["spec", "priority"], nil),
    ]
    return entries
  }()
}
