import DriftDiff
import DriftEngine
import DriftModel
import Foundation
import Git
import Testing

@Suite("the file of kept verdicts")
struct VerdictCacheTests {
  private func contents() throws -> VerdictCache.Contents {
    let blob = Repository.blobID(of: Array("a".utf8))
    let other = Repository.blobID(of: Array("b".utf8))
    var counts = DriftReport.Summary()
    counts.ignored = 2
    counts.unevaluated = 300
    var contents = VerdictCache.Contents()
    contents.files["apps/a.yaml"] = VerdictCache.FileOutline(
      blob: blob,
      resources: [
        Resource(
          id: ResourceID(type: "Deployment.apps", address: "Deployment.apps/prod/a"), body: .null,
          location: SourceLocation(file: "apps/a.yaml", line: 2, column: 1)),
        Resource(
          id: ResourceID(type: "Service", address: "Service/prod/é"), body: .null,
          location: SourceLocation(file: "elsewhere.yaml", line: 40, column: 3)),
      ])
    contents.files["apps/empty.yaml"] = VerdictCache.FileOutline(blob: other, resources: [])
    contents.verdicts["Deployment.apps/prod/a"] = VerdictCache.Entry(
      live: other, desired: "Deployment.apps/prod/a", file: blob, path: "apps/a.yaml",
      settled: SettledVerdict(
        counts: counts, notComparable: ["another key": 3], matched: nil, claims: [],
        unattributed: true))
    contents.verdicts["Service/é"] = VerdictCache.Entry(
      live: blob, desired: "Service/prod/é", file: other, path: "apps/a.yaml",
      settled: SettledVerdict(
        counts: DriftReport.Summary(), notComparable: [:], matched: "Service/prod/é",
        claims: [
          Claim(
            address: "Deployment.apps/prod/a", paths: ["/spec/replicas", "/x"],
            claimant: "HorizontalPodAutoscaler.autoscaling/prod/a", reason: "set by it")
        ], unattributed: false))
    return contents
  }

  @Test("what is saved loads back equal, and only for its own context")
  func roundTrip() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "verdicts-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let cache = VerdictCache(directory: folder, source: "prod-k8s")
    let context = VerdictCache.context(["one"])
    let saved = try contents()
    cache.save(saved, context: context)
    #expect(cache.load(context: context) == saved)
    #expect(cache.load(context: VerdictCache.context(["two"])) == nil)
    #expect(VerdictCache(directory: folder, source: "other").load(context: context) == nil)
  }

  @Test("a truncated file loads as nothing, at every length")
  func truncated() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "verdicts-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let cache = VerdictCache(directory: folder, source: "prod-k8s")
    let context = VerdictCache.context(["one"])
    cache.save(try contents(), context: context)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
    let file = folder + "/" + (try #require(names.first))
    let bytes = try #require(FileManager.default.contents(atPath: file))
    for length in 0..<bytes.count {
      try bytes.prefix(length).write(to: URL(fileURLWithPath: file))
      #expect(cache.load(context: context) == nil, "\(length) of \(bytes.count) bytes")
    }
  }
}
