import DriftModel

/// Exposure: services and networks opened to the world (PR.IR-01: networks are protected from
/// unauthorized access; PR.DS-01: data at rest).
enum ExposureRules {
  static let all: [SeverityRule] = [
    SeverityRule(
      id: "service-exposed", family: "exposure", summary: "a Service exposed outside the cluster",
      types: ["Service"], paths: ["/spec/type"], when: .oneOf(["LoadBalancer", "NodePort"]),
      severity: .high, csf: ["PR.IR-01", "PR.PS-01"], isPolicy: true),
    SeverityRule(
      id: "open-network-policy", family: "exposure", summary: "a network policy open to 0.0.0.0/0",
      types: ["NetworkPolicy.networking.k8s.io"],
      paths: ["/spec/ingress/*/from/*/ipBlock/cidr", "/spec/egress/*/to/*/ipBlock/cidr"],
      when: .contains("0.0.0.0/0"), severity: .critical, csf: ["PR.IR-01"], isPolicy: true),
    SeverityRule(
      id: "open-security-group", family: "exposure",
      summary: "a security group rule open to 0.0.0.0/0",
      types: [
        "aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule",
        "AWS::EC2::SecurityGroup*",
      ],
      paths: [
        "/cidr_blocks", "/cidr_ipv4", "/ingress/*/cidr_blocks", "/SecurityGroupIngress/*/CidrIp",
        "/CidrIp",
      ],
      when: .contains("0.0.0.0/0"), severity: .critical, csf: ["PR.IR-01"], isPolicy: true),
    SeverityRule(
      id: "public-bucket", family: "exposure", summary: "a publicly readable bucket",
      types: ["aws_s3_bucket*", "AWS::S3::Bucket"],
      paths: ["/acl", "/AccessControl"],
      when: .oneOf(["public-read", "public-read-write", "PublicRead", "PublicReadWrite"]),
      severity: .critical, csf: ["PR.DS-01", "PR.AA-05"], isPolicy: true),
    SeverityRule(
      id: "public-access-block-off", family: "exposure",
      summary: "public access blocking turned off",
      types: ["aws_s3_bucket_public_access_block"],
      paths: [
        "/block_public_acls", "/block_public_policy", "/ignore_public_acls",
        "/restrict_public_buckets",
      ],
      when: .oneOf([false]), severity: .critical, csf: ["PR.DS-01"], isPolicy: true),
    SeverityRule(
      id: "ingress-route", family: "exposure", summary: "a changed ingress route",
      types: ["Ingress.networking.k8s.io"],
      paths: ["/spec/rules/*/host", "/spec/rules/*/http/paths/*/backend/service/name"],
      severity: .medium, csf: ["PR.IR-01"]),
  ]
}
