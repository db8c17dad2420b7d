import DriftFormats
import Testing

@Suite("CODEOWNERS")
struct CodeOwnersTests {
  static let file = """
    # Platform owns everything by default
    *                       @acme/platform
    /deploy/prod/           @acme/sre @alice
    *.md                    @acme/docs
    deploy/prod/payments/** @acme/payments  # payments team
    [Section]
    """

  @Test(arguments: [
    ("README.md", ["@acme/docs"]),
    ("deploy/staging/web.yaml", ["@acme/platform"]),
    ("deploy/prod/web.yaml", ["@acme/sre", "@alice"]),
    ("deploy/prod/payments/api.yaml", ["@acme/payments"]),
    ("deploy/prod/notes.md", ["@acme/docs"]),
  ])
  func lastMatchingLineWins(path: String, owners: [String]) {
    #expect(CodeOwners(Array(Self.file.utf8)).owners(of: path) == owners)
  }

  @Test func noMatchNoOwners() {
    #expect(CodeOwners(Array("/docs/ @writers\n".utf8)).owners(of: "deploy/a.yaml").isEmpty)
  }
}
