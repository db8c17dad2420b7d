import DriftFormats
import DriftModel
import DriftRecovery
import Testing

@Suite("recovery errors")
struct RecoveryErrorTests {
  @Test("several refusals are one line on stderr, each with its place and reason")
  func refusalsOnOneLine() {
    let error = RecoveryError.notExpressible([
      Refusal(
        address: "Deployment.apps/prod/web", reason: "anchors are not edited",
        location: SourceLocation(file: "deploy/web.yaml", line: 4)),
      Refusal(address: "ConfigMap/prod/a\nb", reason: "a name\nwith a line break"),
    ])
    #expect(!error.description.contains("\n"))
    #expect(
      error.description
        == "deploy/web.yaml:4: cannot accept Deployment.apps/prod/web: anchors are not edited; "
        + "cannot accept ConfigMap/prod/a b: a name with a line break")
  }
}
