import DriftTestSupport
import Foundation
import Testing

/// What a snapshot tree cannot hold is refused at record time, naming the object by its index
/// in the export, so that no record can break the chain for everyone who fetches it.
@Suite("history: names a snapshot cannot store")
struct SnapshotNameTests {
  /// A kubectl List of ConfigMaps in `prod` with these names.
  static func list(_ names: [String]) -> String {
    let items = names.map { name in
      let escaped =
        "\""
        + name.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        .replacing("\u{0}", with: "\\u0000") + "\""
      return """
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": \(escaped), \
        "namespace": "prod"}, "data": {"a": "1"}}
        """
    }
    return
      "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\(items.joined(separator: ",\n"))]}"
  }

  @Test(
    "an over-long name, a '/', a '..' path or a NUL is refused with the object's index",
    arguments: [
      ("254 bytes", "254 bytes, longer than the 253 allowed"),
      ("65,536 bytes", "longer than the 253 allowed"),
      ("web/config", "has a '/' in its name"),
      ("../../x", "has a '/' in its name"),
      ("a NUL", "holds a NUL"),
    ])
  func unstorableNames(label: String, problem: String) throws {
    let names = [
      "254 bytes": String(repeating: "a", count: 254),
      "65,536 bytes": String(repeating: "b", count: 65_536), "a NUL": "a\u{0}b",
    ]
    let name = names[label] ?? label
    let (repo, _) = try SnapshotRecordingTests.repository(apps: 1)
    let export = try SnapshotRecordingTests.export(
      Self.list(["first", name, "last"]), repo, "live.json")
    let result = try GitDriftExecutable.run(["snapshot", "record", export], in: repo.path)
    #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    #expect(result.stderr.contains("object 1 of the export"), "\(result.stderr)")
    // The object's place in the file: the fuzz suite found the line missing.
    #expect(result.stderr.hasPrefix("git-drift: \(export):2:"), "\(result.stderr)")
    #expect(result.stderr.contains(problem), "\(result.stderr)")
    #expect(result.stderr.count < 400, "the name is shortened")
    #expect(try repo.git("for-each-ref", "refs/drift/snapshots").isEmpty, "no ref")
    let again = try SnapshotRecordingTests.export(
      Self.list(["first", "last"]), repo, "fine.json")
    let next = try GitDriftExecutable.run(["snapshot", "record", again], in: repo.path)
    #expect(next.status == 0, "\(next.stderr)")
    try repo.fsck()
  }

  @Test(
    "a source name that cannot be part of a ref is refused at its .drift.yml line",
    arguments: ["prod~", "../../x", "prod:1", "prod.lock"])
  func sourceNamesThatAreNoRef(source: String) throws {
    let (repo, _) = try SnapshotRecordingTests.repository(apps: 1)
    let configuration = try repo.git("show", "HEAD:.drift.yml")
      .replacing("name: prod-k8s", with: "name: '\(source)'")
    try repo.write(".drift.yml", configuration + "\n")
    try repo.commit("a bad source name", date: "2026-11-01T11:00:00Z")
    let export = try SnapshotRecordingTests.export(Self.list(["first"]), repo, "live.json")
    let result = try GitDriftExecutable.run(["snapshot", "record", export], in: repo.path)
    #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    #expect(result.stderr.hasPrefix("git-drift: .drift.yml:"), "\(result.stderr)")
    #expect(result.stderr.contains("cannot name the ref"), "\(result.stderr)")
    #expect(try repo.git("for-each-ref", "refs/drift/snapshots").isEmpty, "no ref")
  }
}
