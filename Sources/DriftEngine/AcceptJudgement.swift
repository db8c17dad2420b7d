package import DriftModel

/// What accept decides before it writes anything: which of the chosen drifts it takes, which it
/// skips and why, and what it warns about.
///
/// - Undeployed changes (live equals what an older commit desired: the code moved on and was
///   not applied) are skipped unless asked for, since accepting them reverts the code.
/// - A missing resource is removed from git only when named by its exact address or asked for;
///   and never when the export cannot be trusted to hold it: an empty export, one that lacks
///   the resource's kind altogether, or one that lacks more than a quarter of the source.
/// - A live value of severity high or above (privileged, hostNetwork, 0.0.0.0/0) is taken, with
///   a warning for the output and the pull request.
package struct AcceptJudgement {
  /// Options of the command line.
  package struct Options: Sendable {
    package var includeUndeployed = false
    package var includeMissing = false

    /// Creates options.
    package init(includeUndeployed: Bool = false, includeMissing: Bool = false) {
      self.includeUndeployed = includeUndeployed
      self.includeMissing = includeMissing
    }
  }

  /// A drift, or some of its changes, left out and why.
  package struct Skip: Sendable {
    package var address: String
    package var path: FieldPath?
    package var reason: String
    /// The commit an undeployed value comes from.
    package var commit: String?

    /// `ADDRESS#/path: reason`.
    package var line: String {
      address + (path.map { "#\($0.pointer)" } ?? "") + ": " + reason
    }
  }

  /// The drifts to accept, with only their accepted changes.
  package var drifts: [Drift] = []
  /// Undeployed changes left out.
  package var skipped: [Skip] = []
  /// Drifts refused before planning, with why.
  package var refused: [Skip] = []
  /// High-severity live values being accepted.
  package var warnings: [Skip] = []

  /// The fraction of a source's resources that may be missing before its export is distrusted.
  package static let missingLimit = 0.25

  /// Judges `chosen`, the drifts the command line picked among every drift of the source.
  ///
  /// - Parameters:
  ///   - named: the addresses the command line names exactly.
  ///   - desiredCount: how many resources the source desires.
  ///   - coveredTypes: the types of which the export holds at least one resource.
  /// - Throws: `Failure` when the export holds none of the desired resources.
  package init(
    _ chosen: [Drift], all: [Drift], named: Set<String>, desiredCount: Int,
    coveredTypes: Set<String>, options: Options
  ) throws(Failure) {
    let missing = all.filter { $0.kind == .missing }.count
    if desiredCount > 0, missing == desiredCount {
      throw Failure(
        "the live export holds none of the source's \(desiredCount) resource(s): an empty export,"
          + " or an export of other kinds; nothing was written")
    }
    let distrusted = desiredCount > 0 && Double(missing) > Self.missingLimit * Double(desiredCount)
    for drift in chosen {
      switch drift.kind {
      case .missing:
        judgeMissing(
          drift, named: named, distrusted: distrusted, missing: missing, of: desiredCount,
          coveredTypes: coveredTypes, options: options)
      case .unmanaged:
        drifts.append(drift)
      case .modified:
        judgeModified(drift, options: options)
      }
    }
  }

  private mutating func judgeMissing(
    _ drift: Drift, named: Set<String>, distrusted: Bool, missing: Int, of total: Int,
    coveredTypes: Set<String>, options: Options
  ) {
    let address = drift.id.address
    if !options.includeMissing, !named.contains(address) {
      refused.append(
        Skip(
          address: address,
          reason: "missing live; removed from git only when named or with --include-missing"))
    } else if !coveredTypes.contains(drift.id.type) {
      refused.append(
        Skip(
          address: address,
          reason: "the export holds no \(drift.id.type) at all; it may not cover that kind"))
    } else if distrusted {
      refused.append(
        Skip(
          address: address,
          reason: "\(missing) of the source's \(total) resources are missing live (more than a"
            + " quarter): the export looks incomplete"))
    } else {
      drifts.append(drift)
    }
  }

  private mutating func judgeModified(_ drift: Drift, options: Options) {
    var taken = drift
    taken.changes = []
    for change in drift.changes {
      if change.provenance?.kind == "undeployed", !options.includeUndeployed {
        let commit = change.provenance?.commit
        skipped.append(
          Skip(
            address: drift.id.address, path: change.path,
            reason:
              "undeployed: live is what \(commit.map { String($0.prefix(7)) } ?? "an older commit")"
              + " desired; accepting would revert the code (--include-undeployed takes it)",
            commit: commit))
        continue
      }
      if change.severity >= .high {
        warnings.append(
          Skip(
            address: drift.id.address, path: change.path,
            reason: "the live value breaks a \(change.severity) policy"
              + (change.rule.map { " (\($0))" } ?? "")))
      }
      taken.changes.append(change)
    }
    if !taken.changes.isEmpty { drifts.append(taken) }
  }
}
