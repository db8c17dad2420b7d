import DriftModel

/// Reads CODEOWNERS (GitHub and GitLab syntax): each line a path pattern and its owners; the
/// last matching line wins.
public struct CodeOwners: Sendable {
  /// Where forges look for the file, in order.
  public static let locations = ["CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS"]

  private var rules: [(pattern: String, owners: [String])] = []

  /// Parses the file; comments, blank lines and GitLab section headers are skipped.
  public init(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    for raw in text.split(
      omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    {
      let line =
        raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
      let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      guard let pattern = fields.first, !pattern.hasPrefix("["), !pattern.hasPrefix("^[") else {
        continue
      }
      rules.append((pattern, Array(fields.dropFirst())))
    }
  }

  /// The owners of `path` (relative to the repository root), none when no line matches.
  public func owners(of path: String) -> [String] {
    for rule in rules.reversed() where Self.matches(rule.pattern, path) { return rule.owners }
    return []
  }

  /// gitignore-style matching: a leading `/` anchors at the root, a pattern without an inner
  /// `/` matches at any depth, a trailing `/` or a folder name covers everything below.
  static func matches(_ pattern: String, _ path: String) -> Bool {
    var pattern = pattern
    let anchored = pattern.hasPrefix("/") || pattern.dropLast().contains("/")
    if pattern.hasPrefix("/") { pattern.removeFirst() }
    if pattern.hasSuffix("/") { pattern += "**" }
    let glob = Glob(anchored ? pattern : "**/" + pattern)
    if glob.matches(path) { return true }
    // A folder pattern also covers the files inside it.
    return Glob((anchored ? pattern : "**/" + pattern) + "/**").matches(path)
  }
}
