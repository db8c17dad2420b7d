import DriftFormats
import DriftJSON
import DriftModel
import Foundation
import Testing

@testable import DriftTerraform

/// The cases of `Tests/Fixtures/terraform/functions/expectations.json`, recorded from
/// `terraform console` and `terraform output -json` by the `regenerate.py` next to it.
private enum Expectations {
  static let url = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("Fixtures/terraform/functions/expectations.json")

  static func cases(_ family: String) throws -> [Value] {
    let document = try JSONReader.parse(
      Array(try Data(contentsOf: url)), file: "expectations.json")
    return (document["cases"]?.elements ?? []).filter { $0["family"]?.stringValue == family }
  }

  /// A fixture argument: JSON, with `{"$set": [...]}` for a set.
  static func argument(_ value: Value) throws -> TerraformValue {
    if let members = value.members, members.count == 1, let elements = value["$set"] {
      return try TerraformFunctions.call("toset", [argument(elements)])
    }
    switch value {
    case .array(let elements): return .list(try elements.map(argument))
    case .object(let members):
      var object: [String: TerraformValue] = [:]
      for member in members { object[member.key] = try argument(member.value) }
      return .object(object)
    default: return TerraformValue(value)
    }
  }

  static func kind(_ value: TerraformValue) -> String {
    switch value {
    case .set: return "set"
    case .list: return "list"
    case .object: return "object"
    default: return value.typeName
    }
  }

  /// The name of the value's cty type, as the fixture's "type" gives it.
  static func type(_ value: TerraformValue) -> String {
    switch value {
    case .list(_, .collection): return "list"
    case .list: return "tuple"
    case .object(_, .collection): return "map"
    case .object: return "object"
    default: return kind(value)
    }
  }

  /// `variables.tf` beside the expectations: the typed variables some cases compare.
  static let variables = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("Fixtures/terraform/functions/variables.tf")

  /// `expression` as the evaluator computes it: the argument of a resource in a root module
  /// (with `variables.tf`, when `typedVariables`).
  static func evaluated(_ expression: String, typedVariables: Bool = false) throws -> Value? {
    var files = [
      "infra/main.tf": "resource \"terraform_data\" \"x\" {\n  input = \(expression)\n}\n"
    ]
    if typedVariables {
      files["infra/variables.tf"] = try String(contentsOf: variables, encoding: .utf8)
    }
    var evaluator = TerraformEvaluator(
      secrets: SecretDigester(key: [1]), live: [:], files: TerraformFixtures.lister(files))
    evaluator.listing = TerraformFolderListing.lister { Array(files.keys) }
    return try evaluator.evaluate(root: "infra").resources.first?.body["input"]
  }
}

@Suite struct TerraformFunctionsTests {
  private let digester = SecretDigester(key: Array("salt".utf8))

  /// The mark itself, which `terraform console` does not print: sensitive() marks,
  /// nonsensitive() takes the mark off, issensitive() says whether there is one.
  @Test func sensitivityFunctionsWorkOnTheMark() throws {
    let secret = TerraformValue.sensitive(.string("hunter2"))
    #expect(try TerraformFunctions.call("sensitive", [.string("x")]) == .sensitive(.string("x")))
    #expect(try TerraformFunctions.call("nonsensitive", [secret]) == .string("hunter2"))
    #expect(try TerraformFunctions.call("issensitive", [secret]) == .bool(true))
    #expect(try TerraformFunctions.call("issensitive", [.string("x")]) == .bool(false))
    #expect(try TerraformFunctions.call("issensitive", [.unknown]) == .unknown)
    #expect(try TerraformFunctions.call("plantimestamp", []) == .unknown)
  }

  @Test(arguments: [
    "collections", "conversions", "strings", "encoding", "network", "numbers", "dates",
  ])
  func matchesTerraform(family: String) throws {
    let cases = try Expectations.cases(family)
    #expect(cases.count > 10)
    for entry in cases {
      let expression = entry["expression"]?.stringValue ?? "?"
      let function = try #require(entry["function"]?.stringValue)
      let arguments = try (entry["arguments"]?.elements ?? []).map(Expectations.argument)
      if let error = entry["error"]?.stringValue {
        #expect(throws: TerraformFunctionError.self, "\(expression) fails: \(error)") {
          try TerraformFunctions.call(function, arguments)
        }
        continue
      }
      let result: TerraformValue
      do {
        result = try TerraformFunctions.call(function, arguments)
      } catch {
        Issue.record("\(expression) threw \(error)")
        continue
      }
      #expect(result.value(digesting: digester) == entry["result"], "\(expression)")
      #expect(Expectations.kind(result) == entry["kind"]?.stringValue, "\(expression)")
      #expect(Expectations.type(result) == entry["type"]?.stringValue, "\(expression)")
    }
  }

  /// Terraform's `==` and the functions that compare (issue 20): the same cty type and equal
  /// values, as recorded from `terraform console`, each case evaluated in a module.
  @Test func equalityMatchesTerraform() throws {
    let cases = try Expectations.cases("equality")
    #expect(cases.count >= 30)
    for entry in cases {
      let expression = try #require(entry["expression"]?.stringValue)
      if let error = entry["error"]?.stringValue {
        #expect(throws: DriftError.self, "\(expression) fails: \(error)") {
          try Expectations.evaluated(expression)
        }
        continue
      }
      let result: Value?
      do {
        result = try Expectations.evaluated(expression)
      } catch {
        Issue.record("\(expression) threw \(error)")
        continue
      }
      #expect(result == entry["result"], "\(expression)")
    }
  }

  /// What cty's element types of empty collections decide, which the evaluator does not model
  /// (see the README): every other recorded case agrees, and these, which disagree, are
  /// exactly the ones that compare an empty collection's element type.
  @Test func emptyCollectionsAgreeButForTheirElementTypes() throws {
    let cases = try Expectations.cases("empty collections")
    #expect(cases.count >= 40)
    var disagreements: [String] = []
    for entry in cases {
      let expression = try #require(entry["expression"]?.stringValue)
      let result = try Expectations.evaluated(expression, typedVariables: true)
      if result != entry["result"] { disagreements.append(expression) }
    }
    #expect(disagreements == Self.elementTypeLimitations)
  }

  /// Terraform says false to each: one side's element type is another (`dynamic` for
  /// `tomap({})`, `string` for a `map(string)` variable); the evaluator, which keeps no element
  /// type for an empty collection, says true.
  static let elementTypeLimitations = [
    "var.tags == tomap({})", "var.tags == var.numbers", "var.tags == var.anything",
    "var.names == tolist([])", "var.ids == toset([])", "var.rules == tolist([])",
    "var.names == var.rules", "merge(var.tags) == tomap({})", "concat(var.names) == tolist([])",
    "keys(var.tags) == tolist([])", "values(var.tags) == tolist([])",
    "compact([]) == tolist([])", "tomap({}) == var.numbers", "toset([]) == var.ids",
    "fileset(\".\", \"nomatch\") == toset([])", "setunion(var.ids) == toset([])",
    "contains([tomap({})], var.tags)",
  ]

  @Test func everyKnownFunctionIsImplemented() {
    for name in TerraformFunctions.names {
      #expect(TerraformFunctions.isKnown(name))
      do {
        _ = try TerraformFunctions.call(name, [])
      } catch {
        #expect(error != .unknownFunction(name), "\(name) is known but not dispatched")
      }
    }
    #expect(!TerraformFunctions.isKnown("try"))
    #expect(!TerraformFunctions.isKnown("can"))
    #expect(throws: TerraformFunctionError.unknownFunction("nosuch")) {
      try TerraformFunctions.call("nosuch", [])
    }
  }

  @Test func functionsOfTheOutsideWorldAreUnknown() throws {
    for name in ["timestamp", "uuid", "file", "templatefile"] {
      #expect(try TerraformFunctions.call(name, ["x"]) == .unknown)
    }
  }

  @Test func unknownArgumentsGiveUnknown() throws {
    #expect(try TerraformFunctions.call("upper", [.unknown]) == .unknown)
    #expect(try TerraformFunctions.call("jsonencode", [["a": .unknown]]) == .unknown)
    #expect(try TerraformFunctions.call("cidrsubnet", ["10.0.0.0/16", 8, .unknown]) == .unknown)
    #expect(try TerraformFunctions.call("toset", [["a", .unknown]]) == .unknown)
  }

  @Test func functionsThatMoveValuesKeepUnknownElements() throws {
    let merged = try TerraformFunctions.call("merge", [["id": .unknown], ["name": "web"]])
    #expect(merged == ["id": .unknown, "name": "web"])
    #expect(try TerraformFunctions.call("length", [[.unknown, 1]]) == 2)
    #expect(try TerraformFunctions.call("lookup", [["a": .unknown, "b": "x"], "b"]) == "x")
    #expect(try TerraformFunctions.call("concat", [[.unknown], ["a"]]) == [.unknown, "a"])
  }

  @Test func sensitiveArgumentsMarkTheResult() throws {
    #expect(try TerraformFunctions.call("upper", [.sensitive("pw")]) == .sensitive("PW"))
    #expect(
      try TerraformFunctions.call("jsonencode", [["password": .sensitive("x")]])
        == .sensitive(.string(#"{"password":"x"}"#)))
    #expect(
      try TerraformFunctions.call("format", ["%s-%s", "a", .sensitive("b")])
        == .sensitive("a-b"))
    #expect(
      try TerraformFunctions.call("length", [.sensitive(["a", "b"])]) == .sensitive(2))
  }

  @Test func functionsThatMoveValuesKeepSensitiveElementsInPlace() throws {
    let merged = try TerraformFunctions.call("merge", [["pw": .sensitive("x")], ["user": "u"]])
    #expect(merged == ["pw": .sensitive("x"), "user": "u"])
    #expect(try TerraformFunctions.call("keys", [["pw": .sensitive("x")]]) == ["pw"])
  }

  @Test func argumentErrorsReadLikeTerraform() throws {
    let cases: [(String, [TerraformValue])] = [
      ("lookup", [["a": 1]]),
      ("element", [["a", "b", "c"], -1]),
      ("upper", [["a"]]),
      ("cidrhost", ["10.0.0.0/33", 1]),
      ("cidrnetmask", ["2001:db8::/32"]),
      ("range", [1, 5, 0]),
      ("format", ["%z", 1]),
      ("replace", ["a", "/(/", "b"]),
      ("substr", [nil, 0, 1]),
    ]
    for (function, arguments) in cases {
      do {
        let result = try TerraformFunctions.call(function, arguments)
        Issue.record("\(function)(\(arguments)) gave \(result)")
      } catch {
        guard case .invalidArguments(let message) = error else {
          Issue.record("\(function): \(error)")
          continue
        }
        #expect(message.hasPrefix("Invalid function argument: "), "\(message)")
      }
    }
  }

  @Test func convertsFromValues() {
    let value: Value = [
      "n": 3, "d": 1.5, "list": ["a", nil, true], "secret": .sensitive(digest: "x"),
    ]
    #expect(
      TerraformValue(value)
        == ["n": 3, "d": 1.5, "list": ["a", nil, true], "secret": .sensitive(.unknown)])
  }

  @Test func convertsToValuesWithDigestedSecrets() throws {
    let value: TerraformValue = [
      "count": 2, "ratio": 0.5, "ids": .set(["a", "b"]),
      "password": .sensitive(["user": "u", "key": 7]),
    ]
    let converted = try #require(value.value(digesting: digester))
    #expect(converted["count"] == .integer(2))
    #expect(converted["ratio"] == .double(0.5))
    #expect(converted["ids"] == ["a", "b"])
    let clear = JSONWriter().string(["key": 7, "user": "u"])
    #expect(converted["password"] == .sensitive(digest: digester.unboundDigest(Array(clear.utf8))))
    #expect(converted.members?.map(\.key) == ["count", "ids", "password", "ratio"])
    #expect(TerraformValue.list(["a", .unknown]).value(digesting: digester) == nil)
    #expect(TerraformValue.sensitive(.unknown).value(digesting: digester) == nil)
  }

  @Test func numbersPrintAsTerraformPrintsThem() {
    #expect(TerraformValue.numberText(42) == "42")
    #expect(TerraformValue.numberText(-1.5) == "-1.5")
    #expect(TerraformValue.numberText(1e20) == "100000000000000000000")
    #expect(TerraformValue.numberText(1.5e-7) == "0.00000015")
  }
}
