import DriftModel

/// Text from inputs (names, files, managers, keys) as a report line may hold it.
///
/// A name or a key comes from a manifest or a live export that someone else wrote: a newline
/// in it would start a line of the report that looks like git-drift's own (a forged summary),
/// and an escape sequence would repaint the terminal. Control characters (C0, DEL, C1, and the
/// line and paragraph separators) are written as Swift escapes, `\n` or `\u{1B}`.
public enum ReportText {
  /// `text` with its control characters escaped.
  public static func plain(_ text: String) -> String { text.escapingControlCharacters }

  /// `text` for a Markdown code span: control characters escaped, and a backtick (which
  /// would end the span) written as `'`.
  public static func code(_ text: String) -> String {
    plain(text).replacing("`", with: "'")
  }
}
