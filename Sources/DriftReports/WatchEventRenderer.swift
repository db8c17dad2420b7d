import DriftJSON
import DriftModel
import Foundation

/// The watcher's events, as `git drift watch` prints them and sends them to `--notify-exec`
/// and `--webhook`.
public enum WatchEventRenderer {
  /// The event on one line for people, without a newline:
  /// `drift started prod-k8s Deployment.apps/prod/web#/spec/replicas: 3 -> 5 (kubectl-scale),
  /// between 2026-11-02T09:30:00Z and 2026-11-02T09:35:00Z`, or `drift resolved … after 1 h 50
  /// min, between … and …`.
  public static func line(_ event: WatchEvent) -> String {
    switch event.type {
    case "capture-failed":
      return "capture-failed \(event.source): \(event.message ?? "")"
    case "drift-summary":
      return "drift summary \(event.source): \(event.message ?? "")"
    default:
      let started = event.type == "drift" || event.type == "drift-started"
      let name: String
      switch event.type {
      case "drift-started": name = "drift started"
      case "drift-resolved": name = "drift resolved"
      default: name = event.type
      }
      var text = "\(name) \(event.source) \(event.address ?? "")"
      text += event.path.map { "#\($0)" } ?? ""
      if let live = event.live, started {
        text += ": \(event.desired ?? "(absent)") -> \(live)"
      } else if let kind = event.kind, started {
        text += ": \(kind)"
      }
      if let actor = event.actor, started { text += " (\(actor))" }
      if let duration = event.duration, !started {
        text += " after \(VerdictRenderer.duration(TimeInterval(duration)))"
      }
      if let window = event.window {
        text +=
          (started || event.duration != nil ? "," : "")
          + " between \(window.from) and \(window.to)"
      }
      return text
    }
  }

  /// The event as sent, compact JSON on one line without a newline: its fields, plus `text`
  /// (the line and the owners) for Slack-compatible webhooks.
  public static func json(_ event: WatchEvent) -> String {
    let owners = event.owners.isEmpty ? "" : " (owners: \(event.owners.joined(separator: ", ")))"
    let text = "git-drift: " + line(event) + owners
    return JSONWriter().string(event.value.setting("text", to: .string(text)))
  }
}
