import DriftJSON
import DriftModel
import Foundation
import Testing

@testable import DriftFormats

/// Live `List` exports are read item by item on all cores; the resources, their positions and
/// the errors must be those of reading the whole document.
@Suite struct KubernetesListTests {
  private let format = KubernetesFormat(secrets: SecretDigester(key: [3]))

  /// A pretty-printed List whose items vary in layout and hold escapes and brackets in
  /// strings, as `kubectl get -o json` writes them.
  private func list(items count: Int, kind: String = "List") -> String {
    let items = (0..<count).map { index in
      let spacing = String(repeating: " ", count: index % 5)
      return """
        {\(spacing)"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "cm-\(index)", "namespace": "ns\(index % 3)",
              "annotations": {"note": "quote \\" and \\\\ and ] } [ {\\u00e9\\ud83d\\ude00",
                "kubectl.kubernetes.io/last-applied-configuration": "{\\"a\\\\\\\\\\":1}\\\\"}},
            "data": {"k": "v\(index)", "list": [1, 2.5, true, null, {"x": []}]},
            "status": {"phase": "Ready"}}
        """
    }
    return """
      {
        "apiVersion": "v1",
        "items": [\(items.joined(separator: ",\n  "))
        ],
        "kind": "\(kind)", "metadata": {"resourceVersion": ""}
      }

      """
  }

  private func positions(_ value: Value) -> [Position] {
    switch value {
    case .object(let members): members.flatMap { [$0.position] + positions($0.value) }
    case .array(let elements): elements.flatMap(positions)
    default: []
    }
  }

  @Test(arguments: [0, 1, 7, 40])
  func itemsMatchTheWholeDocument(count: Int) throws {
    let bytes = Array(list(items: count).utf8)
    let whole = try JSONReader.parse(bytes, file: "live.json")
    let items = try #require(whole["items"]?.elements)
    let resources = try format.liveResources(bytes, file: "live.json")
    #expect(resources.count == count)
    for (resource, item) in zip(resources, items) {
      #expect(resource.body == item)
      #expect(positions(resource.body) == positions(item))
      let first = try #require(item.members?.first?.position)
      #expect(resource.location == SourceLocation(file: "live.json", position: first))
    }
    #expect(resources.map(\.id.address) == (0..<count).map { "ConfigMap/ns\($0 % 3)/cm-\($0)" })
  }

  @Test func outlineFindsEveryTopLevelMember() throws {
    let bytes = Array(list(items: 3).utf8)
    let outline = try #require(JSONOutline(bytes))
    let whole = try #require(try JSONReader.parse(bytes, file: "f").members)
    #expect(outline.members.count == whole.count)
    for (member, expected) in zip(outline.members, whole) {
      #expect(try JSONReader.parse(bytes, span: member.name, file: "f") == .string(expected.key))
      #expect(member.name.position == expected.position)
      #expect(try JSONReader.parse(bytes, span: member.value, file: "f") == expected.value)
    }
    #expect(outline.members.first { $0.elements != nil }?.elements?.count == 3)
  }

  @Test(arguments: [
    ("\"data\": {\"k\": \"v0\",", "\"data\": {\"k\": \"v0\" \"j\": 1,"),
    ("\"name\": \"cm-5\"", "\"name\": \"cm-5\u{1}\""),
    ("\"resourceVersion\": \"\"", "\"resourceVersion\": tru"),
    ("\"kind\": \"ConfigMap\"", "\"kind\": 7"),
    ("\"namespace\": \"ns0\"", "\"namespace\": [\"ns0\"}"),
  ])
  func errorsAreThoseOfTheWholeDocument(original: String, broken: String) throws {
    let bytes = damagedList(replacing: original, with: broken)
    var expected: DriftError?
    do {
      let whole = try JSONReader.parse(bytes, file: "live.json")
      #expect(whole["items"] != nil)
    } catch {
      expected = error
    }
    #expect(throws: (any Error).self) { try format.liveResources(bytes, file: "live.json") }
    for format in [format, trimming] {
      do {
        _ = try format.liveResources(bytes, file: "live.json")
      } catch {
        if let expected { #expect(error == expected) }
      }
    }
  }

  /// Trimming leaves out what it drops as the items are read: malformed text there still fails.
  @Test(arguments: [
    (#""phase": "Ready""#, #""phase": "Re\ady""#),
    (#""phase": "Ready""#, #""phase": ["Ready"}"#),
    (
      #""kubectl.kubernetes.io/last-applied-configuration": ""#,
      #""kubectl.kubernetes.io/last-applied-configuration": "\u12"#
    ),
  ])
  func errorsInTrimmedPartsAreThoseOfTheWholeDocument(original: String, broken: String) throws {
    let bytes = damagedList(replacing: original, with: broken)
    let expected = try #require(throws: DriftError.self) {
      try JSONReader.parse(bytes, file: "live.json")
    }
    let error = try #require(throws: DriftError.self) {
      try trimming.liveResources(bytes, file: "live.json")
    }
    #expect(error == expected)
  }

  /// A List of 12 items with the first `original` text replaced by `broken`.
  private func damagedList(replacing original: String, with broken: String) -> [UInt8] {
    let text = list(items: 12)
    let damaged = text.replacingFirst(original, with: broken)
    #expect(damaged != text)
    return Array(damaged.utf8)
  }

  private var trimming: KubernetesFormat {
    var trimming = format
    trimming.trimsLive = true
    return trimming
  }

  @Test func otherDocumentsTakeTheWholePath() throws {
    let single = Array(#"{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}"#.utf8)
    #expect(try format.liveResources(single, file: "f").map(\.id.address) == ["Pod/p"])
    let named = Array(list(items: 2, kind: "ConfigMapList").utf8)
    #expect(try format.liveResources(named, file: "f").count == 2)
  }

  @Test func trimmingDropsWhatComparisonIgnores() throws {
    let bytes = Array(list(items: 2).utf8)
    let kept = try format.liveResources(bytes, file: "f")
    let trimmed = try trimming.liveResources(bytes, file: "f")
    #expect(kept[0].body["status"] != nil)
    #expect(trimmed[0].body["status"] == nil)
    // The last-applied annotation is the comparison's third view now (issue 17), so it stays.
    let annotations = trimmed[0].body["metadata"]?["annotations"]
    let applied = "kubectl.kubernetes.io/last-applied-configuration"
    #expect(annotations?[applied] == kept[0].body["metadata"]?["annotations"]?[applied])
    #expect(annotations?["note"] == kept[0].body["metadata"]?["annotations"]?["note"])
    #expect(trimmed[1].body["data"] == kept[1].body["data"])
  }

  @Test func trimmedItemsKeepEverythingElseWithItsPositions() throws {
    let text = list(items: 9).replacingFirst(
      #""data": {"#, with: #""extra": [{"status": {"metadata": {}}}], "data": {"#)
    let bytes = Array(text.utf8)
    let kept = try format.liveResources(bytes, file: "live.json")
    let trimmed = try trimming.liveResources(bytes, file: "live.json")
    #expect(trimmed.count == kept.count)
    for (trimmed, kept) in zip(trimmed, kept) {
      let expected = kept.body.removing("status")
      #expect(trimmed.body == expected)
      #expect(positions(trimmed.body) == positions(expected))
      #expect(trimmed.location == kept.location)
      #expect(trimmed.id == kept.id)
    }
  }

  @Test func trimmedItemsShareTheirFieldSets() throws {
    let entry = #"{"manager": "m", "fieldsV1": {"f:data": {".": {}, "f:k": {}}}}"#
    let items = (0..<3).map { index in
      #"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c\#(index)", "#
        + #""managedFields": [\#(entry)]}}"#
    }
    let bytes = Array(#"{"kind": "List", "items": [\#(items.joined(separator: ", "))]}"#.utf8)
    let kept = try format.liveResources(bytes, file: "f")
    let trimmed = try trimming.liveResources(bytes, file: "f")
    for (trimmed, kept) in zip(trimmed, kept) {
      let fields = trimmed.body["metadata"]?["managedFields"]?.elements?.first?["fieldsV1"]
      #expect(fields == kept.body["metadata"]?["managedFields"]?.elements?.first?["fieldsV1"])
      #expect(fields?.members?.allSatisfy { $0.position == .unknown } == true)
    }
  }

  @Test func aTrimmedItemThatStartsWithStatusKeepsItsLocation() throws {
    let text = """
      {"kind": "List", "items": [
        {"status": {},
         "apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}]}
      """
    let bytes = Array(text.utf8)
    let kept = try format.liveResources(bytes, file: "f")
    let trimmed = try trimming.liveResources(bytes, file: "f")
    #expect(trimmed.map(\.location) == kept.map(\.location))
    #expect(trimmed.first?.location == SourceLocation(file: "f", line: 2, column: 4))
  }
}

extension String {
  fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
    guard let range = range(of: target) else { return self }
    return replacingCharacters(in: range, with: replacement)
  }
}
