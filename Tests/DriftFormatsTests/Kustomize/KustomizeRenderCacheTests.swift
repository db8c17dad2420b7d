import DriftModel
import Foundation
import Testing

@testable import DriftFormats

/// The render cache on disk: what one process rendered, the next reads; nothing with a Secret
/// is written; a file that is not its key's is ignored.
@Suite struct KustomizeRenderCacheTests {
  static func folder() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "git-drift-render-cache-" + UUID().uuidString
    ).path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func aRenderIsReadByTheNextProcess() throws {
    let directory = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let rendered = Array("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n".utf8)
    let first = KustomizeRenderCache()
    first.persist(in: directory)
    first.store(.success(rendered), for: "kustomize 1 apps\napps/kustomization.yaml 1234")

    let next = KustomizeRenderCache()
    next.persist(in: directory)
    #expect(
      try next.value(for: "kustomize 1 apps\napps/kustomization.yaml 1234")?.get() == rendered)
    #expect(next.value(for: "kustomize 1 apps\napps/kustomization.yaml 5678") == nil)
    #expect(next.renders == 0)
  }

  @Test func rendersWithSecretsAndFailuresStayInMemory() throws {
    let directory = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let cache = KustomizeRenderCache()
    cache.persist(in: directory)
    cache.store(
      .success(Array("apiVersion: v1\nkind: Secret\ndata:\n  password: aHVudGVyMg==\n".utf8)),
      for: "secret")
    cache.store(.failure(DriftError("kustomize build failed", at: nil)), for: "broken")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    #expect(cache.value(for: "secret") != nil)
  }

  @Test func aForeignOrDamagedFileIsIgnored() throws {
    let directory = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let cache = KustomizeRenderCache()
    cache.persist(in: directory)
    cache.store(.success(Array("kind: ConfigMap\n".utf8)), for: "key")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory)
    #expect(names.count == 1)
    let file = directory + "/" + (names.first ?? "")
    try Data("kind: Deployment\n".utf8).write(to: URL(fileURLWithPath: file))
    let next = KustomizeRenderCache()
    next.persist(in: directory)
    #expect(next.value(for: "key") == nil)
  }
}
