public import DriftModel

/// The names of the files and folders directly in one folder: what `fileset` globs.
public struct TerraformFolderListing: Sendable, Equatable {
  /// The names of the regular files (no symbolic links).
  public var files: [String]
  /// The names of the folders.
  public var folders: [String]

  /// Creates a listing.
  public init(files: [String], folders: [String]) {
    self.files = files
    self.folders = folders
  }

  /// The listing of each folder that holds one of `paths` (repository-relative paths of
  /// files), of each folder above those, and of the top (`.`), by folder.
  public static func listings(of paths: [String]) -> [String: TerraformFolderListing] {
    var files: [String: Set<String>] = [".": []]
    var folders: [String: Set<String>] = [".": []]
    for path in paths {
      let parts = path.split(separator: "/").map(String.init)
      guard let name = parts.last else { continue }
      var folder = "."
      for part in parts.dropLast() {
        folders[folder, default: []].insert(part)
        folder = folder == "." ? part : folder + "/" + part
        files[folder, default: []] = files[folder] ?? []
        folders[folder, default: []] = folders[folder] ?? []
      }
      files[folder, default: []].insert(name)
    }
    var listings: [String: TerraformFolderListing] = [:]
    for (folder, names) in files {
      listings[folder] = TerraformFolderListing(
        files: names.sorted(), folders: (folders[folder] ?? []).sorted())
    }
    return listings
  }

  /// A ``TerraformEvaluator/listing`` of the folders that hold `paths`, which are read the
  /// first time `fileset` lists a folder.
  public static func lister(_ paths: @escaping () -> [String])
    -> (String) throws(DriftError) -> TerraformFolderListing?
  {
    let cache = Cache()
    return { folder in
      if cache.listings == nil { cache.listings = listings(of: paths()) }
      return cache.listings?[folder]
    }
  }

  private final class Cache {
    var listings: [String: TerraformFolderListing]?
  }
}

/// Terraform's `fileset(path, pattern)`: `Glob` of doublestar v1.1.5, the version Terraform
/// links, ported with its quirks (`[!a]` is no negation, `**/**/x` needs a folder, a `/`
/// inside braces is a syntax error), over the folders of a commit rather than a disk.
struct TerraformFileSet {
  /// What a path (relative to the root module, as Terraform's are to its working directory)
  /// is: nil when nothing is there.
  enum Kind { case file, folder }

  /// The folder a path names, when the commit holds it.
  let listing: (String) throws(DriftError) -> TerraformFolderListing?
  /// Each folder's listing, asked once per call: a glob looks at a folder several times.
  private let listed = Listed()
  /// The repository folder that a path relative to the root module names; nil outside the
  /// repository.
  let resolve: (String) -> String?

  init(
    listing: @escaping (String) throws(DriftError) -> TerraformFolderListing?,
    resolve: @escaping (String) -> String?
  ) {
    self.listing = listing
    self.resolve = resolve
  }

  private final class Listed {
    var folders: [String: TerraformFolderListing?] = [:]
  }

  /// The listing of a repository folder, nil when there is no such folder.
  private func list(_ folder: String) throws(DriftError) -> TerraformFolderListing? {
    if let known = listed.folders[folder] { return known }
    let listing = try listing(folder)
    listed.folders[folder] = .some(listing)
    return listing
  }

  /// Why `fileset` gives no set.
  enum Failure: Error {
    /// Outside what git-drift reads (an absolute path, above the repository): unknown.
    case outside
    /// Terraform's own error, message and all.
    case failed(String)
    case read(DriftError)
  }

  /// The paths of the regular files that `pattern` matches under `path`, relative to `path`.
  func matches(path: String, pattern: String) throws(Failure) -> [String] {
    // As Terraform does: the path joined to its working folder, the pattern to the path.
    let base = Self.join([".", path])
    let joined = Self.join([base, pattern])
    guard !joined.hasPrefix("/") else { throw .outside }
    let components = Self.split(Array(joined.unicodeScalars), "/").map {
      String(String.UnicodeScalarView($0))
    }
    var found: [String] = []
    if try glob(".", components, &found) {
      throw .failed(
        "Call to function \"fileset\" failed: failed to glob pattern \"\(joined)\": syntax "
          + "error in pattern.")
    }
    var relative: [String] = []
    for match in found where try kind(match) == .file {
      guard let path = Self.relative(match, from: base) else { throw .outside }
      relative.append(path)
    }
    return relative
  }

  private func kind(_ path: String) throws(Failure) -> Kind? {
    guard !path.hasPrefix("/"), let folder = resolve(path) else { throw .outside }
    do throws(DriftError) {
      if try list(folder) != nil { return .folder }
      guard folder != "." else { return nil }
      let parts = folder.split(separator: "/").map(String.init)
      let parent = parts.count == 1 ? "." : parts.dropLast().joined(separator: "/")
      guard let name = parts.last, let above = try list(parent) else { return nil }
      return above.files.contains(name) ? .file : nil
    } catch {
      throw .read(error)
    }
  }

  /// doublestar's `doGlob`; true for its error (a malformed pattern), which, as there, a later
  /// entry of the same folder may clear.
  private func glob(_ start: String, _ components: [String], _ matches: inout [String])
    throws(Failure) -> Bool
  {
    var failed = false
    var basedir = start
    var index = 0
    while index < components.count, !components[index].contains(where: { "*?[{\\".contains($0) }) {
      index += 1
    }
    if index > 0 { basedir = Self.join([basedir, Self.join(Array(components[0..<index]))]) }
    guard let kind = try kind(basedir) else { return failed }
    if index >= components.count {
      matches.append(basedir)
      return failed
    }
    guard kind == .folder else { return failed }
    let listing: TerraformFolderListing?
    do throws(DriftError) {
      listing = try list(resolve(basedir) ?? ".")
    } catch {
      throw .read(error)
    }
    let entries =
      ((listing?.files ?? []).map { (name: $0, isFolder: false) }
      + (listing?.folders ?? []).map { (name: $0, isFolder: true) })
      .sorted { $0.name < $1.name }
    var isLast = index + 1 >= components.count
    if components[index] == "**" {
      for entry in entries {
        let path = Self.join([basedir, entry.name])
        if entry.isFolder {
          if isLast { matches.append(path) }
          failed = try glob(path, Array(components[index...]), &matches)
        } else if isLast {
          matches.append(path)
        }
      }
      if isLast { return failed }
      index += 1
      isLast = index + 1 >= components.count
    }
    let pattern = Array(components[index].unicodeScalars)
    for entry in entries {
      guard let matched = Self.matchComponent(pattern, Array(entry.name.unicodeScalars)) else {
        return true
      }
      failed = false
      guard matched else { continue }
      let path = Self.join([basedir, entry.name])
      if isLast {
        matches.append(path)
      } else {
        failed = try glob(path, Array(components[(index + 1)...]), &matches)
      }
    }
    return failed
  }

  /// doublestar's `matchComponent`: nil for a malformed pattern.
  static func matchComponent(_ pattern: [Unicode.Scalar], _ name: [Unicode.Scalar]) -> Bool? {
    if pattern.isEmpty { return name.isEmpty }
    if name.isEmpty && pattern != ["*"] { return false }
    var p = 0
    var n = 0
    while p < pattern.count && n < name.count {
      let rune = pattern[p]
      let nameRune = name[n]
      switch rune {
      case "\\":
        p += 1
        guard p < pattern.count else { return nil }
        guard pattern[p] == nameRune else { return false }
        p += 1
        n += 1
      case "*":
        p += 1
        if p >= pattern.count { return true }
        while n < name.count {
          if matchComponent(Array(pattern[p...]), Array(name[n...])) == true { return true }
          n += 1
        }
        return false
      case "[":
        p += 1
        guard let length = indexWithEscaping(Array(pattern[p...]), "]") else { return nil }
        let end = p + length
        let runes = Array(pattern[p..<end])
        guard !runes.isEmpty else { return nil }
        var i = runes[0] == "^" ? 1 : 0
        var inClass = false
        while i < runes.count {
          var low = runes[i]
          if low == "-" { return nil }
          i += 1
          if low == "\\" {
            guard i < runes.count else { return nil }
            low = runes[i]
            i += 1
          }
          var high = low
          if i < runes.count && runes[i] == "-" {
            i += 1
            guard i < runes.count else { return nil }
            high = runes[i]
            if high == "-" { return nil }
            i += 1
            if high == "\\" {
              guard i < runes.count else { return nil }
              high = runes[i]
              i += 1
            }
          }
          if low.value <= nameRune.value && nameRune.value <= high.value { inClass = true }
        }
        if inClass == (runes[0] == "^") { return false }
        p = end + 1
        n += 1
      case "{":
        p += 1
        guard let length = indexWithEscaping(Array(pattern[p...]), "}") else { return nil }
        let end = p + length
        let options = split(Array(pattern[p..<end]), ",")
        let rest = Array(pattern[(end + 1)...])
        for option in options {
          guard let matched = matchComponent(option + rest, Array(name[n...])) else {
            return nil
          }
          if matched { return true }
        }
        return false
      default:
        guard rune == "?" || rune == nameRune else { return false }
        p += 1
        n += 1
      }
    }
    if p >= pattern.count && n >= name.count { return true }
    let rest = Array(pattern[p...])
    return (n >= name.count && rest == ["*"]) || rest == ["*", "*"]
  }

  /// doublestar's `indexRuneWithEscaping`: the first `rune` not right after a backslash.
  static func indexWithEscaping(_ text: [Unicode.Scalar], _ rune: Unicode.Scalar) -> Int? {
    guard let end = text.firstIndex(of: rune) else { return nil }
    guard end > 0, text[end - 1] == "\\" else { return end }
    let start = end + 1
    return indexWithEscaping(Array(text[start...]), rune).map { $0 + start }
  }

  /// doublestar's `splitPathOnSeparator`: separators after a backslash do not split.
  static func split(_ text: [Unicode.Scalar], _ separator: Unicode.Scalar) -> [[Unicode.Scalar]] {
    let count = text.count(where: { $0 == separator })
    if count == 0 { return [text] }
    var parts = [[Unicode.Scalar]](repeating: [], count: count + 1)
    var index = 0
    var start = 0
    var emptyEnd = false
    while start < text.count {
      let end: Int
      if let found = indexWithEscaping(Array(text[start...]), separator) {
        emptyEnd = true
        end = start + found
      } else {
        emptyEnd = false
        end = text.count
      }
      parts[index] = Array(text[start..<end])
      start = end + 1
      index += 1
    }
    if emptyEnd { index += 1 }
    return Array(parts[..<index])
  }

  /// Go's `filepath.Join`: the non-empty elements joined and cleaned; "" when all are empty.
  static func join(_ elements: [String]) -> String {
    let given = elements.filter { !$0.isEmpty }
    return given.isEmpty ? "" : clean(given.joined(separator: "/"))
  }

  /// Go's `filepath.Clean`.
  static func clean(_ path: String) -> String {
    let rooted = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/") where part != "." {
      if part == ".." {
        if let last = parts.last, last != ".." {
          parts.removeLast()
        } else if !rooted {
          parts.append(part)
        }
      } else {
        parts.append(part)
      }
    }
    let joined = parts.joined(separator: "/")
    if rooted { return "/" + joined }
    return joined.isEmpty ? "." : joined
  }

  /// Go's `filepath.Rel` for two relative paths; nil when `target` cannot be reached from
  /// `base` (a base above the working folder).
  static func relative(_ target: String, from base: String) -> String? {
    let target = clean(target)
    let base = clean(base)
    if target == base { return "." }
    let targetParts = target == "." ? [] : target.split(separator: "/")
    let baseParts = base == "." ? [] : base.split(separator: "/")
    var common = 0
    while common < targetParts.count, common < baseParts.count,
      targetParts[common] == baseParts[common]
    {
      common += 1
    }
    guard !baseParts[common...].contains("..") else { return nil }
    let ups = [Substring](repeating: "..", count: baseParts.count - common)
    return (ups + targetParts[common...]).joined(separator: "/")
  }
}
