import DriftTestSupport
import Foundation
import Testing

@testable import DriftJSON

@Suite("JSON outline: the items of a large List found on all cores, as on one")
struct JSONOutlineTests {
  /// A List whose items look like kubectl's: objects that start with apiVersion and kind, and
  /// hold objects that start so too (owner references, field sets) and strings that spell an
  /// item's start.
  static func list(items: Int, pretty: Bool) -> [UInt8] {
    var elements: [String] = []
    for index in 0..<items {
      let decoy = #"},{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}"#
      elements.append(
        #"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"app-\#(index)",
        "ownerReferences":[{"apiVersion":"v1","kind":"A"},{"apiVersion":"v1","kind":"B","uid":"\#(index)"}],
        "managedFields":[{"apiVersion":"apps/v1","fieldsType":"FieldsV1"},{"apiVersion":"apps/v1","kind":"x"}],
        "annotations":{"note":"\#(decoy)","quote":"a \\\"},{\"apiVersion\": \"v1\", \"kind\""}},
        "spec":{"replicas":\#(index % 5),"list":[[],{},[{"apiVersion":"v1" , "kind" :"C"}]]}}
        """#)
    }
    let text =
      #"{"apiVersion":"v1","items":["# + elements.joined(separator: ",")
      + #"],"kind":"List","metadata":{}}"#
    guard pretty, let value = try? JSONReader.parse(Array(text.utf8), file: "list.json") else {
      return Array(text.utf8)
    }
    return JSONWriter(pretty: true).bytes(value)
  }

  /// Both outlines, member by member: names, values and elements with their positions.
  static func expectSame(
    _ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) {
    let parallel = JSONOutline(bytes, parallelFrom: 0)
    let serial = JSONOutline(bytes, parallelFrom: .max)
    #expect((parallel == nil) == (serial == nil), sourceLocation: sourceLocation)
    guard let parallel, let serial else { return }
    #expect(
      parallel.members.map(\.name) == serial.members.map(\.name), sourceLocation: sourceLocation)
    #expect(
      parallel.members.map(\.value) == serial.members.map(\.value), sourceLocation: sourceLocation)
    #expect(
      parallel.members.map(\.elements) == serial.members.map(\.elements),
      sourceLocation: sourceLocation)
  }

  @Test(
    "compact and pretty Lists are outlined alike, positions included", arguments: [false, true])
  func outlinedAlike(pretty: Bool) throws {
    for items in [1, 2, 3, 7, 40] {
      let bytes = Self.list(items: items, pretty: pretty)
      Self.expectSame(bytes)
      let outline = try #require(JSONOutline(bytes, parallelFrom: 0))
      #expect(outline.members.first { $0.elements != nil }?.elements?.count == items)
    }
  }

  @Test("a large List is cut between items when there are cores to share it")
  func cutsBetweenItems() {
    guard ProcessInfo.processInfo.activeProcessorCount > 1 else { return }
    let bytes = Self.list(items: 40, pretty: true)
    bytes.withUnsafeBufferPointer { buffer in
      var scanner = Scanner(bytes: buffer)
      scanner.parallelFrom = 0
      scanner.offset = bytes.firstIndex(of: UInt8(ascii: "[")) ?? 0
      scanner.line = 3
      scanner.lineStart = (bytes[..<scanner.offset].lastIndex(of: 0x0A) ?? -1) + 1
      #expect(scanner.elementsInParallel()?.count == 40)
    }
  }

  @Test("broken or unusual Lists are outlined as on one core, or not at all")
  func brokenListsAgree() {
    let item = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}"#
    let texts = [
      #"{"items":["# + item + "," + item + "," + item + #"]"#,
      #"{"items":["# + item + "," + item + "," + String(item.dropLast()) + #"]}"#,
      #"{"items":["# + item + "," + item + ",]}",
      #"{"items":["# + item + "," + item + "] , \"more\": [" + item + "," + item + "]}",
      #"{"items":[1,"# + item + "," + item + "]}",
      #"{"items":["# + item + ",\"" + item + "\"," + item + "]}",
      #"{"items":[ "# + item + " , \n\t" + item + "\n,\n" + item + " ] }",
      #"{"items":["# + item + #",{"apiVersion":"v1","kind":"Pod","metadata":{},"x":[{},"#
        + item + "," + item + "]}," + item + "]}",
      #"{"items":["# + item + "," + item + "," + item + "]} x",
    ]
    for text in texts { Self.expectSame(Array(text.utf8)) }
  }

  @Test("seeded cuts through a List: every outline is the one-core outline")
  func mutationsAgree() {
    var random = SeededGenerator(seed: 0x0071)
    let base = Self.list(items: 9, pretty: false)
    let pieces: [[UInt8]] = [
      "}", "{", ",", "]", "[", "\"", "\\", " ", "\n", #"},{"apiVersion":"v9","kind":"#,
    ]
    .map { Array($0.utf8) }
    for _ in 0..<600 {
      var bytes = base
      for _ in 0...(random.next() % 3) {
        let at = Int(random.next() % UInt64(bytes.count))
        if random.next() % 2 == 0 {
          bytes.remove(at: at)
        } else {
          bytes.insert(contentsOf: pieces[Int(random.next() % UInt64(pieces.count))], at: at)
        }
      }
      Self.expectSame(bytes)
    }
  }
}
