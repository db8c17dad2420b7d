import DriftEngine
import DriftModel
import DriftTestSupport
import Foundation
import Testing

/// The kept report's coding of drifts gives back every drift as it was.
@Suite("the byte coding of drifts")
struct DriftCodingTests {
  private func text(_ random: inout SeededGenerator) -> String {
    let pieces = ["a", "spec", "é", "\u{1F600}", "/", "~", "\"", "\n", "0", ""]
    return (0..<Int.random(in: 0..<4, using: &random)).map { _ in
      pieces[Int.random(in: 0..<pieces.count, using: &random)]
    }.joined()
  }

  private func value(_ random: inout SeededGenerator, depth: Int = 0) -> Value {
    switch Int.random(in: 0..<(depth > 3 ? 6 : 9), using: &random) {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &random))
    case 2:
      return .integer(
        [Int.min, Int.max, -1, 0, 127, 128, -129].randomElement(using: &random) ?? 0)
    case 3: return .double(Double.random(in: -1e300...1e300, using: &random))
    case 4: return .string(text(&random))
    case 5: return .sensitive(digest: "hmac-sha256:" + text(&random))
    case 6:
      return .array(
        (0..<Int.random(in: 0..<4, using: &random)).map { _ in
          value(&random, depth: depth + 1)
        })
    default:
      return .object(
        (0..<Int.random(in: 0..<4, using: &random)).map { _ in
          Member(
            text(&random), value(&random, depth: depth + 1),
            at: Position(
              line: Int.random(in: 0..<100_000, using: &random),
              column: Int.random(in: 0..<300, using: &random)))
        })
    }
  }

  private func drift(_ random: inout SeededGenerator) -> Drift {
    func maybe<T>(_ make: () -> T) -> T? { Bool.random(using: &random) ? make() : nil }
    let actor = maybe { Actor(manager: "kubectl-edit", operation: "Update", time: "2026-11-20") }
    let changes = (0..<Int.random(in: 0..<4, using: &random)).map { _ in
      var change = Change(
        [.replace, .add, .remove][Int.random(in: 0..<3, using: &random)],
        at: FieldPath(["spec", text(&random), "0"]),
        desired: Bool.random(using: &random) ? value(&random) : nil,
        live: Bool.random(using: &random) ? value(&random) : nil,
        line: Bool.random(using: &random) ? Int.random(in: -1..<5000, using: &random) : nil,
        severity: Severity.allCases.randomElement(using: &random) ?? .low,
        actor: Bool.random(using: &random) ? Actor(manager: text(&random)) : nil,
        provenance: Bool.random(using: &random)
          ? Provenance(kind: "undeployed", commit: Bool.random(using: &random) ? "abc" : nil)
          : nil)
      change.file = Bool.random(using: &random) ? "apps/a.yaml" : nil
      change.rule = Bool.random(using: &random) ? text(&random) : nil
      change.csf = Bool.random(using: &random) ? ["PR.IP-1", text(&random)] : []
      return change
    }
    var drift = Drift(
      kind: DriftKind.allCases.randomElement(using: &random) ?? .modified, source: text(&random),
      id: ResourceID(type: "Deployment.apps", address: "Deployment.apps/prod/" + text(&random)),
      location: Bool.random(using: &random)
        ? SourceLocation(file: "apps/" + text(&random), line: 3, column: 1) : nil,
      severity: Severity.allCases.randomElement(using: &random) ?? .low,
      csf: Bool.random(using: &random) ? ["DE.CM-7"] : [], changes: changes, actor: actor)
    drift.owners = Bool.random(using: &random) ? ["@platform", text(&random)] : []
    return drift
  }

  /// Every field, member positions included, as JSONEncoder writes them.
  private func json(_ drifts: [Drift]) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(drifts), as: UTF8.self)
  }

  @Test("drifts decode as they were encoded", arguments: 1...20)
  func roundTrips(seed: UInt64) throws {
    var random = SeededGenerator(seed: seed)
    let drifts = (0..<Int.random(in: 0..<12, using: &random)).map { _ in drift(&random) }
    let bytes = DriftCoding.bytes(drifts)
    let decoded = try #require(DriftCoding.drifts(from: bytes), "seed \(seed)")
    #expect(try json(decoded) == json(drifts), "seed \(seed)")
  }

  @Test("bytes cut short, or followed by more, decode as nothing", arguments: 1...5)
  func refusesDamagedBytes(seed: UInt64) throws {
    var random = SeededGenerator(seed: seed)
    let bytes = DriftCoding.bytes((0..<4).map { _ in drift(&random) })
    for length in 0..<bytes.count {
      #expect(
        DriftCoding.drifts(from: Array(bytes.prefix(length))) == nil, "seed \(seed), \(length)")
    }
    #expect(DriftCoding.drifts(from: bytes + [0]) == nil)
  }
}
