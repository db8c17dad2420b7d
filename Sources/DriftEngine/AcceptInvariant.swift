import DriftFormats
package import DriftModel
package import Git

/// The invariant of accept: a branch is committed only if every changed file parses, the
/// desired state read again at the new tree and checked against the same snapshot shows each
/// accepted drift gone and nothing else changed (no new drift, no resource lost), and every file
/// that no accepted drift names is byte-identical. Otherwise nothing is written, and the error
/// names the file and line of the first edit that broke it.
extension RecoverySession {
  /// Checks the invariant on `candidate`, a commit of the accepted tree that no branch points
  /// at yet.
  ///
  /// - Parameter files: the accepted edits, without the post-mortem.
  /// - Throws: `Failure` at the first edit that breaks the invariant.
  package func verifyAccepted(files: [String: [UInt8]?], accepted: [Drift], candidate: ObjectID)
    throws(Failure)
  {
    // The files a drift names: its resource's, and those that set its desired values (a
    // Kustomize overlay, a Terraform variable's default).
    var named = Set(accepted.compactMap { $0.location?.file })
    for drift in accepted { named.formUnion(drift.changes.compactMap(\.file)) }
    // A file that declares resources, none of them accepted, stays as it is; files that declare
    // none (a Terraform variables file) are checked by the comparison below.
    let declaring = Set(state.desired.values.compactMap { $0.location?.file })
    for path in files.keys.sorted()
    where !named.contains(path) && declaring.contains(path) && read(path) != nil {
      throw broken(path, files, "accept would change a file that no accepted drift names")
    }
    // An export read from standard input cannot be read twice; the adapter checked each edited
    // resource against it already.
    guard let snapshot = state.snapshot.id ?? state.snapshot.file, snapshot != "<stdin>" else {
      return
    }
    var check = Check(
      revision: candidate.hex, sourceName: state.source.name, snapshot: snapshot, addresses: [],
      provenanceDepth: nil)
    check.workspace = evaluation.workspace
    let after: Check.Evaluation
    do {
      after = try check.evaluate()
    } catch {
      let file = error.location?.file ?? files.keys.sorted().first ?? ""
      throw broken(file, files, "the accepted tree does not check: \(error.message)")
    }
    for diagnostic in after.report.diagnostics where diagnostic.level == .error {
      if let file = diagnostic.location?.file, files[file] != nil {
        throw broken(file, files, "the edited file does not read back: \(diagnostic.message)")
      }
    }
    try compare(expected: expectedDrifts(after: accepted), actual: after, files: files)
  }

  /// The source's drifts as they must be once `accepted` is in git: the accepted changes gone,
  /// everything else as it was.
  private func expectedDrifts(after accepted: [Drift]) -> [String: Drift] {
    var expected: [String: Drift] = [:]
    for drift in evaluation.report.drifts where drift.source == state.source.name {
      expected[drift.id.address] = drift
    }
    for drift in accepted {
      guard drift.kind == .modified, var left = expected[drift.id.address] else {
        expected[drift.id.address] = nil
        continue
      }
      let paths = Set(drift.changes.map(\.path.pointer))
      left.changes.removeAll { paths.contains($0.path.pointer) }
      expected[drift.id.address] = left.changes.isEmpty ? nil : left
    }
    return expected
  }

  private func compare(
    expected: [String: Drift], actual after: Check.Evaluation, files: [String: [UInt8]?]
  )
    throws(Failure)
  {
    var actual: [String: Drift] = [:]
    for drift in after.report.drifts where drift.source == state.source.name {
      actual[drift.id.address] = drift
    }
    for address in Set(expected.keys).union(actual.keys).sorted() {
      let before = expected[address]
      let now = actual[address]
      let file = (now?.location ?? before?.location)?.file ?? ""
      switch (before, now) {
      case (nil, let now?):
        let what = now.changes.first.map { " (\($0.path.pointer))" } ?? ""
        throw broken(
          file, files, "accept would leave \(address) \(now.kind)\(what)",
          line: now.changes.first?.line)
      case (let before?, nil):
        throw broken(
          file, files, "accept would change \(address), whose \(before.kind) drift was not accepted"
        )
      case (let before?, let now?):
        let key = { (change: Change) in change.path.pointer }
        let old = before.changes.sorted { key($0) < key($1) }
        let new = now.changes.sorted { key($0) < key($1) }
        guard before.kind == now.kind, old.count == new.count,
          zip(old, new).allSatisfy({ Self.same($0, $1) })
        else {
          // The change that is new (or gone) names the place of the edit that broke it.
          let fresh = new.first { change in !old.contains { Self.same($0, change) } }
          let gone = old.first { change in !new.contains { Self.same($0, change) } }
          let path = (fresh ?? gone).map { " (\($0.path.pointer))" } ?? ""
          throw broken(
            file, files, "accept would change the drift of \(address)\(path)", line: fresh?.line)
        }
      case (nil, nil):
        continue
      }
    }
  }

  /// Whether a change is the same after the accept: operation, path and values, where two
  /// secret digests count as the same (a read without a digest key keys them anew).
  private static func same(_ old: Change, _ new: Change) -> Bool {
    func equal(_ left: Value?, _ right: Value?) -> Bool {
      if case .sensitive = left, case .sensitive = right { return true }
      return left == right
    }
    return old.operation == new.operation && old.path == new.path
      && equal(old.desired, new.desired) && equal(old.live, new.live)
  }

  /// A failure at the first line that `files` changes in `path`.
  ///
  /// - Parameter line: the line of the new tree's file where the check found the problem, when
  ///   it knows one; it is preferred.
  private func broken(
    _ path: String, _ files: [String: [UInt8]?], _ message: String, line known: Int? = nil
  ) -> Failure {
    let before = read(path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    let after = (files[path] ?? nil).map { String(decoding: $0, as: UTF8.self) } ?? ""
    let old = before.split(separator: "\n", omittingEmptySubsequences: false)
    let new = after.split(separator: "\n", omittingEmptySubsequences: false)
    let common = min(old.count, new.count)
    let line =
      known ?? (0..<common).first { old[$0] != new[$0] }.map { $0 + 1 } ?? common + 1
    return Failure(
      message + "; nothing was written",
      at: SourceLocation(file: path, line: path.isEmpty ? 0 : line))
  }
}
