public import DriftHistory
import DriftJSON
import DriftModel
import Git

/// The start of the current drift of one resource or attribute, as `git drift bisect` prints
/// it: the first drifted snapshot, the last clean one, the desired commit in force and who
/// changed the field.
public enum BisectRenderer {
  /// The episode as text, or the line saying that `target` is not drifted when it is `nil`.
  ///
  /// - Parameters:
  ///   - episode: the current drift episode; `nil` when the latest snapshot is not drifted.
  ///   - target: the resource as asked, `ADDRESS` or `ADDRESS#POINTER`.
  ///   - snapshots: how many snapshots the episode was searched in.
  /// - Returns: the whole output, ending with a newline.
  public static func text(_ episode: Episode?, target: String, snapshots: Int) -> String {
    guard let episode else { return "\(target) is not drifted in the latest snapshot.\n" }
    let first = episode.firstDrifted
    var text =
      "\(target) is \(first.state.name) since snapshot \(first.snapshot.id.short) "
      + "(\(first.snapshot.capturedAtText))"
    if let clean = episode.lastClean {
      text +=
        "; last \(clean.state.name) in snapshot \(clean.snapshot.id.short) "
        + "(\(clean.snapshot.capturedAtText))"
    } else {
      text += "; it was never in sync in the recorded snapshots"
    }
    text += ".\n"
    if let window = episode.window { text += "Window: \(VerdictRenderer.text(window)).\n" }
    for verdict in [episode.lastClean, first].compactMap({ $0 }) {
      if let note = verdict.note { text += "Snapshot \(verdict.snapshot.id.short) was \(note).\n" }
    }
    text +=
      "\(first.state.name.capitalizedFirst) for \(VerdictRenderer.duration(episode.duration)), to "
      + "the latest observation \(episode.latest.id.short) (\(episode.latest.capturedAtText)).\n"
    if let commit = first.commit {
      text +=
        "Desired commit in force: \(commit.id.short) \"\(commit.summary)\" (\(commit.author.name)).\n"
    }
    if case .drifted(let changes) = first.state {
      if let actor = VerdictRenderer.latestActor(of: changes) {
        text += "Changed by \(actor.manager)" + (actor.time.map { " at \($0)" } ?? "") + ".\n"
      }
      for change in changes { text += "  " + VerdictRenderer.line(change) + "\n" }
    }
    text += "(\(episode.evaluations) of \(snapshots) snapshots judged)\n"
    return text
  }

  /// The episode as pretty JSON, or `{"address": …, "drifted": false}` when it is `nil`.
  ///
  /// - Parameters:
  ///   - episode: the current drift episode; `nil` when the latest snapshot is not drifted.
  ///   - target: the resource as asked, `ADDRESS` or `ADDRESS#POINTER`: the episode's address.
  ///   - address: the resource's address alone: the address of an answer without drift.
  ///   - snapshots: how many snapshots the episode was searched in.
  /// - Returns: the whole output, ending with a newline.
  public static func json(_ episode: Episode?, target: String, address: String, snapshots: Int)
    -> String
  {
    guard let episode else { return VerdictRenderer.notDrifted(address) }
    var members = [
      Member("address", .string(target)), Member("drifted", true),
      Member("firstDrifted", .object(VerdictRenderer.members(episode.firstDrifted))),
      Member("lastClean", episode.lastClean.map { .object(VerdictRenderer.members($0)) } ?? .null),
      Member("window", VerdictRenderer.value(episode.window)),
      Member("duration", .integer(Int(episode.duration.rounded()))),
    ]
    if case .drifted(let changes) = episode.firstDrifted.state,
      let actor = VerdictRenderer.latestActor(of: changes)
    {
      members.append(Member("actor", .string(actor.manager)))
      if let time = actor.time { members.append(Member("changedAt", .string(time))) }
    }
    members.append(Member("judged", .integer(episode.evaluations)))
    members.append(Member("snapshots", .integer(snapshots)))
    return JSONWriter(pretty: true).string(.object(members)) + "\n"
  }
}

extension String {
  /// The text with its first character upper-cased: `drifted` → `Drifted`.
  var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
