import ArgumentParser

/// The output formats of `check`.
enum ReportFormatOption: String, ExpressibleByArgument, CaseIterable {
  case text
  case json
}

/// The output formats of `check`: text and JSON, and the formats other tools read.
enum CheckFormatOption: String, ExpressibleByArgument, CaseIterable {
  case text
  case json
  case sarif
  case markdown
  case junit
  case html
}

/// When to colour text output.
enum ColorOption: String, ExpressibleByArgument, CaseIterable {
  /// On a terminal, unless NO_COLOR is set.
  case auto
  case always
  case never

  /// Whether output written to standard output (not a file) gets colour.
  func enabled(writingToFile: Bool) -> Bool {
    switch self {
    case .always: return true
    case .never: return false
    case .auto: return !writingToFile && Console.wantsColor
    }
  }
}
