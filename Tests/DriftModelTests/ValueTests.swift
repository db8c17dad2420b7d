import Testing

@testable import DriftModel

@Suite struct ValueTests {
  @Test func objectEqualityIgnoresMemberOrder() {
    let a: Value = ["name": "web", "replicas": 3, "labels": ["app": "web", "tier": "front"]]
    let b: Value = ["labels": ["tier": "front", "app": "web"], "replicas": 3, "name": "web"]
    #expect(a == b)
    #expect(a.hashValue == b.hashValue)
  }

  @Test func objectEqualityIgnoresPositions() {
    let written = Value.object([Member("a", 1, at: Position(line: 3, column: 7))])
    let built = Value.object([Member("a", 1)])
    #expect(written == built)
    #expect(written.hashValue == built.hashValue)
  }

  @Test func objectsWithDifferentContentDiffer() {
    let base: Value = ["a": 1, "b": 2]
    #expect(base != ["a": 1, "b": 3])
    #expect(base != ["a": 1, "c": 2])
    #expect(base != ["a": 1])
    #expect(base != ["a": 1, "b": 2, "c": 3])
  }

  @Test func arraysKeepTheirOrder() {
    let forward: Value = [1, 2, 3]
    #expect(forward != [3, 2, 1])
    #expect(forward == [1, 2, 3])
  }

  @Test func integerEqualsDoubleOfSameValue() {
    #expect(Value.integer(1) == Value.double(1.0))
    #expect(Value.double(1.0) == Value.integer(1))
    #expect(Value.integer(1).hashValue == Value.double(1.0).hashValue)
    #expect(Value.integer(1) != Value.double(1.5))
    #expect(Value.integer(1) != Value.string("1"))
    #expect(Value.bool(true) != Value.integer(1))
  }

  @Test func hashingAgreesWithEquality() {
    let values: Set<Value> = [
      ["x": 1, "y": ["k": 2.0]],
      ["y": ["k": 2], "x": 1.0],
      .object([Member("x", 1, at: Position(line: 9, column: 9)), Member("y", ["k": 2])]),
    ]
    #expect(values.count == 1)
    let distinct: Set<Value> = [["x": 1], ["x": 2], [1, 2], [2, 1], "1", 1, nil]
    #expect(distinct.count == 7)
  }

  @Test func sensitiveValuesCompareByDigest() {
    #expect(Value.sensitive(digest: "ab") == Value.sensitive(digest: "ab"))
    #expect(Value.sensitive(digest: "ab") != Value.sensitive(digest: "cd"))
    #expect(Value.sensitive(digest: "ab") != Value.string("ab"))
  }

  @Test func emptinessCoversNullAndEmptyContainers() {
    #expect(Value.null.isEmpty)
    #expect(Value.array([]).isEmpty)
    #expect(Value.object([]).isEmpty)
    #expect(!Value.string("").isEmpty)
    #expect(!Value.integer(0).isEmpty)
    #expect(!Value.array([nil]).isEmpty)
  }

  @Test func settingAndRemovingMembers() {
    let original: Value = ["a": 1, "b": 2]
    let replaced = original.setting("a", to: 5)
    #expect(replaced.members?.map(\.key) == ["a", "b"])
    #expect(replaced["a"] == 5)
    let appended = original.setting("c", to: 3)
    #expect(appended.members?.map(\.key) == ["a", "b", "c"])
    #expect(original.removing("a") == ["b": 2])
    #expect(Value.string("x").setting("a", to: 1) == "x")
  }

  @Test func valueAndLineAtPath() throws {
    let body = Value.object([
      Member(
        "spec",
        .object([
          Member(
            "containers", [["name": "app", "image": "app:1"]], at: Position(line: 4, column: 3))
        ]), at: Position(line: 3, column: 1))
    ])
    let image = try #require(FieldPath(pointer: "/spec/containers/0/image"))
    #expect(body.value(at: image) == "app:1")
    #expect(body.line(at: image) == 4)
    #expect(body.value(at: FieldPath(["spec", "containers", "1"])) == nil)
    #expect(body.value(at: FieldPath(["spec", "missing"])) == nil)
    #expect(body.line(at: FieldPath(["spec", "missing"])) == 3)
    #expect(body.value(at: FieldPath()) == body)
  }

  @Test func typeNamesForMessages() {
    #expect(Value.integer(1).typeName == "number")
    #expect(Value.double(1).typeName == "number")
    #expect(Value.sensitive(digest: "x").typeName == "string")
    #expect(Value.object([]).typeName == "object")
  }
}

@Suite struct MemberLayoutTests {
  @Test func aMemberTakesFortyBytes() {
    #expect(MemoryLayout<Member>.stride == 40)
  }

  @Test(arguments: [
    (Position(line: 0, column: 0), Position(line: 0, column: 0)),
    (Position(line: 1, column: 1), Position(line: 1, column: 1)),
    (
      Position(line: 67_108_863, column: 1_073_741_823),
      Position(line: 67_108_863, column: 1_073_741_823)
    ),
    (
      Position(line: 70_000_000, column: 2_000_000_000),
      Position(line: 67_108_863, column: 1_073_741_823)
    ),
    (Position(line: 123_456, column: 654_321), Position(line: 123_456, column: 654_321)),
  ])
  func positionsAreKept(position: Position, kept: Position) {
    var member = Member("k", 1, at: position)
    #expect(member.position == kept)
    member.position = Position(line: 3, column: 4)
    #expect(member.position == Position(line: 3, column: 4))
    #expect(member.key == "k" && member.value == 1)
  }
}
