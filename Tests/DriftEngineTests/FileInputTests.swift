import DriftEngine
import Foundation
import Testing

@Suite("reading whole files")
struct FileInputTests {
  @Test(
    "a file is read whole and exact, in parts or not",
    arguments: [0, 1, 65_537, (8 << 20) - 1, 8 << 20, (8 << 20) + 3, 21_000_001])
  func readsExactly(size: Int) throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "input-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: path) }
    var generator = SystemRandomNumberGenerator()
    let seed = UInt8.random(in: 0...255, using: &generator)
    let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 13) ^ seed }
    #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    let read = try FileInput.read(path, limit: 1 << 30)
    #expect(read.count == size)
    #expect(read == bytes, "seed \(seed)")
  }

  @Test("a file over the limit is refused, naming its size")
  func refusesLarge() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "input-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: path) }
    #expect(FileManager.default.createFile(atPath: path, contents: Data(count: 3 << 20)))
    #expect(throws: Failure.self) { try FileInput.read(path, limit: 2 << 20) }
  }
}
