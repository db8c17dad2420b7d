import DriftDiff
import DriftFormats
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Testing

/// Accept against a reference: thousands of random drift sets applied to generated manifests.
///
/// The drift sets hold values, keys added and removed, list items inserted anywhere and removed, one to three
/// documents per file, CRLF or LF, a BOM, a final newline or not, flow and block lists, compact
/// and indented lists, comments, three quoting styles). Accepting all drift and checking again
/// must be in sync, and the diff must touch only the lines of the changed values.
///
/// A failure prints its seed; `DRIFT_SEED=<seed>` runs that case alone.
@Suite("accept differential: random drift sets re-check in sync with minimal diffs")
struct AcceptDifferentialTests {
  static let cases = 5_000
  let format = KubernetesFormat(defaultNamespace: "prod", secrets: SecretDigester(key: [1]))

  @Test("5,000 random drift sets")
  func randomDriftSets() throws {
    let seeds: [UInt64]
    if let given = ProcessInfo.processInfo.environment["DRIFT_SEED"].flatMap(UInt64.init) {
      seeds = [given]
    } else {
      seeds = (0..<UInt64(Self.cases)).map { 0x5EED_0000 + $0 }
    }
    for seed in seeds {
      if let failure = run(seed: seed) {
        Issue.record("seed \(seed) (DRIFT_SEED=\(seed)): \(failure)")
        return
      }
    }
  }

  /// One case; the reason it fails, or nil.
  func run(seed: UInt64) -> String? {
    var random = SeededGenerator(seed: seed)
    let file = GeneratedFile(random: &random)
    let bytes = file.bytes
    let desiredText = String(decoding: bytes, as: UTF8.self)
    var live = file.documents
    let expectedLines = GeneratedFile.mutate(&live, random: &random)
    let path = "apps/generated.yaml"
    do {
      let desired = try format.desiredResources(bytes, file: path)
      let index = try Differ.index(desired: desired)
      let liveResources = try format.liveResources(
        Array(JSONWriter().string(GeneratedFile.list(live)).utf8), file: "live.json")
      let differ = Differ(
        source: "prod-k8s", rules: KubernetesRules(defaultNamespace: "prod"),
        managers: ManagerClassification(deployers: SourceConfiguration.defaultDeployers),
        ignore: IgnoreMatcher([], today: CalendarDate(year: 2026, month: 12, day: 7)),
        severity: SeverityRules(policies: []))
      let drifts = differ.compare(desired: index, live: liveResources).drifts
      guard !drifts.isEmpty else { return "no drift found in\n\(desiredText)" }
      let context = Acceptance.Context(
        source: SourceConfiguration(
          name: "prod-k8s", format: "kubernetes", paths: ["apps/**/*.yaml"], namespace: "prod"),
        desired: index,
        live: Dictionary(liveResources.map { ($0.id.address, $0) }) { first, _ in first },
        read: { $0 == path ? bytes : nil }, differ: differ, secrets: SecretDigester(key: [1]))
      let plan = Acceptance.plan(drifts, context: context)
      guard plan.refusals.isEmpty else { return "refused \(plan.refusals) in\n\(desiredText)" }
      guard let edited = plan.files[path] ?? nil else { return "no edit of\n\(desiredText)" }
      let editedText = String(decoding: edited, as: UTF8.self)
      let again = try format.desiredResources(edited, file: path)
      let left = differ.compare(desired: try Differ.index(desired: again), live: liveResources)
      guard left.drifts.isEmpty else {
        let paths = left.drifts.flatMap { $0.changes.map(\.path.pointer) }
        return "still drifts at \(paths) after\n\(desiredText)\n=>\n\(editedText)"
      }
      let touched = LineDiff.count(desiredText, editedText)
      guard touched == expectedLines else {
        return
          "\(touched) lines changed, \(expectedLines) expected:\n\(desiredText)\n=>\n\(editedText)"
      }
      if file.crlf, editedText.replacingOccurrences(of: "\r\n", with: "").contains("\n") {
        return "a CRLF file got LF lines:\n\(editedText)"
      }
      if file.bom != edited.starts(with: [0xEF, 0xBB, 0xBF]) { return "the BOM changed" }
      if file.finalNewline != (edited.last == 0x0A) { return "the final newline changed" }
    } catch {
      return "\(error) in\n\(desiredText)"
    }
    return nil
  }
}

/// Counts the lines a unified diff removes plus those it adds (a longest common subsequence).
enum LineDiff {
  static func count(_ old: String, _ new: String) -> Int {
    // "\r\n" is one Character: make it "\n" before splitting.
    let a = old.replacingOccurrences(of: "\r\n", with: "\n").split(
      separator: "\n", omittingEmptySubsequences: false)
    let b = new.replacingOccurrences(of: "\r\n", with: "\n").split(
      separator: "\n", omittingEmptySubsequences: false)
    var lengths = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
      for j in stride(from: b.count - 1, through: 0, by: -1) {
        lengths[i][j] =
          a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
      }
    }
    return a.count + b.count - 2 * lengths[0][0]
  }
}
