import DriftModel

/// Inventory and resilience: resources that appear or disappear out of band (ID.AM-02,
/// DE.CM-09; PR.IR-03, RC.RP-01), and everyday capacity and configuration changes.
enum InventoryRules {
  static let all: [SeverityRule] = [
    SeverityRule(
      id: "unmanaged-access", family: "inventory", summary: "an access grant created out of band",
      types: [
        "*Binding.rbac.authorization.k8s.io", "*Role.rbac.authorization.k8s.io", "aws_iam_*",
      ],
      kinds: [.unmanaged], severity: .high, csf: ["ID.AM-02", "DE.CM-09", "PR.AA-05"]),
    SeverityRule(
      id: "unmanaged", family: "inventory", summary: "a resource created out of band",
      kinds: [.unmanaged],
      severity: .medium, csf: ["ID.AM-02", "DE.CM-09"]),
    SeverityRule(
      id: "missing", family: "inventory", summary: "a desired resource deleted out of band",
      kinds: [.missing],
      severity: .high, csf: ["PR.IR-03", "RC.RP-01", "DE.CM-09"]),
    SeverityRule(
      id: "replicas", family: "inventory", summary: "changed capacity",
      paths: ["/spec/replicas", "/desired_capacity", "/min_size", "/max_size"], severity: .low,
      csf: ["PR.IR-04", "DE.CM-09"]),
    SeverityRule(
      id: "configuration", family: "inventory", summary: "changed configuration data",
      types: ["ConfigMap"],
      paths: ["/data/*", "/binaryData/*"], severity: .medium, csf: ["PR.PS-01", "DE.CM-09"]),
  ]
}
