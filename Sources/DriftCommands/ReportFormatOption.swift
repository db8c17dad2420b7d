import ArgumentParser

/// The output formats of `check`.
enum ReportFormatOption: String, ExpressibleByArgument, CaseIterable {
  case text
  case json
}
