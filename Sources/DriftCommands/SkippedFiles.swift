import DriftFormats
import DriftModel

/// The diagnostics a check prints: files a source skips because they are not manifests are
/// counted in one line unless `--verbose` asks for each (a chart beside its manifests would
/// otherwise print a line per values file at every check).
enum SkippedFiles {
  static let reasons = [
    KubernetesFormat.notAnObject, KubernetesAdapter.chartTemplate, KubernetesAdapter.kustomizeInput,
  ]

  static func lines(_ diagnostics: [Diagnostic], verbose: Bool) -> [String] {
    let skipped = diagnostics.filter { diagnostic in
      diagnostic.level == .note && reasons.contains { diagnostic.message.hasPrefix($0) }
    }
    guard !verbose, skipped.count > 1 else { return diagnostics.map(\.description) }
    let files = skipped.compactMap(\.location?.file)
    let summary =
      "note: skipped \(skipped.count) files that are not Kubernetes manifests (\(files.prefix(3).joined(separator: ", "))"
      + (files.count > 3 ? ", ..." : "")
      + "); --verbose lists them, 'exclude:' in .drift.yml silences them"
    return diagnostics.filter { !skipped.contains($0) }.map(\.description) + [summary]
  }
}
