import DriftEngine
import DriftModel
import DriftTestSupport
import Foundation
import Git
import Testing

@Suite("policy check through every source's adapter")
struct PolicyCheckTests {
  private static let configuration = """
    version: 1
    sources:
      - name: infra
        format: hcl
        paths: ["infra"]

    """

  private func repository() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    try repo.write(".drift.yml", Self.configuration)
    try repo.write("infra/main.tf", "resource \"terraform_data\" \"x\" {\n  input = 1\n}\n")
    _ = try repo.commit("Infrastructure")
    return repo
  }

  private func check(_ repo: ScratchRepository) throws -> PolicyCheck.Outcome {
    var policy = PolicyCheck(staged: true, files: [], threshold: .high)
    policy.workspace = Workspace(repository: try Repository(path: repo.path))
    return try policy.run()
  }

  @Test("a staged .tf file that does not parse is a parse error with file:line")
  func unparsableTerraform() throws {
    let repo = try repository()
    defer { repo.remove() }
    try repo.write("infra/broken.tf", "resource \"terraform_data\" \"y\" {\n  input = \n")
    _ = try repo.git("add", "infra/broken.tf")
    let outcome = try check(repo)
    #expect(outcome.parseErrors == 1, "\(outcome.messages)")
    #expect(outcome.messages.first?.hasPrefix("infra/broken.tf:") == true, "\(outcome.messages)")
  }

  @Test("a staged security group open to 0.0.0.0/0 on port 22 breaks a high policy")
  func openSecurityGroup() throws {
    let repo = try repository()
    defer { repo.remove() }
    try repo.write(
      "infra/sg.tf",
      """
      resource "aws_security_group" "ssh" {
        name = "ssh"
        ingress {
          from_port   = 22
          to_port     = 22
          protocol    = "tcp"
          cidr_blocks = ["0.0.0.0/0"]
        }
      }

      """)
    _ = try repo.git("add", "infra/sg.tf")
    let outcome = try check(repo)
    #expect(outcome.violations >= 1, "\(outcome.messages)")
    #expect(
      outcome.messages.contains { $0.hasPrefix("infra/sg.tf:7:") && $0.contains("0.0.0.0/0") }
        || outcome.messages.contains { $0.hasPrefix("infra/sg.tf:") },
      "\(outcome.messages)")
  }

  @Test("a clean staged .tf file passes")
  func cleanTerraform() throws {
    let repo = try repository()
    defer { repo.remove() }
    try repo.write("infra/more.tf", "resource \"terraform_data\" \"z\" {\n  input = 2\n}\n")
    _ = try repo.git("add", "infra/more.tf")
    let outcome = try check(repo)
    #expect(outcome.parseErrors == 0 && outcome.violations == 0, "\(outcome.messages)")
  }
}
