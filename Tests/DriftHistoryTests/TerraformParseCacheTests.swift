import DriftDiff
import DriftFormats
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Git
import HCL
import Testing

@testable import DriftHistory

/// Parsed `.tf` and `.tfvars` files are kept across the evaluations of a history, by path and
/// bytes: evaluating commits with the cache must give what evaluating them without it gives.
@Suite("history: Terraform files parsed once across evaluations")
struct TerraformParseCacheTests {
  static func main(_ revision: Int, size: Int) -> String {
    """
    # revision \(revision)
    resource "terraform_data" "app" {
      count = var.replicas
      input = {
        name = "app-${count.index}"
        size = \(size)
        tags = merge(local.tags, { revision = "\(revision)" })
      }
      lifecycle {
        ignore_changes = [input["tags"]]
      }
    }

    module "net" {
      source = "./modules/net"
      cidr   = var.cidr
    }

    moved {
      from = terraform_data.old
      to   = terraform_data.app[0]
    }

    """
  }

  static let variables = """
    variable "replicas" {
      default = 1
    }

    variable "cidr" {
      default = "10.0.0.0/16"
    }

    locals {
      tags = { team = "platform" }
    }

    """

  static let network = """
    variable "cidr" {}

    resource "terraform_data" "subnet" {
      for_each = toset(["a", "b"])
      input    = { cidr = cidrsubnet(var.cidr, 8, index(["a", "b"], each.key)) }
    }

    """

  /// A root module and a local module through commits that change `main.tf` each time, the
  /// tfvars, the module, a syntax error, and back to an earlier `main.tf`.
  static func repository() throws -> ScratchRepository {
    let repo = try ScratchRepository()
    try repo.write(
      ".drift.yml", "version: 1\nsources:\n  - name: infra\n    format: hcl\n    paths: [\".\"]\n")
    try repo.write("variables.tf", variables)
    try repo.write("modules/net/main.tf", network)
    var hour = 0
    func commit(_ message: String) throws {
      _ = try repo.commit(message, date: "2026-11-01T\(String(format: "%02d", hour)):00:00Z")
      hour += 1
    }
    for revision in 0..<4 {
      try repo.write("main.tf", main(revision, size: 10 + revision))
      try commit("revision \(revision)")
    }
    try repo.write("terraform.tfvars", "replicas = 3\n")
    try commit("three replicas")
    try repo.write("modules/net/main.tf", network.replacing("8, index", with: "4, index"))
    try commit("wider subnets")
    try repo.write("main.tf", main(4, size: 14) + "resource \"terraform_data\" {\n")
    try commit("broken")
    try repo.write("main.tf", main(1, size: 11))
    try commit("revision 1 again")
    try repo.write("README.md", "docs\n")
    try commit("docs")
    return repo
  }

  /// What an evaluation gives, as text to compare.
  static func describe(_ evaluated: ConfigurationHistory.Evaluated) -> [String] {
    let writer = JSONWriter(keepsDigests: true)
    var lines = evaluated.records.sorted { $0.key < $1.key }.map { address, record in
      "\(address) \(record.blob.hex) \(record.file) \(String(describing: record.resource.location)) "
        + writer.string(record.resource.body)
    }
    lines.append("ignored \(evaluated.rules.ignoredChanges.sorted { $0.key < $1.key })")
    lines.append(
      "sets \(evaluated.rules.setPointers.mapValues { $0.sorted() }.sorted { $0.key < $1.key })")
    lines.append("former \(evaluated.formerAddresses.sorted { $0.key < $1.key })")
    lines.append("unknown \(evaluated.unknownInstances)")
    lines.append("problem \(evaluated.problem ?? "none")")
    return lines
  }

  @Test("every commit evaluates with the cache as without it, and the cache is used")
  func sameEvaluationWithAndWithoutCache() throws {
    let repo = try Self.repository()
    let repository = try Repository(path: repo.path)
    let secrets = SecretDigester(key: Array(repeating: UInt8(1), count: 32))
    let history = DesiredHistory(
      repository: repository, tip: try repository.resolveCommit("HEAD"), secrets: secrets)
    let source = SourceConfiguration(name: "infra", format: "hcl", paths: ["."])
    let cached = ConfigurationHistory(
      repository: repository, secrets: secrets, formats: FormatRegistry.standard)
    let uncached = ConfigurationHistory(
      repository: repository, secrets: secrets, formats: FormatRegistry.standard)
    uncached.parsed = nil
    var problems = 0
    var resources = 0
    // Newest first, as provenance walks a history, then oldest first.
    let ages = Array(0..<9)
    for age in ages + ages.reversed() {
      let header = try #require(try history.header(age: age))
      let with = try cached.evaluated(source: source, at: header, live: .none)
      let without = try uncached.evaluated(source: source, at: header, live: .none)
      #expect(Self.describe(with) == Self.describe(without), "commit \(age)")
      if with.problem != nil { problems += 1 }
      resources += with.records.count
    }
    // The broken commit, both ways; the others evaluate their resources.
    #expect(problems == 2)
    #expect(resources > 40)
    let cache = try #require(cached.parsed)
    #expect(cache.hits > 0)
    #expect(cache.misses < 12)
    #expect(uncached.evaluations == cached.evaluations)
    try repo.fsck()
  }

  @Test("a body is reused only for the same path and bytes, and the cache stays in its bounds")
  func boundedAndExact() throws {
    let cache = HCLParseCache(maximumBytes: 1_000, maximumFiles: 8)
    let first = Array("a = 1\n".utf8)
    let body = try cache.body(first, file: "main.tf")
    #expect(body.attributes.map(\.name) == ["a"])
    _ = try cache.body(first, file: "main.tf")
    #expect(cache.hits == 1)
    _ = try cache.body(first, file: "other.tf")
    _ = try cache.body(Array("a = 2\n".utf8), file: "main.tf")
    #expect(cache.hits == 1)
    #expect(cache.misses == 3)
    for index in 0..<40 {
      _ = try cache.body(
        Array("b\(index) = \"\(String(repeating: "x", count: 60))\"\n".utf8), file: "f.tf")
      #expect(cache.count <= 8)
    }
    #expect(throws: DriftError.self) { try cache.body(Array("a = \n".utf8), file: "bad.tf") }
    #expect(throws: DriftError.self) { try cache.body(Array("a = \n".utf8), file: "bad.tf") }
    #expect(cache.misses == 3 + 40 + 2)
  }
}
