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

  /// Creates an explanation.
  public init(change: Change?, lastSet: Commit? = nil, episode: Episode? = nil) {
    self.change = change
    self.lastSet = lastSet
    self.episode = episode
  }
}
