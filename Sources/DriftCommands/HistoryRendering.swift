import DriftEngine
import DriftHistory
import DriftJSON
import DriftModel
import DriftReports
import Git

/// History results as text.
enum HistoryText {
  static func transition(_ transition: Timeline.Transition) -> String {
    let verdict = transition.verdict
    var line = "\(verdict.snapshot.capturedAtText)  snapshot \(verdict.snapshot.id.short)  "
    line += pad(verdict.state.name, 9)
    line += "  desired \(verdict.commit?.id.short ?? "-------")"
    if case .unknown(let reason) = verdict.state { line += "  (\(reason))" }
    var text = line + "\n"
    if case .drifted(let changes) = verdict.state {
      for change in changes { text += "    " + describe(change) + "\n" }
    }
    return text
  }

  static func episode(_ episode: Episode, address: String, of total: Int) -> String {
    let first = episode.firstDrifted
    var text =
      "\(address) is \(first.state.name) since snapshot \(first.snapshot.id.short) "
      + "(\(first.snapshot.capturedAtText))"
    if let clean = episode.lastClean {
      text +=
        "; last \(clean.state.name) in snapshot \(clean.snapshot.id.short) (\(clean.snapshot.capturedAtText))"
    } else {
      text += "; it was never in sync in the recorded snapshots"
    }
    text += ".\n"
    if let commit = first.commit {
      text +=
        "Desired commit in force: \(commit.id.short) \"\(commit.summary)\" (\(commit.author.name)).\n"
    }
    if case .drifted(let changes) = first.state {
      if let actor = changes.compactMap(\.actor).max(by: { ($0.time ?? "") < ($1.time ?? "") }) {
        text += "Changed by \(actor.manager)" + (actor.time.map { " at \($0)" } ?? "") + ".\n"
      }
      for change in changes { text += "  " + describe(change) + "\n" }
    }
    text += "(\(episode.evaluations) of \(total) snapshots judged)\n"
    return text
  }

  static func describe(_ change: Change) -> String {
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

  private static func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
  }
}

/// History results as JSON.
enum HistoryJSON {
  static func verdict(_ verdict: Evaluator.Verdict) -> [Member] {
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

  static func transition(_ transition: Timeline.Transition) -> Value {
    var members = [Member("from", transition.from.map { .string($0.name) } ?? .null)]
    members += verdict(transition.verdict)
    return .object(members)
  }

  static func episode(_ episode: Episode, address: String, of total: Int) -> Value {
    var members = [
      Member("address", .string(address)), Member("drifted", true),
      Member("firstDrifted", .object(verdict(episode.firstDrifted))),
      Member("lastClean", episode.lastClean.map { .object(verdict($0)) } ?? .null),
    ]
    if case .drifted(let changes) = episode.firstDrifted.state,
      let actor = changes.compactMap(\.actor).max(by: { ($0.time ?? "") < ($1.time ?? "") })
    {
      members.append(Member("actor", .string(actor.manager)))
      if let time = actor.time { members.append(Member("changedAt", .string(time))) }
    }
    members.append(Member("judged", .integer(episode.evaluations)))
    members.append(Member("snapshots", .integer(total)))
    return .object(members)
  }
}
