import DriftTestSupport
import Foundation
import Testing

/// Checks the generated text with the tools people use on it: PyYAML and kubectl.
@Suite struct ExternalToolTests {
  static let workload = KubernetesWorkload(
    apps: 11, drifts: .init(scaled: [0], deleted: [3]), seed: 7)

  @Test(.enabled(if: run("python3", ["-c", "import yaml"])?.status == 0, "needs python3 + PyYAML"))
  func desiredYAMLParsesAndMatchesLastApplied() throws {
    let directory = try writeDesiredFiles(Self.workload)
    defer { try? FileManager.default.removeItem(at: directory) }
    let script = """
      import json, sys, yaml
      docs = []
      for path in sys.argv[1:]:
          with open(path) as f:
              docs.extend(yaml.safe_load_all(f))
      print(json.dumps(docs))
      """
    let paths = Self.workload.desiredFiles().map { directory.appending(path: $0.path).path }
    let result = try #require(run("python3", ["-c", script] + paths))
    #expect(result.status == 0, "\(result.error)")
    let value = try JSONSerialization.jsonObject(with: Data(result.output.utf8))
    let documents = try #require(value as? [[String: Any]])
    #expect(documents.count == 11 * 3)

    // Each YAML document is the object kubectl recorded as last applied, minus the namespace
    // kubectl fills in and the empty annotations it adds.
    let live = try liveItems(Self.workload.liveList(noiseOnly: true))
    for document in documents {
      var meta = try #require(document["metadata"] as? [String: Any])
      let explicit = meta["namespace"] as? String
      let objectName = try #require(meta["name"] as? String)
      #expect(explicit == nil || explicit == "prod")
      #expect(
        (explicit != nil) == (objectName.hasPrefix("app-0000") || objectName.hasPrefix("app-0010")))
      let item = try #require(find(live, document["kind"] as? String ?? "", objectName))
      meta["namespace"] = "prod"
      meta["annotations"] = [String: Any]()
      var expected = document
      expected["metadata"] = meta
      #expect(NSDictionary(dictionary: try lastApplied(item)).isEqual(to: expected))
    }
    let config = try #require(documents.first { $0["kind"] as? String == "ConfigMap" })
    let data = try #require(config["data"] as? [String: Any])
    #expect(data["FEATURE_X"] as? String == "on")
    #expect((data["application.properties"] as? String)?.hasSuffix(".svc:80\n") == true)
  }

  @Test(.enabled(if: run("kubectl", ["version", "--client"])?.status == 0, "needs kubectl"))
  func kubectlAcceptsTheDesiredManifests() throws {
    let directory = try writeDesiredFiles(Self.workload)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appending(path: "apps/app-0001.yaml").path
    let apply = try #require(
      run("kubectl", ["apply", "--dry-run=client", "--validate=false", "-f", file, "-o", "json"]))
    if apply.status == 0 {
      let list = try jsonObject(apply.output)
      #expect(list["kind"] as? String == "List")
      return
    }
    // No cluster: apply needs API discovery even for a client dry run. Kustomize builds
    // offline and still checks that every document is a well-formed Kubernetes object.
    #expect(apply.error.contains("refused") || apply.error.contains("unable to recognize"))
    let kustomization = "resources:\n- app-0001.yaml\n- app-0010.yaml\nnamespace: prod\n"
    try kustomization.write(
      to: directory.appending(path: "apps/kustomization.yaml"), atomically: false,
      encoding: .utf8)
    let build = try #require(run("kubectl", ["kustomize", directory.appending(path: "apps").path]))
    #expect(build.status == 0, "\(build.error)")
    #expect(build.output.components(separatedBy: "\n---\n").count == 6)
    #expect(build.output.contains("kind: Deployment\nmetadata:\n  labels:\n    app: app-0001"))
  }
}

/// Writes the workload's desired files under a fresh temporary directory.
func writeDesiredFiles(_ workload: KubernetesWorkload) throws -> URL {
  let root = FileManager.default.temporaryDirectory.appending(path: "workload-\(UUID())")
  for file in workload.desiredFiles() {
    let url = root.appending(path: file.path)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try file.contents.write(to: url, atomically: false, encoding: .utf8)
  }
  return root
}

/// Runs a program found on PATH; nil if it cannot be started.
func run(_ program: String, _ arguments: [String]) -> (
  status: Int32, output: String, error: String
)? {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = [program] + arguments
  let output = Pipe()
  let error = Pipe()
  process.standardOutput = output
  process.standardError = error
  do { try process.run() } catch { return nil }
  let outData = output.fileHandleForReading.readDataToEndOfFile()
  let errData = error.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (
    process.terminationStatus, String(decoding: outData, as: UTF8.self),
    String(decoding: errData, as: UTF8.self)
  )
}
