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
    public var command: String
    /// The desired manifest the command applies, as the commit holds it.
    public var manifest: String?
    public var destructive: Bool
    /// Whether the command reads the manifest on standard input; otherwise the script shows it
    /// as a comment.
    public var feedsManifest = true
    /// The language of the manifest, for fenced code.
    public var language = "yaml"
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

  /// The plan as a POSIX shell script that stops at the first failure and asks before any
  /// destructive step.
  public var script: String {
    var lines = [
      "#!/bin/sh",
      "# Rollback plan of source '\(source)', written by git-drift.",
      "# Restores the desired state; destructive steps come last, behind a confirmation.",
      "set -eu",
    ]
    lines += setup + [""]
    var confirmed = false
    for (index, step) in steps.enumerated() {
      if step.destructive, !confirmed {
        confirmed = true
        let count = steps.filter(\.destructive).count
        lines += [
          "# Destructive steps: \(count) resource(s) created out of band will be deleted.",
          "if [ \"${GIT_DRIFT_CONFIRM:-}\" != delete ]; then",
          "  printf '%s' \"Delete \(count) unmanaged resource(s)? Type 'delete' to continue: \"",
          "  read -r answer",
          "  [ \"$answer\" = delete ] || { echo 'Stopped before the destructive steps.' >&2; exit 1; }",
          "fi",
          "",
        ]
      }
      lines.append("echo '\(index + 1). \(step.title.replacing("'", with: "'\\''"))'")
      if let manifest = step.manifest, !step.feedsManifest {
        lines += manifest.split(separator: "\n", omittingEmptySubsequences: false).map {
          $0.isEmpty ? "#" : "# " + $0
        }
        lines.append(step.command)
      } else if let manifest = step.manifest {
        lines.append(step.command + " <<'GIT_DRIFT_MANIFEST'")
        lines.append(manifest)
        lines.append("GIT_DRIFT_MANIFEST")
      } else {
        lines.append(step.command)
      }
      lines.append("")
    }
    lines.append("echo 'Done. Check: \(verify)'")
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
        "destructive": step.destructive, "address": step.address,
      ]
      if let manifest = step.manifest {
        row["manifest"] = manifest
        row["language"] = step.language
      }
      return row
    }
  }
}
