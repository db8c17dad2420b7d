import DriftModel
import DriftTestSupport
import Testing

/// A source never reads git-drift's own files, whatever folder they are in and whatever the
/// bytes around the last `/` are.
@Suite("the files a source reads")
struct SourceFilesTests {
  @Test("configuration files are left out, by the bytes after the last slash", arguments: 1...10)
  func leavesOutConfigurationFiles(seed: UInt64) {
    var random = SeededGenerator(seed: seed)
    let pieces = [
      "apps", "/", ".drift.yml", ".drift.yaml", ".driftignore", "\u{301}", "é", "a.yaml", "",
      "kustomization.yaml",
    ]
    let source = SourceConfiguration(name: "all", format: "kubernetes", paths: ["**"])
    let files = SourceFiles(source)
    for _ in 0..<300 {
      let path = (0..<Int.random(in: 1..<5, using: &random)).map { _ in
        pieces[Int.random(in: 0..<pieces.count, using: &random)]
      }.joined()
      // The reference: git paths are bytes, and a combining mark after "/" does not hide it.
      let name =
        path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        .last.map { String(decoding: $0, as: UTF8.self) } ?? path
      let expected =
        !SourceConfiguration.configurationFileNames.contains(name) && Glob("**").matches(path)
      #expect(files.contains(path) == expected, "seed \(seed): \(path.debugDescription)")
    }
  }
}
