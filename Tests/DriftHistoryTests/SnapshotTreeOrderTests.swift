import DriftHistory
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

/// What a check patched from the last report relies on: the order of a snapshot tree's
/// resources and the resources two trees differ in, as git stores them.
@Suite("history: the order and differences of snapshot trees")
struct SnapshotTreeOrderTests {
  /// Names whose paths git orders differently from their addresses, or that are escaped.
  private static let names = [
    "a", "a-b", "a.b", "a0", "ab", "Z", "é", "a%b", "zz", "a_b", "a~b", "b\u{301}",
  ]

  @Test("resources come in tree order, and two trees differ in what changed")
  func treeOrderAndChanges() throws {
    let (repo, _) = try SnapshotRecordingTests.repository(apps: 1)
    defer { repo.remove() }
    for (minute, names) in [Self.names, Array(Self.names.dropFirst(2)) + ["new", "a+b"]]
      .enumerated()
    {
      let export = try SnapshotRecordingTests.export(
        SnapshotNameTests.list(names).replacing("\"a\": \"1\"", with: "\"a\": \"\(minute)\""),
        repo, "live.json")
      let result = try GitDriftExecutable.run(
        ["snapshot", "record", "--at", "2026-11-02T10:0\(minute):00Z", export], in: repo.path)
      #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
    }
    let store = SnapshotStore(repository: try Repository(path: repo.path))
    let new = try store.latest(of: "prod-k8s")
    let old = try #require(try store.snapshots(of: "prod-k8s").first { $0.id != new.id })
    for snapshot in [old, new] {
      let listed = try store.resourceIDs(in: snapshot).map(\.id.address)
      let sorted = listed.sorted(by: SnapshotStore.precedesInTree)
      #expect(listed == sorted)
    }
    // The reference: every address of either tree whose blob differs.
    let before = Dictionary(
      uniqueKeysWithValues: try store.resourceIDs(in: old).map {
        ($0.id.address, $0.blob)
      })
    let after = Dictionary(
      uniqueKeysWithValues: try store.resourceIDs(in: new).map {
        ($0.id.address, $0.blob)
      })
    let expected = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
    let changes = try store.changedResources(from: old.tree, to: new.tree)
    #expect(Set(changes.map(\.id.address)) == expected)
    #expect(changes.count == expected.count)
    for change in changes {
      #expect(change.old == before[change.id.address] && change.new == after[change.id.address])
    }
    #expect(try store.blob(of: "ConfigMap/prod/new", inTree: old.tree) == nil)
    #expect(
      try store.blob(of: "ConfigMap/prod/new", inTree: new.tree) == after["ConfigMap/prod/new"])
  }
}
