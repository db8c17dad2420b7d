import DriftDiff
import DriftFormats
import DriftJSON
import DriftModel
import Foundation

/// Builds desired and live resources the way `git drift check` does, and compares them.
struct DiffHarness {
  var format = KubernetesFormat(
    defaultNamespace: "prod", secrets: SecretDigester(key: Array("unit".utf8)))
  var ignore: [IgnoreMatcher.Entry] = []
  var policies: [SeverityPolicy] = []
  var today = CalendarDate(year: 2026, month: 6, day: 15)

  var matcher: IgnoreMatcher { IgnoreMatcher(ignore, today: today) }

  func differ() -> Differ {
    Differ(
      source: "cluster", rules: KubernetesRules(),
      managers: ManagerClassification(deployers: SourceConfiguration.defaultDeployers),
      ignore: matcher, severity: SeverityRules(policies: policies))
  }

  func compare(desired: [Resource], live: [Resource]) throws -> Differ.Analysis {
    differ().compare(desired: try Differ.index(desired: desired), live: live)
  }

  /// Compares desired manifest text (YAML or JSON, by `desiredFile`'s extension) with a live export.
  func compare(
    desired: String, desiredFile: String = "k8s/app.yaml", live: String,
    liveFile: String = "live.json"
  ) throws -> Differ.Analysis {
    try compare(
      desired: try format.desiredResources(Array(desired.utf8), file: desiredFile),
      live: try format.liveResources(Array(live.utf8), file: liveFile))
  }

  /// Compares desired manifest text with live objects given as values (written out as a List).
  func compare(desired: String, live items: [Value]) throws -> Differ.Analysis {
    let export = JSONWriter(pretty: true).string([
      "apiVersion": "v1", "kind": "List", "items": .array(items),
    ])
    return try compare(desired: desired, live: export)
  }

  /// Compares two corpus files: desired with `desiredResources`, live with `liveResources`.
  func compareCorpus(desired: String, live: String) throws -> Differ.Analysis {
    try compare(
      desired: try format.desiredResources(try Corpus.bytes(desired), file: desired),
      live: try format.liveResources(try Corpus.bytes(live), file: live))
  }
}

/// A `managedFields` entry.
func managed(_ manager: String, _ operation: String = "Update", time: String, fields: Value)
  -> Value
{
  [
    "apiVersion": "apps/v1", "fieldsType": "FieldsV1", "manager": .string(manager),
    "operation": .string(operation), "time": .string(time), "fieldsV1": fields,
  ]
}

/// Files of the shared corpus (`../shared/corpus` next to the package root), read in place.
enum Corpus {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("../shared/corpus").standardizedFileURL

  static func bytes(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: root.appendingPathComponent(path)))
  }
}

extension Differ.Analysis {
  /// The changes of the only modified drift, as `op pointer` lines.
  var changeSummary: [String] {
    drifts.filter { $0.kind == .modified }.flatMap(\.changes).map {
      "\($0.operation.rawValue) \($0.path.pointer)"
    }
  }
}
