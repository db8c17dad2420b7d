public import DriftModel
import Yams

/// Reads YAML streams into `Value`s, one per document, keeping member order and positions.
///
/// Plain scalars resolve as Kubernetes resolves them (YAML 1.1 through sigs.k8s.io/yaml):
/// `true`/`yes`/`on` are booleans, `0x1F` and `1_000` are integers, timestamps stay strings.
/// Nesting depth and alias expansion are bounded, so a hostile file fails instead of eating
/// the machine.
public enum YAMLReader {
  /// The deepest nesting accepted.
  public static let maximumDepth = 256

  /// One document of a stream and where it starts.
  public struct Document: Sendable {
    public var value: Value
    public var position: Position
  }

  /// Parses every document of a YAML stream; empty documents are skipped.
  ///
  /// - Throws: `DriftError` with the file, line and column of the first problem.
  public static func documents(_ bytes: [UInt8], file: String) throws(DriftError) -> [Document] {
    let text = String(decoding: bytes, as: UTF8.self)
    var budget = Budget(remaining: 8 * bytes.count + 10_000)
    var documents: [Document] = []
    do {
      let parser = try Parser(yaml: text, resolver: .basic, encoding: .utf8)
      while let node = try parser.nextRoot() {
        let value = try convert(node, file: file, depth: 0, budget: &budget)
        if case .null = value { continue }
        documents.append(Document(value: value, position: position(of: node)))
      }
    } catch let error as DriftError {
      throw error
    } catch {
      throw translate(error, file: file)
    }
    return documents
  }

  /// Parses a stream that must hold exactly one document (an empty stream is `null`).
  public static func value(_ bytes: [UInt8], file: String) throws(DriftError) -> Value {
    let documents = try documents(bytes, file: file)
    guard documents.count <= 1 else {
      throw DriftError(
        "expected one YAML document, found \(documents.count)",
        at: SourceLocation(file: file, position: documents[1].position))
    }
    return documents.first?.value ?? .null
  }

  private struct Budget {
    var remaining: Int
  }

  private static func position(of node: Node) -> Position {
    guard let mark = node.mark else { return .unknown }
    return Position(line: mark.line, column: mark.column)
  }

  private static func convert(_ node: Node, file: String, depth: Int, budget: inout Budget)
    throws(DriftError) -> Value
  {
    budget.remaining -= 1
    guard budget.remaining >= 0 else {
      throw DriftError(
        "YAML aliases expand far beyond the size of the file (an alias bomb?)",
        at: SourceLocation(file: file, position: position(of: node)))
    }
    guard depth <= maximumDepth else {
      throw DriftError(
        "YAML nested deeper than \(maximumDepth) levels",
        at: SourceLocation(file: file, position: position(of: node)))
    }
    switch node {
    case .scalar(let scalar):
      return resolve(scalar)
    case .sequence(let sequence):
      var elements: [Value] = []
      elements.reserveCapacity(sequence.count)
      for element in sequence {
        elements.append(try convert(element, file: file, depth: depth + 1, budget: &budget))
      }
      return .array(elements)
    case .mapping(let mapping):
      var members: [Member] = []
      members.reserveCapacity(mapping.count)
      for (key, value) in mapping {
        let name: String
        switch key {
        case .scalar(let scalar): name = scalar.string
        default:
          throw DriftError(
            "mapping keys must be scalars",
            at: SourceLocation(file: file, position: position(of: key)))
        }
        let converted = try convert(value, file: file, depth: depth + 1, budget: &budget)
        members.append(Member(name, converted, at: position(of: key)))
      }
      return .object(members)
    case .alias(let alias):
      throw DriftError(
        "undefined alias '\(alias.anchor.rawValue)'",
        at: SourceLocation(file: file, position: position(of: node)))
    }
  }

  private static func resolve(_ scalar: Node.Scalar) -> Value {
    switch scalar.tag.description {
    case "", "?":
      return scalar.style == .plain
        ? ScalarResolver.resolvePlain(scalar.string) : .string(scalar.string)
    case Tag.Name.int.rawValue, Tag.Name.float.rawValue, Tag.Name.bool.rawValue,
      Tag.Name.null.rawValue:
      return ScalarResolver.resolvePlain(scalar.string)
    default:
      return .string(scalar.string)
    }
  }

  private static func translate(_ error: any Error, file: String) -> DriftError {
    guard let yamlError = error as? YamlError else {
      return DriftError("cannot read YAML: \(error)", at: SourceLocation(file: file))
    }
    switch yamlError {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let detail = context.map { "\(problem) \($0.text)" } ?? problem
      return DriftError(
        "invalid YAML: \(detail)",
        at: SourceLocation(file: file, line: mark.line, column: mark.column))
    case .duplicatedKeysInMapping(let duplicates, let context):
      return DriftError(
        "duplicate key '\(duplicates.joined(separator: "', '"))' in a mapping",
        at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column))
    case .reader(let problem, _, _, _):
      return DriftError("invalid YAML: \(problem)", at: SourceLocation(file: file))
    default:
      return DriftError("invalid YAML: \(yamlError)", at: SourceLocation(file: file))
    }
  }
}
