public import DriftJSON
public import DriftModel
public import HCL

/// Evaluates a Terraform root module offline: variables from defaults and `.tfvars` files,
/// locals, expressions and functions, `count` and `for_each`, local modules; what needs a
/// provider (computed attributes, data sources) comes from live state or stays unknown.
public struct TerraformEvaluator {
  private let secrets: SecretDigester
  private let live: (String) -> Value?
  private let files: (String) throws(DriftError) -> [(path: String, bytes: [UInt8])]?
  /// How much an evaluation may compute before it stops with an error.
  public var limits = TerraformEvaluationLimits()
  /// Told the repository-relative path of each file that `file` and `fileexists` look up,
  /// present or not: besides the modules' `.tf`, `.tf.json` and variable files, all that an
  /// evaluation reads from its folders, so that a caller can cache evaluations by what they
  /// read.
  public var lookingUp: ((String) -> Void)?
  /// What `fileset` globs, as Terraform globs the disk.
  ///
  /// The names of the files and folders directly in a folder (repository-relative, no
  /// trailing slash), nil when there is no such folder; nil leaves `fileset` unknown.
  public var listing: ((String) throws(DriftError) -> TerraformFolderListing?)?
  /// Parses the text `yamldecode` is given (the seam to a YAML reader this module does not
  /// hold); nil leaves `yamldecode` unknown.
  public var yamlDecoder: (([UInt8]) throws(DriftError) -> Value)?
  /// Parsed `.tf` and `.tfvars` files kept across evaluations (of the commits of a history),
  /// each reused only for the same path and bytes; nil parses every file of every evaluation.
  public var parsed: HCLParseCache?

  /// Creates an evaluator.
  ///
  /// - Parameters:
  ///   - secrets: digests sensitive values.
  ///   - live: Terraform addresses (`aws_vpc.main`, `module.net.aws_subnet.a[0]`) → live
  ///     attribute values, used for references to other resources' attributes, as Terraform
  ///     resolves them from state.
  ///   - files: the files directly in a folder (repository-relative, no trailing slash) as
  ///     path and bytes, or nil when the folder does not exist.
  public init(
    secrets: SecretDigester, live: [String: Value],
    files: @escaping (String) throws(DriftError) -> [(path: String, bytes: [UInt8])]?
  ) {
    self.init(secrets: secrets, liveValue: { live[$0] }, files: files)
  }

  /// Creates an evaluator that looks live values up one address at a time, so that a caller
  /// can read them lazily and learn which addresses an evaluation depends on.
  ///
  /// - Parameter liveValue: the live attribute values at a Terraform address, nil when it is
  ///   not live.
  public init(
    secrets: SecretDigester, liveValue: @escaping (String) -> Value?,
    files: @escaping (String) throws(DriftError) -> [(path: String, bytes: [UInt8])]?
  ) {
    self.secrets = secrets
    self.live = liveValue
    self.files = files
  }

  /// The desired state of several root modules together, as one source's `paths` name them.
  public func evaluate(roots: [String]) throws(DriftError) -> TerraformDesiredState {
    var merged: TerraformDesiredState?
    for root in roots {
      let state = try evaluate(root: root)
      merged = merged.map { $0.merging(state) } ?? state
    }
    return merged ?? TerraformDesiredState()
  }

  /// The desired state of the root module in folder `root`.
  ///
  /// - Throws: a `DriftError` at the file, line and column of a syntax error, an expression
  ///   that cannot be evaluated, a duplicate declaration or resource address, or a module
  ///   cycle.
  public func evaluate(root: String) throws(DriftError) -> TerraformDesiredState {
    let context = EvaluationContext(
      secrets: secrets, live: live, root: root, limits: limits, files: files)
    context.lookingUp = lookingUp
    context.yamlDecoder = yamlDecoder
    context.listing = listing
    context.parsed = parsed
    guard let module = try context.module(at: root) else {
      throw DriftError(
        "no Terraform module: the folder does not exist", at: SourceLocation(file: root))
    }
    let instance = ModuleInstance(
      module: module, prefix: "", chain: [EvaluationContext.folder(".", from: root) ?? root])
    let given = try variableFiles(root: root, module: module, instance: instance, context: context)
    for (name, variable) in module.variables {
      instance.variables[name] = try TerraformScope.resolve(
        variable, given: given[name], context: context, instance: instance)
    }
    var state = TerraformDesiredState()
    var declared: [String: SourceLocation] = [:]
    try walk(instance, context: context, into: &state, declared: &declared)
    state.diagnostics = context.diagnostics
    state.resources = state.resourcesPlacingLiterals()
    return state
  }

  /// The values given in the root folder's `terraform.tfvars`, `terraform.tfvars.json`,
  /// `*.auto.tfvars` and `*.auto.tfvars.json`, in that order, later files winning.
  private func variableFiles(
    root: String, module: TerraformModule, instance: ModuleInstance, context: EvaluationContext
  ) throws(DriftError) -> [String: Evaluated] {
    let listing = try files(root) ?? []
    func name(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }
    let fixed = ["terraform.tfvars", "terraform.tfvars.json"].compactMap { fixedName in
      listing.first { name($0.path) == fixedName }
    }
    let automatic = listing.filter {
      name($0.path).hasSuffix(".auto.tfvars") || name($0.path).hasSuffix(".auto.tfvars.json")
    }.sorted { name($0.path) < name($1.path) }
    var given: [String: Evaluated] = [:]
    for file in fixed + automatic {
      var entries: [(name: String, value: Evaluated, location: SourceLocation)] = []
      if file.path.hasSuffix(".json") {
        guard case .object(let members) = try JSONReader.parse(file.bytes, file: file.path) else {
          throw DriftError(
            "a variables file must hold a JSON object", at: SourceLocation(file: file.path))
        }
        for member in members {
          entries.append(
            (
              member.key, Evaluated(TerraformValue(member.value)),
              SourceLocation(file: file.path, position: member.position)
            ))
        }
      } else {
        let body = try HCLParseCache.body(file.bytes, file: file.path, in: parsed)
        if let block = body.blocks.first {
          throw DriftError(
            "Unexpected \"\(block.type)\" block: blocks are not allowed here",
            at: SourceLocation(file: file.path, position: block.typeRange.start))
        }
        for attribute in body.attributes {
          let scope = TerraformScope(
            context: context, instance: instance, file: file.path,
            literalKind: .variableValue(attribute.name))
          entries.append(
            (
              attribute.name, try scope.evaluate(attribute.expression),
              SourceLocation(file: file.path, position: attribute.nameRange.start)
            ))
        }
      }
      for entry in entries {
        guard module.variables[entry.name] != nil else {
          context.diagnostics.append(
            DriftError(
              "Value for undeclared variable: the root module does not declare a variable named "
                + "\"\(entry.name)\"", at: entry.location))
          continue
        }
        given[entry.name] = entry.value
      }
    }
    return given
  }

  /// Adds the resources, moves and unevaluated parts of `instance` and of the modules it calls.
  private func walk(
    _ instance: ModuleInstance, context: EvaluationContext,
    into state: inout TerraformDesiredState, declared: inout [String: SourceLocation]
  ) throws(DriftError) {
    let module = instance.module
    for resource in module.resources {
      let scope = TerraformScope(
        context: context, instance: instance, file: resource.file, literalKind: .argument)
      let location = SourceLocation(file: resource.file, position: resource.block.typeRange.start)
      let expansion = try scope.expansion(of: resource)
      if case .unknown = expansion {
        let address = instance.prefix + resource.address
        state.unevaluated[address] = [""]
        state.unevaluatedReasons[address] = DriftError(
          "its count or for_each cannot be known offline", at: location)
        context.diagnostics.append(
          DriftError(
            "\(address): its count or for_each cannot be known offline (unknown or "
              + "sensitive); its instances are not evaluated", at: location))
        continue
      }
      for item in expansion.instances {
        let address = instance.prefix + resource.address + item.suffix
        if let previous = declared[address] {
          throw DriftError(
            "duplicate resource address \"\(address)\": it is also declared at \(previous)",
            at: location)
        }
        declared[address] = location
        let instanceScope = scope.instance(countIndex: item.countIndex, each: item.each)
        var body = TerraformBody(secrets: secrets)
        let members = try body.build(
          resource.block.body, scope: instanceScope, pointer: "", isResource: true)
        state.resources.append(
          Resource(
            id: ResourceID(type: resource.type, address: address),
            body: secrets.binding(.object(members), address: address), location: location))
        if !body.sites.isEmpty { state.sites[address] = body.sites }
        if !body.unevaluated.isEmpty { state.unevaluated[address] = body.unevaluated }
        if !body.setPointers.isEmpty { state.setPointers[address] = body.setPointers }
        if let ignored = try ignoredChanges(resource, scope: scope), !ignored.isEmpty {
          state.ignoredChanges[address] = ignored
        }
      }
    }
    for statement in module.moved {
      let scope = TerraformScope(
        context: context, instance: instance, file: statement.file, literalKind: nil)
      let location = SourceLocation(file: statement.file, position: statement.block.typeRange.start)
      guard let from = statement.block.body.attribute("from"),
        let to = statement.block.body.attribute("to")
      else {
        throw DriftError(
          "Missing required argument: a moved block requires \"from\" and \"to\"", at: location)
      }
      state.moved.append(
        (
          instance.prefix + (try Self.address(from.expression, scope: scope)),
          instance.prefix + (try Self.address(to.expression, scope: scope))
        ))
    }
    for call in module.moduleCalls {
      let scope = TerraformScope(
        context: context, instance: instance, file: call.file, literalKind: .argument)
      let expansion = try scope.moduleExpansion(call)
      guard expansion.isEvaluated else {
        let address = instance.prefix + "module.\(call.name)"
        state.unevaluated[address] = [""]
        let unknownCount: Bool
        if case .unknown = expansion.expansion { unknownCount = true } else { unknownCount = false }
        state.unevaluatedReasons[address] = DriftError(
          unknownCount
            ? "its count or for_each cannot be known offline"
            : "the module's source is not a local folder",
          at: SourceLocation(file: call.file, position: call.block.typeRange.start))
        if unknownCount {
          context.diagnostics.append(
            DriftError(
              "module \"\(call.name)\": its count or for_each cannot be known offline; its "
                + "instances are not evaluated",
              at: SourceLocation(file: call.file, position: call.block.typeRange.start)))
        }
        continue
      }
      for child in expansion.instances {
        try walk(child, context: context, into: &state, declared: &declared)
      }
    }
  }

  /// The pointers named by `lifecycle { ignore_changes = … }`; `["*"]` for `all`.
  private func ignoredChanges(_ resource: TerraformModule.ResourceBlock, scope: TerraformScope)
    throws(DriftError) -> [String]?
  {
    guard
      let expression = resource.block.body.blocks(ofType: "lifecycle").first?.body
        .attribute("ignore_changes")?.expression
    else { return nil }
    switch expression.kind {
    case .variable("all"):
      return ["*"]
    case .tuple(let items):
      var pointers: [String] = []
      for item in items { pointers.append(try Self.pointer(item, scope: scope)) }
      return pointers
    default:
      throw scope.error(
        "Invalid ignore_changes value: a list of attribute references or the keyword all is "
          + "required", at: expression)
    }
  }

  /// The JSON Pointer of an attribute reference: `tags["Name"]` → `/tags/Name`.
  private static func pointer(_ expression: HCLExpression, scope: TerraformScope)
    throws(DriftError) -> String
  {
    switch expression.kind {
    case .variable(let name):
      return "/" + TerraformBody.escape(name)
    case .attribute(let base, let name):
      return try pointer(base, scope: scope) + "/" + TerraformBody.escape(name)
    case .index(let base, let key):
      guard let text = try? scope.evaluate(key).value.primitiveText else { break }
      return try pointer(base, scope: scope) + "/" + TerraformBody.escape(text)
    case .template(let template):
      guard let text = template.literalText else { break }
      return "/"
        + text.split(separator: ".").map { TerraformBody.escape(String($0)) }
        .joined(separator: "/")
    default:
      break
    }
    throw scope.error(
      "Invalid ignore_changes entry: a single static attribute reference is required",
      at: expression)
  }

  /// The address an expression such as `module.net.aws_subnet.a[0]` writes.
  private static func address(_ expression: HCLExpression, scope: TerraformScope)
    throws(DriftError) -> String
  {
    switch expression.kind {
    case .variable(let name):
      return name
    case .attribute(let base, let name):
      return try address(base, scope: scope) + "." + name
    case .index(let base, let key):
      switch key.kind {
      case .number(let text):
        return try address(base, scope: scope) + "[\(text)]"
      case .template(let template):
        guard let text = template.literalText else { break }
        return try address(base, scope: scope) + "[\(Expansion.quote(text))]"
      default:
        break
      }
    default:
      break
    }
    throw scope.error(
      "Invalid address: a static resource or module address is required", at: expression)
  }
}
