import DriftTestSupport
import Foundation
import Testing

@Suite("recovery writes only inside the repository, and never over another post-mortem")
struct RecoveryPathTests {
  /// The core scenario with `postmortems:` set to `folder`.
  static func scenario(postmortems folder: String) throws -> (ScratchRepository, String) {
    let (repo, export) = try RecoveryCommandTests.scenario()
    let configuration = try repo.git("show", "HEAD:.drift.yml")
    try repo.write(".drift.yml", configuration + "\npostmortems: \(folder)\n")
    try repo.commit("post-mortems elsewhere", date: "2026-11-02T10:00:00Z")
    return (repo, export)
  }

  /// Runs git-drift and expects exit 2 with one line on standard error, and no branch.
  static func refused(_ arguments: [String], _ repo: ScratchRepository) throws -> String {
    let result = try GitDriftExecutable.run(arguments, in: repo.path)
    #expect(result.status == 2, "\(arguments): \(result.stdout) \(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
    #expect(try repo.git("for-each-ref", "refs/heads/drift").isEmpty, "no branch")
    return result.stderr
  }

  static func nothingOutside(_ repo: ScratchRepository) throws {
    let outside = try FileManager.default.contentsOfDirectory(atPath: repo.root).filter {
      !["repo", "home", "live.json"].contains($0)
    }
    #expect(outside == [], "nothing written outside the repository")
  }

  @Test(
    "a post-mortem folder with .. or an absolute path is refused at its line of .drift.yml",
    arguments: ["../outside", "docs/../../outside", "ABSOLUTE/outside"])
  func foldersOutsideTheRepository(folder: String) throws {
    let probe = try ScratchRepository()
    let absolute = folder.replacing("ABSOLUTE", with: probe.root)
    let (repo, export) = try Self.scenario(
      postmortems: folder.replacing("ABSOLUTE", with: "REPLACE"))
    if folder.hasPrefix("ABSOLUTE") {
      try repo.write(
        ".drift.yml",
        try repo.git("show", "HEAD:.drift.yml").replacing("REPLACE", with: probe.root) + "\n")
      try repo.commit("absolute", date: "2026-11-03T10:00:00Z")
    }
    for command in ["postmortem", "accept", "rollback"] {
      let stderr = try Self.refused([command, "--snapshot", export], repo)
      #expect(stderr.hasPrefix("git-drift: .drift.yml:"), "\(stderr)")
      #expect(stderr.contains("postmortems '\(absolute)'"), "\(stderr)")
    }
    try Self.nothingOutside(repo)
    #expect(!FileManager.default.fileExists(atPath: absolute))
  }

  @Test("a committed symbolic link that leads out of the repository is not written through")
  func committedSymbolicLink() throws {
    let (repo, export) = try Self.scenario(postmortems: "docs/postmortems")
    try FileManager.default.createSymbolicLink(
      atPath: repo.path + "/docs", withDestinationPath: "../outside")
    try repo.commit("a link", date: "2026-11-03T10:00:00Z")
    try FileManager.default.createDirectory(
      atPath: repo.root + "/outside", withIntermediateDirectories: true)
    for command in ["postmortem", "accept", "rollback"] {
      let stderr = try Self.refused([command, "--snapshot", export], repo)
      #expect(stderr.contains("'docs' is a symbolic link"), "\(stderr)")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: repo.root + "/outside") == [])
  }

  @Test("an unmanaged resource whose name is a path is refused, not written as a file")
  func unmanagedNameThatIsAPath() throws {
    let (repo, export) = try RecoveryCommandTests.scenario()
    let live = try String(contentsOfFile: export, encoding: .utf8)
    try Data(live.replacing("hand-00", with: "../../../escape").utf8).write(
      to: URL(fileURLWithPath: export))
    let stderr = try Self.refused(
      ["accept", "--snapshot", export, "Deployment.apps/prod/../../../escape"], repo)
    #expect(stderr.contains("cannot accept Deployment.apps/prod/../../../escape"), "\(stderr)")
    #expect(stderr.contains("is not a file name"), "\(stderr)")
  }

  @Test("post-mortems written at the same time each get their own file")
  func concurrentPostmortems() throws {
    let (repo, export) = try RecoveryCommandTests.scenario()
    let runs = 6
    // Processes started from here, not from a shell's `wait`, which can hang under the runner.
    var processes: [(Process, URL)] = []
    for index in 0..<runs {
      let output = URL(fileURLWithPath: repo.root + "/out-\(index)")
      try Data().write(to: output)
      let handle = try FileHandle(forWritingTo: output)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: try GitDriftExecutable.path())
      process.arguments = ["postmortem", "--snapshot", export]
      process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
      process.environment = ProcessInfo.processInfo.environment.merging(
        ["GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"]) { $1 }
      process.standardOutput = handle
      process.standardError = handle
      process.standardInput = FileHandle.nullDevice
      processes.append((process, output))
    }
    for (process, _) in processes { try process.run() }
    var wrote: [String] = []
    for (process, output) in processes {
      process.waitUntilExit()
      let text = String(decoding: try Data(contentsOf: output), as: UTF8.self)
      #expect(process.terminationStatus == 0, "\(text)")
      wrote += text.split(separator: "\n").filter { $0.hasPrefix("Wrote ") }.map(String.init)
      try FileManager.default.removeItem(at: output)
    }
    #expect(wrote.count == runs, "\(wrote)")
    #expect(Set(wrote).count == runs, "each run names its own file")
    let files = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/docs/postmortems")
    #expect(files.count == runs, "\(files)")
  }
}
