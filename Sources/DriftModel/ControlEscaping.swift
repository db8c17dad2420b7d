extension String {
  /// The text with its control characters (C0, DEL, C1, and the line and paragraph separators)
  /// written as Swift escapes, `\n` or `\u{1B}`.
  ///
  /// A name or a key comes from a manifest or a live export that someone else wrote: a line
  /// break in it would start a line of a report, or a trailer of a commit message, that looks
  /// like git-drift's own, a NUL would cut a message, and an escape sequence would repaint the
  /// terminal.
  public var escapingControlCharacters: String {
    // Printable ASCII is nearly every text, and needs no look-up in Unicode's tables.
    if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return self }
    guard unicodeScalars.contains(where: \.isControlOrLineSeparator) else { return self }
    var escaped = ""
    for scalar in unicodeScalars {
      if scalar.isControlOrLineSeparator {
        escaped += scalar.escaped(asASCII: true)
      } else {
        escaped.unicodeScalars.append(scalar)
      }
    }
    return escaped
  }
}

extension Unicode.Scalar {
  /// Whether it is a control character or U+2028 / U+2029, which end a line too.
  public var isControlOrLineSeparator: Bool {
    // General category Cc is exactly C0, DEL and C1.
    value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
  }
}
