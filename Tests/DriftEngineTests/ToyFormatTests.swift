import DriftDiff
import DriftEngine
import DriftFormats
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

/// A format git-drift does not ship, to show that a new format is one adapter type.
///
/// `NAME=VALUE` lines in git; live, a JSON object of names to values.
private struct SettingsAdapter: FormatAdapter {
  let format: SourceFormat = "settings"

  func desired(
    _ source: SourceConfiguration, in tree: any DesiredTree, live: [Resource],
    secrets: SecretDigester
  ) throws(DriftError) -> DesiredState {
    DesiredState(
      resources: try desiredFileByFile(source, in: tree, secrets: secrets), rules: fileRules)
  }

  func desiredResources(
    _ bytes: [UInt8], file: String, source: SourceConfiguration, secrets: SecretDigester
  ) throws(DriftError) -> [Resource] {
    var resources: [Resource] = []
    for (index, line) in String(decoding: bytes, as: UTF8.self).split(separator: "\n")
      .enumerated()
    {
      guard let equals = line.firstIndex(of: "=") else {
        throw DriftError(
          "a setting is NAME=VALUE", at: SourceLocation(file: file, line: index + 1, column: 1))
      }
      let name = String(line[..<equals])
      let value = String(line[line.index(after: equals)...])
      resources.append(
        Resource(
          id: ResourceID(type: "Setting", address: "Setting/\(name)"),
          body: .object([Member("value", .string(value))]),
          location: SourceLocation(file: file, line: index + 1, column: 1)))
    }
    return resources
  }

  var fileRules: any ComparisonRules { SettingsRules() }

  func live<Output: Sendable>(
    _ bytes: [UInt8], name: String, source: SourceConfiguration, secrets: SecretDigester,
    reading: LiveReading, known: (@Sendable (ArraySlice<UInt8>) -> Output?)?,
    each: @escaping @Sendable (Resource, ArraySlice<UInt8>?) -> Output
  ) throws(DriftError) -> [Output] {
    let root = try JSONReader.parse(bytes, file: name)
    return (root.members ?? []).map { member in
      each(
        Resource(
          id: ResourceID(type: "Setting", address: "Setting/\(member.key)"),
          body: .object([Member("value", member.value)])), nil)
    }
  }

  func accept(_ drifts: [Drift], _ input: RecoveryInput) -> Acceptance { Acceptance() }

  func rollback(_ drifts: [Drift], _ input: RecoveryInput) -> RollbackPlan {
    RollbackPlan(source: input.source.name, steps: [], verify: "")
  }
}

private struct SettingsRules: ComparisonRules {}

@Suite("a format added as one adapter")
struct ToyFormatTests {
  private func repository() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    try repo.write(
      ".drift.yml",
      "version: 1\nsources:\n  - name: app\n    format: settings\n    paths: [\"app.env\"]\n")
    try repo.write("app.env", "MODE=fast\nLEVEL=3\n")
    _ = try repo.commit("Settings")
    return repo
  }

  @Test("check reads, compares and reports a registered toy format, in-process")
  func checkToyFormat() throws {
    let repo = try repository()
    defer { repo.remove() }
    let live = repo.root + "/live.json"
    try Data(#"{"MODE": "slow", "LEVEL": "3", "EXTRA": "x"}"#.utf8).write(
      to: URL(fileURLWithPath: live))
    var check = Check(revision: "HEAD", sourceName: "app", snapshot: live, addresses: [])
    check.workspace = Workspace(
      repository: try Repository(path: repo.path),
      formats: FormatRegistry.standard.adding(SettingsAdapter()))
    let report = try check.run()
    #expect(report.summary.modified == 1)
    #expect(report.summary.unmanaged == 1)
    let modified = try #require(report.drifts.first { $0.kind == .modified })
    #expect(modified.id.address == "Setting/MODE")
    #expect(modified.location?.line == 1)
    #expect(modified.changes.map(\.path.pointer) == ["/value"])
  }

  @Test("the standard registry refuses the toy format at its line of .drift.yml")
  func unregisteredFormatIsRefused() throws {
    let repo = try repository()
    defer { repo.remove() }
    var check = Check(revision: "HEAD", sourceName: "app", snapshot: nil, addresses: [])
    check.workspace = Workspace(repository: try Repository(path: repo.path))
    #expect {
      try check.run()
    } throws: { error in
      "\(error)".hasPrefix(
        ".drift.yml:4:5: unknown format 'settings' (known: argocd, flux, hcl, helm, kubernetes, kustomize, terraform)"
      )
    }
  }
}
