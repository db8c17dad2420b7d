import DriftJSON
import DriftModel

/// The watcher's events, as `git drift watch` prints them and sends them to `--notify-exec`
/// and `--webhook`.
public enum WatchEventRenderer {
  /// The event on one line for people, without a newline:
  /// `drift prod-k8s Deployment.apps/prod/web#/spec/replicas: 3 -> 5 (kubectl-scale)`.
  public static func line(_ event: WatchEvent) -> String {
    switch event.type {
    case "capture-failed":
      return "capture-failed \(event.source): \(event.message ?? "")"
    default:
      var text = "\(event.type) \(event.source) \(event.address ?? "")"
      text += event.path.map { "#\($0)" } ?? ""
      if let live = event.live, event.type == "drift" {
        text += ": \(event.desired ?? "(absent)") -> \(live)"
      } else if let kind = event.kind, event.type == "drift" {
        text += ": \(kind)"
      }
      if let actor = event.actor, event.type == "drift" { text += " (\(actor))" }
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
