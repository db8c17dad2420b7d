import DriftDiff
import DriftFormats
import DriftJSON
import DriftModel
import Foundation
import Testing

/// The noise benchmark of issue 17: every real object of shared/corpus/kubernetes that carries
/// a last-applied annotation, checked against that annotation as its desired manifest, with its
/// managedFields and without them (as `kubectl get` exports since 1.21).
///
/// Nothing may drift but what is listed in ``expected``: each listed change is a real
/// out-of-band change of the fixture, not noise.
@Suite("real objects against their own last-applied configuration")
struct LastAppliedNoiseTests {
  static let objects = [
    "argo-cd-controller/live-deployment.yaml", "argo-cd-controller/live-deployment-env-vars.yaml",
    "argo-cd-controller/live-pdb.yaml", "gitops-engine-diff/aggr-clusterrole-live.json",
    "gitops-engine-diff/deployment-live.json", "gitops-engine-diff/elasticsearch-live.json",
    "gitops-engine-diff/endpoints-live.json", "gitops-engine-diff/grafana-clusterrole-live.json",
    "gitops-engine-diff/mutatingwebhookconfig-live.json",
    "gitops-engine-diff/sealedsecret-live.json", "gitops-engine-diff/smd-service-live.yaml",
    "gitops-engine-diff/spinnaker-sa-live.json", "gitops-engine-diff/wordpress-live.json",
  ]

  /// The changes each object really has, as `op pointer`, with and without managedFields.
  static let expected: [String: [String]] = [
    // VAR2 is injected before VAR1 (gitops-engine's TestThreeWayDiffExample3): neither the
    // applied configuration nor a default has it, and no managedFields name its writer.
    "gitops-engine-diff/deployment-live.json": ["add /spec/template/spec/containers/0/env/0"],
    // Argo CD applied its tracking label server-side (managedFields: argocd-controller,
    // Apply), after the client-side apply the annotation records: the label is live, and in
    // neither the annotation nor a default.
    "gitops-engine-diff/smd-service-live.yaml": [
      "add /metadata/labels/app.kubernetes.io~1instance"
    ],
    // The password live ("Skt2…") is not the one applied ("Xkt2…"): changed after the apply.
    "gitops-engine-diff/wordpress-live.json": ["replace /data/wordpress-password"],
  ]

  private func live(_ file: String, keepingManagedFields: Bool) throws -> (Resource, Value) {
    let path = "kubernetes/" + file
    let bytes = try Corpus.bytes(path)
    let format = KubernetesFormat(secrets: SecretDigester(key: [7]))
    var live = try #require(try format.liveResources(bytes, file: path).first)
    if !keepingManagedFields, let metadata = live.body["metadata"] {
      live.body = live.body.setting("metadata", to: metadata.removing("managedFields"))
    }
    // Read as exported: a Secret's annotation is a digest once read, so take it from the file.
    let raw =
      file.hasSuffix(".json")
      ? try JSONReader.parse(bytes, file: path) : try YAMLReader.value(bytes, file: path)
    let applied = try #require(
      raw["metadata"]?["annotations"]?["kubectl.kubernetes.io/last-applied-configuration"]?
        .stringValue)
    return (live, try JSONReader.parse(Array(applied.utf8), file: "last-applied.json"))
  }

  @Test("the list is every object of the corpus that carries a last-applied annotation")
  func everyAnnotatedObject() throws {
    let folder = Corpus.root.appendingPathComponent("kubernetes")
    let files = try #require(FileManager.default.enumerator(atPath: folder.path))
    var annotated: [String] = []
    for case let file as String in files where file.hasSuffix(".json") || file.hasSuffix(".yaml") {
      let bytes = try Corpus.bytes("kubernetes/" + file)
      if String(decoding: bytes, as: UTF8.self).contains("last-applied-configuration") {
        annotated.append(file)
      }
    }
    #expect(annotated.sorted() == Self.objects.sorted())
  }

  @Test(
    "without managedFields or the annotation (server-side apply, then kubectl get): only real changes",
    arguments: objects)
  func neitherView(object: String) throws {
    var (live, applied) = try live(object, keepingManagedFields: false)
    if let metadata = live.body["metadata"], let annotations = metadata["annotations"] {
      let kept = annotations.removing("kubectl.kubernetes.io/last-applied-configuration")
      live.body = live.body.setting("metadata", to: metadata.setting("annotations", to: kept))
    }
    var harness = DiffHarness()
    harness.format = KubernetesFormat(
      defaultNamespace: live.body["metadata"]?["namespace"]?.stringValue,
      secrets: SecretDigester(key: [7]))
    let desired = try harness.format.desiredResources(
      Array(JSONWriter().string(applied).utf8), file: "last-applied.json")
    let analysis = try harness.compare(desired: desired, live: [live])
    #expect(analysis.summary.missing == 0)
    #expect(
      analysis.changeSummary == Self.expected[object] ?? [],
      "\(analysis.drifts.flatMap(\.changes).map { "\($0.path): \(String(describing: $0.live))" })"
    )
  }

  @Test(arguments: objects, [true, false])
  func onlyRealChangesDrift(object: String, keepingManagedFields: Bool) throws {
    let (live, applied) = try live(object, keepingManagedFields: keepingManagedFields)
    var harness = DiffHarness()
    let namespace = live.body["metadata"]?["namespace"]?.stringValue
    harness.format = KubernetesFormat(
      defaultNamespace: namespace, secrets: SecretDigester(key: [7]))
    let desired = try harness.format.desiredResources(
      Array(JSONWriter().string(applied).utf8), file: "last-applied.json")
    let analysis = try harness.compare(desired: desired, live: [live])
    #expect(analysis.summary.missing == 0)
    #expect(analysis.summary.unmanaged == 0)
    #expect(
      analysis.changeSummary == Self.expected[object] ?? [],
      "\(analysis.drifts.flatMap(\.changes).map { "\($0.path): \(String(describing: $0.live))" })"
    )
  }
}
