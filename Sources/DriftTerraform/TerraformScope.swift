import DriftModel
import HCL

/// Where an expression is evaluated: the module instance, the file, and the names in scope
/// (`count.index`, `each`, a `dynamic` block's iterator, a `for` expression's variables).
struct TerraformScope {
  let context: EvaluationContext
  let instance: ModuleInstance
  var file: String
  /// Which declaration a literal written here belongs to; nil where a literal gets no site.
  var literalKind: TerraformEditSite.Kind?
  var countIndex: Int?
  /// `each`, and the iterators of `dynamic` blocks, by name.
  var iterators: [String: (key: Evaluated, value: Evaluated)] = [:]
  var forVariables: [String: Evaluated] = [:]

  init(
    context: EvaluationContext, instance: ModuleInstance, file: String,
    literalKind: TerraformEditSite.Kind?
  ) {
    self.context = context
    self.instance = instance
    self.file = file
    self.literalKind = literalKind
  }

  /// A scope for another declaration of the same module instance.
  func declaration(file: String, literalKind: TerraformEditSite.Kind?) -> TerraformScope {
    TerraformScope(context: context, instance: instance, file: file, literalKind: literalKind)
  }

  func error(_ message: String, at expression: HCLExpression) -> DriftError {
    DriftError(message, at: SourceLocation(file: file, position: expression.range.start))
  }

  /// The value of `expression`.
  func evaluate(_ expression: HCLExpression) throws(DriftError) -> Evaluated {
    switch expression.kind {
    case .number(let text):
      guard let number = TerraformNumber(parsing: text) else {
        throw error("invalid number literal \"\(text)\"", at: expression)
      }
      return literal(.number(number), expression)
    case .bool(let flag):
      return literal(.bool(flag), expression)
    case .null:
      return literal(.null, expression)
    case .template(let template):
      if let text = template.literalText { return literal(.string(text), expression) }
      if template.parts.count == 1, case .interpolation(let inner) = template.parts[0] {
        return try evaluate(inner)
      }
      return Evaluated(try render(template.parts))
    case .variable(let name):
      return try variable(name, expression)
    case .attribute(let base, let name):
      if case .variable(let root) = base.kind, forVariables[root] == nil {
        return try reference(root, name, expression)
      }
      if case .attribute(let moduleRoot, let call) = base.kind,
        case .variable("module") = moduleRoot.kind, forVariables["module"] == nil,
        let output = try moduleOutput(call, name, expression)
      {
        return output
      }
      if case .attribute(let dataRoot, let type) = base.kind,
        case .variable("data") = dataRoot.kind, forVariables["data"] == nil
      {
        guard let data = instance.module.dataSource(type: type, name: name) else {
          return .unknown
        }
        return try liveValue(of: data)
      }
      return try attribute(name, of: try evaluate(base), expression)
    case .index(let base, let key):
      return try index(try evaluate(base), key: try evaluate(key).value, expression)
    case .splat(let source, let steps, _):
      return try splat(try evaluate(source), steps: steps, expression)
    case .call(let name, let arguments, let expandsFinal):
      return try call(name, arguments, expandsFinal: expandsFinal, expression)
    case .tuple(let elements):
      var values: [TerraformValue] = []
      var origins: [Origin?] = []
      for element in elements {
        let evaluated = try evaluate(element)
        values.append(evaluated.value)
        origins.append(evaluated.origin)
      }
      let result = literal(.list(values), expression)
      if result.origin != nil || origins.allSatisfy({ $0 == nil }) { return result }
      return Evaluated(result.value, origin: .tuple(origins))
    case .object(let items):
      return try object(items, expression)
    case .conditional(let condition, let then, let otherwise):
      return try conditional(condition, then, otherwise, expression)
    case .binary(let operation, let lhs, let rhs):
      let left = try evaluate(lhs).value
      let right = try evaluate(rhs).value
      do throws(TerraformValue.OperationError) {
        return Evaluated(try TerraformValue.binary(operation, left, right))
      } catch {
        throw self.error(error.message, at: expression)
      }
    case .unary(let operation, let operand):
      let value = try evaluate(operand).value
      do throws(TerraformValue.OperationError) {
        let result = try TerraformValue.unary(operation, value)
        if Origin.isLiteral(expression) { return literal(result, expression) }
        return Evaluated(result)
      } catch {
        throw self.error(error.message, at: expression)
      }
    case .forExpression(let loop):
      return Evaluated(try forExpression(loop, expression))
    case .parenthesized(let inner):
      return try evaluate(inner)
    }
  }

  private func literal(_ value: TerraformValue, _ expression: HCLExpression) -> Evaluated {
    guard let literalKind, Origin.isLiteral(expression) else { return Evaluated(value) }
    return Evaluated(
      value, origin: .literal(kind: literalKind, file: file, expression: expression))
  }

  private func object(_ items: [HCLObjectItem], _ expression: HCLExpression) throws(DriftError)
    -> Evaluated
  {
    var members: [String: TerraformValue] = [:]
    var origins: [String: Origin] = [:]
    var isUnknown = false
    var isSensitive = false
    for item in items {
      let key: TerraformValue
      switch item.key {
      case .identifier(let name, _): key = .string(name)
      case .expression(let keyExpression): key = try evaluate(keyExpression).value
      }
      let (bareKey, keyIsSensitive) = key.peeled
      isSensitive = isSensitive || keyIsSensitive
      let evaluated = try evaluate(item.value)
      switch bareKey {
      case .unknown:
        isUnknown = true
      case .null:
        throw error("Invalid object key: key expression result must not be null", at: expression)
      default:
        guard let name = bareKey.primitiveText else {
          throw error(
            "Incorrect key type: can't use this value as a key: string required", at: expression)
        }
        members[name] = evaluated.value
        origins[name] = evaluated.origin
      }
    }
    if isUnknown { return .unknown }
    let result = literal(TerraformValue.object(members).marked(isSensitive), expression)
    if result.origin != nil || origins.isEmpty || isSensitive { return result }
    return Evaluated(result.value, origin: .object(origins))
  }

  private func variable(_ name: String, _ expression: HCLExpression) throws(DriftError)
    -> Evaluated
  {
    if let value = forVariables[name] { return value }
    if let iterator = iterators[name], name != "each" {
      return Evaluated(.object(["key": iterator.key.value, "value": iterator.value.value]))
    }
    switch name {
    case "self": return .unknown
    case "var", "local", "count", "each", "path", "terraform", "module", "data":
      throw error(
        "Invalid reference: the \"\(name)\" object cannot be accessed directly; "
          + "an attribute access is required", at: expression)
    default:
      throw error(
        "Invalid reference: a reference to a resource type must be followed by at least one "
          + "attribute access, specifying the resource name", at: expression)
    }
  }

  /// `root.name`, where `root` is one of Terraform's reference roots.
  private func reference(_ root: String, _ name: String, _ expression: HCLExpression)
    throws(DriftError) -> Evaluated
  {
    if let iterator = iterators[root] {
      switch name {
      case "key": return iterator.key
      case "value": return iterator.value
      default:
        throw error(
          "Invalid reference: \"\(root)\" has only the attributes key and value", at: expression)
      }
    }
    switch root {
    case "var":
      guard let value = instance.variables[name] else {
        throw error(
          "Reference to undeclared input variable: an input variable with the name "
            + "\"\(name)\" has not been declared", at: expression)
      }
      return value
    case "local":
      return try local(name, expression)
    case "count":
      guard name == "index", let countIndex else {
        throw error(
          "Reference to \"count\" in non-counted context: the \"count\" object can only be "
            + "used in \"module\", \"resource\", and \"data\" blocks, and only when the "
            + "\"count\" argument is set", at: expression)
      }
      return Evaluated(.number(TerraformNumber(countIndex)))
    case "each":
      throw error(
        "Reference to \"each\" in context without for_each: the \"each\" object can be used "
          + "only in \"module\" or \"resource\" blocks, and only when the \"for_each\" argument "
          + "is set", at: expression)
    case "path":
      switch name {
      case "module": return Evaluated(.string(context.relativePath(instance.module.folder)))
      case "root", "cwd": return Evaluated(.string("."))
      default: throw error("Invalid \"path\" attribute: \"\(name)\"", at: expression)
      }
    case "terraform":
      guard name == "workspace" else {
        throw error("Invalid \"terraform\" attribute: \"\(name)\"", at: expression)
      }
      return Evaluated(.string("default"))
    case "self", "data", "ephemeral":
      return .unknown
    case "module":
      return try moduleValue(name, expression)
    default:
      return try resourceValue(type: root, name: name, expression)
    }
  }

  private func local(_ name: String, _ expression: HCLExpression) throws(DriftError) -> Evaluated {
    if let value = instance.locals[name] { return value }
    guard let local = instance.module.locals[name] else {
      throw error(
        "Reference to undeclared local value: a local value with the name \"\(name)\" has not "
          + "been declared", at: expression)
    }
    guard instance.localsInProgress.insert(name).inserted else {
      throw error("Cycle: local.\(name) refers to itself", at: expression)
    }
    defer { instance.localsInProgress.remove(name) }
    let scope = declaration(file: local.file, literalKind: .local(name))
    let value = try scope.evaluate(local.attribute.expression)
    instance.locals[name] = value
    return value
  }

  private func resourceValue(type: String, name: String, _ expression: HCLExpression)
    throws(DriftError) -> Evaluated
  {
    guard let resource = instance.module.resource(type: type, name: name) else {
      return .unknown
    }
    return try configuredValue(of: resource)
  }

  /// A managed resource's instances as `terraform plan` sees them: each attribute its
  /// configuration sets, evaluated from the configuration (unknown when that is), over the
  /// live values for the attributes left to the provider (ids, outputs).
  ///
  /// A drifted `a.input.size` copied from live into `b` made `b` drift too; Terraform plans
  /// `b` from `a`'s configured value. Nested blocks, and a resource whose attributes refer
  /// back to the one asking, are read from live.
  private func configuredValue(of resource: TerraformModule.ResourceBlock) throws(DriftError)
    -> Evaluated
  {
    let key = instance.prefix + resource.address
    // Evaluated once per module instance: every reference to a resource would evaluate its
    // whole configuration again.
    if let known = instance.configuredValues[key] {
      context.reusedLiveValue()
      return known
    }
    let live = try liveValue(of: resource)
    guard !instance.resourcesInProgress.contains(key) else { return live }
    instance.resourcesInProgress.insert(key)
    defer { instance.resourcesInProgress.remove(key) }
    let value = try overlaid(resource, on: live)
    instance.configuredValues[key] = value
    return value
  }

  /// The configured attributes of `resource`'s instances over `live`.
  private func overlaid(_ resource: TerraformModule.ResourceBlock, on live: Evaluated)
    throws(DriftError) -> Evaluated
  {
    let expansion = try expansion(of: resource)
    let scope = declaration(file: resource.file, literalKind: .argument)
    let attributes = resource.block.body.attributes.filter {
      !["count", "for_each", "provider", "depends_on"].contains($0.name)
    }
    func overlay(_ value: TerraformValue, _ item: Expansion.Instance) -> TerraformValue {
      var members: [String: TerraformValue]
      switch value {
      case .object(let known, _): members = known
      case .unknown, .null: members = [:]
      default: return value
      }
      // The provider's schema, which types each attribute, is not known offline.
      let itemScope = scope.instance(countIndex: item.countIndex, each: item.each)
      for attribute in attributes {
        // What does not evaluate offline is left to live, as before.
        guard let evaluated = try? itemScope.evaluate(attribute.expression) else { continue }
        members[attribute.name] = evaluated.value.schemaless
      }
      return .object(members, .schemaless)
    }
    let items = expansion.instances
    switch (expansion, live.value) {
    case (.single, let value):
      guard let item = items.first else { return live }
      return Evaluated(overlay(value, item), isLive: true)
    case (.count, .list(let values, _)) where values.count == items.count:
      return Evaluated(.list(zip(values, items).map { overlay($0, $1) }), isLive: true)
    case (.forEach(let pairs), .object(let values, _)):
      var members: [String: TerraformValue] = [:]
      for (pair, item) in zip(pairs, items) {
        members[pair.key] = overlay(values[pair.key] ?? .unknown, item)
      }
      return Evaluated(.object(members), isLive: true)
    default:
      return live
    }
  }

  /// The live values of a resource's or data source's instances, as Terraform reads them
  /// from state: one object, a list by `count`, an object by `for_each` key.
  private func liveValue(of resource: TerraformModule.ResourceBlock) throws(DriftError)
    -> Evaluated
  {
    let base = instance.prefix + resource.address
    func live(_ address: String) -> TerraformValue {
      context.liveValue(at: address).map { TerraformValue($0, shape: .schemaless) } ?? .unknown
    }
    switch try expansion(of: resource) {
    case .single:
      return Evaluated(live(base), isLive: true)
    case .count(let count):
      return Evaluated(.list((0..<count).map { live(base + "[\($0)]") }), isLive: true)
    case .forEach(let pairs):
      var members: [String: TerraformValue] = [:]
      for pair in pairs { members[pair.key] = live(base + "[\(Expansion.quote(pair.key))]") }
      return Evaluated(.object(members), isLive: true)
    case .unknown:
      return .unknown
    }
  }

  /// How `resource` expands, evaluated once per module instance.
  func expansion(of resource: TerraformModule.ResourceBlock) throws(DriftError) -> Expansion {
    if let known = instance.resourceExpansions[resource.address] { return known }
    let scope = declaration(file: resource.file, literalKind: .argument)
    let expansion = try scope.expansion(of: resource.block)
    instance.resourceExpansions[resource.address] = expansion
    return expansion
  }
}
