/// Paths inside a repository, as git stores them: relative, `/`-separated, never above the top.
///
/// `.drift.yml` and live exports are written by other people, so a path or a name taken from
/// them is checked here, by its text alone, before it becomes a file or a tree entry. Symbolic
/// links are a property of a tree, not of a text: the layers that know trees check those.
public enum RepositoryPath {
  /// Why `path` does not name a place inside the repository; nil when it does.
  ///
  /// An absolute path, a `..` component, a backslash (a separator on Windows checkouts) and a
  /// control character (NUL, a newline) are refused; `.` and empty components are not, since
  /// they stay where they are.
  public static func problem(_ path: String) -> String? {
    if path.hasPrefix("/") { return "is an absolute path" }
    if path.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
      return "holds a control character"
    }
    if path.contains("\\") { return "holds a backslash" }
    if path.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
      return "leaves the repository (a '..' component)"
    }
    return nil
  }

  /// Whether `name` can be one component of a path: not empty, not `.` or `..`, without `/`,
  /// backslash or control characters, and at most 255 bytes (what file systems hold).
  public static func isFileName(_ name: String) -> Bool {
    !name.isEmpty && name != "." && name != ".." && name.utf8.count <= 255
      && !name.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0x2F || $0 == 0x5C })
  }

  /// The folders above `path`, outermost first: `a`, `a/b` for `a/b/c`.
  public static func parents(of path: String) -> [String] {
    let components = path.split(separator: "/").filter { $0 != "." }
    guard components.count > 1 else { return [] }
    return (1..<components.count).map { components[..<$0].joined(separator: "/") }
  }
}

/// Names that become part of a git ref, such as a source's `refs/drift/snapshots/<name>`.
public enum ReferenceName {
  /// Why `name` cannot be a part of a ref name, as `git check-ref-format` rules it; nil when it
  /// can.
  public static func problem(_ name: String) -> String? {
    if name.isEmpty { return "is empty" }
    if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
      return "holds a control character"
    }
    if let bad = name.first(where: { " ~^:?*[\\".contains($0) }) {
      return "holds '\(bad)'"
    }
    if name.contains("..") { return "holds '..'" }
    if name.contains("@{") || name == "@" { return "holds '@{' or is '@'" }
    for component in name.split(separator: "/", omittingEmptySubsequences: false) {
      if component.isEmpty { return "has an empty component" }
      if component.hasPrefix(".") { return "has a component that starts with '.'" }
      if component.hasSuffix(".lock") { return "has a component that ends with '.lock'" }
    }
    if name.hasSuffix(".") { return "ends with '.'" }
    return nil
  }
}
