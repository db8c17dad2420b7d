import DriftJSON
public import DriftModel

/// SARIF 2.1.0, as GitHub code scanning reads it: one result per drifted attribute (per
/// resource for missing and unmanaged ones), located at the line of the desired file that
/// declares it, with rule ids per drift kind and per severity rule, and severity as level.
public struct SARIFReportRenderer: ReportRenderer {
  /// The version written in the tool's driver.
  public var toolVersion: String
  /// Where resources without a desired file (unmanaged ones) are located: `.drift.yml`.
  public var configurationFile: String

  /// Creates the renderer.
  public init(toolVersion: String = "0.1.0", configurationFile: String = ".drift.yml") {
    self.toolVersion = toolVersion
    self.configurationFile = configurationFile
  }

  private struct Rule {
    var id: String
    var summary: String
    var level: String
    var tags: [String]
  }

  public func render(_ report: DriftReport) -> String {
    var rules: [Rule] = []
    var ruleIndex: [String: Int] = [:]
    var results: [Value] = []
    func rule(_ id: String, _ summary: String, _ severity: Severity, _ tags: [String]) -> Int {
      if let index = ruleIndex[id] { return index }
      rules.append(Rule(id: id, summary: summary, level: Self.level(severity), tags: tags))
      ruleIndex[id] = rules.count - 1
      return rules.count - 1
    }
    for drift in report.drifts {
      let file = drift.location?.file ?? configurationFile
      switch drift.kind {
      case .modified:
        for change in drift.changes {
          let id = "drift/modified" + (change.rule.map { "/" + $0 } ?? "")
          let index = rule(
            id, Self.summary(of: drift.kind, rule: change.rule), change.severity,
            change.csf.isEmpty ? drift.csf : change.csf)
          results.append(
            result(
              ruleID: id, ruleIndex: index, severity: change.severity,
              message: message(drift, change),
              file: file, line: change.line ?? drift.location?.line, drift: drift,
              fingerprint: drift.id.address + "#" + change.path.pointer))
        }
      case .missing, .unmanaged:
        let id = "drift/" + drift.kind.rawValue
        let index = rule(id, Self.summary(of: drift.kind, rule: nil), drift.severity, drift.csf)
        results.append(
          result(
            ruleID: id, ruleIndex: index, severity: drift.severity, message: message(drift, nil),
            file: file, line: drift.location?.line, drift: drift, fingerprint: drift.id.address))
      }
    }
    let driver: Value = .object([
      Member("name", "git-drift"),
      Member("semanticVersion", .string(toolVersion)),
      Member(
        "rules",
        .array(
          rules.map { rule in
            .object([
              Member("id", .string(rule.id)),
              Member("shortDescription", ["text": .string(rule.summary)]),
              Member("defaultConfiguration", ["level": .string(rule.level)]),
              Member("properties", ["tags": .array(rule.tags.map(Value.string))]),
            ])
          })),
    ])
    let run: Value = .object([
      Member("tool", ["driver": driver]),
      Member(
        "automationDetails",
        ["id": .string("git-drift/" + report.snapshots.map(\.source).joined(separator: "+") + "/")]),
      Member("results", .array(results)),
      Member(
        "properties",
        [
          "desiredCommit": .string(report.desired.commit),
          "desiredRef": .string(report.desired.ref),
        ]),
    ])
    let log: Value = .object([
      Member("$schema", "https://json.schemastore.org/sarif-2.1.0.json"),
      Member("version", "2.1.0"),
      Member("runs", .array([run])),
    ])
    return JSONWriter(pretty: true).string(log) + "\n"
  }

  private func result(
    ruleID: String, ruleIndex: Int, severity: Severity, message: String, file: String, line: Int?,
    drift: Drift, fingerprint: String
  ) -> Value {
    var region: [Member] = []
    if let line, line > 0 { region.append(Member("startLine", .integer(line))) }
    var physical: [Member] = [
      Member("artifactLocation", ["uri": .string(file), "uriBaseId": "%SRCROOT%"])
    ]
    if !region.isEmpty { physical.append(Member("region", .object(region))) }
    var properties: [Member] = [
      Member("address", .string(drift.id.address)), Member("source", .string(drift.source)),
      Member("kind", .string(drift.kind.rawValue)), Member("severity", .string(severity.name)),
      Member("csf", .array(drift.csf.map(Value.string))),
    ]
    if !drift.owners.isEmpty {
      properties.append(Member("owners", .array(drift.owners.map(Value.string))))
    }
    return .object([
      Member("ruleId", .string(ruleID)),
      Member("ruleIndex", .integer(ruleIndex)),
      Member("level", .string(Self.level(severity))),
      Member("message", ["text": .string(message)]),
      Member(
        "locations",
        .array([
          .object([
            Member("physicalLocation", .object(physical)),
            Member(
              "logicalLocations",
              .array([["fullyQualifiedName": .string(drift.id.address), "kind": "resource"]])),
          ])
        ])),
      Member("partialFingerprints", ["driftLocation/v1": .string(fingerprint)]),
      Member("properties", .object(properties)),
    ])
  }

  private func message(_ drift: Drift, _ change: Change?) -> String {
    let writer = JSONWriter()
    switch drift.kind {
    case .missing:
      return "\(drift.id.address) is declared here but missing live (deleted out of band)."
    case .unmanaged:
      return "\(drift.id.address) runs live but is not declared in git"
        + (drift.actor.map { " (created by \($0.manager))" } ?? "") + "."
    case .modified:
      guard let change else { return "\(drift.id.address) differs live." }
      let live = change.live.map(writer.string) ?? "absent"
      let desired = change.desired.map(writer.string) ?? "absent"
      let actor =
        change.actor.map { " by \($0.manager)" + ($0.time.map { " at \($0)" } ?? "") } ?? ""
      return
        "\(drift.id.address) \(change.path): live \(live), desired \(desired) (changed\(actor))."
    }
  }

  static func level(_ severity: Severity) -> String {
    switch severity {
    case .critical, .high: return "error"
    case .medium: return "warning"
    case .low, .info: return "note"
    }
  }

  static func summary(of kind: DriftKind, rule: String?) -> String {
    switch kind {
    case .modified:
      return "Live state differs from the desired state" + (rule.map { " (\($0))" } ?? "")
    case .missing: return "A desired resource is missing live"
    case .unmanaged: return "A live resource is not declared in git"
    }
  }
}
