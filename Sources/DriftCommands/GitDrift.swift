public import ArgumentParser
import DriftEngine
import DriftReports
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
        git drift init
        kubectl get deploy,svc,cm -n prod -o json --show-managed-fields > live.json
        git drift check --snapshot live.json
        git drift snapshot record --source prod-k8s live.json
        git drift bisect Deployment.apps/prod/web
        git drift accept --snapshot live.json

      check exits 0 in sync, 1 when drift is found, 2 on an error.
      """,
    version: "0.1.0",
    subcommands: [
      CheckCommand.self, SnapshotCommand.self, TimelineCommand.self, BisectCommand.self,
      ExplainCommand.self, AcceptCommand.self, RollbackCommand.self, PostmortemCommand.self,
      WatchCommand.self, PolicyCommand.self, HooksCommand.self, InitCommand.self,
      ReportCommand.self,
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
      // A message quotes input (a name, a key): its control characters must not start a line.
      Console.error("git-drift: " + ReportText.plain(failure.description))
      Foundation.exit(ExitStatus.error.rawValue)
    } catch {
      exit(withError: error)
    }
  }
}
