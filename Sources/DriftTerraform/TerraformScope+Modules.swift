import DriftModel
import HCL

extension TerraformScope {
  /// The scope of one instance of a `resource` or `module` block.
  func instance(countIndex: Int?, each: (key: Evaluated, value: Evaluated)?) -> TerraformScope {
    var scope = self
    scope.countIndex = countIndex
    if let each { scope.iterators["each"] = each }
    return scope
  }

  /// How a `resource` or `module` block expands by its `count` or `for_each`.
  func expansion(of block: HCLBlock) throws(DriftError) -> Expansion {
    let count = block.body.attribute("count")
    let forEach = block.body.attribute("for_each")
    if let count, forEach != nil {
      throw error(
        "Invalid combination of \"count\" and \"for_each\": the \"count\" and \"for_each\" "
          + "meta-arguments are mutually-exclusive, only one should be used", at: count.expression)
    }
    if let count {
      let (value, isSensitive) = try evaluate(count.expression).value.peeled
      if isSensitive { return .unknown }
      switch value {
      case .unknown: return .unknown
      case .null:
        throw error(
          "Invalid count argument: the given \"count\" argument value is null; an integer is "
            + "required", at: count.expression)
      default:
        let number: Int? =
          if case .number(let n) = value { n.exactInteger } else {
            value.primitiveText.flatMap(TerraformFunctions.decimalNumber)?.exactInteger
          }
        guard let number, number >= 0 else {
          throw error(
            "Invalid count argument: the given \"count\" argument value is unsuitable: must be "
              + "a whole number greater than or equal to zero", at: count.expression)
        }
        guard number <= EvaluationContext.maximumInstances else {
          throw error(
            "count \(number) is more than the \(EvaluationContext.maximumInstances) "
              + "instances git-drift evaluates", at: count.expression)
        }
        return .count(number)
      }
    }
    guard let forEach else { return .single }
    let evaluated = try evaluate(forEach.expression)
    let (value, isSensitive) = evaluated.value.peeled
    if isSensitive { return .unknown }
    let size: Int =
      switch value {
      case .object(let members, _): members.count
      case .set(let elements): elements.count
      default: 0
      }
    guard size <= EvaluationContext.maximumInstances else {
      throw error(
        "for_each has \(size) elements, more than the \(EvaluationContext.maximumInstances) "
          + "instances git-drift evaluates", at: forEach.expression)
    }
    switch value {
    case .unknown:
      return .unknown
    case .object(let members, _):
      return .forEach(
        members.keys.sorted().compactMap { key in
          members[key].map { element in
            (key, Evaluated(element, origin: evaluated.origin?.element(.string(key))))
          }
        })
    case .set(let elements):
      var pairs: [(key: String, value: Evaluated)] = []
      for element in elements {
        switch element.peeled.value {
        case .unknown: return .unknown
        case .string(let key): pairs.append((key, Evaluated(.string(key))))
        default:
          throw error(
            "Invalid for_each set argument: the given \"for_each\" argument value is "
              + "unsuitable: \"for_each\" supports sets of strings, but you have provided a set "
              + "containing type \(element.typeName)", at: forEach.expression)
        }
      }
      return .forEach(pairs)
    case .null:
      throw error(
        "Invalid for_each argument: the given \"for_each\" argument value is null; a map, or "
          + "set of strings is allowed", at: forEach.expression)
    default:
      throw error(
        "Invalid for_each argument: the given \"for_each\" argument value is unsuitable: the "
          + "\"for_each\" argument must be a map, or set of strings, and you have provided a "
          + "value of type \(value.typeName)", at: forEach.expression)
    }
  }

  /// `module.NAME`: the outputs of the called module's instances.
  func moduleValue(_ name: String, _ expression: HCLExpression) throws(DriftError) -> Evaluated {
    guard let call = instance.module.moduleCall(name) else {
      throw error(
        "Reference to undeclared module: no module call named \"\(name)\" is declared in this "
          + "module", at: expression)
    }
    let expansion = try moduleExpansion(call)
    guard expansion.isEvaluated else { return .unknown }
    var objects: [TerraformValue] = []
    for child in expansion.instances {
      var members: [String: TerraformValue] = [:]
      for output in child.module.outputs.keys {
        members[output] = try self.output(output, of: child).value
      }
      objects.append(.object(members))
    }
    switch expansion.expansion {
    case .single: return Evaluated(objects[0])
    case .count: return Evaluated(.list(objects))
    case .forEach(let pairs):
      return Evaluated(.object(Dictionary(uniqueKeysWithValues: zip(pairs.map(\.key), objects))))
    case .unknown: return .unknown
    }
  }

  /// `module.NAME.OUTPUT` of a module called once, keeping where its literal is written.
  func moduleOutput(_ name: String, _ output: String, _ expression: HCLExpression)
    throws(DriftError) -> Evaluated?
  {
    guard let call = instance.module.moduleCall(name),
      call.block.body.attribute("count") == nil, call.block.body.attribute("for_each") == nil
    else { return nil }
    let expansion = try moduleExpansion(call)
    guard expansion.isEvaluated, let child = expansion.instances.first else { return .unknown }
    guard child.module.outputs[output] != nil else {
      throw error(
        "Unsupported attribute: this object does not have an attribute named \"\(output)\"",
        at: expression)
    }
    return try self.output(output, of: child)
  }

  /// The value of output `name` of `child`, evaluated once.
  func output(_ name: String, of child: ModuleInstance) throws(DriftError) -> Evaluated {
    if let value = child.outputs[name] { return value }
    guard let declaration = child.module.outputs[name] else { return .unknown }
    let location = SourceLocation(
      file: declaration.file, position: declaration.block.typeRange.start)
    guard child.outputsInProgress.insert(name).inserted else {
      throw DriftError("Cycle: output \"\(name)\" refers to itself", at: location)
    }
    defer { child.outputsInProgress.remove(name) }
    guard let value = declaration.block.body.attribute("value") else {
      throw DriftError(
        "Missing required argument: the argument \"value\" is required", at: location)
    }
    let scope = TerraformScope(
      context: context, instance: child, file: declaration.file, literalKind: nil)
    var result = try scope.evaluate(value.expression)
    if case .bool(true) = declaration.block.body.attribute("sensitive")?.expression.kind {
      result = Evaluated(result.value.marked(true))
    }
    child.outputs[name] = result
    return result
  }

  /// The instances of a `module` block, created once per calling instance: local sources are
  /// loaded and given their inputs; remote ones are reported and left unevaluated.
  func moduleExpansion(_ call: TerraformModule.ModuleCall) throws(DriftError) -> ModuleExpansion {
    if let known = instance.moduleCalls[call.name] { return known }
    let scope = declaration(file: call.file, literalKind: .argument)
    let expansion = try scope.expansion(of: call.block)
    let location = SourceLocation(file: call.file, position: call.block.typeRange.start)
    var result = ModuleExpansion(expansion: expansion, instances: [], isEvaluated: false)
    defer { instance.moduleCalls[call.name] = result }
    guard let source = call.source, source.hasPrefix("./") || source.hasPrefix("../") else {
      context.diagnostics.append(
        DriftError(
          "module \"\(call.name)\" has a remote source; it is not evaluated and its outputs "
            + "are unknown", at: location))
      return result
    }
    guard let folder = EvaluationContext.folder(source, from: instance.module.folder) else {
      context.diagnostics.append(
        DriftError(
          "module \"\(call.name)\": source \"\(source)\" leaves the repository; it is not "
            + "evaluated", at: location))
      return result
    }
    if instance.chain.contains(folder) {
      throw DriftError(
        "module cycle: \"\(folder)\" calls itself through "
          + (instance.chain + [folder]).joined(separator: " → "), at: location)
    }
    guard instance.chain.count <= EvaluationContext.maximumModuleDepth else {
      throw DriftError(
        "modules nested more than \(EvaluationContext.maximumModuleDepth) deep", at: location)
    }
    guard let module = try context.module(at: folder) else {
      throw DriftError(
        "Unreadable module directory: the directory \"\(folder)\" of module \"\(call.name)\" "
          + "does not exist", at: location)
    }
    if case .unknown = expansion { return result }
    for item in expansion.instances {
      let child = ModuleInstance(
        module: module, prefix: instance.prefix + "module.\(call.name)\(item.suffix).",
        chain: instance.chain + [folder])
      child.variables = try scope.instance(countIndex: item.countIndex, each: item.each)
        .inputs(of: call, for: child)
      result.instances.append(child)
    }
    result.isEvaluated = true
    return result
  }

  /// The input variables of `child` from the arguments of `call`, evaluated in this scope.
  private func inputs(of call: TerraformModule.ModuleCall, for child: ModuleInstance)
    throws(DriftError) -> [String: Evaluated]
  {
    let reserved: Set = ["source", "version", "count", "for_each", "providers", "depends_on"]
    for attribute in call.block.body.attributes where !reserved.contains(attribute.name) {
      guard child.module.variables[attribute.name] != nil else {
        throw DriftError(
          "Unsupported argument: an argument named \"\(attribute.name)\" is not expected here",
          at: SourceLocation(file: file, position: attribute.nameRange.start))
      }
    }
    var values: [String: Evaluated] = [:]
    for (name, variable) in child.module.variables {
      let given = try call.block.body.attribute(name).map { (attribute) throws(DriftError) in
        try evaluate(attribute.expression)
      }
      values[name] = try TerraformScope.resolve(
        variable, given: given, context: context, instance: child)
    }
    return values
  }

  /// The value of `variable`: `given`, else its default, converted to its type and marked
  /// sensitive when it is; unknown (with a diagnostic) when it has none.
  static func resolve(
    _ variable: TerraformModule.Variable, given: Evaluated?, context: EvaluationContext,
    instance: ModuleInstance
  ) throws(DriftError) -> Evaluated {
    let scope = TerraformScope(
      context: context, instance: instance, file: variable.file,
      literalKind: .variableDefault(variable.name))
    let location = SourceLocation(file: variable.file, position: variable.block.typeRange.start)
    var result: Evaluated
    if let given, given.value != .null || variable.isNullable || variable.defaultValue == nil {
      result = given
    } else if let defaultValue = variable.defaultValue {
      result = try scope.evaluate(defaultValue)
    } else {
      context.diagnostics.append(
        DriftError(
          "No value for required variable: \"\(variable.name)\" has no default and no value; "
            + "what depends on it is unevaluated", at: location))
      result = .unknown
    }
    if let typeExpression = variable.type {
      do throws(TerraformType.TypeError) {
        let type = try TerraformType(typeExpression)
        result.value = try type.convert(result.value) {
          (expression) throws(TerraformType.TypeError) in
          do throws(DriftError) {
            return try scope.evaluate(expression).value
          } catch {
            throw TerraformType.TypeError(error.message)
          }
        }
      } catch {
        throw DriftError(
          "Invalid value for input variable: the given value is not suitable for "
            + "var.\(variable.name): \(error.message)", at: location)
      }
    }
    if variable.isSensitive {
      result = Evaluated(result.value.marked(true))
    }
    return result
  }
}
