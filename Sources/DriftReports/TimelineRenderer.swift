public import DriftHistory
import DriftJSON
import DriftModel
public import Git

/// The timeline of one resource or attribute, as `git drift timeline` prints it: one entry per
/// transition between in sync and drifted, with the snapshot, the desired commit in force, the
/// changes, and the watch events that named the resource.
public enum TimelineRenderer {
  /// The timeline as text: a heading, then one line per transition with its changes and
  /// events indented below it.
  ///
  /// - Parameters:
  ///   - timeline: the verdicts of every snapshot, oldest first.
  ///   - target: the resource as asked, `ADDRESS` or `ADDRESS#POINTER`.
  ///   - source: the source the snapshots belong to.
  ///   - events: the watch events recorded in each transition's snapshot, by snapshot id; only
  ///     those that name the timeline's address are shown.
  /// - Returns: the whole output, ending with a newline.
  public static func text(
    _ timeline: Timeline, target: String, source: String, events: [ObjectID: [String]] = [:]
  ) -> String {
    let transitions = timeline.transitions
    var text =
      "Timeline of \(target) in \(source): \(transitions.count { $0.from != nil }) "
      + "transition(s) over \(timeline.verdicts.count) snapshot(s)\n"
    for group in SnapshotStore.conflicts(in: timeline.verdicts.map(\.snapshot)) {
      let ids = group.map(\.id.short).joined(separator: ", ")
      text +=
        "conflict: snapshots \(ids) were all captured at \(group[0].capturedAtText) with other "
        + "content; each is judged, in record order\n"
    }
    for transition in transitions {
      text += line(transition)
      for event in mine(events[transition.verdict.snapshot.id] ?? [], timeline.address) {
        text += "    watch event: \(event)\n"
      }
    }
    return text
  }

  /// The timeline as pretty JSON: the address, the pointer, the source, how many snapshots
  /// were judged, and the transitions with their events.
  ///
  /// - Parameters:
  ///   - timeline: the verdicts of every snapshot, oldest first.
  ///   - source: the source the snapshots belong to.
  ///   - events: as for ``text(_:target:source:events:)``.
  /// - Returns: the whole output, ending with a newline.
  public static func json(
    _ timeline: Timeline, source: String, events: [ObjectID: [String]] = [:]
  ) -> String {
    let value: Value = [
      "address": .string(timeline.address),
      "pointer": timeline.pointer.map { .string($0.pointer) } ?? .null,
      "source": .string(source),
      "snapshots": .integer(timeline.verdicts.count),
      "conflicts": .array(
        SnapshotStore.conflicts(in: timeline.verdicts.map(\.snapshot)).map { group in
          .array(group.map { .string($0.id.hex) })
        }),
      "transitions": .array(
        timeline.transitions.map { transition in
          let mine = mine(events[transition.verdict.snapshot.id] ?? [], timeline.address)
          var members = [Member("from", transition.from.map { .string($0.name) } ?? .null)]
          members += VerdictRenderer.members(transition.verdict)
          members.append(Member("window", VerdictRenderer.value(transition.window)))
          members.append(Member("duration", .integer(Int(transition.duration.rounded()))))
          members.append(Member("ongoing", .bool(transition.ongoing)))
          members.append(Member("events", .array(mine.map(Value.string))))
          return .object(members)
        }),
    ]
    return JSONWriter(pretty: true).string(value) + "\n"
  }

  /// One transition: `TIME  snapshot SHA  STATE  desired SHA`, then its window and how long
  /// the state lasted, then its changes.
  private static func line(_ transition: Timeline.Transition) -> String {
    let verdict = transition.verdict
    var line = "\(verdict.snapshot.capturedAtText)  snapshot \(verdict.snapshot.id.short)  "
    line += pad(verdict.state.name, 9)
    line += "  desired \(verdict.commit?.id.short ?? "-------")"
    if case .unknown(let reason) = verdict.state { line += "  (\(reason))" }
    if let note = verdict.note { line += "  (\(note))" }
    var text = line + "\n"
    var span = transition.window.map { "    window " + VerdictRenderer.text($0) + "; " } ?? "    "
    span += "\(verdict.state.name) for \(VerdictRenderer.duration(transition.duration))"
    text += span + (transition.ongoing ? " so far\n" : "\n")
    if case .drifted(let changes) = verdict.state {
      for change in changes { text += "    " + VerdictRenderer.line(change) + "\n" }
    }
    return text
  }

  /// The events that name `address` (an event line is `TYPE SOURCE ADDRESS…`).
  private static func mine(_ events: [String], _ address: String) -> [String] {
    events.filter { $0.contains(" \(address)") }
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
  }
}
