import DriftModel

/// Images and versions: what software runs (PR.PS-02: software is maintained; ID.AM-02:
/// inventories of software).
enum ImageRules {
  static let all: [SeverityRule] = [
    SeverityRule(
      id: "image", family: "images", summary: "a changed container image",
      paths: PrivilegeRules.containers("/image"), severity: .medium, csf: ["PR.PS-02", "ID.AM-02"]),
    SeverityRule(
      id: "version", family: "images", summary: "a changed software version",
      paths: [
        "/engine_version", "/version", "/kubernetes_version", "/runtime", "/EngineVersion",
        "/Runtime",
      ],
      severity: .medium, csf: ["PR.PS-02", "ID.AM-02"]),
  ]
}
