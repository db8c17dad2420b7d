import DriftModel

/// Finds Terraform root modules, for `init`: folders with `.tf` files that no other folder of
/// the tree uses as a local module, outside `modules/` and `examples/` folders.
enum TerraformRootDiscovery {
  static func sources(files: [String], read: (String) -> [UInt8]?) -> [DiscoveredSource] {
    var folders = Set<String>()
    var used = Set<String>()
    for path in files where path.hasSuffix(".tf") {
      let components = path.split(separator: "/")
      guard !components.contains(where: { $0 == "node_modules" || $0 == "examples" }),
        let bytes = read(path), bytes.count < 8 << 20
      else { continue }
      let folder = SourceConfiguration.folder(of: path)
      let key = folder == "." ? "" : folder
      folders.insert(key)
      for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
        let text = line.drop { $0 == " " || $0 == "\t" }
        guard text.hasPrefix("source"), let quote = text.firstIndex(of: "\"") else { continue }
        let value = text[text.index(after: quote)...].prefix { $0 != "\"" }
        guard value.hasPrefix("./") || value.hasPrefix("../") else { continue }
        used.insert(normalized(key.isEmpty ? String(value) : key + "/" + value))
      }
    }
    return folders.filter { folder in
      !used.contains(folder) && !folder.split(separator: "/").contains("modules")
    }.sorted().map { module in
      let folder = module.isEmpty ? "." : module
      return DiscoveredSource(
        folder: module, rootName: "terraform", format: "hcl", paths: [folder],
        capture: TerraformStateFormat.refreshedCapture(folder: folder))
    }
  }

  /// `a/./b/../c` as `a/c`.
  private static func normalized(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/") {
      if part == "." || part.isEmpty { continue }
      if part == "..", !parts.isEmpty, parts.last != ".." {
        parts.removeLast()
      } else {
        parts.append(part)
      }
    }
    return parts.joined(separator: "/")
  }
}
