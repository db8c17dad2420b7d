import DriftFormats
import DriftJSON
import DriftModel
import DriftTerraform
import Foundation

/// Terraform configurations for the evaluator's tests: fixture folders on disk, or files held
/// in memory.
enum TerraformFixtures {
  /// `Tests/Fixtures/terraform/config`.
  static let configs = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // DriftFormatsTests
    .deletingLastPathComponent()  // Tests
    .appendingPathComponent("Fixtures/terraform/config")

  /// Lists the files directly in `base/folder`, named `folder/NAME`, as the evaluator wants.
  static func lister(base: URL)
    -> (String) throws(DriftError) -> [(path: String, bytes: [UInt8])]?
  {
    { folder throws(DriftError) in
      let url = base.appendingPathComponent(folder)
      let manager = FileManager.default
      var isFolder: ObjCBool = false
      guard manager.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue,
        let names = try? manager.contentsOfDirectory(atPath: url.path)
      else { return nil }
      var files: [(path: String, bytes: [UInt8])] = []
      for name in names.sorted() {
        let fileURL = url.appendingPathComponent(name)
        var isSubfolder: ObjCBool = false
        guard manager.fileExists(atPath: fileURL.path, isDirectory: &isSubfolder),
          !isSubfolder.boolValue
        else { continue }
        guard let data = manager.contents(atPath: fileURL.path) else {
          throw DriftError("unreadable", at: SourceLocation(file: folder + "/" + name))
        }
        files.append((folder + "/" + name, Array(data)))
      }
      return files
    }
  }

  /// Lists files held in memory: repository-relative path → text.
  static func lister(_ files: [String: String])
    -> (String) throws(DriftError) -> [(path: String, bytes: [UInt8])]?
  {
    { folder throws(DriftError) in
      let entries = files.filter { path, _ in
        let parent = path.split(separator: "/").dropLast().joined(separator: "/")
        return parent == folder
      }
      let isFolder = files.keys.contains { $0.hasPrefix(folder + "/") }
      guard isFolder else { return nil }
      return entries.keys.sorted().compactMap { path in
        entries[path].map { (path, Array($0.utf8)) }
      }
    }
  }

  /// A value written as JSON.
  static func json(_ text: String) throws -> Value {
    try JSONReader.parse(Array(text.utf8), file: "expected.json")
  }
}
