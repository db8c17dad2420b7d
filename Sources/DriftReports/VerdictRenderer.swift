import DriftHistory
import DriftJSON
import DriftModel
import Git

/// One judged snapshot and its changes, as the timeline, bisect and explain renderers show
/// them, so that the three say the same thing the same way.
enum VerdictRenderer {
  /// One change on one line: `~ /spec/replicas: 3 -> 5  by kubectl-scale at …`.
  static func line(_ change: Change) -> String {
    let writer = JSONWriter()
    let desired = change.desired.map(writer.string) ?? "(none)"
    let live = change.live.map(writer.string) ?? "(none)"
    var text: String
    switch change.operation {
    case .replace: text = "~ \(change.path): \(desired) -> \(live)"
    case .add: text = "+ \(change.path): \(live)"
    case .remove: text = "- \(change.path): \(desired) (absent live)"
    }
    if let actor = change.actor {
      text += "  by \(actor.manager)" + (actor.time.map { " at \($0)" } ?? "")
    }
    return text
  }

  /// A verdict's JSON members: the snapshot, its capture time, the desired commit in force,
  /// the state, and the changes or the reason it cannot be told.
  static func members(_ verdict: Evaluator.Verdict) -> [Member] {
    var members = [
      Member("snapshot", .string(verdict.snapshot.id.hex)),
      Member("capturedAt", .string(verdict.snapshot.capturedAtText)),
      Member("commit", verdict.commit.map { .string($0.id.hex) } ?? .null),
      Member("state", .string(verdict.state.name)),
    ]
    switch verdict.state {
    case .drifted(let changes):
      members.append(Member("changes", .array(changes.map(JSONReportRenderer.change))))
    case .unknown(let reason):
      members.append(Member("reason", .string(reason)))
    default:
      break
    }
    return members
  }

  /// The last actor who changed one of `changes`, by time.
  static func latestActor(of changes: [Change]) -> Actor? {
    changes.compactMap(\.actor).max(by: { ($0.time ?? "") < ($1.time ?? "") })
  }

  /// The JSON answer of bisect and explain when the resource is not drifted.
  static func notDrifted(_ address: String) -> String {
    JSONWriter(pretty: true).string(["address": .string(address), "drifted": false]) + "\n"
  }
}
