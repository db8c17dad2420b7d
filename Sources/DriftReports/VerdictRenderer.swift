import DriftHistory
import DriftJSON
import DriftModel
import Foundation
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
    if let note = verdict.note { members.append(Member("note", .string(note))) }
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

  /// A duration as people read it: its two largest units, `1 h 50 min`, `10 min`, `2 d 3 h`,
  /// `40 s`.
  static func duration(_ seconds: TimeInterval) -> String {
    var rest = max(0, Int(seconds.rounded()))
    var parts: [String] = []
    for (size, unit) in [(86_400, "d"), (3_600, "h"), (60, "min"), (1, "s")] {
      let count = rest / size
      rest %= size
      if count > 0 || !parts.isEmpty { parts.append(count > 0 ? "\(count) \(unit)" : "") }
    }
    let shown = parts.prefix(2).filter { !$0.isEmpty }
    return shown.isEmpty ? "0 s" : shown.joined(separator: " ")
  }

  /// A window as text: `2026-11-01T11:00:00Z (bb4ce97) to 2026-11-01T13:00:00Z (61c5dfa), 2 h`.
  static func text(_ window: Window) -> String {
    "\(window.from.capturedAtText) (\(window.from.id.short)) to \(window.to.capturedAtText) "
      + "(\(window.to.id.short)), \(duration(window.width))"
  }

  /// A window as JSON: `from` and `to` the capture times of the last observation in the old
  /// state and the first in the new one, their snapshots, and the width in seconds.
  static func value(_ window: Window?) -> Value {
    guard let window else { return .null }
    return [
      "from": .string(window.from.capturedAtText), "to": .string(window.to.capturedAtText),
      "fromSnapshot": .string(window.from.id.hex), "toSnapshot": .string(window.to.id.hex),
      "seconds": .integer(Int(window.width.rounded())),
    ]
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
