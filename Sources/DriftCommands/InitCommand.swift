import ArgumentParser
import DriftEngine
import DriftFormats
import DriftModel
import DriftTerraform
import Foundation
import Git

/// `git drift init`: write a `.drift.yml` for the Kubernetes manifest folders and Terraform root
/// modules of the working tree.
struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract:
      "Write a .drift.yml for the Kubernetes manifest folders and Terraform root modules found.",
    discussion: """
      An existing .drift.yml is never overwritten. Review the file, then commit it: git-drift
      reads the configuration from the commit it checks.

      Examples:
        git drift init
        git drift init --print        # show the configuration without writing it
      """)

  @Flag(name: .long, help: "Print the configuration instead of writing it.")
  var print = false

  @Flag(name: .long, help: "Also install git-drift's git hooks (as git drift hooks install).")
  var hooks = false

  func run() throws {
    let workspace = try Workspace.discover()
    guard let root = workspace.repository.workingDirectory else {
      throw Failure("a bare repository has no working tree to look for manifests in")
    }
    let target = root + "/" + ConfigurationReader.fileName
    if !print, FileManager.default.fileExists(atPath: target) {
      throw Failure(
        "\(ConfigurationReader.fileName) already exists; not overwriting it",
        at: SourceLocation(file: ConfigurationReader.fileName))
    }
    let folders = ManifestScanner(root: root).scan()
    let modules = TerraformRootScanner(root: root).scan()
    guard !folders.isEmpty || !modules.isEmpty else {
      throw Failure(
        "no Kubernetes manifests (YAML with apiVersion and kind) or Terraform root modules "
          + "(folders of .tf files) found under \(root)")
    }
    let branch = try? workspace.repository.currentBranch()
    let text = InitialConfiguration(
      folders: folders, terraformRoots: modules, branch: branch ?? nil
    ).text
    if print {
      Console.out(text)
      return
    }
    try Console.write(text, to: target)
    let names = (folders.map(\.path) + modules).map { $0.isEmpty ? "." : $0 }
      .joined(separator: ", ")
    Console.out(
      "Wrote \(ConfigurationReader.fileName) with \(folders.count + modules.count) source(s): "
        + "\(names).\n")
    Console.out("Review it, commit it, then run: git drift check --snapshot live.json\n")
    if hooks {
      for line in try HookInstaller(workspace).install() { Console.out(line + "\n") }
    }
  }
}

/// A folder of manifests found by `init`.
struct ManifestFolder: Equatable {
  var path: String
  var namespace: String?
}

/// Finds the folders that hold Kubernetes manifests, skipping hidden and build folders.
struct ManifestScanner {
  let root: String
  private static let skipped: Set<String> = [
    "node_modules", "vendor", "charts", "templates", "examples",
  ]

  func scan() -> [ManifestFolder] {
    var namespaces: [String: [String: Int]] = [:]
    let files = FileManager.default
    guard let walker = files.enumerator(atPath: root) else { return [] }
    while let relative = walker.nextObject() as? String {
      let name = (relative as NSString).lastPathComponent
      if name.hasPrefix(".") || Self.skipped.contains(name) {
        var isFolder: ObjCBool = false
        if files.fileExists(atPath: root + "/" + relative, isDirectory: &isFolder),
          isFolder.boolValue
        {
          walker.skipDescendants()
        }
        continue
      }
      guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { continue }
      guard let data = files.contents(atPath: root + "/" + relative), data.count < 8 << 20 else {
        continue
      }
      let text = String(decoding: data, as: UTF8.self)
      guard isManifest(text) else { continue }
      let folder = (relative as NSString).deletingLastPathComponent
      var counts = namespaces[folder, default: [:]]
      for namespace in declaredNamespaces(text) { counts[namespace, default: 0] += 1 }
      namespaces[folder] = counts
    }
    let folders = namespaces.keys.sorted()
    let tops = folders.filter { folder in
      !folders.contains { other in
        other != folder && (other.isEmpty || folder.hasPrefix(other + "/"))
      }
    }
    return tops.map { top in
      var counts: [String: Int] = [:]
      for (folder, found) in namespaces
      where folder == top || top.isEmpty || folder.hasPrefix(top + "/") {
        for (namespace, count) in found { counts[namespace, default: 0] += count }
      }
      let namespace = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
      return ManifestFolder(path: top, namespace: namespace)
    }
  }

  private func isManifest(_ text: String) -> Bool {
    if text.contains("{{") { return false }
    var hasVersion = false
    var hasKind = false
    for line in text.split(separator: "\n") {
      if line.hasPrefix("apiVersion:") {
        if line.contains("kustomize.config.k8s.io") { return false }
        hasVersion = true
      }
      if line.hasPrefix("kind:") { hasKind = true }
    }
    return hasVersion && hasKind
  }

  private func declaredNamespaces(_ text: String) -> [String] {
    text.split(separator: "\n").compactMap { line in
      let trimmed = line.drop { $0 == " " }
      guard trimmed.count < line.count, trimmed.hasPrefix("namespace:") else { return nil }
      let value = trimmed.dropFirst("namespace:".count).trimmingCharacters(in: .whitespaces)
      return value.isEmpty ? nil : value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
    }
  }
}

/// Finds Terraform root modules: folders with `.tf` files that no other folder of the tree
/// uses as a local module, outside `modules/` folders and `.terraform`.
struct TerraformRootScanner {
  let root: String

  func scan() -> [String] {
    let files = FileManager.default
    guard let walker = files.enumerator(atPath: root) else { return [] }
    var folders = Set<String>()
    var used = Set<String>()
    while let relative = walker.nextObject() as? String {
      let name = (relative as NSString).lastPathComponent
      if name.hasPrefix(".") || name == "node_modules" || name == "examples" {
        walker.skipDescendants()
        continue
      }
      guard name.hasSuffix(".tf"), let data = files.contents(atPath: root + "/" + relative),
        data.count < 8 << 20
      else { continue }
      let folder = (relative as NSString).deletingLastPathComponent
      folders.insert(folder)
      for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        let text = line.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("source"), let quote = text.firstIndex(of: "\"") else { continue }
        let value = text[text.index(after: quote)...].prefix { $0 != "\"" }
        guard value.hasPrefix("./") || value.hasPrefix("../") else { continue }
        let joined = ((folder as NSString).appendingPathComponent(String(value)) as NSString)
          .standardizingPath
        used.insert(joined.hasPrefix("/") ? String(joined.dropFirst()) : joined)
      }
    }
    return folders.filter { folder in
      !used.contains(folder) && !folder.split(separator: "/").contains("modules")
    }.sorted()
  }
}

/// The `.drift.yml` that `init` writes.
struct InitialConfiguration {
  var folders: [ManifestFolder]
  var terraformRoots: [String] = []
  var branch: String?

  var text: String {
    var lines = [
      "# git-drift: desired state in git, compared with live exports.",
      "# Every source is checked against its own export: git drift check --source NAME --snapshot FILE",
      "version: 1",
      "sources:",
    ]
    var names = Set<String>()
    for folder in folders {
      var name =
        folder.path.isEmpty ? "manifests" : folder.path.replacingOccurrences(of: "/", with: "-")
      while !names.insert(name).inserted { name += "-2" }
      let prefix = folder.path.isEmpty ? "" : folder.path + "/"
      lines.append("  - name: \(name)")
      lines.append("    format: kubernetes")
      lines.append("    paths: [\"\(prefix)**/*.yaml\", \"\(prefix)**/*.yml\"]")
      let scope = folder.namespace.map { " -n \($0)" } ?? " --all-namespaces"
      if let namespace = folder.namespace { lines.append("    namespace: \(namespace)") }
      lines.append(
        "    capture: \"kubectl get deploy,sts,ds,svc,cm,ingress\(scope) -o json --show-managed-fields\""
      )
    }
    for module in terraformRoots {
      var name = module.isEmpty ? "terraform" : module.replacingOccurrences(of: "/", with: "-")
      while !names.insert(name).inserted { name += "-2" }
      let folder = module.isEmpty ? "." : module
      lines.append("  - name: \(name)")
      lines.append("    format: hcl")
      lines.append("    paths: [\"\(folder)\"]")
      lines.append("    capture: \"terraform -chdir=\(folder) show -json\"")
    }
    lines.append("ignore: []")
    lines.append("postmortems: docs/postmortems")
    if let branch { lines.append("branch: \(branch)") }
    return lines.joined(separator: "\n") + "\n"
  }
}
