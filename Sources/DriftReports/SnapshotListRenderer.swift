public import DriftHistory
import DriftJSON
public import DriftModel
import Git

/// Recorded snapshots, as `git drift snapshot list` and `git drift snapshot show` print them.
public enum SnapshotListRenderer {
  /// One line per snapshot, in the order given: id, capture time, source, resource count.
  ///
  /// - Returns: the whole output, ending with a newline; a sentence when there is no snapshot.
  public static func listText(_ snapshots: [Snapshot]) -> String {
    guard !snapshots.isEmpty else { return "No snapshots recorded yet.\n" }
    return snapshots.map { snapshot in
      "\(snapshot.id.short)  \(snapshot.capturedAtText)  \(snapshot.source)  "
        + "\(snapshot.resourceCount) resources\n"
    }.joined()
  }

  /// The snapshots as a pretty JSON array, in the order given.
  ///
  /// - Returns: the whole output, ending with a newline.
  public static func listJSON(_ snapshots: [Snapshot]) -> String {
    JSONWriter(pretty: true).string(.array(snapshots.map(value))) + "\n"
  }

  /// One snapshot as text: its id, source and capture time, then its resources by address.
  ///
  /// - Parameters:
  ///   - snapshot: the snapshot shown.
  ///   - resources: the ids of the resources it holds, in any order.
  /// - Returns: the whole output, ending with a newline.
  public static func showText(_ snapshot: Snapshot, resources: [ResourceID]) -> String {
    var text =
      "snapshot \(snapshot.id.hex)\nsource \(snapshot.source)\ncaptured \(snapshot.capturedAtText)\n"
    text += "\(resources.count) resources\n\n"
    for id in resources.sorted() { text += "  \(id.address)\n" }
    return text
  }

  /// One snapshot as pretty JSON: as in the list, with `resources` the sorted addresses.
  ///
  /// - Parameters:
  ///   - snapshot: the snapshot shown.
  ///   - resources: the ids of the resources it holds, in any order.
  /// - Returns: the whole output, ending with a newline.
  public static func showJSON(_ snapshot: Snapshot, resources: [ResourceID]) -> String {
    let addresses = resources.sorted().map { Value.string($0.address) }
    let value = Self.value(snapshot).setting("resources", to: .array(addresses))
    return JSONWriter(pretty: true).string(value) + "\n"
  }

  /// A snapshot as JSON: id, source, capture time and resource count.
  private static func value(_ snapshot: Snapshot) -> Value {
    [
      "id": .string(snapshot.id.hex), "source": .string(snapshot.source),
      "capturedAt": .string(snapshot.capturedAtText), "resources": .integer(snapshot.resourceCount),
    ]
  }
}
