/// The exit statuses of git-drift, as `git diff --exit-code`, `kubectl diff` and driftctl use
/// them.
public enum ExitStatus: Int32, Sendable {
  /// Desired and live state agree.
  case inSync = 0
  /// Drift was found.
  case drift = 1
  /// Bad input or a failure: nothing was compared.
  case error = 2
  /// For `git bisect run`: this commit cannot be tested.
  case untestable = 125
}
