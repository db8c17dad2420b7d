public import ArgumentParser
import Foundation

/// The root of the command tree: `git drift <subcommand>`.
public struct GitDrift: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "git-drift",
    abstract:
      "Compare infrastructure as code in git with live state; say what drifted, when and by whom.",
    discussion: """
      Put git-drift on PATH and run it as a git subcommand: git drift <command>.

      Examples:
        git drift init                                   # write .drift.yml for the manifests found
        kubectl get deploy,svc,cm -n prod -o json > live.json
        git drift check --snapshot live.json             # exit 0 in sync, 1 drift, 2 error
        git drift check --snapshot live.json --format json --output drift.json
      """,
    version: "0.1.0",
    subcommands: [
      CheckCommand.self, SnapshotCommand.self, TimelineCommand.self, BisectCommand.self,
      ExplainCommand.self, AcceptCommand.self, RollbackCommand.self, PostmortemCommand.self,
      WatchCommand.self, PolicyCommand.self, HooksCommand.self, InitCommand.self,
    ])

  public init() {}

  /// Runs the command line: our errors become one line on stderr and exit status 2; the
  /// argument parser's usage errors keep its own status (64).
  public static func runMain(_ arguments: [String]? = nil) -> Never {
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
      Foundation.exit(ExitStatus.inSync.rawValue)
    } catch let failure as Failure {
      Console.error("git-drift: \(failure)")
      Foundation.exit(ExitStatus.error.rawValue)
    } catch {
      exit(withError: error)
    }
  }
}
