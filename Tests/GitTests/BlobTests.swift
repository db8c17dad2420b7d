import DriftTestSupport
import Foundation
import Git
import Testing

@Suite struct BlobTests {
  @Test func readsTheFileAtACommit() throws {
    let scratch = try ScratchRepository.withHistory()
    let repository = try scratch.open()
    let first = try scratch.id("HEAD~2")
    let bytes = try #require(try repository.file(atPath: "deploy/a.yaml", inCommit: first))
    #expect(String(decoding: bytes, as: UTF8.self) == "replicas: 1\n")
    let now = try repository.file(atPath: "deploy/a.yaml", inCommit: try scratch.id("HEAD"))
    #expect(now.map { String(decoding: $0, as: UTF8.self) } == "replicas: 2\n")
  }

  @Test func missingPathIsNil() throws {
    let scratch = try ScratchRepository.withHistory()
    let repository = try scratch.open()
    #expect(try repository.file(atPath: "README.md", inCommit: try scratch.id("HEAD")) == nil)
    #expect(try repository.file(atPath: "no/such.yaml", inCommit: try scratch.id("HEAD")) == nil)
  }

  @Test func folderIsNotAFile() throws {
    let scratch = try ScratchRepository.withHistory()
    let repository = try scratch.open()
    let head = try scratch.id("HEAD")
    let error = try gitError { try repository.file(atPath: "deploy", inCommit: head) }
    #expect(error.code == .directory)
    #expect(error.message == "'deploy' is a folder, not a file")
  }

  @Test func readsBinaryBytesAndSizeLikeCatFile() throws {
    let scratch = try ScratchRepository()
    let bytes: [UInt8] = [0, 1, 2, 255, 10, 13, 0]
    try scratch.write("bin/data", bytes: bytes)
    try scratch.write("empty", "")
    try scratch.commit("binary")
    let repository = try scratch.open()
    let id = try scratch.id("HEAD:bin/data")
    #expect(try repository.blob(id) == bytes)
    #expect(try repository.blobSize(id) == Int(try scratch.git("cat-file", "-s", id.hex)))
    #expect(try repository.blob(try scratch.id("HEAD:empty")) == [])
    let error = try gitError { try repository.blobSize(try scratch.id("HEAD")) }
    #expect(error.code == .invalid)
  }

  @Test func writesBlobsLikeHashObject() throws {
    let scratch = try ScratchRepository()
    let repository = try scratch.open()
    let id = try repository.writeBlob(Array("hello\n".utf8))
    #expect(
      id.hex
        == (try Shell.check(["git", "hash-object", "--stdin"], stdin: "hello\n"))
        .trimmingCharacters(in: .newlines))
    #expect(try scratch.git("cat-file", "-p", id.hex) == "hello")
    #expect(try scratch.git("status", "--porcelain") == "")
  }
}
