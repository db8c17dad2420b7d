import DriftDiff
import DriftModel
import Foundation
import Testing

/// Every built-in rule, family by family: a value that meets it at one of its paths gets its
/// severity and CSF subcategories, and a harmless value does not.
@Suite("severity rule families")
struct SeverityRuleFamilyTests {
  static func triggering(_ rule: SeverityRule) -> Value {
    switch rule.condition {
    case .present: return "x"
    case .oneOf(let values): return values[0]
    case .contains(let text): return .string(text)
    }
  }

  static func type(for rule: SeverityRule) -> String {
    (rule.types?.first ?? "Deployment.apps").replacing("*", with: "x")
  }

  @Test(arguments: SeverityRule.builtIn.filter { !$0.paths.isEmpty }.map(\.id))
  func ruleRatesWhatItCovers(id: String) throws {
    let rule = try #require(SeverityRule.builtIn.first { $0.id == id })
    let path = try #require(FieldPath(pointer: rule.paths[0].replacing("*", with: "0")))
    let resource = ResourceID(type: Self.type(for: rule), address: "\(Self.type(for: rule))/prod/x")
    let change = Change(.replace, at: path, desired: nil, live: Self.triggering(rule))
    let rating = SeverityRules(rules: [rule]).rate(change, in: resource)
    #expect(rating.rule == rule.id)
    #expect(rating.severity == rule.severity)
    #expect(rating.csf == rule.csf)
    #expect(
      !rule.csf.isEmpty
        && rule.csf.allSatisfy {
          $0.range(of: #"^[A-Z]{2}\.[A-Z]{2}-\d{2}$"#, options: .regularExpression) != nil
        })
    let elsewhere = Change(
      .replace, at: FieldPath(["metadata", "labels", "x"]), desired: nil,
      live: Self.triggering(rule))
    #expect(SeverityRules(rules: [rule]).rate(elsewhere, in: resource).rule == nil)
  }

  @Test func familiesHaveTheirOwnFiles() {
    let families = Set(SeverityRule.builtIn.map(\.family))
    #expect(families == ["privilege", "exposure", "access", "images", "inventory"])
    #expect(
      Set(SeverityRule.builtIn.map(\.id)).count == SeverityRule.builtIn.count, "ids are unique")
  }

  @Test func privilegeNeedsTheRiskyValue() throws {
    let path = try #require(
      FieldPath(pointer: "/spec/template/spec/containers/0/securityContext/privileged"))
    let web = ResourceID(type: "Deployment.apps", address: "Deployment.apps/prod/web")
    #expect(
      SeverityRules().rate(Change(.replace, at: path, desired: true, live: false), in: web).severity
        == .low)
  }

  @Test func openSecurityGroupsAreCritical() {
    let rule = Change(
      .replace, at: FieldPath(["ingress", "0", "cidr_blocks"]), desired: ["10.0.0.0/8"],
      live: ["10.0.0.0/8", "0.0.0.0/0"])
    let group = ResourceID(type: "aws_security_group", address: "aws_security_group.web")
    #expect(SeverityRules().rate(rule, in: group).severity == .critical)
  }

  @Test func unmanagedAccessGrantsAreHigh() {
    let binding = ResourceID(
      type: "ClusterRoleBinding.rbac.authorization.k8s.io",
      address: "ClusterRoleBinding.rbac.authorization.k8s.io/x")
    let rating = SeverityRules().rate(.unmanaged, changes: [], in: binding)
    #expect(rating.severity == .high)
    #expect(rating.csf.contains("ID.AM-02") && rating.csf.contains("DE.CM-09"))
  }
}
