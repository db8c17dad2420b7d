public import DriftFormats
import DriftModel
import Foundation
public import Git

/// Why recovery could not go on.
public enum RecoveryError: Error, CustomStringConvertible {
  /// A template does not parse.
  case template(name: String, message: String)
  /// The branch exists and `--force` was not given.
  case branchExists(String)
  /// Some chosen drifts cannot be written to git.
  case notExpressible([Refusal])
  /// A path that cannot be written inside the repository, and why.
  case unwritablePath(String, String)
  /// A failure of libgit2.
  case git(GitError)

  public var description: String {
    switch self {
    case .template(let name, let message):
      return "template '\(name)' does not render: \(message)"
    case .branchExists(let name):
      return "branch '\(name)' exists; pass --force to overwrite it, or --branch NAME"
    case .notExpressible(let refusals):
      // One line, as every error: each refusal with its place, joined by semicolons.
      return refusals.map { $0.description.replacingOccurrences(of: "\n", with: " ") }
        .joined(separator: "; ")
    case .unwritablePath(let path, let problem):
      return "cannot write '\(path)': \(problem)"
    case .git(let error):
      return error.description
    }
  }
}
