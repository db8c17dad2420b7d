import ArgumentParser
import DriftDiff
import DriftEngine
import DriftFormats
import DriftHistory
import DriftJSON
import DriftModel
import DriftReports
import DriftTerraform
import Foundation
import Git
import Parallelism

/// `git drift check`: compare the desired state at a commit with live state.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Compare the desired state at a commit with a live export, and report drift.",
    discussion: """
      Exit status: 0 in sync, 1 drift found, 2 error (as git diff --exit-code and kubectl diff).

      Examples:
        kubectl get deploy,svc,cm -n prod -o json > live.json
        git drift check --snapshot live.json
        git drift check --rev HEAD~3 --source prod-k8s --snapshot live.json --format json
        git drift check --snapshot live.json 'Deployment.apps/prod/*'
      """)

  @Option(name: .long, help: "The commit whose desired state is checked.")
  var rev = "HEAD"

  @Option(name: .long, help: "Check only this source of .drift.yml.")
  var source: String?

  @Option(
    name: .long,
    help: "A live export (kubectl get -o json|yaml), or - for standard input.")
  var snapshot: String?

  @Option(
    name: .long,
    help:
      "text, json, sarif (SARIF 2.1.0), markdown (a PR comment), junit or html (a page for people)."
  )
  var format: CheckFormatOption = .text

  @Option(name: .long, help: "Write the report to this file instead of standard output.")
  var output: String?

  @Option(
    name: .long, help: "Colour text output: auto (on a terminal, unless NO_COLOR), always, never.")
  var color: ColorOption = .auto

  @Flag(
    name: .long,
    help: "For git bisect run: exit 0 in sync, 1 drifted, 125 when the commit cannot be tested.")
  var bisectRun = false

  @Flag(
    name: .long,
    help: "List every file skipped as not a manifest (Chart.yaml, values files, chart templates).")
  var verbose = false

  @Argument(
    help: ArgumentHelp(
      "Only these resources: addresses or globs, like 'Deployment.apps/prod/*', each with an "
        + "optional #/json/pointer for one attribute."))
  var addresses: [String] = []

  func run() throws {
    if bisectRun { try runForBisect() }
    var check = Check(
      revision: rev, sourceName: source, snapshot: snapshot, addresses: addresses)
    // The HTML page shows desired bodies, which a check that reuses verdicts does not read.
    check.reusesVerdicts = format != .html
    let evaluation = try check.evaluate()
    Teardown.skip(evaluation)
    let report = evaluation.report
    for line in SkippedFiles.lines(report.diagnostics, verbose: verbose) {
      Console.error("git-drift: \(line)")
    }
    let text: String
    switch format {
    case .text:
      text = TextReportRenderer(colors: color.enabled(writingToFile: output != nil)).render(report)
    case .json: text = JSONReportRenderer().render(report)
    case .sarif: text = SARIFReportRenderer().render(report)
    case .markdown: text = MarkdownReportRenderer().render(report)
    case .junit: text = JUnitReportRenderer().render(report)
    case .html: text = ReportCommand.page(of: evaluation)
    }
    if let output {
      try Console.write(text, to: output)
    } else {
      Console.out(text)
    }
    if report.summary.hasDrift { throw ExitCode(ExitStatus.drift.rawValue) }
  }

  /// Judges one commit for `git bisect run git drift check --bisect-run ADDRESS…`.
  ///
  /// git checks out each commit, and this compares HEAD's desired state with the latest
  /// snapshot (or --snapshot). A commit that cannot be checked (no .drift.yml yet, a manifest
  /// that does not parse) exits 125, so git skips it.
  private func runForBisect() throws -> Never {
    do {
      let report = try Check(
        revision: rev, sourceName: source, snapshot: snapshot, addresses: addresses,
        provenanceDepth: nil
      ).run()
      let line = TextReportRenderer().render(report).split(separator: "\n").last ?? ""
      Console.out(line + "\n")
      throw ExitCode(
        report.summary.hasDrift ? ExitStatus.drift.rawValue : ExitStatus.inSync.rawValue)
    } catch let failure as Failure {
      Console.error("git-drift: \(failure) (untestable: skipping this commit)")
      throw ExitCode(ExitStatus.untestable.rawValue)
    }
  }
}
