public import Foundation

/// Runs the real `terraform` offline on a fixture module, for tests that compare git-drift with
/// what Terraform itself stores.
public enum TerraformProject {
  /// Whether `terraform` is on PATH.
  public static let isAvailable = (try? Shell.run(["terraform", "version"]))?.status == 0

  /// `Tests/Fixtures/terraform` of this package.
  public static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Tests/Fixtures/terraform")

  private static let environment = [
    "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1", "TF_CLI_CONFIG_FILE": "/dev/null",
  ]

  /// The files of a module folder (recursively, relative to it), without those named in
  /// `excluding`.
  public static func files(of folder: URL, excluding: Set<String> = []) throws -> [(
    path: String, text: String
  )] {
    let manager = FileManager.default
    guard let enumerator = manager.enumerator(atPath: folder.path) else { return [] }
    var files: [(path: String, text: String)] = []
    while let relative = enumerator.nextObject() as? String {
      var isFolder: ObjCBool = false
      let full = folder.appendingPathComponent(relative).path
      guard manager.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue,
        !excluding.contains(relative), !relative.hasPrefix(".terraform")
      else { continue }
      files.append((relative, try String(contentsOfFile: full, encoding: .utf8)))
    }
    return files.sorted { $0.path < $1.path }
  }

  /// Writes `files` into a new temporary folder, runs `terraform init` and `terraform apply`
  /// there, and returns `terraform show -json` of the resulting state.
  ///
  /// - Throws: `Shell.Failure` when terraform fails.
  public static func apply(_ files: [(path: String, text: String)]) throws -> String {
    try apply(bytes: files.map { ($0.path, Array($0.text.utf8)) })
  }

  /// ``apply(_:)`` of files given as bytes (a binary blob beside the module).
  public static func apply(bytes files: [(path: String, bytes: [UInt8])]) throws -> String {
    let manager = FileManager.default
    let folder = manager.temporaryDirectory.appendingPathComponent("tf-\(UUID().uuidString)")
    defer { try? manager.removeItem(at: folder) }
    for file in files {
      let target = folder.appendingPathComponent(file.path)
      try manager.createDirectory(
        at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(file.bytes).write(to: target)
    }
    for arguments in [
      ["terraform", "init", "-input=false", "-no-color"],
      ["terraform", "apply", "-auto-approve", "-input=false", "-no-color"],
      ["terraform", "show", "-json", "-no-color"],
    ] {
      let result = try Shell.run(arguments, cwd: folder.path, env: environment)
      guard result.status == 0 else { throw Shell.Failure(arguments: arguments, result: result) }
      if arguments[1] == "show" { return result.stdout }
    }
    return ""
  }
}
