import ArgumentParser
import DriftEngine
import DriftHistory
import DriftJSON
import DriftModel
import DriftReports
import Foundation
import Git

/// `git drift hooks install|uninstall|run`.
struct HooksCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hooks",
    abstract: "Install git-drift's git hooks: pre-commit, pre-push, post-merge, post-checkout.",
    discussion: """
      Hooks go to core.hooksPath when it is set, else to the repository's hooks folder. A hook
      that is already there is kept as <name>.local and runs first.

      Examples:
        git drift hooks install
        git config drift.prePush block     # make pre-push refuse instead of warn
        git drift hooks uninstall
      """,
    subcommands: [InstallHooksCommand.self, UninstallHooksCommand.self, RunHookCommand.self])
}

/// Where hooks live, and how ours are put there and taken away.
struct HookInstaller {
  let folder: String

  init(_ workspace: Workspace) throws(Failure) {
    let repository = workspace.repository
    if let configured = try failing({ try repository.configString("core.hooksPath") }),
      !configured.isEmpty
    {
      let base = repository.workingDirectory ?? repository.gitDirectory
      folder = configured.hasPrefix("/") ? configured : base + "/" + configured
    } else {
      folder = repository.commonDirectory + "/hooks"
    }
  }

  /// Installs every hook; returns one line per hook saying what was done.
  func install() throws(Failure) -> [String] {
    let files = FileManager.default
    try failing { try files.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    var report: [String] = []
    for (name, script) in HookScripts.all.sorted(by: { $0.key < $1.key }) {
      let path = folder + "/" + name
      let local = path + ".local"
      if let existing = files.contents(atPath: path), !isOurs(existing) {
        guard !files.fileExists(atPath: local) else {
          throw Failure(
            "cannot install \(name): both \(path) and \(local) exist; merge them by hand")
        }
        try failing { try files.moveItem(atPath: path, toPath: local) }
        report.append("\(name): installed; the existing hook now runs first as \(name).local")
      } else {
        report.append("\(name): installed")
      }
      try Console.write(script, to: path)
      try failing { try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
    }
    return report
  }

  /// Removes our hooks and puts back the ones they chained to.
  func uninstall() throws(Failure) -> [String] {
    let files = FileManager.default
    var report: [String] = []
    for name in HookScripts.all.keys.sorted() {
      let path = folder + "/" + name
      guard let existing = files.contents(atPath: path), isOurs(existing) else { continue }
      try failing { try files.removeItem(atPath: path) }
      if files.fileExists(atPath: path + ".local") {
        try failing { try files.moveItem(atPath: path + ".local", toPath: path) }
        report.append("\(name): removed; the previous hook is back")
      } else {
        report.append("\(name): removed")
      }
    }
    return report
  }

  private func isOurs(_ data: Data) -> Bool {
    String(decoding: data, as: UTF8.self).contains(HookScripts.marker)
  }
}

/// `git drift hooks install`.
struct InstallHooksCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "install", abstract: "Install the hooks.")

  func run() throws {
    let installer = try HookInstaller(try Workspace.discover())
    for line in try installer.install() { Console.out(line + "\n") }
  }
}

/// `git drift hooks uninstall`.
struct UninstallHooksCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "uninstall", abstract: "Remove the hooks.")

  func run() throws {
    let installer = try HookInstaller(try Workspace.discover())
    let lines = try installer.uninstall()
    Console.out(
      lines.isEmpty ? "No git-drift hook was installed.\n" : lines.joined(separator: "\n") + "\n")
  }
}

/// `git drift hooks run NAME`: what the installed hook scripts call.
struct RunHookCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Run one hook's check (the installed scripts call this).",
    shouldDisplay: false)

  @Argument(help: "pre-commit, pre-push, post-merge or post-checkout.")
  var hook: String

  @Argument(parsing: .captureForPassthrough, help: "The hook's own arguments.")
  var arguments: [String] = []

  func run() throws {
    switch hook {
    case "pre-commit":
      let outcome = try PolicyCheck(staged: true, files: [], threshold: .high).run()
      for line in outcome.messages { Console.error("git-drift: \(line)") }
      if outcome.parseErrors + outcome.violations > 0 {
        Console.error("git-drift: commit refused (git commit --no-verify bypasses the check)")
        throw ExitCode(ExitStatus.drift.rawValue)
      }
    case "pre-push":
      let outcome = try PrePush(workspace: try Workspace.discover()).run(
        input: FileHandle.standardInput.readDataToEndOfFile())
      for warning in outcome.warnings { Console.error("git-drift: warning: " + warning) }
      if outcome.blocks {
        Console.error(
          "git-drift: push refused (drift.prePush=block); accept the live values first (git drift accept), or push with --no-verify"
        )
        throw Failure(
          "the push would overwrite \(outcome.warnings.count) live value(s) set out of band")
      }
    case "post-merge", "post-checkout":
      var check = Check(
        revision: "HEAD", sourceName: nil, snapshot: nil, addresses: [], provenanceDepth: nil)
      // One summary line: the verdicts of the last check are reused (see VerdictCache).
      check.reusesVerdicts = true
      guard let report = try? check.run() else { return }
      let line = TextReportRenderer().render(report).split(separator: "\n").last ?? ""
      Console.out("git-drift: " + line + "\n")
    default:
      throw Failure("unknown hook '\(hook)' (pre-commit, pre-push, post-merge, post-checkout)")
    }
  }
}
