import Testing

@testable import DriftModel

@Suite struct GlobTests {
  @Test(arguments: [
    ("Deployment.apps/prod/*", "Deployment.apps/prod/web", true),
    ("Deployment.apps/prod/*", "Deployment.apps/prod/", true),
    ("Deployment.apps/*", "Deployment.apps/prod/web", false),
    ("*/prod/web", "Service/prod/web", true),
    ("*", "Service/prod", false),
    ("**", "Service/prod/web", true),
    ("**/web", "Service/prod/web", true),
    ("**/web", "web", true),
    ("k8s/**/*.yaml", "k8s/app.yaml", true),
    ("k8s/**/*.yaml", "k8s/prod/eu/app.yaml", true),
    ("k8s/**/*.yaml", "k8s/prod/app.json", false),
    ("k8s/**/*.yaml", "k8sx/app.yaml", false),
    ("web-?", "web-1", true),
    ("web-?", "web-10", false),
    ("web-?", "web-", false),
    ("a?b", "a/b", false),
    ("web-[abc]", "web-b", true),
    ("web-[abc]", "web-d", false),
    ("web-[!abc]", "web-d", true),
    ("web-[!abc]", "web-a", false),
    ("Service/prod/web", "Service/prod/web", true),
    ("Service/prod/web", "Service/prod/web2", false),
    ("Service/prod/web", "service/prod/web", false),
    ("a\\*b", "a*b", true),
    ("a\\*b", "axb", false),
  ])
  func matches(pattern: String, name: String, expected: Bool) {
    #expect(Glob(pattern).matches(name) == expected, "\(pattern) ~ \(name)")
  }

  /// `**/` stands for whole folders: the segment after it must start at a `/` boundary.
  @Test(arguments: [
    ("**/web", "Service/prod/myweb"),
    ("k8s/**/app.yaml", "k8s/myapp.yaml"),
    ("k8s/**/app.yaml", "k8s/prod/webapp.yaml"),
  ])
  func doubleStarSlashDoesNotMatchInsideASegment(pattern: String, name: String) {
    #expect(!Glob(pattern).matches(name), "\(pattern) ~ \(name)")
  }

  @Test(arguments: [
    ("k8s/apps/*.yaml", "k8s/apps/"),
    ("k8s/ap*/x.yaml", "k8s/"),
    ("*.yaml", ""),
    ("k8s/**/x.yaml", "k8s/"),
    ("k8s/[ab]/x.yaml", "k8s/"),
    ("k8s/x.yaml", "k8s/x.yaml"),
  ])
  func literalPrefixStopsAtTheWildcardSegment(pattern: String, prefix: String) {
    #expect(Glob(pattern).literalPrefix == prefix)
  }

  @Test func literalPatternsHaveNoWildcard() {
    #expect(Glob("Service/prod/web").isLiteral)
    #expect(!Glob("Service/prod/*").isLiteral)
    #expect(!Glob("Service/prod/we?").isLiteral)
    #expect(!Glob("Service/prod/[wx]eb").isLiteral)
  }
}
