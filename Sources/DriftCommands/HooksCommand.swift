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
      try PrePush().run(input: FileHandle.standardInput.readDataToEndOfFile())
    case "post-merge", "post-checkout":
      guard
        let report = try? Check(
          revision: "HEAD", sourceName: nil, snapshot: nil, addresses: [], provenanceDepth: nil
        ).run()
      else { return }
      let line = TextReportRenderer().render(report).split(separator: "\n").last ?? ""
      Console.out("git-drift: " + line + "\n")
    default:
      throw Failure("unknown hook '\(hook)' (pre-commit, pre-push, post-merge, post-checkout)")
    }
  }
}

/// The drift-aware push check: attributes the push changes while live holds a value that
/// nobody put in git.
struct PrePush {
  func run(input: Data) throws(Failure) {
    let workspace = try Workspace.discover()
    let zero = String(repeating: "0", count: 40)
    var warnings: [String] = []
    for line in String(decoding: input, as: UTF8.self).split(separator: "\n") {
      let fields = line.split(separator: " ").map(String.init)
      guard fields.count == 4, fields[1] != zero, fields[3] != zero else { continue }
      guard let oldID = ObjectID(hex: fields[3]), (try? workspace.repository.commit(oldID)) != nil
      else {
        continue
      }
      warnings += try overwrites(old: fields[3], new: fields[1])
    }
    guard !warnings.isEmpty else { return }
    for warning in warnings { Console.error("git-drift: warning: " + warning) }
    let block = (try? workspace.repository.configString("drift.prePush")) ?? nil
    if block == "block" {
      Console.error(
        "git-drift: push refused (drift.prePush=block); accept the live values first (git drift accept), or push with --no-verify"
      )
      throw Failure("the push would overwrite \(warnings.count) live value(s) set out of band")
    }
  }

  private func overwrites(old: String, new: String) throws(Failure) -> [String] {
    guard
      let before = try? Check(
        revision: old, sourceName: nil, snapshot: nil, addresses: [], provenanceDepth: nil
      ).run(),
      let after = try? Check(
        revision: new, sourceName: nil, snapshot: nil, addresses: [], provenanceDepth: nil
      ).run()
    else { return [] }
    var found: [String] = []
    let writer = JSONWriter()
    for drift in after.drifts where drift.kind == .modified {
      guard let earlier = before.drifts.first(where: { $0.id == drift.id && $0.kind == .modified })
      else { continue }
      for change in drift.changes {
        guard let previous = earlier.changes.first(where: { $0.path == change.path }),
          previous.live == change.live, previous.desired != change.desired
        else { continue }
        let actor = change.actor.map { " (set by \($0.manager))" } ?? ""
        found.append(
          "\(drift.id.address)#\(change.path): the push changes the desired value "
            + "\(previous.desired.map(writer.string) ?? "(none)") -> \(change.desired.map(writer.string) ?? "(none)"), "
            + "but live holds \(change.live.map(writer.string) ?? "(none)")\(actor), which was never in git"
        )
      }
    }
    return found
  }
}
