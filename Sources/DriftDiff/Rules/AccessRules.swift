import DriftModel

/// Access: who may do what (PR.AA-05: access permissions and authorizations are managed).
enum AccessRules {
  static let all: [SeverityRule] = [
    SeverityRule(
      id: "rbac-rules", family: "access", summary: "changed RBAC permissions",
      types: ["Role.rbac.authorization.k8s.io", "ClusterRole.rbac.authorization.k8s.io"],
      paths: ["/rules", "/rules/*", "/rules/*/*", "/rules/*/*/*", "/aggregationRule/*"],
      severity: .high,
      csf: ["PR.AA-05"]),
    SeverityRule(
      id: "rbac-binding", family: "access", summary: "changed role bindings",
      types: [
        "RoleBinding.rbac.authorization.k8s.io", "ClusterRoleBinding.rbac.authorization.k8s.io",
      ],
      paths: ["/subjects", "/subjects/*", "/subjects/*/*", "/roleRef/*"], severity: .high,
      csf: ["PR.AA-05"]),
    SeverityRule(
      id: "iam-policy", family: "access", summary: "a changed IAM policy",
      types: ["aws_iam_*", "AWS::IAM::*"],
      paths: [
        "/policy", "/assume_role_policy", "/policy_arn", "/PolicyDocument", "/ManagedPolicyArns/*",
      ],
      severity: .high, csf: ["PR.AA-05"]),
    SeverityRule(
      id: "secret-data", family: "access", summary: "changed secret data", types: ["Secret"],
      paths: ["/data/*", "/stringData/*"], severity: .high, csf: ["PR.DS-01", "PR.AA-05"]),
  ]
}
