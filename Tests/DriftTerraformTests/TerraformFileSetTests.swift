import DriftFormats
import DriftJSON
import DriftModel
import DriftTerraform
import Foundation
import Testing

/// `fileset(path, pattern)` globs the committed files as Terraform globs the disk: the cases
/// of the family `fileset` in `Tests/Fixtures/terraform/functions/expectations.json`,
/// recorded with `terraform console` over the folder `fileset` beside it.
@Suite struct TerraformFileSetTests {
  static let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("Fixtures/terraform/functions")

  /// The fixture folder's files, as `infra/fileset/...`.
  static func fixtureFiles() throws -> [String: String] {
    let base = fixtures.appendingPathComponent("fileset")
    var files: [String: String] = [:]
    let walker = FileManager.default.enumerator(atPath: base.path)
    while let relative = walker?.nextObject() as? String {
      var isFolder: ObjCBool = false
      let path = base.appendingPathComponent(relative).path
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder),
        !isFolder.boolValue
      else { continue }
      files["infra/fileset/" + relative] = try String(contentsOfFile: path, encoding: .utf8)
    }
    return files
  }

  static func evaluator(_ files: [String: String]) -> TerraformEvaluator {
    var evaluator = TerraformEvaluator(
      secrets: SecretDigester(key: [1]), live: [:], files: TerraformFixtures.lister(files))
    evaluator.listing = TerraformFolderListing.lister { Array(files.keys) }
    return evaluator
  }

  @Test func matchesTerraform() throws {
    let document = try JSONReader.parse(
      Array(try Data(contentsOf: Self.fixtures.appendingPathComponent("expectations.json"))),
      file: "expectations.json")
    let cases = (document["cases"]?.elements ?? []).filter {
      $0["family"]?.stringValue == "fileset"
    }
    #expect(cases.count > 40)
    var files = try Self.fixtureFiles()
    #expect(files.count == 8)
    for entry in cases {
      let expression = try #require(entry["expression"]?.stringValue)
      files["infra/main.tf"] =
        "resource \"terraform_data\" \"x\" {\n  input = \(expression)\n}\n"
      let evaluator = Self.evaluator(files)
      if let error = entry["error"]?.stringValue {
        #expect(throws: DriftError.self, "\(expression) fails: \(error)") {
          try evaluator.evaluate(root: "infra")
        }
        continue
      }
      do {
        let state = try evaluator.evaluate(root: "infra")
        let input = state.resources.first?.body["input"]
        #expect(input == entry["result"], "\(expression)")
      } catch {
        Issue.record("\(expression) threw \(error)")
      }
    }
  }

  static let module = """
    resource "terraform_data" "conf" {
      for_each = fileset(path.module, "conf/**/*.yaml")
      input    = yamldecode(file("${path.module}/${each.key}"))
    }

    """

  /// `for_each` over a fileset in a called module: its instances are the files committed, and
  /// a file added in git is one more instance.
  @Test func forEachOverAFilesetFollowsTheCommittedFiles() throws {
    var files = [
      "infra/main.tf": "module \"app\" {\n  source = \"../modules/app\"\n}\n",
      "modules/app/main.tf": Self.module,
      "modules/app/conf/web.yaml": "port: 80\n",
      "modules/app/conf/README.md": "not yaml\n",
    ]
    func addresses() throws -> [String] {
      let state = try Self.evaluator(files).readingYAML().evaluate(root: "infra")
      #expect(state.unevaluated.isEmpty)
      return state.resources.map(\.id.address).sorted()
    }
    #expect(try addresses() == ["module.app.terraform_data.conf[\"conf/web.yaml\"]"])
    files["modules/app/conf/jobs/batch.yaml"] = "port: 8080\n"
    #expect(
      try addresses() == [
        "module.app.terraform_data.conf[\"conf/jobs/batch.yaml\"]",
        "module.app.terraform_data.conf[\"conf/web.yaml\"]",
      ])
  }

  /// Without a listing of the commit's folders, `fileset` cannot be known.
  @Test func withoutAListingFilesetIsUnknown() throws {
    let files = [
      "infra/main.tf":
        "resource \"terraform_data\" \"x\" {\n  for_each = fileset(\".\", \"*\")\n}\n"
    ]
    let state = try TerraformEvaluator(
      secrets: SecretDigester(key: [1]), live: [:], files: TerraformFixtures.lister(files)
    ).evaluate(root: "infra")
    #expect(state.resources.isEmpty)
    #expect(state.unevaluated["terraform_data.x"] != nil)
  }

  /// A path above the repository is not read: unknown, not an empty set.
  @Test func aPathOutsideTheRepositoryIsUnknown() throws {
    var files = try Self.fixtureFiles()
    files["infra/main.tf"] =
      "resource \"terraform_data\" \"x\" {\n  for_each = fileset(\"../..\", \"*\")\n}\n"
    let state = try Self.evaluator(files).evaluate(root: "infra")
    #expect(state.unevaluated["terraform_data.x"] != nil)
  }

  /// A glob looks at a folder several times (is it there, what it holds, is a match a file);
  /// the caller's listing, which may read git, is asked once per folder and call.
  @Test func eachFolderIsListedOncePerCall() throws {
    var files = try Self.fixtureFiles()
    files["infra/main.tf"] =
      "resource \"terraform_data\" \"x\" {\n  input = fileset(\"fileset\", \"**/*.txt\")\n}\n"
    let listings = TerraformFolderListing.listings(of: Array(files.keys))
    final class Asked { var folders: [String] = [] }
    let asked = Asked()
    var evaluator = TerraformEvaluator(
      secrets: SecretDigester(key: [1]), live: [:], files: TerraformFixtures.lister(files))
    evaluator.listing = { folder in
      asked.folders.append(folder)
      return listings[folder]
    }
    let state = try evaluator.evaluate(root: "infra")
    #expect(state.resources.first?.body["input"]?.elements?.count == 4)
    #expect(asked.folders.count == Set(asked.folders).count, "\(asked.folders)")
  }

  @Test func listingsHoldEveryFolderAbove() {
    let listings = TerraformFolderListing.listings(of: ["a/b/c.txt", "top.txt", "a/d.txt"])
    #expect(listings["."] == TerraformFolderListing(files: ["top.txt"], folders: ["a"]))
    #expect(listings["a"] == TerraformFolderListing(files: ["d.txt"], folders: ["b"]))
    #expect(listings["a/b"] == TerraformFolderListing(files: ["c.txt"], folders: []))
    #expect(listings["a/b/c.txt"] == nil)
  }
}
