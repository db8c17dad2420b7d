public import DriftModel

/// Reads `.driftignore`: one resource-address glob per line, `ADDRESS#/json/pointer` for one
/// attribute, `!` to take an address back, `#` for comments.
public enum DriftIgnoreReader {
  /// The file's name at the root of the repository.
  public static let fileName = ".driftignore"

  /// One line of the file.
  public struct Entry: Sendable, Equatable {
    /// The rule the line states.
    public var rule: IgnoreRule
    /// Whether the line starts with `!`: matching resources are not ignored after all.
    public var negated: Bool
  }

  /// Parses the file; blank lines and comments are skipped.
  ///
  /// - Throws: `DriftError` at a line whose pointer is malformed.
  public static func parse(_ bytes: [UInt8], file: String = fileName) throws(DriftError) -> [Entry]
  {
    var entries: [Entry] = []
    let text = String(decoding: bytes, as: UTF8.self)
    let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    for (index, rawLine) in lines.enumerated() {
      var line = rawLine.trimmingCharacters(in: " \t\r")
      if line.isEmpty || line.hasPrefix("#") { continue }
      let location = SourceLocation(file: file, line: index + 1, column: 1)
      let negated = line.hasPrefix("!")
      if negated { line = String(line.dropFirst()) }
      var rule = IgnoreRule(resource: line, reason: ".driftignore", origin: location)
      if let hash = line.firstIndex(of: "#") {
        rule.resource = String(line[..<hash])
        let pointer = String(line[line.index(after: hash)...])
        guard FieldPath(pointer: pointer) != nil, !pointer.isEmpty else {
          throw DriftError(
            "'\(pointer)' is not a JSON Pointer (it must start with '/')", at: location)
        }
        rule.paths = [pointer]
      }
      entries.append(Entry(rule: rule, negated: negated))
    }
    return entries
  }
}

extension Substring {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var slice = self[...]
    while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
    while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
    return String(slice)
  }
}
