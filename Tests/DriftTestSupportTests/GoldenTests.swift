import DriftTestSupport
import Foundation
import Testing

/// Goldens never pass unread: a missing or recorded golden is written and the test fails.
@Suite("golden files")
struct GoldenTests {
  /// A fresh folder for goldens, so that these tests never touch `Tests/Fixtures`.
  final class Folder {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("git-drift-golden-\(UUID().uuidString)")

    func text(_ path: String) throws -> String {
      try String(contentsOf: url.appendingPathComponent(path), encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
  }

  @Test("a missing golden is written, and the comparison fails saying so")
  func missingGoldenFails() throws {
    let folder = Folder()
    let path = folder.url.appendingPathComponent("renderer/new.txt").path
    #expect(throws: Golden.Failure.recorded(path: path)) {
      try Golden.compare("first line\n", at: "renderer/new.txt", in: folder.url, recording: false)
    }
    #expect(try folder.text("renderer/new.txt") == "first line\n")
    #expect(
      Golden.Failure.recorded(path: path).description
        == "recorded a new golden at \(path); review it and run again")
    // Once written (and reviewed), the same output passes.
    try Golden.compare("first line\n", at: "renderer/new.txt", in: folder.url, recording: false)
  }

  @Test("recording rewrites an existing golden and still fails")
  func recordingFails() throws {
    let folder = Folder()
    let path = folder.url.appendingPathComponent("a.txt").path
    #expect(throws: Golden.Failure.recorded(path: path)) {
      try Golden.compare("old\n", at: "a.txt", in: folder.url, recording: false)
    }
    try Golden.compare("old\n", at: "a.txt", in: folder.url, recording: false)
    #expect(throws: Golden.Failure.recorded(path: path)) {
      try Golden.compare("new\n", at: "a.txt", in: folder.url, recording: true)
    }
    #expect(try folder.text("a.txt") == "new\n")
    #expect(throws: Golden.Failure.recorded(path: path)) {
      try Golden.compare("new\n", at: "a.txt", in: folder.url, recording: true)
    }
  }

  @Test("a golden with other text fails at the first line that differs")
  func differentGoldenFails() throws {
    let folder = Folder()
    #expect(throws: Golden.Failure.self) {
      try Golden.compare("a\nb\nc\n", at: "g.txt", in: folder.url, recording: false)
    }
    let path = folder.url.appendingPathComponent("g.txt").path
    #expect(throws: Golden.Failure.differs(path: path, line: 2, expected: "b", actual: "x")) {
      try Golden.compare("a\nx\nc\n", at: "g.txt", in: folder.url, recording: false)
    }
    #expect(throws: Golden.Failure.differs(path: path, line: 3, expected: "c", actual: nil)) {
      try Golden.compare("a\nb", at: "g.txt", in: folder.url, recording: false)
    }
    #expect(try folder.text("g.txt") == "a\nb\nc\n", "a mismatch never rewrites the golden")
  }

  @Test("assertGolden records an issue when it writes a missing golden")
  func assertGoldenFailsWhenItRecords() throws {
    let folder = Folder()
    withKnownIssue {
      assertGolden("written\n", at: "missing.txt", in: folder.url)
    } matching: { issue in
      issue.comments.contains { $0.rawValue.hasPrefix("recorded a new golden at ") }
    }
    #expect(try folder.text("missing.txt") == "written\n")
  }
}
