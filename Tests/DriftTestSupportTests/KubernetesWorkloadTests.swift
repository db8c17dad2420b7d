import DriftTestSupport
import Foundation
import Testing

@Suite struct KubernetesWorkloadTests {
  static let drifts = KubernetesWorkload.Drifts(
    scaled: [1, 4], imageChanged: [4], envAdded: [2, 4], configEdited: [5], deleted: [7],
    handCreated: 2)
  let workload = KubernetesWorkload(apps: 12, drifts: Self.drifts, seed: 42)

  @Test func liveListIsValidJSONShapedLikeKubectl() throws {
    let list = try jsonObject(workload.liveList())
    #expect(list["apiVersion"] as? String == "v1")
    #expect(list["kind"] as? String == "List")
    #expect((list["metadata"] as? [String: Any])?["resourceVersion"] as? String == "")
    let compact = try jsonObject(workload.liveList(indented: false))
    #expect(NSDictionary(dictionary: compact).isEqual(to: list))
    #expect(workload.liveList().hasPrefix("{\n    \"apiVersion\": \"v1\",\n    \"items\": ["))
    let first = metadata(try #require(try liveItems(workload.liveList()).first))
    #expect(first["creationTimestamp"] as? String == "2025-03-04T09:00:00Z")
    let uid = try #require(first["uid"] as? String)
    #expect(
      uid.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/)
        != nil)
  }

  @Test func sameSeedGivesIdenticalText() {
    let again = KubernetesWorkload(apps: 12, drifts: Self.drifts, seed: 42)
    #expect(again.liveList() == workload.liveList())
    #expect(again.desiredFiles().map(\.contents) == workload.desiredFiles().map(\.contents))
    #expect(again.expectedDrifts() == workload.expectedDrifts())
    let other = KubernetesWorkload(apps: 12, drifts: Self.drifts, seed: 43)
    #expect(other.desiredFiles().map(\.contents) != workload.desiredFiles().map(\.contents))
  }

  @Test func countsAndOrder() throws {
    let files = workload.desiredFiles()
    #expect(files.count == 12)
    #expect(files[7].path == "apps/app-0007.yaml")
    let documents = files.map { $0.contents.components(separatedBy: "\n---\n").count }
    #expect(documents.reduce(0, +) == 12 * 3)
    let items = try liveItems(workload.liveList())
    #expect(items.count == 3 * (12 - 1) + 2)
    let kinds = items.map { $0["kind"] as? String ?? "" }
    let order = ["Deployment": 0, "Service": 1, "ConfigMap": 2]
    #expect(kinds.map { order[$0] ?? -1 } == kinds.map { order[$0] ?? -1 }.sorted())
    let deploymentNames = items.filter { $0["kind"] as? String == "Deployment" }.map(name)
    #expect(deploymentNames == deploymentNames.sorted())
    #expect(deploymentNames.last == "hand-01")
    #expect(!items.map(name).contains("app-0007"))
    #expect(items.allSatisfy { (metadata($0)["namespace"] as? String) == "prod" })
  }

  @Test func expectedDriftsMatchThePlan() {
    let expected: Set<ExpectedDrift> = [
      .init(
        kind: "modified", address: "Deployment.apps/prod/app-0001", pointers: ["/spec/replicas"],
        actor: "kubectl-scale"),
      .init(
        kind: "modified", address: "Deployment.apps/prod/app-0002",
        pointers: ["/spec/template/spec/containers/0/env/1"], actor: "kubectl-edit"),
      .init(
        kind: "modified", address: "Deployment.apps/prod/app-0004",
        pointers: [
          "/spec/replicas", "/spec/template/spec/containers/0/env/1",
          "/spec/template/spec/containers/0/image",
        ], actor: "kubectl-edit,kubectl-scale,kubectl-set"),
      .init(
        kind: "modified", address: "ConfigMap/prod/app-0005-config",
        pointers: ["/data/FEATURE_X"], actor: "kubectl-edit"),
      .init(kind: "missing", address: "Deployment.apps/prod/app-0007"),
      .init(kind: "missing", address: "Service/prod/app-0007"),
      .init(kind: "missing", address: "ConfigMap/prod/app-0007-config"),
      .init(kind: "unmanaged", address: "Deployment.apps/prod/hand-00", actor: "kubectl-create"),
      .init(kind: "unmanaged", address: "Deployment.apps/prod/hand-01", actor: "kubectl-create"),
    ]
    #expect(Set(workload.expectedDrifts()) == expected)
    #expect(workload.expectedDrifts().count == expected.count)
    #expect(KubernetesWorkload(apps: 5).expectedDrifts().isEmpty)
  }

  @Test func injectedDriftDiffersLiveButNotInLastApplied() throws {
    let items = try liveItems(workload.liveList())
    let scaled = try #require(find(items, "Deployment", "app-0001"))
    let applied = try lastApplied(scaled)
    let desiredReplicas = try #require(
      (applied["spec"] as? [String: Any])?["replicas"] as? Int)
    #expect(workload.desiredFiles()[1].contents.contains("replicas: \(desiredReplicas)  #"))
    #expect((scaled["spec"] as? [String: Any])?["replicas"] as? Int == desiredReplicas + 3)
    #expect(metadata(scaled)["generation"] as? Int == 2)
    let managers = try #require(metadata(scaled)["managedFields"] as? [[String: Any]])
    #expect(
      managers.map { $0["manager"] as? String } == [
        "kubectl-client-side-apply", "kubectl-scale", "kube-controller-manager",
      ])
    let scale = managers[1]
    #expect(scale["subresource"] as? String == "scale")
    #expect(scale["operation"] as? String == "Update")
    #expect(
      NSDictionary(dictionary: scale["fieldsV1"] as? [String: Any] ?? [:]).isEqual(
        to: ["f:spec": ["f:replicas": [String: Any]()]]))
    let applierSpec = (managers[0]["fieldsV1"] as? [String: Any])?["f:spec"] as? [String: Any]
    #expect(applierSpec?["f:replicas"] == nil)
    #expect(applierSpec?["f:revisionHistoryLimit"] != nil)
    #expect((scale["time"] as? String ?? "") > (managers[0]["time"] as? String ?? "~"))

    let edited = try #require(find(items, "Deployment", "app-0004"))
    let container = try #require(containers(edited).first)
    let env = try #require(container["env"] as? [[String: Any]])
    #expect(env.count == 2 && env[1]["name"] as? String == "DEBUG")
    #expect((container["image"] as? String)?.hasSuffix("-hotfix") == true)
    let appliedContainer = try #require(containers(try lastApplied(edited)).first)
    #expect((appliedContainer["env"] as? [Any])?.count == 1)
    #expect((appliedContainer["image"] as? String)?.hasSuffix(".0") == true)

    let config = try #require(find(items, "ConfigMap", "app-0005-config"))
    #expect((config["data"] as? [String: Any])?["FEATURE_X"] as? String == "off")
    #expect((try lastApplied(config)["data"] as? [String: Any])?["FEATURE_X"] as? String == "on")

    let hand = try #require(find(items, "Deployment", "hand-00"))
    #expect((metadata(hand)["annotations"] as? [String: Any])?.count == 1)
    let handManagers = metadata(hand)["managedFields"] as? [[String: Any]] ?? []
    #expect(handManagers.first?["manager"] as? String == "kubectl-create")
  }

  @Test func noiseOnlyListHasEveryAppExactlyAsApplied() throws {
    let text = workload.liveList(noiseOnly: true)
    #expect(!text.contains("kubectl-scale") && !text.contains("kubectl-edit"))
    let items = try liveItems(text)
    #expect(items.count == 12 * 3)
    for item in items where item["kind"] as? String == "Deployment" {
      let spec = try #require(item["spec"] as? [String: Any])
      let applied = try #require(try lastApplied(item)["spec"] as? [String: Any])
      #expect(spec["replicas"] as? Int == applied["replicas"] as? Int)
      #expect(
        containers(item).first?["image"] as? String
          == containers(try lastApplied(item)).first?["image"] as? String)
      let limits = (containers(item).first?["resources"] as? [String: Any])?["limits"]
      #expect((limits as? [String: Any])?["cpu"] as? String == "500m")
      #expect(metadata(item)["generation"] as? Int == 1)
    }
  }

  @Test func generatesLargeWorkloadsQuickly() {
    let clock = ContinuousClock()
    let big = KubernetesWorkload(apps: 2_000, drifts: .init(scaled: Array(0..<100)))
    var size = 0
    let elapsed = clock.measure {
      size = big.liveList().utf8.count + big.desiredFiles().count
    }
    #expect(size > 2_000 * 3 * 1_000)
    #expect(elapsed < .seconds(60))  // debug build; release takes a small fraction of this
  }
}

/// Helpers for reading the generated JSON.
func jsonObject(_ text: String) throws -> [String: Any] {
  let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
  return try #require(value as? [String: Any])
}

func liveItems(_ text: String) throws -> [[String: Any]] {
  try #require(try jsonObject(text)["items"] as? [[String: Any]])
}

func metadata(_ item: [String: Any]) -> [String: Any] {
  item["metadata"] as? [String: Any] ?? [:]
}

func name(_ item: [String: Any]) -> String { metadata(item)["name"] as? String ?? "" }

func find(_ items: [[String: Any]], _ kind: String, _ wanted: String) -> [String: Any]? {
  items.first { $0["kind"] as? String == kind && name($0) == wanted }
}

func lastApplied(_ item: [String: Any]) throws -> [String: Any] {
  let annotations = try #require(metadata(item)["annotations"] as? [String: Any])
  let text = try #require(
    annotations["kubectl.kubernetes.io/last-applied-configuration"] as? String)
  #expect(text.hasSuffix("}\n"))
  return try jsonObject(text)
}

func containers(_ item: [String: Any]) -> [[String: Any]] {
  let template = (item["spec"] as? [String: Any])?["template"] as? [String: Any]
  return (template?["spec"] as? [String: Any])?["containers"] as? [[String: Any]] ?? []
}
