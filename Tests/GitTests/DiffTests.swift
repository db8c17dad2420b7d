import DriftTestSupport
import Git
import Testing

@Suite struct DiffTests {
  /// `git diff --raw --no-renames` between two revisions, as "old new path" lines (zeros for the
  /// side a file is not on).
  private func rawDiff(_ scratch: ScratchRepository, _ old: String, _ new: String) throws
    -> [String]
  {
    try scratch.git("diff", "--raw", "--no-renames", "--no-abbrev", old, new)
      .split(separator: "\n").map { line in
        let fields = line.split(separator: "\t", maxSplits: 1)
        let ids = fields[0].split(separator: " ")
        return "\(ids[2]) \(ids[3]) \(fields[1])"
      }
  }

  private func line(_ change: FileChange) -> String {
    let none = String(repeating: "0", count: 40)
    return "\(change.old?.hex ?? none) \(change.new?.hex ?? none) \(change.path)"
  }

  @Test func listsChangedFilesAsGitDiffRawDoes() throws {
    let scratch = try ScratchRepository.withHistory()
    try scratch.write("deploy/app/b.yaml", "kind: Service\nspec: {}\n")
    try scratch.write("deploy/new/c.yaml", "kind: ConfigMap\n")
    try scratch.write("a-b.txt", "dash sorts before slash\n")
    try scratch.delete("deploy/a.yaml")
    try scratch.commit("fourth", date: "2026-01-04T10:00:00Z")
    let repository = try scratch.open()
    let revisions = ["HEAD~3", "HEAD~2", "HEAD~1", "HEAD"]
    for old in revisions {
      for new in revisions {
        let changes = try repository.changedFiles(
          from: try scratch.id(old), to: try scratch.id(new))
        #expect(changes.map(line) == (try rawDiff(scratch, old, new)), "\(old)..\(new)")
      }
    }
  }
}
