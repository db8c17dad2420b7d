import DriftFormats
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Testing

@Suite("bundled examples")
struct ExamplesTests {
  @Test(arguments: [
    "examples/github-actions/drift.yml", "examples/kubernetes/cronjob.yaml",
    ".pre-commit-hooks.yaml",
  ])
  func examplesParse(path: String) throws {
    let bytes = try [UInt8](Data(contentsOf: Golden.root.appendingPathComponent(path)))
    #expect(!(try YAMLReader.documents(bytes, file: path)).isEmpty)
  }

  @Test("the CronJob example runs as a non-root user with a read-only ServiceAccount")
  func cronJobKeepsThePolicies() throws {
    let path = "examples/kubernetes/cronjob.yaml"
    let bytes = try [UInt8](Data(contentsOf: Golden.root.appendingPathComponent(path)))
    let resources = try KubernetesFormat(defaultNamespace: "git-drift", secrets: .random())
      .desiredResources(bytes, file: path)
    #expect(
      resources.map(\.id.type) == [
        "ServiceAccount", "ClusterRole.rbac.authorization.k8s.io",
        "ClusterRoleBinding.rbac.authorization.k8s.io", "CronJob.batch",
      ])
    let role = try #require(resources.first { $0.id.type.hasPrefix("ClusterRole.") })
    #expect(role.body.value(at: FieldPath(pointer: "/rules/0/verbs")!) == ["get", "list"])
  }
}
