import DriftJSON
import DriftModel
import Foundation
import Testing

@testable import DriftFormats

@Suite struct KubernetesFormatTests {
  private let format = KubernetesFormat(
    defaultNamespace: "team", secrets: SecretDigester(key: [7]))

  @Test(
    arguments: [
      ("apps/v1", "Deployment", "prod", "web", "Deployment.apps/prod/web"),
      ("v1", "Service", "prod", "web", "Service/prod/web"),
      (
        "rbac.authorization.k8s.io/v1", "ClusterRole", nil, "admin",
        "ClusterRole.rbac.authorization.k8s.io/admin"
      ),
      ("networking.k8s.io/v1", "Ingress", "edge", "api", "Ingress.networking.k8s.io/edge/api"),
    ] as [(String, String, String?, String, String)])
  func addressesLiveObjects(
    apiVersion: String, kind: String, namespace: String?, name: String, address: String
  ) throws {
    let namespaceLine = namespace.map { "\n    \"namespace\": \"\($0)\"," } ?? ""
    let json = """
      {"apiVersion": "\(apiVersion)", "kind": "\(kind)",
        "metadata": {\(namespaceLine)
          "name": "\(name)"}}
      """
    let resources = try format.liveResources(json.bytes, file: "live.json")
    #expect(resources.map(\.id.address) == [address])
    #expect(resources.first?.id.type == address.split(separator: "/").first.map(String.init))
  }

  @Test func defaultsNamespaceOnlyForNamespacedKinds() throws {
    let yaml = """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: admin
      ---
      apiVersion: v1
      kind: Namespace
      metadata:
        name: team
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: prod
      """
    let resources = try format.desiredResources(yaml.bytes, file: "k8s/all.yaml")
    #expect(
      resources.map(\.id.address) == [
        "ConfigMap/team/settings", "ClusterRole.rbac.authorization.k8s.io/admin", "Namespace/team",
        "Deployment.apps/prod/web",
      ])
    #expect(resources[0].body["metadata"]?["namespace"] == "team")
    #expect(resources[1].body["metadata"]?["namespace"] == nil)
    #expect(resources.map { $0.location?.line } == [1, 6, 11, 16])
    #expect(resources.allSatisfy { $0.location?.file == "k8s/all.yaml" })
  }

  @Test func readsListExportsInJSONAndYAML() throws {
    let json = """
      {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""},
       "items": [
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a", "namespace": "x"}},
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "b", "namespace": "x"}}
       ]}
      """
    let fromJSON = try format.liveResources(json.bytes, file: "live.json")
    #expect(fromJSON.map(\.id.address) == ["Service/x/a", "Deployment.apps/x/b"])
    #expect(fromJSON.map { $0.location?.line } == [3, 4])
    let yaml = """
      apiVersion: v1
      kind: List
      items:
        - apiVersion: v1
          kind: Service
          metadata: {name: a, namespace: x}
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: c, namespace: x}
      """
    let fromYAML = try format.liveResources(yaml.bytes, file: "live.yaml")
    #expect(fromYAML.map(\.id.address) == ["Service/x/a", "ConfigMap/x/c"])
    #expect(fromYAML.map { $0.location?.line } == [4, 7])
  }

  @Test func readsSingleObjectExportsAndDesiredJSON() throws {
    let json =
      #"{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "namespace": "x"}}"#
    #expect(
      try format.liveResources(json.bytes, file: "live.json").map(\.id.address) == ["Secret/x/s"])
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: x\n"
    #expect(
      try format.liveResources(yaml.bytes, file: "live.yaml").map(\.id.address) == ["Pod/x/p"])
    let desired = #"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}"#
    #expect(
      try format.desiredResources(desired.bytes, file: "pod.json").map(\.id.address) == [
        "Pod/team/p"
      ])
  }

  @Test(arguments: [
    ("kind: Pod\nmetadata:\n  name: p\n", "has no apiVersion"),
    ("apiVersion: v1\nmetadata:\n  name: p\n", "has no kind"),
    ("apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {a: b}\n", "Pod has no metadata.name"),
    ("apiVersion: v1\nkind: Pod\n", "Pod has no metadata.name"),
    ("- just\n- a list\n", "expected a Kubernetes object, found array"),
  ])
  func rejectsDocumentsThatAreNotObjects(document: String, message: String) throws {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\n---\n" + document
    let error = try #require(throws: DriftError.self) {
      try format.desiredResources(text.bytes, file: "k8s/bad.yaml")
    }
    #expect(error.message.contains(message))
    #expect(error.location?.file == "k8s/bad.yaml")
    #expect(error.location?.line == 6)
  }

  @Test func rejectsTerraformStateAsLiveExport() throws {
    let path = "terraform/hashicorp-terraform/show-json--drift/terraform.tfstate"
    let error = try #require(throws: DriftError.self) {
      try format.liveResources(try Corpus.bytes(path), file: path)
    }
    #expect(error.message.contains("not Kubernetes output"))
    #expect(error.location == SourceLocation(file: path, line: 1, column: 1))
    #expect(error.description.hasPrefix("\(path):1:1: "))
  }

  @Test func readsGuestbookAllInOne() throws {
    let path = "kubernetes/kubernetes-examples/guestbook-all-in-one.yaml"
    let resources = try KubernetesFormat(secrets: .random()).desiredResources(
      try Corpus.bytes(path), file: path)
    #expect(
      resources.map(\.id.address) == [
        "Service/default/redis-master", "Deployment.apps/default/redis-master",
        "Service/default/redis-replica", "Deployment.apps/default/redis-replica",
        "Service/default/frontend", "Deployment.apps/default/frontend",
      ])
    #expect(resources.map { $0.location?.line } == [1, 18, 46, 62, 98, 117])
  }

  @Test func readsCassandraStatefulSetAndClusterScopedStorageClass() throws {
    let path = "kubernetes/kubernetes-examples/cassandra-statefulset.yaml"
    let resources = try format.desiredResources(try Corpus.bytes(path), file: path)
    #expect(
      resources.map(\.id.address) == [
        "StatefulSet.apps/team/cassandra", "StorageClass.storage.k8s.io/fast",
      ])
  }

  @Test func readsKubectlListOfPods() throws {
    let path = "kubernetes/kubectl-neat/list1-raw.json"
    let resources = try format.liveResources(try Corpus.bytes(path), file: path)
    #expect(resources.map(\.id.address) == ["Pod/default/t1", "Pod/default/t2"])
    #expect(resources.allSatisfy { $0.body["status"] != nil && $0.location?.file == path })
  }
}

/// Which files a plain source reads as objects: every object of the shared corpus (kubectl
/// and Argo CD's diff fixtures, written by real tools) is one, and tool configurations are not.
@Suite struct ObjectShapeTests {
  @Test func everyCorpusObjectLooksLikeAnObject() throws {
    let folder = Corpus.root.appendingPathComponent("kubernetes")
    let files = try #require(FileManager.default.enumerator(atPath: folder.path))
      .compactMap { $0 as? String }.filter(KubernetesFormat.isManifestFile)
    #expect(files.count >= 30)
    for file in files {
      let documents = try KubernetesFormat.documents(
        Corpus.bytes("kubernetes/" + file), file: file)
      for document in documents where document.value["kind"] != nil {
        #expect(KubernetesFormat.looksLikeObject(document.value), "\(file)")
      }
    }
  }

  @Test(arguments: [
    ("apiVersion: v2\nname: podinfo\nversion: 6.5.1\n", false),
    ("apiVersion: skaffold/v4beta6\nkind: Config\nmetadata:\n  name: p\n", false),
    ("apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: p\n", false),
    ("name: ci\non: [push]\n", false),
    ("replicaCount: 2\n", false),
    ("apiVersion: v1\nmetadata:\n  name: x\n", true),
    ("kind: ConfigMap\nmetadata:\n  name: x\n", true),
    ("apiVersion: batch/v1\nkind: Job\n", true),
    ("apiVersion: stable.example.com/v1\nkind: CronTab\n", true),
    ("apiVersion: 3\nkind: ConfigMap\n", true),
  ])
  func toolConfigurationsAreNotObjects(text: String, isObject: Bool) throws {
    let value = try YAMLReader.value(Array(text.utf8), file: "f.yaml")
    #expect(KubernetesFormat.looksLikeObject(value) == isObject, "\(text)")
  }
}
