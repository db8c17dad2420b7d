public import DriftHistory
import DriftJSON
public import DriftModel
import Git

/// Recorded snapshots, as `git drift snapshot list` and `git drift snapshot show` print them.
public enum SnapshotListRenderer {
  /// One line per state, in the order given (newest first): id, capture time, source,
  /// resource count; a run of observations of one state (the same tree) is one line, that of
  /// its first observation, ending `unchanged x17, 09:03 to 11:43` for the later ones.
  ///
  /// - Parameter collapsing: whether runs are collapsed; every observation has its line
  ///   when false.
  /// - Returns: the whole output, ending with a newline; a sentence when there is no snapshot.
  public static func listText(_ snapshots: [Snapshot], collapsing: Bool = true) -> String {
    guard !snapshots.isEmpty else { return "No snapshots recorded yet.\n" }
    let conflicted = Set(SnapshotStore.conflicts(in: snapshots.reversed()).joined().map(\.id))
    var text = ""
    var index = 0
    while index < snapshots.count {
      // Newest first: the run's first observation is its last line.
      var end = index + 1
      while collapsing, end < snapshots.count, snapshots[end].source == snapshots[index].source,
        snapshots[end].tree == snapshots[index].tree
      {
        end += 1
      }
      let first = snapshots[end - 1]
      text +=
        "\(first.id.short)  \(first.capturedAtText)  \(first.source)  "
        + "\(first.resourceCount) resources"
      if end - index > 1 {
        let earliest = snapshots[end - 2]
        let latest = snapshots[index]
        text += "  unchanged x\(end - index - 1), \(shortTime(earliest, after: first))"
        if end - index > 2 { text += " to \(shortTime(latest, after: first))" }
      }
      if snapshots[index..<end].contains(where: { conflicted.contains($0.id) }) {
        text += "  conflict: other content captured at the same time"
      }
      text += "\n"
      index = end
    }
    return text
  }

  /// The capture time of `snapshot`: `HH:MM` (with seconds when they are not zero) on the day
  /// `first` was captured, the full RFC 3339 time otherwise.
  private static func shortTime(_ snapshot: Snapshot, after first: Snapshot) -> String {
    let full = snapshot.capturedAtText
    guard full.prefix(11) == first.capturedAtText.prefix(11), full.count == 20 else {
      return full
    }
    let time = full.dropFirst(11).dropLast()
    return String(time.hasSuffix(":00") ? time.dropLast(3) : time)
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
