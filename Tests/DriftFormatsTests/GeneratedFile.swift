import DriftModel
import DriftTestSupport

/// A manifest file of one to three documents (ConfigMaps and Deployments) in a random style,
/// and the model it states, for the accept differential test.
struct GeneratedFile {
  enum Quote: CaseIterable { case plain, single, double }

  struct Entry {
    var key: String
    var value: String
    var quote: Quote
    var comment: Bool
  }

  struct ConfigMap {
    var name: String
    var data: [Entry]
  }

  struct Deployment {
    var name: String
    var replicas: Int
    var image: String
    var args: [String]
    var flowArgs: Bool
    var compactEnv: Bool
    var env: [(name: String, value: String)]
  }

  enum Document {
    case configMap(ConfigMap)
    case deployment(Deployment)
  }

  var documents: [Document] = []
  var crlf: Bool
  var bom: Bool
  var finalNewline: Bool
  var leadingComment: Bool

  init(random: inout SeededGenerator) {
    crlf = Bool.random(using: &random)
    bom = Int.random(in: 0..<5, using: &random) == 0
    finalNewline = Int.random(in: 0..<4, using: &random) != 0
    leadingComment = Bool.random(using: &random)
    for number in 0..<Int.random(in: 1...3, using: &random) {
      if Bool.random(using: &random) {
        let data = (0..<Int.random(in: 1...4, using: &random)).map { key in
          Entry(
            key: "k\(key)", value: "v\(Int.random(in: 0..<1000, using: &random))",
            quote: Quote.allCases.randomElement(using: &random) ?? .plain,
            comment: Int.random(in: 0..<3, using: &random) == 0)
        }
        documents.append(.configMap(ConfigMap(name: "cm-\(number)", data: data)))
      } else {
        let env = (0..<Int.random(in: 1...4, using: &random)).map { item in
          (name: "E\(item)", value: "x\(Int.random(in: 0..<1000, using: &random))")
        }
        documents.append(
          .deployment(
            Deployment(
              name: "dep-\(number)", replicas: Int.random(in: 1...9, using: &random),
              image: "app:1.\(Int.random(in: 0..<9, using: &random))",
              args: (0..<Int.random(in: 1...3, using: &random)).map { "--a\($0)" },
              flowArgs: Bool.random(using: &random), compactEnv: Bool.random(using: &random),
              env: env)))
      }
    }
  }

  /// The file as bytes, in its style.
  var bytes: [UInt8] {
    var lines: [String] = []
    if leadingComment { lines.append("# generated for the accept differential test") }
    for (index, document) in documents.enumerated() {
      if index > 0 { lines.append("---") }
      switch document {
      case .configMap(let map): lines += Self.lines(map)
      case .deployment(let deployment): lines += Self.lines(deployment)
      }
    }
    let ending = crlf ? "\r\n" : "\n"
    let text = lines.joined(separator: ending) + (finalNewline ? ending : "")
    return (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
  }

  private static func lines(_ map: ConfigMap) -> [String] {
    var lines = ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: \(map.name)", "data:"]
    for entry in map.data {
      let value: String
      switch entry.quote {
      case .plain: value = entry.value
      case .single: value = "'\(entry.value)'"
      case .double: value = "\"\(entry.value)\""
      }
      lines.append("  \(entry.key): \(value)" + (entry.comment ? "  # about \(entry.key)" : ""))
    }
    return lines
  }

  private static func lines(_ deployment: Deployment) -> [String] {
    var lines = [
      "apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: \(deployment.name)",
      "spec:", "  replicas: \(deployment.replicas)", "  selector:",
      "    matchLabels: {app: \(deployment.name)}", "  template:", "    metadata:",
      "      labels: {app: \(deployment.name)}", "    spec:", "      containers:",
      "        - name: app", "          image: \(deployment.image)",
    ]
    if deployment.flowArgs {
      lines.append(
        "          args: [" + deployment.args.map { "\"\($0)\"" }.joined(separator: ", ") + "]")
    } else {
      lines.append("          args:")
      lines += deployment.args.map { "            - \($0)" }
    }
    lines.append("          env:")
    let dash = deployment.compactEnv ? "          " : "            "
    for item in deployment.env {
      lines.append(dash + "- name: \(item.name)")
      lines.append(dash + "  value: \(item.value)")
    }
    return lines
  }

  /// Changes one to four things of `documents` as someone would live; the number of lines a
  /// minimal accept of them changes (removed plus added).
  static func mutate(_ documents: inout [Document], random: inout SeededGenerator) -> Int {
    var lines = 0
    var fresh = 0
    var wanted = Int.random(in: 1...4, using: &random)
    // A mutation may find nothing to do (a value changed already): draw until one did.
    while wanted > 0 || lines == 0 {
      wanted -= 1
      let index = Int.random(in: 0..<documents.count, using: &random)
      fresh += 1
      switch documents[index] {
      case .configMap(var map):
        lines += mutate(&map, fresh: fresh, random: &random)
        documents[index] = .configMap(map)
      case .deployment(var deployment):
        lines += mutate(&deployment, fresh: fresh, random: &random)
        documents[index] = .deployment(deployment)
      }
    }
    return lines
  }

  private static func mutate(_ map: inout ConfigMap, fresh: Int, random: inout SeededGenerator)
    -> Int
  {
    let position = Int.random(in: 0..<map.data.count, using: &random)
    switch Int.random(in: 0..<3, using: &random) {
    case 0:
      let entry = map.data[position]
      let original = entry.value.hasPrefix("v")
      map.data[position].value = "w\(fresh)" + entry.value.dropFirst()
      return original ? 2 : 0
    case 1:
      map.data.insert(
        Entry(key: "n\(fresh)", value: "new\(fresh)", quote: .plain, comment: false),
        at: Int.random(in: 0...map.data.count, using: &random))
      return 1
    default:
      guard map.data.count > 1, map.data[position].value.hasPrefix("v") else { return 0 }
      map.data.remove(at: position)
      return 1
    }
  }

  private static func mutate(
    _ deployment: inout Deployment, fresh: Int, random: inout SeededGenerator
  ) -> Int {
    switch Int.random(in: 0..<6, using: &random) {
    case 0:
      guard deployment.replicas < 100 else { return 0 }
      deployment.replicas += 100
      return 2
    case 1:
      guard !deployment.image.hasSuffix("-hotfix") else { return 0 }
      deployment.image += "-hotfix"
      return 2
    case 2:
      let position = Int.random(in: 0..<deployment.env.count, using: &random)
      guard deployment.env[position].value.hasPrefix("x") else { return 0 }
      deployment.env[position].value = "y\(fresh)"
      return 2
    case 3:
      let position = Int.random(in: 0...deployment.env.count, using: &random)
      deployment.env.insert((name: "N\(fresh)", value: "z\(fresh)"), at: position)
      return 2
    case 4:
      let position = Int.random(in: 0..<deployment.env.count, using: &random)
      guard deployment.env.count > 1, deployment.env[position].name.hasPrefix("E"),
        deployment.env[position].value.hasPrefix("x")
      else { return 0 }
      deployment.env.remove(at: position)
      return 2
    default:
      // A flow list is one line, however many of its items change.
      guard deployment.args.allSatisfy({ $0.hasPrefix("--a") }) else { return 0 }
      let position = Int.random(in: 0..<deployment.args.count, using: &random)
      deployment.args[position] = "--b\(fresh)"
      return 2
    }
  }

  /// The live objects of `documents`, as a kubectl List.
  static func list(_ documents: [Document]) -> Value {
    let items = documents.map { document -> Value in
      switch document {
      case .configMap(let map):
        return .object([
          Member("apiVersion", "v1"), Member("kind", "ConfigMap"),
          Member("metadata", metadata(map.name)),
          Member("data", .object(map.data.map { Member($0.key, .string($0.value)) })),
        ])
      case .deployment(let deployment):
        let container: Value = .object([
          Member("name", "app"), Member("image", .string(deployment.image)),
          Member("args", .array(deployment.args.map { .string($0) })),
          Member(
            "env",
            .array(
              deployment.env.map {
                .object([Member("name", .string($0.name)), Member("value", .string($0.value))])
              })),
        ])
        let labels: Value = .object([Member("app", .string(deployment.name))])
        return .object([
          Member("apiVersion", "apps/v1"), Member("kind", "Deployment"),
          Member("metadata", metadata(deployment.name)),
          Member(
            "spec",
            .object([
              Member("replicas", .integer(deployment.replicas)),
              Member("selector", .object([Member("matchLabels", labels)])),
              Member(
                "template",
                .object([
                  Member("metadata", .object([Member("labels", labels)])),
                  Member("spec", .object([Member("containers", .array([container]))])),
                ])),
            ])),
        ])
      }
    }
    return .object([
      Member("apiVersion", "v1"), Member("kind", "List"), Member("items", .array(items)),
    ])
  }

  /// Live metadata: a last applied configuration, so that what only live has counts as drift
  /// (as `kubectl edit` of an applied object shows it).
  private static func metadata(_ name: String) -> Value {
    .object([
      Member("name", .string(name)), Member("namespace", "prod"),
      Member("uid", .string("u-\(name)")),
      Member(
        "annotations",
        .object([Member("kubectl.kubernetes.io/last-applied-configuration", "{}")])),
    ])
  }
}
