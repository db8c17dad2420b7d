import DriftFormats
import DriftJSON
import DriftModel
import DriftTestSupport
import Foundation
import Testing

@testable import DriftHistory

@Suite("snapshot record: List items copied into the snapshot without being read")
struct SnapshotTranscoderTests {
  /// What recording reads and writes for one item of a List: what a copy must equal.
  static func readAndWritten(_ item: ArraySlice<UInt8>) -> SnapshotStore.StoredResource? {
    var format = KubernetesFormat(
      defaultNamespace: "prod", secrets: SecretDigester(key: Array("salt".utf8)))
    format.omitsStatus = true
    let list = Array(#"{"kind":"List","items":["#.utf8) + item + Array("]}".utf8)
    guard let resources = try? format.liveResources(list, file: "export.json"),
      resources.count == 1
    else { return nil }
    return SnapshotStore.stored(resources[0], adapter: KubernetesAdapter(), latest: [:])
  }

  /// Whether the item was copied; a copy must be exactly what reading and writing stores.
  static func copiedAlike(
    _ item: ArraySlice<UInt8>, sourceLocation: Testing.SourceLocation = #_sourceLocation
  )
    -> Bool
  {
    guard let copied = SnapshotTranscoder.stored(item) else { return false }
    let text = String(decoding: item, as: UTF8.self)
    guard let reference = readAndWritten(item) else {
      Issue.record("copied an item that reading rejects: \(text)", sourceLocation: sourceLocation)
      return true
    }
    let read = String(decoding: reference.bytes ?? [], as: UTF8.self)
    #expect(
      copied.bytes == reference.bytes,
      "copy: \(String(decoding: copied.bytes, as: UTF8.self))\nread: \(read)",
      sourceLocation: sourceLocation)
    #expect(SnapshotPath.path(of: copied.address) == reference.path, sourceLocation: sourceLocation)
    #expect(copied.type == reference.type, sourceLocation: sourceLocation)
    return true
  }

  /// The bytes of each item of a List, or of the one object a file holds.
  static func items(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    guard let outline = JSONOutline(bytes) else { return [] }
    if let items = outline.members.first(where: {
      bytes[$0.name.range].elementsEqual(#""items""#.utf8)
    }),
      let elements = items.elements
    {
      return elements.map { bytes[$0.range] }
    }
    return [bytes[...]]
  }

  static var workloadItems: [ArraySlice<UInt8>] {
    let drifted = KubernetesWorkload(
      apps: 12,
      drifts: .init(
        scaled: [1], imageChanged: [2], envAdded: [3], configEdited: [4], handCreated: 1))
    return items(Array(drifted.liveList().utf8))
  }

  static var corpusItems: [ArraySlice<UInt8>] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("../shared/corpus/kubernetes").standardizedFileURL
    guard let files = FileManager.default.enumerator(atPath: root.path) else { return [] }
    var found: [ArraySlice<UInt8>] = []
    for case let path as String in files where path.hasSuffix(".json") {
      guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path)
      else { continue }
      found += items(Array(data))
    }
    return found
  }

  @Test("every item of the benchmark workload is copied, as reading and writing stores it")
  func workloadIsCopied() {
    let items = Self.workloadItems
    #expect(items.count > 30)
    for item in items {
      #expect(Self.copiedAlike(item), "\(String(decoding: item, as: UTF8.self))")
    }
  }

  @Test("objects of real kubectl and Argo CD output are copied alike or left to the reader")
  func corpusIsCopiedAlike() {
    let items = Self.corpusItems
    var copied = 0
    for item in items where Self.copiedAlike(item) { copied += 1 }
    #expect(items.count >= 20)
    #expect(copied * 2 >= items.count, "\(copied) of \(items.count) copied")
  }

  @Test(
    "what a copy could store differently is left to the reader",
    arguments: [
      #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"caf\u00e9"}}"#,
      #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"a\/b"}}"#,
      #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"\u001F"}}"#,
      #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"\u000a"}}"#,
      #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"\u007f"}}"#,
      #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"\u0041":"x"}}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"n":1.5}}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"n":-0}}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"n":007}}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"n":1e3}}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"n":1234567890123456789}}"#,
      #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"a"},"data":{"k":"c2VjcmV0"}}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{}}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":""}}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":"a"}"#,
      #"{"apiVersion":"v1","metadata":{"name":"a"}}"#,
      #"{"apiVersion":"v\u0031","kind":"Pod","metadata":{"name":"a"}}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a\"b"}}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","namespace":null}}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"x":tru}}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"x":1,}}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":[1 2]}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}} x"#,
      #"["apiVersion"]"#,
    ])
  func leftToTheReader(_ item: String) {
    #expect(SnapshotTranscoder.stored(Array(item.utf8)[...]) == nil)
  }

  @Test("text that is not UTF-8, or too deep, is left to the reader")
  func invalidBytesAreLeftToTheReader() {
    let prefix = Array(#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"x":""#.utf8)
    for invalid: [UInt8] in [
      [0xFF], [0xC3], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
    ] {
      let item = prefix + invalid + Array(#""}"#.utf8)
      #expect(SnapshotTranscoder.stored(item[...]) == nil, "\(invalid)")
    }
    let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
    let item = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"x":"# + deep + "}"
    #expect(SnapshotTranscoder.stored(Array(item.utf8)[...]) == nil)
  }

  @Test(
    "repeated members and what a snapshot drops are stored as reading and writing stores them",
    arguments: [
      #"{"apiVersion":"v1","kind":"Pod","status":{"a":1},"metadata":{"name":"a"},"status":2}"#,
      #"{"status":{},"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","resourceVersion":"1","resourceVersion":"2","selfLink":"/x"}}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"metadata":{"name":"b","resourceVersion":"1"}}"#,
      #"{"apiVersion":"v1","apiVersion":"v2","kind":"Pod","kind":"Secret","metadata":{"name":"a","name":"b"}}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","managedFields":[{"manager":"m","subresource":"status"},{"manager":"n","subresource":"scale"},{"subresource":"x","subresource":"status"},7,{"subresource":1}],"managedFields":[{"subresource":"status"}]}}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","managedFields":[{"subresource":"status"}]}}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","managedFields":{"subresource":"status"}}}"#,
      #"{"apiVersion":"apps/v1","kind":"Secret","metadata":{"name":"a","namespace":"n"},"data":{"k":"v"}}"#,
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"x":"-\n\t\"\\\u0001\u0000\b\f\r\u001f"}"#,
      "{ \"apiVersion\" : \"v1\" ,\n\t\"kind\":\"Pod\",\r\n\"metadata\":{\"name\":\"a\"},\"x\":[ ],\"y\":{ },\"z\":[1, -20, 0, true, false, null]}",
      "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"\u{E9}t\u{E9}-\u{65E5}\u{672C}-\u{1F600}\"}}",
    ])
  func repeatedMembersAgree(_ item: String) {
    #expect(Self.copiedAlike(Array(item.utf8)[...]))
  }

  @Test("an item whose first metadata has no name is left to the reader, which rejects it")
  func firstMetadataCounts() {
    let item = Array(
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"uid":"9"},"metadata":{"name":"a"}}"#.utf8)[...]
    #expect(SnapshotTranscoder.stored(item) == nil)
    #expect(Self.readAndWritten(item) == nil)
  }

  @Test("thousands of mutated items: a copy never differs from reading and writing")
  func mutationsNeverDiffer() {
    var random = SeededGenerator(seed: 0x7AC0)
    let pieces: [[UInt8]] =
      [
        " ", "\n", ",", ":", "{", "}", "[", "]", "\"", "\\", "\\\"", "\\n", "\\u0001", "\\u00e9",
        "\\/",
        "0", "-0", "1.5", "-7", "007", "1e3", "true", "null", "x", "é", "😀",
        #""status":{"a":1},"#, #""resourceVersion":"1","#, #""selfLink":"/a","#,
        #""subresource":"status","#, #""name":"dup","#, #""namespace":"other","#,
        #""kind":"Secret","#, #""metadata":{"name":"m"},"#, #""managedFields":[],"#,
      ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82]]
    let samples =
      Array(Self.workloadItems.prefix(12)) + Self.corpusItems.filter { $0.count < 20_000 }
    var copied = 0
    for round in 0..<4_000 {
      var bytes = Array(samples[round % samples.count])
      for _ in 0...(random.next() % 3) {
        let at = Int(random.next() % UInt64(bytes.count + 1))
        if random.next() % 3 == 0, at < bytes.count {
          bytes.remove(at: at)
        } else {
          bytes.insert(contentsOf: pieces[Int(random.next() % UInt64(pieces.count))], at: at)
        }
      }
      if Self.copiedAlike(bytes[...]) { copied += 1 }
    }
    #expect(copied > 400, "only \(copied) mutated items copied")
  }
}
