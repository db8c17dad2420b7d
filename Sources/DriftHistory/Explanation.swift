public import DriftModel
public import Git

/// Why one attribute drifted, or the whole resource for a missing or unmanaged one: the commit
/// that last set the desired value, when live first deviated, and the change's provenance.
public struct Explanation: Sendable {
  /// The drifted attribute, its provenance filled in; nil for a missing or unmanaged resource.
  public var change: Change?
  /// The commit that last set the desired value (first-parent, like git blame).
  public var lastSet: Commit?
  /// The current drift episode in the recorded snapshots; nil when there are none.
  public var episode: Episode?
  /// For an undeployed value: the first later commit that changed it, which was not applied.
  public var notApplied: Commit?
  /// For a field only live has: the last commit that declared it, and the one that removed it.
  public var lastDeclared: Commit?
  public var removedBy: Commit?
  /// For a field only live has: git never declared it.
  public var neverInGit = false

  /// Creates an explanation.
  public init(change: Change?, lastSet: Commit? = nil, episode: Episode? = nil) {
    self.change = change
    self.lastSet = lastSet
    self.episode = episode
  }
}
