public import DriftModel
import Foundation

/// Desired objects that are not kept live, and so are not drift-checked.
///
/// Those with `generateName` and no name (the server names each one it creates), and Argo CD
/// and Helm hooks (run at sync time and deleted by their policy). A reader skips them and notes
/// each here; the adapter says so once per object.
public final class NotDeployedObjects: @unchecked Sendable {
  private let lock = NSLock()
  private var entries: [(location: SourceLocation, reason: String)] = []

  public init() {}

  /// Why `body` is not an object to compare, when it is not.
  public static func reason(_ body: Value) -> String? {
    let metadata = body["metadata"]
    let kind = body["kind"]?.stringValue ?? "object"
    if metadata?["name"] == nil, metadata?["generateName"] != nil {
      return "\(kind) with generateName is named by the server each time it is created"
    }
    let annotations = metadata?["annotations"]
    for key in ["argocd.argoproj.io/hook", "helm.sh/hook"] where annotations?[key] != nil {
      return "\(kind) is a hook (\(key)), run at sync time and not kept live"
    }
    return nil
  }

  func add(_ location: SourceLocation, _ reason: String) {
    lock.lock()
    entries.append((location, reason))
    lock.unlock()
  }

  /// One note per skipped object, in file order.
  public var diagnostics: [Diagnostic] {
    lock.lock()
    defer { lock.unlock() }
    return entries.sorted {
      ($0.location.file, $0.location.line) < ($1.location.file, $1.location.line)
    }
    .map { Diagnostic(.note, $0.reason + "; not compared", at: $0.location) }
  }
}
