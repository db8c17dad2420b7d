import DriftJSON
import DriftModel
package import Foundation
import Git

/// The drift-aware push check: attributes the push changes in git while live holds a value
/// that nobody put in git, so that the push would silently overwrite a hand-made fix.
package struct PrePush {
  package var workspace: Workspace

  package init(workspace: Workspace) {
    self.workspace = workspace
  }

  /// What the push overwrites.
  package struct Outcome: Sendable {
    /// One line per overwritten live value: `ADDRESS#POINTER: …`.
    package var warnings: [String] = []
    /// Whether `drift.prePush=block` asks to refuse such a push.
    package var blocks = false
  }

  /// Checks the updates git passes a pre-push hook on standard input (`LOCAL_REF LOCAL_SHA
  /// REMOTE_REF REMOTE_SHA` per line); new and deleted refs, and remote commits this
  /// repository does not have, are not compared.
  package func run(input: Data) throws(Failure) -> Outcome {
    let zero = String(repeating: "0", count: 40)
    var outcome = Outcome()
    for line in String(decoding: input, as: UTF8.self).split(separator: "\n") {
      let fields = line.split(separator: " ").map(String.init)
      guard fields.count == 4, fields[1] != zero, fields[3] != zero else { continue }
      guard let oldID = ObjectID(hex: fields[3]), (try? workspace.repository.commit(oldID)) != nil
      else {
        continue
      }
      outcome.warnings += overwrites(old: fields[3], new: fields[1])
    }
    let setting = (try? workspace.repository.configString("drift.prePush")) ?? nil
    outcome.blocks = !outcome.warnings.isEmpty && setting == "block"
    return outcome
  }

  private func check(_ revision: String) -> DriftReport? {
    var check = Check(
      revision: revision, sourceName: nil, snapshot: nil, addresses: [], provenanceDepth: nil)
    check.workspace = workspace
    // Only the report is read: the verdicts of the last check are reused (see VerdictCache).
    check.reusesVerdicts = true
    return try? check.run()
  }

  private func overwrites(old: String, new: String) -> [String] {
    guard let before = check(old), let after = check(new) else { return [] }
    var found: [String] = []
    let writer = JSONWriter()
    let text = { (value: Value?) in value.map(writer.string) ?? "(none)" }
    for drift in after.drifts where drift.kind == .modified {
      guard let earlier = before.drifts.first(where: { $0.id == drift.id && $0.kind == .modified })
      else { continue }
      for change in drift.changes {
        guard let previous = earlier.changes.first(where: { $0.path == change.path }),
          previous.live == change.live, previous.desired != change.desired
        else { continue }
        let actor = change.actor.map { " (set by \($0.manager))" } ?? ""
        found.append(
          "\(drift.id.address)#\(change.path): the push changes the desired value "
            + "\(text(previous.desired)) -> \(text(change.desired)), "
            + "but live holds \(text(change.live))\(actor), which was never in git")
      }
    }
    return found
  }
}
