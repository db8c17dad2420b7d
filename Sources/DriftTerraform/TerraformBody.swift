import DriftJSON
import DriftModel
import HCL

/// Builds the body of one resource instance: its arguments and nested blocks as a value, with
/// the sites of literals, the unevaluated pointers and the pointers of sets.
struct TerraformBody {
  let secrets: SecretDigester
  var sites: [String: TerraformEditSite] = [:]
  var unevaluated: [String] = []
  var setPointers: Set<String> = []

  private static let metaArguments: Set = ["count", "for_each", "provider", "depends_on"]
  private static let metaBlocks: Set = ["lifecycle", "provisioner", "connection"]

  init(secrets: SecretDigester) {
    self.secrets = secrets
  }

  /// The members of `body` evaluated in `scope`, under `pointer`; meta-arguments are left out
  /// of a resource's own body.
  mutating func build(
    _ body: HCLBody, scope: TerraformScope, pointer: String, isResource: Bool
  ) throws(DriftError) -> [Member] {
    var members: [Member] = []
    var unknownBlockTypes: [String] = []
    for item in body.items {
      switch item {
      case .attribute(let attribute):
        if isResource, Self.metaArguments.contains(attribute.name) { continue }
        let path = pointer + "/" + Self.escape(attribute.name)
        let reads = scope.context.liveReads
        let evaluated: Evaluated
        do {
          evaluated = try scope.evaluate(attribute.expression)
        } catch {
          // A live value that does not fit what the configuration does with it (an attribute
          // deleted out of band, a type changed) makes this attribute unknown, not the check
          // fail: the rest of the resource, and of the configuration, is still compared.
          guard scope.context.liveReads > reads else { throw error }
          scope.context.diagnostics.append(
            DriftError(
              error.message + " (in a live value it reads); not compared", at: error.location))
          unevaluated.append(path)
          continue
        }
        // An unknown member of an object hides only itself: `{ replicas = 3, doc = f() }`
        // still compares replicas. It is null in the body, which the comparison skips.
        var unknown: [String] = []
        guard let known = Self.knownPart(of: evaluated.value, at: path, unknown: &unknown),
          let value = known.value(digesting: secrets)
        else {
          unevaluated.append(path)
          continue
        }
        unevaluated += unknown
        members.append(Member(attribute.name, value, at: attribute.nameRange.start))
        record(path, evaluated.value, evaluated.origin)
      case .block(let block):
        if isResource, Self.metaBlocks.contains(block.type) { continue }
        if block.type == "dynamic" {
          if try !expand(dynamic: block, scope: scope, pointer: pointer, into: &members) {
            unknownBlockTypes.append(block.labels.first?.value ?? "")
          }
          continue
        }
        let path = pointer + "/" + Self.escape(block.type) + "/\(count(block.type, members))"
        let object = try build(block.body, scope: scope, pointer: path, isResource: false)
        append(.object(object), type: block.type, at: block.typeRange.start, to: &members)
      }
    }
    for type in unknownBlockTypes {
      let path = pointer + "/" + Self.escape(type)
      members.removeAll { $0.key == type }
      unevaluated.removeAll { $0 == path || $0.hasPrefix(path + "/") }
      sites = sites.filter { $0.key != path && !$0.key.hasPrefix(path + "/") }
      setPointers = setPointers.filter { $0 != path && !$0.hasPrefix(path + "/") }
      unevaluated.append(path)
    }
    return members
  }

  /// Expands `dynamic "TYPE" { for_each = …; iterator = …; content { … } }` into `TYPE`
  /// blocks; false when its `for_each` is unknown.
  private mutating func expand(
    dynamic block: HCLBlock, scope: TerraformScope, pointer: String, into members: inout [Member]
  ) throws(DriftError) -> Bool {
    let location = SourceLocation(file: scope.file, position: block.typeRange.start)
    guard let type = block.labels.first?.value, block.labels.count == 1 else {
      throw DriftError("Invalid dynamic block: a dynamic block takes one label", at: location)
    }
    guard let forEach = block.body.attribute("for_each") else {
      throw DriftError(
        "Missing required argument: the argument \"for_each\" is required", at: location)
    }
    guard let content = block.body.blocks(ofType: "content").first else {
      throw DriftError(
        "Missing content block: a dynamic block requires a content block", at: location)
    }
    var iterator = type
    if let expression = block.body.attribute("iterator")?.expression {
      guard case .variable(let name) = expression.kind else {
        throw scope.error("Invalid iterator: a single identifier is required", at: expression)
      }
      iterator = name
    }
    let collection = try scope.evaluate(forEach.expression)
    guard let items = try scope.iterate(collection.value, forEach.expression) else {
      return false
    }
    for item in items.pairs {
      var inner = scope
      let value = item.value.marked(items.isSensitive)
      inner.iterators[iterator] = (
        Evaluated(item.key),
        Evaluated(value, origin: items.isSensitive ? nil : collection.origin?.element(item.key))
      )
      let path = pointer + "/" + Self.escape(type) + "/\(count(type, members))"
      let object = try build(content.body, scope: inner, pointer: path, isResource: false)
      append(.object(object), type: type, at: block.typeRange.start, to: &members)
    }
    return true
  }

  private func count(_ type: String, _ members: [Member]) -> Int {
    members.first { $0.key == type }?.value.elements?.count ?? 0
  }

  private func append(
    _ value: Value, type: String, at position: Position, to members: inout [Member]
  ) {
    if let index = members.firstIndex(where: { $0.key == type }),
      case .array(let elements) = members[index].value
    {
      members[index].value = .array(elements + [value])
    } else {
      members.append(Member(type, .array([value]), at: position))
    }
  }

  /// Records the sites of `value`'s literals and the pointers of its sets under `path`.
  private mutating func record(_ path: String, _ value: TerraformValue, _ origin: Origin?) {
    switch value {
    case .sensitive:
      return
    case .set(let elements):
      setPointers.insert(path)
      for (index, element) in elements.enumerated() { record(path + "/\(index)", element, nil) }
    case .list(let elements, _):
      for (index, element) in elements.enumerated() {
        record(path + "/\(index)", element, origin?.element(.number(TerraformNumber(index))))
      }
    case .object(let members, _):
      for (key, member) in members {
        record(path + "/" + Self.escape(key), member, origin?.element(.string(key)))
      }
    default:
      break
    }
    if let site = origin?.site, !value.containsSensitive { sites[path] = site }
  }

  /// `name` as one JSON Pointer token.
  static func escape(_ name: String) -> String {
    // Most names need no escape; `replacing` searched them twice, a third of an evaluation.
    guard name.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") })
    else { return name }
    return name.replacing("~", with: "~0").replacing("/", with: "~1")
  }

  /// `value` with each unknown member of its objects as null, the pointers of those members
  /// added to `unknown`; nil when it is unknown as a whole, or is a list, set or sensitive
  /// value with an unknown part (its elements match by position or content).
  static func knownPart(of value: TerraformValue, at pointer: String, unknown: inout [String])
    -> TerraformValue?
  {
    guard value.containsUnknown else { return value }
    guard case .object(let members, _) = value else { return nil }
    var known: [String: TerraformValue] = [:]
    for (key, member) in members {
      let path = pointer + "/" + escape(key)
      if let part = knownPart(of: member, at: path, unknown: &unknown) {
        known[key] = part
      } else {
        unknown.append(path)
        known[key] = .null
      }
    }
    return .object(known)
  }
}
