import DriftHistory
import DriftModel
package import DriftReports
package import Foundation

/// The HTML report of a check: the check's report, and the timeline of every drifted resource
/// over its source's recorded snapshots, judged as `git drift timeline` judges them.
package struct ReportPage {
  /// Work done so far, for a progress line: `done` of `total` verdicts, on `address`.
  package typealias Progress = (_ done: Int, _ total: Int, _ address: String) -> Void

  package var evaluation: Check.Evaluation
  /// The time the page is written (the snapshots' ages are counted to it).
  package var now = Date()

  /// A page for `evaluation`.
  package init(evaluation: Check.Evaluation) {
    self.evaluation = evaluation
  }

  /// Why timelines are missing from the page: one line per failure to read the history (the
  /// page is written without them, as the check was).
  package private(set) var warnings: [String] = []

  /// The timelines of the drifted resources over their sources' recorded snapshots.
  ///
  /// A source without snapshots has none. When the history cannot be read, the page has no
  /// timelines and ``warnings`` says why.
  ///
  /// - Parameter progress: called after each verdict.
  package mutating func histories(progress: Progress? = nil) -> [HTMLReportRenderer.History] {
    do {
      return try judge(progress: progress)
    } catch {
      warnings.append("the page has no timelines: \(error)")
      return []
    }
  }

  private func judge(progress: Progress?) throws(Failure) -> [HTMLReportRenderer.History] {
    let report = evaluation.report
    let sources = Set(report.drifts.map(\.source)).sorted()
    var work: [(context: HistoryContext, snapshots: [Snapshot], addresses: [String])] = []
    for name in sources {
      let context = try HistoryContext.open(sourceName: name, workspace: evaluation.workspace)
      let snapshots = try context.snapshots()
      guard !snapshots.isEmpty else { continue }
      var seen = Set<String>()
      let addresses = report.drifts.filter { $0.source == name }.map(\.id.address).filter {
        seen.insert($0).inserted
      }
      work.append((context, snapshots, addresses))
    }
    let total = work.reduce(0) { $0 + $1.snapshots.count * $1.addresses.count }
    var done = 0
    var histories: [HTMLReportRenderer.History] = []
    for (context, snapshots, addresses) in work {
      let evaluator = Evaluator(
        store: context.store, history: context.desiredHistory(secrets: try context.secrets()),
        source: context.source.name, today: .today)
      for address in addresses {
        let before = done
        let timeline = try history { () throws(HistoryError) in
          try Timeline.build(
            address: address, pointer: nil, snapshots: snapshots, evaluator: evaluator
          ) { count in progress?(before + count, total, address) }
        }
        done += snapshots.count
        histories.append(
          HTMLReportRenderer.History(source: context.source.name, timeline: timeline))
      }
    }
    return histories
  }

  /// The whole page.
  package mutating func render(progress: Progress? = nil) -> String {
    HTMLReportRenderer(histories: histories(progress: progress), now: now)
      .render(evaluation.report)
  }
}
