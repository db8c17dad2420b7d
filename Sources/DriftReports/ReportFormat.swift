public import DriftModel

/// A renderer: a drift report to text, with no I/O.
public protocol ReportRenderer: Sendable {
  /// The whole output for `report`, ending with a newline.
  func render(_ report: DriftReport) -> String
}
