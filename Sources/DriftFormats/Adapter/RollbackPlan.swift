public import DriftModel

/// An ordered plan that restores the desired state: per drifted resource, the exact desired
/// manifest and the command that applies it; deleting unmanaged resources is destructive and
/// comes last.
public struct RollbackPlan: Sendable {
  /// One step of the plan.
  public struct Step: Sendable {
    public var address: String
    public var kind: DriftKind
    public var title: String
    public var reason: String
    /// The shell command of the step, every value in it quoted as one shell word; empty when
    /// the step is refused.
    public var command: String
    /// The desired manifest the command applies, as the commit holds it.
    public var manifest: String?
    public var destructive: Bool
    /// Whether the command reads the manifest on standard input; otherwise the script shows it
    /// as a comment.
    public var feedsManifest = true
    /// The language of the manifest, for fenced code.
    public var language = "yaml"
    /// Whether the plan cannot restore this resource safely: `reason` says why, and the script
    /// only prints it.
    public var refused = false
  }

  public var source: String
  public var steps: [Step]
  /// What to run after the plan.
  public var verify: String
  /// Shell lines the script runs before the steps.
  public var setup: [String] = []

  /// Creates a plan.
  public init(source: String, steps: [Step], verify: String, setup: [String] = []) {
    self.source = source
    self.steps = steps
    self.verify = verify
    self.setup = setup
  }

  /// The command that checks a source again once the plan ran.
  public static func verification(of source: String) -> String {
    "git drift check --source " + shellQuoted(source)
  }

  /// The plan as a POSIX shell script that stops at the first failure and asks before any
  /// destructive step.
  ///
  /// Nothing of the plan's values runs as code: each is one single-quoted shell word, text in
  /// comments stays on its comment lines, and each manifest travels in a quoted heredoc whose
  /// delimiter is chosen so that no line of the manifest equals it.
  public var script: String {
    var lines = ["#!/bin/sh"]
    lines += Self.comment("Rollback plan of source '\(source)', written by git-drift.")
    lines += [
      "# Restores the desired state; destructive steps come last, behind a confirmation.",
      "set -eu",
    ]
    lines += setup + [""]
    var confirmed = false
    for (index, step) in steps.enumerated() {
      if step.destructive, !confirmed {
        confirmed = true
        lines += confirmation(count: steps.filter(\.destructive).count)
      }
      lines += Self.lines(of: step, number: index + 1)
      lines.append("")
    }
    lines.append(Self.print("Done. Check: \(verify)"))
    return lines.joined(separator: "\n") + "\n"
  }

  /// The plan as JSON.
  public var json: Value {
    .object([
      Member("source", .string(source)),
      Member(
        "steps",
        .array(
          steps.enumerated().map { index, step in
            var members: [Member] = [
              Member("number", .integer(index + 1)), Member("address", .string(step.address)),
              Member("kind", .string(step.kind.rawValue)), Member("title", .string(step.title)),
              Member("reason", .string(step.reason)), Member("command", .string(step.command)),
              Member("destructive", .bool(step.destructive)),
            ]
            if let manifest = step.manifest {
              members.append(Member("manifest", .string(manifest)))
            }
            if step.refused { members.append(Member("refused", .bool(true))) }
            return .object(members)
          })),
      Member("verify", .string(verify)),
    ])
  }

  /// The values the markdown template sees.
  public var context: [[String: Any]] {
    steps.enumerated().map { index, step in
      var row: [String: Any] = [
        "number": index + 1, "title": step.title, "reason": step.reason, "command": step.command,
        "destructive": step.destructive, "address": step.address, "refused": step.refused,
      ]
      if let manifest = step.manifest {
        row["manifest"] = manifest
        row["language"] = step.language
      }
      return row
    }
  }

  private func confirmation(count: Int) -> [String] {
    [
      "# Destructive steps: \(count) resource(s) created out of band will be deleted.",
      "if [ \"${GIT_DRIFT_CONFIRM:-}\" != delete ]; then",
      "  printf '%s' \"Delete \(count) unmanaged resource(s)? Type 'delete' to continue: \"",
      "  read -r answer",
      "  [ \"$answer\" = delete ] || { echo 'Stopped before the destructive steps.' >&2; exit 1; }",
      "fi",
      "",
    ]
  }

  private static func lines(of step: Step, number: Int) -> [String] {
    if step.refused {
      return [print("\(number). Not planned: \(step.title): \(step.reason)") + " >&2"]
    }
    var lines = [print("\(number). \(step.title)")]
    if let manifest = step.manifest, !step.feedsManifest {
      lines += comment(manifest)
      lines.append(step.command)
    } else if let manifest = step.manifest {
      let delimiter = heredocDelimiter(for: manifest)
      lines.append(step.command + " <<'" + delimiter + "'")
      lines.append(manifest)
      lines.append(delimiter)
    } else {
      lines.append(step.command)
    }
    return lines
  }

  /// `text` as comment lines: a line break in it starts another comment line, never code.
  static func comment(_ text: String) -> [String] {
    text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map {
      $0.isEmpty ? "#" : "# " + $0
    }
  }

  /// The shell line that prints `text` as it is.
  static func print(_ text: String) -> String {
    "printf '%s\\n' " + shellQuoted(text)
  }

  /// A heredoc delimiter that no line of `content` equals: `GIT_DRIFT_` and a hash of the
  /// content, with a counter in the unlikely case that a line still equals it.
  static func heredocDelimiter(for content: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in content.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    let base = "GIT_DRIFT_MANIFEST_" + String(hash, radix: 16, uppercase: true)
    // The shell ends a line at every LF byte, also the one of a CR LF that Swift sees as one
    // character.
    let lines = Set(
      content.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
        Array($0)
      })
    var delimiter = base
    var counter = 1
    while lines.contains(Array(delimiter.utf8)) {
      delimiter = base + "_\(counter)"
      counter += 1
    }
    return delimiter
  }

  /// `text` as one POSIX shell word: as it is when it holds only characters the shell takes
  /// literally, single-quoted otherwise.
  public static func shellQuoted(_ text: String) -> String {
    let plain = text.unicodeScalars.allSatisfy {
      $0.isASCII
        && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
          || "._-/=:@,+%".unicodeScalars.contains($0))
    }
    return plain && !text.isEmpty ? text : "'" + text.replacing("'", with: "'\\''") + "'"
  }
}
