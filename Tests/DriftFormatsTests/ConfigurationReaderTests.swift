import DriftModel
import Testing

@testable import DriftFormats

@Suite struct ConfigurationReaderTests {
  private func parse(_ text: String) throws(DriftError) -> Configuration {
    try ConfigurationReader.parse(Array(text.utf8), file: ".drift.yml")
  }

  @Test func readsAValidFile() throws {
    let configuration = try parse(
      """
      version: 1
      branch: main
      postmortems: docs/pm
      sources:
        - name: cluster
          format: kubernetes
          paths: [k8s/**/*.yaml, extra.yaml]
          namespace: prod
          capture: kubectl get all -A -o json
          deployers: [argocd]
        - name: infra
          format: terraform
          paths: infra/*.tf
      ignore:
        - resource: Deployment.apps/prod/*
          paths: [/spec/replicas]
          managers: [hpa-controller]
          reason: scaled by the HPA
          expires: 2027-01-31
      policies:
        - path: /spec/template/spec/containers/*/image
          resource: Deployment.apps/**
          severity: Critical
      """)
    #expect(configuration.version == 1)
    #expect(configuration.branch == "main")
    #expect(configuration.postmortems == "docs/pm")
    #expect(configuration.sources.map(\.name) == ["cluster", "infra"])
    let cluster = try #require(configuration.source(named: "cluster"))
    #expect(cluster.format == "kubernetes")
    #expect(cluster.paths == ["k8s/**/*.yaml", "extra.yaml"])
    #expect(cluster.namespace == "prod")
    #expect(cluster.capture == "kubectl get all -A -o json")
    #expect(cluster.deployers == ["argocd"])
    #expect(cluster.location == SourceLocation(file: ".drift.yml", line: 5, column: 5))
    let infra = try #require(configuration.source(named: "infra"))
    #expect(infra.paths == ["infra/*.tf"])
    #expect(infra.deployers == SourceConfiguration.defaultDeployers)
    #expect(
      configuration.ignore == [
        IgnoreRule(
          resource: "Deployment.apps/prod/*", paths: ["/spec/replicas"],
          managers: ["hpa-controller"],
          reason: "scaled by the HPA", expires: CalendarDate(year: 2027, month: 1, day: 31),
          origin: SourceLocation(file: ".drift.yml", line: 15, column: 5))
      ])
    #expect(
      configuration.policies == [
        SeverityPolicy(
          path: "/spec/template/spec/containers/*/image", resource: "Deployment.apps/**",
          severity: .critical)
      ])
  }

  private static let source =
    "sources:\n  - name: a\n    format: kubernetes\n    paths: [k8s/*.yaml]\n"

  @Test(arguments: [
    ("version: 1\nsourcez: []\n" + source, 2, 1, "unknown key 'sourcez'"),
    ("sources:\n  - name: a\n    format: helm3\n    paths: [x]\n", 3, 5, "unknown format 'helm3'"),
    ("sources:\n  - name: a\n    format: kubernetes\n", 2, 5, "a source needs 'paths'"),
    ("sources:\n  - name: a\n    format: kubernetes\n    paths: []\n", 4, 5, "'paths' is empty"),
    (
      "sources:\n  - name: a\n    format: kubernetes\n    paths: x\n    colour: red\n", 5, 5,
      "unknown key 'colour'"
    ),
    (
      source + "policies:\n  - path: /spec\n    severity: urgent\n", 7, 5,
      "unknown severity 'urgent'"
    ),
    (
      source + "ignore:\n  - resource: '**'\n    expires: 31/01/2027\n", 7, 5,
      "'expires' must be a date"
    ),
    (
      source + "ignore:\n  - resource: '**'\n    paths: [spec/replicas]\n", 7, 5,
      "is not a JSON Pointer"
    ),
    ("version: 2\n" + source, 1, 1, "unsupported version"),
    (
      source + "  - name: a\n    format: terraform\n    paths: [x.tf]\n", 5, 5,
      "source 'a' is declared twice (first at line 2)"
    ),
    ("version: 1\n", 1, 1, "no 'sources' declared"),
    // A file that is no mapping at all is refused where its document starts (the fuzz suite
    // found this error without a line).
    ("version\n", 1, 1, "the configuration must be a mapping, not string"),
    ("# a comment\n\n- a\n", 3, 1, "the configuration must be a mapping, not array"),
    ("", 1, 1, "the configuration must be a mapping, not null"),
    ("sources: {a: 1}\n", 1, 1, "'sources' must be a list"),
    (source + "postmortems: ../pm\n", 5, 1, "postmortems '../pm' leaves the repository"),
    (source + "postmortems: /tmp/pm\n", 5, 1, "postmortems '/tmp/pm' is an absolute path"),
    (
      "sources:\n  - name: a\n    format: kubernetes\n    paths: [k8s/../../x/*.yaml]\n", 4, 5,
      "path 'k8s/../../x/*.yaml' of source 'a' leaves the repository"
    ),
  ])
  func reportsErrorsWhereTheyAre(text: String, line: Int, column: Int, message: String) throws {
    let error = try #require(throws: DriftError.self) { try parse(text) }
    #expect(error.message.contains(message), "\(error)")
    #expect(
      error.location == SourceLocation(file: ".drift.yml", line: line, column: column), "\(error)")
  }
}
