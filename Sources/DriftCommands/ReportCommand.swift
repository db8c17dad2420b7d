import ArgumentParser
import DriftEngine
import DriftModel
import DriftReports

/// `git drift report --html`: the check as one self-contained page for people.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write the check as one self-contained HTML page, with diffs and timelines.",
    discussion: """
      The page has a summary, the drifted resources by severity, per resource the desired \
      and live values side by side with who changed them and when, and a timeline over the \
      recorded snapshots. It holds no script and loads nothing from the network.

      Exit status: 0 in sync, 1 drift found, 2 error (as check).

      Examples:
        git drift report --html --output drift.html
        git drift report --html --snapshot live.json --output drift.html 'Deployment.apps/prod/*'
      """)

  @Flag(name: .long, help: "Write HTML (the only format of report; check --format has others).")
  var html = false

  @OptionGroup var state: StateOptions

  @Option(name: .long, help: "Write the page to this file instead of standard output.")
  var output: String?

  @Argument(help: "Only these resources: addresses or globs, like 'Deployment.apps/prod/*'.")
  var addresses: [String] = []

  func validate() throws {
    guard html else { throw ValidationError("report needs --html (the format it writes)") }
  }

  func run() throws {
    let evaluation = try Check(
      revision: state.rev, sourceName: state.source, snapshot: state.snapshot, addresses: addresses
    ).evaluate()
    Teardown.skip(evaluation)
    for diagnostic in evaluation.report.diagnostics {
      Console.error("git-drift: \(diagnostic)")
    }
    let text = Self.page(of: evaluation)
    if let output {
      try Console.write(text, to: output)
    } else {
      Console.out(text)
    }
    if evaluation.report.summary.hasDrift { throw ExitCode(ExitStatus.drift.rawValue) }
  }

  /// The HTML page of `evaluation`, with a progress line on a terminal while the timelines
  /// are judged.
  static func page(of evaluation: Check.Evaluation) -> String {
    let progress = ProgressLine()
    var page = ReportPage(evaluation: evaluation)
    let html = page.render { done, total, address in
      progress.update("timeline of \(ReportText.plain(address))", done: done, total: total)
    }
    progress.finish()
    for warning in page.warnings { Console.error("git-drift: warning: \(warning)") }
    return html
  }
}
