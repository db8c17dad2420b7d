public import DriftHistory
import DriftJSON
public import DriftModel
import Git

/// Blame for infrastructure, as `git drift explain` prints it: per drifted attribute, the
/// commit that last set the desired value, the first snapshot that deviated, and whether the
/// live value is undeployed (an older commit's) or out-of-band (with who wrote it).
public enum ExplainRenderer {
  /// The explanations of `drift` as text: the resource, then each change with what explains it.
  ///
  /// - Parameters:
  ///   - drift: the drifted resource.
  ///   - explanations: one per drifted attribute, or one for the whole resource.
  ///   - desiredCommit: the id of the desired commit that was checked.
  /// - Returns: the whole output, ending with a newline.
  public static func text(_ drift: Drift, _ explanations: [Explanation], desiredCommit: String)
    -> String
  {
    var text = "\(drift.id.address)  \(drift.kind.rawValue)"
    if let location = drift.location { text += "  \(location.file):\(location.line)" }
    text += "  (desired \(desiredCommit.prefix(7)))\n"
    for item in explanations {
      if let change = item.change { text += "  " + VerdictRenderer.line(change) + "\n" }
      if let commit = item.lastSet {
        text +=
          "      desired value set by \(commit.id.short) \"\(commit.summary)\" (\(commit.author.name), \(Timestamp.format(commit.author.time)))\n"
      }
      if let episode = item.episode {
        let first = episode.firstDrifted.snapshot
        text += "      first deviated in snapshot \(first.id.short) at \(first.capturedAtText)"
        if let clean = episode.lastClean {
          text += " (last clean \(clean.snapshot.id.short) at \(clean.snapshot.capturedAtText))"
        }
        text += "\n"
        if let window = episode.window {
          text += "      window " + VerdictRenderer.text(window) + "\n"
        }
        text +=
          "      \(episode.firstDrifted.state.name) for "
          + "\(VerdictRenderer.duration(episode.duration)), to the latest observation\n"
      }
      text += origin(of: item, in: drift)
      if let commit = item.notApplied {
        text += "      not applied: \(describe(commit)) changed it since\n"
      }
      if let declared = item.lastDeclared {
        text += "      last declared by \(describe(declared))"
        text += item.removedBy.map { ", removed by \(describe($0))" } ?? ""
        text += "\n"
      } else if item.neverInGit {
        text += "      never in git\n"
      }
    }
    return text
  }

  private static func describe(_ commit: Commit) -> String {
    "\(commit.id.short) \"\(commit.summary)\" (\(commit.author.name), \(Timestamp.format(commit.author.time)))"
  }

  private static func commitValue(_ commit: Commit) -> Value {
    [
      "commit": .string(commit.id.hex), "summary": .string(commit.summary),
      "author": .string(commit.author.name),
      "time": .string(Timestamp.format(commit.author.time)),
    ]
  }

  /// The explanations of `drift` as pretty JSON: the drift as the report writes it, with an
  /// `explanations` array.
  ///
  /// - Parameters:
  ///   - drift: the drifted resource.
  ///   - explanations: one per drifted attribute, or one for the whole resource.
  /// - Returns: the whole output, ending with a newline.
  public static func json(_ drift: Drift, _ explanations: [Explanation]) -> String {
    let explained: [Value] = explanations.map { item in
      var members: [Member] = []
      if let change = item.change { members += JSONReportRenderer.change(change).members ?? [] }
      if let commit = item.lastSet {
        members.append(
          Member(
            "lastSet",
            [
              "commit": .string(commit.id.hex), "summary": .string(commit.summary),
              "author": .string(commit.author.name),
              "time": .string(Timestamp.format(commit.author.time)),
            ]))
      }
      if let commit = item.notApplied { members.append(Member("notApplied", commitValue(commit))) }
      if let commit = item.lastDeclared {
        members.append(Member("lastDeclared", commitValue(commit)))
      }
      if let commit = item.removedBy { members.append(Member("removedBy", commitValue(commit))) }
      if item.neverInGit { members.append(Member("neverInGit", .bool(true))) }
      if let episode = item.episode {
        members.append(
          Member("firstDeviated", .object(VerdictRenderer.members(episode.firstDrifted))))
        members.append(
          Member(
            "lastClean", episode.lastClean.map { .object(VerdictRenderer.members($0)) } ?? .null))
        members.append(Member("window", VerdictRenderer.value(episode.window)))
        members.append(Member("duration", .integer(Int(episode.duration.rounded()))))
      }
      return .object(members)
    }
    let value = JSONReportRenderer.drift(drift).setting("explanations", to: .array(explained))
    return JSONWriter(pretty: true).string(value) + "\n"
  }

  /// The answer when `address` is in sync, as text.
  public static func inSyncText(_ address: String) -> String {
    "\(address) is in sync.\n"
  }

  /// The answer when `address` is in sync, as pretty JSON: `{"address": …, "drifted": false}`.
  public static func inSyncJSON(_ address: String) -> String {
    VerdictRenderer.notDrifted(address)
  }

  /// Where the live value came from: undeployed, out-of-band, or who created an unmanaged
  /// resource; empty when nothing is known.
  private static func origin(of item: Explanation, in drift: Drift) -> String {
    if let provenance = item.change?.provenance {
      if provenance.kind == "undeployed", let commit = provenance.commit {
        return
          "      undeployed: live equals what commit \(commit.prefix(7)) desired; the code moved on and was not applied\n"
      }
      let actor =
        item.change?.actor.map { ": \($0.manager)" + ($0.time.map { " at \($0)" } ?? "") } ?? ""
      return "      out-of-band\(actor)\n"
    } else if drift.kind == .unmanaged, let actor = drift.actor {
      return "      created by \(actor.manager)" + (actor.time.map { " at \($0)" } ?? "") + "\n"
    }
    return ""
  }
}
