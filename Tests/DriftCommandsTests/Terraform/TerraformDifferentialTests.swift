import DriftTestSupport
import Foundation
import Testing

/// git-drift against real terraform (issue 20), case by case.
///
/// Seeded root modules of `terraform_data`, applied, edited out of band with
/// `terraform state push`, planned with `-refresh=false`. The plan's resource_changes are the truth: a clean state has no drift, no case exits 2,
/// and the drifted resources and attribute pointers are the plan's (knock-ons, whose changes
/// are known only after apply, are not counted either way).
///
/// The cases are recorded (terraform over 480 modules is minutes on two CPUs); regenerate them with
/// `python3 Tests/Fixtures/terraform/differential/regenerate.py`. A few run live when
/// terraform is on PATH, so that the recording cannot silently go stale.
@Suite struct TerraformDifferentialTests {
  /// Cases where git-drift and terraform still disagree, each with the reason.
  static let knownDisagreements: [String: String] = [:]

  /// Seeds run live with real terraform (when it is on PATH): module moves with keys, secrets
  /// through module outputs, keys that need quoting, a knock-on, and a clean state.
  static let liveSeeds = [5, 6, 12, 15, 20]

  @Test func atLeastTwoHundredCasesAreRecordedCleanAndEdited() {
    let cases = TerraformDifferentialCase.recorded
    #expect(cases.count >= 200)
    #expect(cases.filter(\.clean).count >= 40)
    #expect(cases.filter { !$0.drifts.isEmpty }.count >= 100)
    // A state nobody edited is what the configuration says.
    #expect(cases.filter { $0.clean && !$0.drifts.isEmpty }.map(\.id) == [])
  }

  @Test(arguments: TerraformDifferentialCase.recorded)
  func gitDriftAgreesWithThePlan(_ testCase: TerraformDifferentialCase) throws {
    if let reason = Self.knownDisagreements[testCase.id] {
      withKnownIssue(Comment(rawValue: reason)) { try Self.verify(testCase) }
    } else {
      try Self.verify(testCase)
    }
  }

  /// Whether the generator can run: python3 is on PATH.
  static let canGenerate = (try? Shell.run(["python3", "--version"]))?.status == 0

  @Test(
    .enabled(if: TerraformProject.isAvailable, "terraform is not on PATH"),
    .enabled(if: canGenerate, "python3 is not on PATH"))
  func liveTerraformAgreesWithTheRecording() throws {
    let script = TerraformProject.fixtures.appendingPathComponent(
      "differential/regenerate.py"
    ).path
    let seeds = Self.liveSeeds.map(String.init).joined(separator: ",")
    let result = try Shell.run(["python3", script, "--seeds", seeds, "--out", "-"])
    try #require(result.status == 0, "\(result.stderr)")
    let live = try TerraformDifferentialCase.parse(result.stdout)
    #expect(live.map(\.seed) == Self.liveSeeds)
    let recorded = Dictionary(
      TerraformDifferentialCase.recorded.map { ($0.id, $0) },
      uniquingKeysWith: { first, _ in first })
    for testCase in live {
      let stored = try #require(recorded[testCase.id], "\(testCase.id) is not recorded")
      #expect(testCase.files == stored.files, "\(testCase.id): regenerate the fixture")
      #expect(testCase.edits == stored.edits, "\(testCase.id): regenerate the fixture")
      #expect(testCase.drifts == stored.drifts, "\(testCase.id): terraform plans otherwise now")
      #expect(testCase.knockOns == stored.knockOns, "\(testCase.id)")
      try Self.verify(testCase)
    }
  }

  /// Runs `git-drift check` over the case's files and snapshot and compares with the plan.
  static func verify(_ testCase: TerraformDifferentialCase) throws {
    let repo = try hclRepository(
      testCase.files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    defer { repo.remove() }
    let export = try writeExport(testCase.snapshot, in: repo)
    let result = try gitDrift("check", "--snapshot", export, "--format", "json", in: repo)
    try #require(result.status != 2, "\(testCase.id): \(result.stderr)")
    let document = try report(result)
    let observed = testCase.observed(in: document)
    let missed = testCase.drifts.subtracting(observed).map(\.description).sorted()
    let extra = observed.subtracting(testCase.drifts).map(\.description).sorted()
    #expect(missed == [], "\(testCase.id): the plan changes these, git-drift does not report them")
    #expect(extra == [], "\(testCase.id): git-drift reports these, the plan does not change them")
    let reported = !(document["drifts"] as? [Any] ?? []).isEmpty
    #expect(result.status == (reported ? 1 : 0), "\(testCase.id): exit status")
  }
}
