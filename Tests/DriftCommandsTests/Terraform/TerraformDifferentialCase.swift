import DriftTestSupport
import Foundation
import Testing

/// One generated root module of the Terraform differential test, as recorded by
/// `Tests/Fixtures/terraform/differential/regenerate.py` from real terraform: its files, the
/// out-of-band edits of its state, the snapshot git-drift reads and what the plan changes.
struct TerraformDifferentialCase: Sendable, CustomTestStringConvertible {
  /// A resource the plan changes: its address, how, and (modified only) the attribute pointers.
  struct Drift: Hashable, Sendable, CustomStringConvertible {
    var address: String
    var kind: String
    var paths: [String]

    var description: String { "\(kind) \(address) \(paths.joined(separator: ","))" }
  }

  /// Why a recorded line cannot be read.
  enum Failure: Error {
    case malformed(line: Int)
  }

  var id: String
  var seed: Int
  var clean: Bool
  var features: [String]
  var edits: [String]
  /// Paths relative to the root module folder, and their text.
  var files: [String: String]
  /// `terraform show -json` of the edited state (the plan's prior state).
  var snapshot: String
  /// What the plan changes in a known value.
  var drifts: Set<Drift>
  /// Addresses whose only planned changes are values known after apply.
  var knockOns: Set<String>

  var testDescription: String {
    "\(id) [\(features.joined(separator: " "))] edits: \(edits.isEmpty ? "none" : edits.joined(separator: "; "))"
  }

  /// The recorded file of cases.
  static let fixture = TerraformProject.fixtures.appendingPathComponent(
    "differential/cases.jsonl")

  /// The recorded cases, empty when the fixture cannot be read (a test then fails on the count).
  static let recorded: [TerraformDifferentialCase] = (try? load(fixture)) ?? []

  static func load(_ url: URL) throws -> [TerraformDifferentialCase] {
    try parse(String(decoding: try Data(contentsOf: url), as: UTF8.self))
  }

  /// The cases of JSON lines text.
  static func parse(_ text: String) throws -> [TerraformDifferentialCase] {
    var cases: [TerraformDifferentialCase] = []
    for (number, line) in text.split(separator: "\n").enumerated() {
      guard
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let id = object["id"] as? String, let seed = object["seed"] as? Int,
        let files = object["files"] as? [String: String],
        let snapshot = object["snapshot"] as? [String: Any],
        let drifts = object["drifts"] as? [[String: Any]]
      else { throw Failure.malformed(line: number + 1) }
      let snapshotText = String(
        decoding: try JSONSerialization.data(withJSONObject: snapshot), as: UTF8.self)
      var planned = Set<Drift>()
      for drift in drifts {
        guard let address = drift["address"] as? String, let kind = drift["kind"] as? String
        else { throw Failure.malformed(line: number + 1) }
        planned.insert(
          Drift(address: address, kind: kind, paths: (drift["paths"] as? [String] ?? []).sorted()))
      }
      cases.append(
        TerraformDifferentialCase(
          id: id, seed: seed, clean: object["clean"] as? Bool ?? false,
          features: object["features"] as? [String] ?? [],
          edits: object["edits"] as? [String] ?? [],
          files: files, snapshot: snapshotText, drifts: planned,
          knockOns: Set(object["knockOns"] as? [String] ?? [])))
    }
    return cases
  }

  /// The drifts of a git-drift JSON report, in the form of the plan's, knock-ons left out.
  func observed(in report: [String: Any]) -> Set<Drift> {
    var observed = Set<Drift>()
    for drift in report["drifts"] as? [[String: Any]] ?? [] {
      guard let address = drift["address"] as? String, let kind = drift["kind"] as? String,
        !knockOns.contains(address)
      else { continue }
      let changes = drift["changes"] as? [[String: Any]] ?? []
      let paths = kind == "modified" ? Set(changes.compactMap { $0["path"] as? String }) : []
      observed.insert(Drift(address: address, kind: kind, paths: paths.sorted()))
    }
    return observed
  }
}
