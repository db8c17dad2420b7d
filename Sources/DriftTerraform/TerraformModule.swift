import DriftModel
import HCL

/// The declarations of one Terraform module folder: every `*.tf` file directly in it, parsed.
struct TerraformModule {
  /// `variable "NAME" { … }`.
  struct Variable {
    var name: String
    var file: String
    var block: HCLBlock
    var type: HCLExpression?
    var defaultValue: HCLExpression?
    var isSensitive: Bool
    var isNullable: Bool
  }

  /// One `NAME = …` of a `locals` block.
  struct Local {
    var file: String
    var attribute: HCLAttribute
  }

  /// `resource "TYPE" "NAME" { … }` or `data "TYPE" "NAME" { … }`.
  struct ResourceBlock {
    var type: String
    var name: String
    var file: String
    var block: HCLBlock
    /// `TYPE.NAME`, or `data.TYPE.NAME`.
    var address: String
  }

  /// `module "NAME" { source = … }`.
  struct ModuleCall {
    var name: String
    var file: String
    var block: HCLBlock
    /// The literal `source`, when it is one.
    var source: String?
  }

  /// `output "NAME" { value = … }`.
  struct Output {
    var name: String
    var file: String
    var block: HCLBlock
  }

  /// A `moved` or `import` block.
  struct Statement {
    var file: String
    var block: HCLBlock
  }

  var folder: String
  var variables: [String: Variable] = [:]
  var locals: [String: Local] = [:]
  var resources: [ResourceBlock] = []
  var dataSources: [ResourceBlock] = []
  var moduleCalls: [ModuleCall] = []
  var outputs: [String: Output] = [:]
  var moved: [Statement] = []
  var imports: [Statement] = []
  var diagnostics: [DriftError] = []

  /// The module in `folder`, from the files listed there (parsed through `parsed` when given);
  /// `.tf.json` files are reported as not read.
  static func load(
    folder: String, files: [(path: String, bytes: [UInt8])], parsed: HCLParseCache? = nil
  ) throws(DriftError) -> TerraformModule {
    var module = TerraformModule(folder: folder)
    var declared: [String: SourceLocation] = [:]
    for file in files.sorted(by: { $0.path < $1.path }) {
      if file.path.hasSuffix(".tf.json") {
        module.diagnostics.append(
          DriftError(
            "JSON configuration files are not read; its declarations are left out",
            at: SourceLocation(file: file.path)))
        continue
      }
      guard file.path.hasSuffix(".tf") else { continue }
      let body = try HCLParseCache.body(file.bytes, file: file.path, in: parsed)
      for block in body.blocks {
        try module.add(block, file: file.path, declared: &declared)
      }
    }
    return module
  }

  private mutating func add(
    _ block: HCLBlock, file: String, declared: inout [String: SourceLocation]
  ) throws(DriftError) {
    let location = SourceLocation(file: file, position: block.typeRange.start)
    func declare(_ key: String, _ what: String) throws(DriftError) {
      if let previous = declared[key] {
        throw DriftError("duplicate \(what): it is also declared at \(previous)", at: location)
      }
      declared[key] = location
    }
    let labels = block.labels.map(\.value)
    switch (block.type, labels.count) {
    case ("variable", 1):
      try declare("var.\(labels[0])", "variable \"\(labels[0])\"")
      variables[labels[0]] = Variable(
        name: labels[0], file: file, block: block, type: block.body.attribute("type")?.expression,
        defaultValue: block.body.attribute("default")?.expression,
        isSensitive: Self.literalBool(block.body.attribute("sensitive")) ?? false,
        isNullable: Self.literalBool(block.body.attribute("nullable")) ?? true)
    case ("locals", 0):
      for attribute in block.body.attributes {
        let position = SourceLocation(file: file, position: attribute.nameRange.start)
        if let previous = declared["local.\(attribute.name)"] {
          throw DriftError(
            "duplicate local value \"\(attribute.name)\": it is also declared at \(previous)",
            at: position)
        }
        declared["local.\(attribute.name)"] = position
        locals[attribute.name] = Local(file: file, attribute: attribute)
      }
    case ("resource", 2), ("data", 2):
      let isData = block.type == "data"
      let address = (isData ? "data." : "") + "\(labels[0]).\(labels[1])"
      try declare(address, "resource \"\(address)\"")
      let resource = ResourceBlock(
        type: labels[0], name: labels[1], file: file, block: block, address: address)
      if isData { dataSources.append(resource) } else { resources.append(resource) }
    case ("module", 1):
      try declare("module.\(labels[0])", "module call \"\(labels[0])\"")
      var source: String?
      if case .template(let template) = block.body.attribute("source")?.expression.kind {
        source = template.literalText
      }
      moduleCalls.append(ModuleCall(name: labels[0], file: file, block: block, source: source))
    case ("output", 1):
      try declare("output.\(labels[0])", "output \"\(labels[0])\"")
      outputs[labels[0]] = Output(name: labels[0], file: file, block: block)
    case ("moved", 0):
      moved.append(Statement(file: file, block: block))
    case ("import", 0):
      imports.append(Statement(file: file, block: block))
    case ("terraform", _), ("provider", _), ("check", _), ("removed", _), ("ephemeral", _):
      break
    default:
      throw DriftError(
        "unsupported block type \"\(block.type)\" with \(labels.count) label(s)", at: location)
    }
  }

  private static func literalBool(_ attribute: HCLAttribute?) -> Bool? {
    guard case .bool(let value) = attribute?.expression.kind else { return nil }
    return value
  }

  /// The managed resource declared as `TYPE.NAME`.
  func resource(type: String, name: String) -> ResourceBlock? {
    resources.first { $0.type == type && $0.name == name }
  }

  /// The data source `data.TYPE.NAME`.
  func dataSource(type: String, name: String) -> ResourceBlock? {
    dataSources.first { $0.type == type && $0.name == name }
  }

  /// The module call named `name`.
  func moduleCall(_ name: String) -> ModuleCall? {
    moduleCalls.first { $0.name == name }
  }
}
