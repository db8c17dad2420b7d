import DriftTestSupport
import Git
import Testing

extension ScratchRepository {
  /// Opens this scratch repository with the wrapper.
  func open() throws -> Repository {
    try Repository(path: path)
  }

  /// The object id git gives for a revision, as an ``ObjectID``.
  func id(_ revision: String) throws -> ObjectID {
    try #require(ObjectID(hex: try git("rev-parse", revision)))
  }

  /// A repository with three files in two folders over three commits (one per day of 2026).
  static func withHistory() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    try repo.write("deploy/a.yaml", "replicas: 1\n")
    try repo.write("README.md", "# demo\n")
    try repo.commit("first", date: "2026-01-01T10:00:00Z")
    try repo.write("deploy/a.yaml", "replicas: 2\n")
    try repo.write("deploy/app/b.yaml", "kind: Service\n")
    try repo.commit("second", date: "2026-01-02T10:00:00Z")
    try repo.delete("README.md")
    try repo.commit("third\n\nwith a body", date: "2026-01-03T10:00:00Z")
    return repo
  }
}

/// Catches the ``GitError`` an expression throws, failing the test when it throws none.
func gitError<T>(_ body: () throws -> T) throws -> GitError {
  do {
    _ = try body()
  } catch let error as GitError {
    return error
  }
  Issue.record("expected a GitError")
  throw GitError(code: .generic, function: "test", message: "no error thrown")
}
