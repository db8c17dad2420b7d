import DriftModel

/// Privilege: containers and pods that escape their isolation (PR.AA: access control; PR.PS:
/// platform security).
enum PrivilegeRules {
  static let podSpecs = ["/spec/template/spec", "/spec", "/spec/jobTemplate/spec/template/spec"]
  static func containers(_ suffix: String) -> [String] {
    podSpecs.flatMap { spec in
      ["containers", "initContainers", "ephemeralContainers"].map { "\(spec)/\($0)/*\(suffix)" }
    }
  }

  static let all: [SeverityRule] = [
    SeverityRule(
      id: "privileged-container", family: "privilege", summary: "a privileged container",
      paths: containers("/securityContext/privileged"), when: .oneOf([true]),
      severity: .critical, csf: ["PR.AA-05", "PR.PS-01"], isPolicy: true),
    SeverityRule(
      id: "host-namespace", family: "privilege",
      summary: "a pod sharing the host's network, PID or IPC namespace",
      paths: podSpecs.flatMap { ["\($0)/hostNetwork", "\($0)/hostPID", "\($0)/hostIPC"] },
      when: .oneOf([true]), severity: .critical, csf: ["PR.AA-05", "PR.PS-01", "PR.IR-01"],
      isPolicy: true),
    SeverityRule(
      id: "host-path-volume", family: "privilege",
      summary: "a volume mounted from the host's file system",
      paths: podSpecs.map { "\($0)/volumes/*/hostPath/path" }, severity: .high,
      csf: ["PR.AA-05", "PR.PS-01"], isPolicy: true),
    SeverityRule(
      id: "added-capabilities", family: "privilege", summary: "added Linux capabilities",
      paths: containers("/securityContext/capabilities/add/*"), severity: .high,
      csf: ["PR.AA-05", "PR.PS-01"], isPolicy: true),
    SeverityRule(
      id: "privilege-escalation", family: "privilege", summary: "privilege escalation allowed",
      paths: containers("/securityContext/allowPrivilegeEscalation"), when: .oneOf([true]),
      severity: .high, csf: ["PR.AA-05", "PR.PS-01"], isPolicy: true),
    SeverityRule(
      id: "run-as-root", family: "privilege", summary: "a container running as root",
      paths: containers("/securityContext/runAsUser")
        + podSpecs.map { "\($0)/securityContext/runAsUser" },
      when: .oneOf([0]), severity: .high, csf: ["PR.AA-05", "PR.PS-01"], isPolicy: true),
    SeverityRule(
      id: "service-account", family: "privilege", summary: "a changed service account",
      paths: podSpecs.flatMap { ["\($0)/serviceAccountName", "\($0)/serviceAccount"] },
      severity: .medium,
      csf: ["PR.AA-05"]),
  ]
}
