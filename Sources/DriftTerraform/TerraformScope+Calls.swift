import DriftModel
import HCL

extension TerraformScope {
  /// `name(arguments)`: `try` and `can` evaluate lazily, file functions read the repository,
  /// the others go to `TerraformFunctions`; a function unknown offline gives an unknown value.
  func call(
    _ name: String, _ arguments: [HCLExpression], expandsFinal: Bool,
    _ expression: HCLExpression
  ) throws(DriftError) -> Evaluated {
    switch name {
    case "try": return try attempt(arguments, expression)
    case "can":
      guard arguments.count == 1 else {
        throw error(
          "Invalid function argument: function \"can\" takes one argument", at: expression)
      }
      do throws(DriftError) {
        let value = try evaluate(arguments[0]).value
        return Evaluated(value.containsUnknown ? .unknown : .bool(true))
      } catch {
        return Evaluated(.bool(false))
      }
    default: break
    }
    var values: [TerraformValue] = []
    for argument in arguments { values.append(try evaluate(argument).value) }
    if expandsFinal, let last = values.popLast() {
      let (bare, isSensitive) = last.peeled
      switch bare {
      case .unknown: return .unknown
      case .list(let elements, _), .set(let elements):
        values += elements.map { $0.marked(isSensitive) }
      default:
        throw error(
          "Invalid expanding argument value: the expanding argument (indicated by ...) must be "
            + "of a tuple, list, or set type", at: expression)
      }
    }
    switch name {
    case "sensitive" where values.count == 1:
      return Evaluated(values[0].containsUnknown ? .unknown : .sensitive(values[0].unmarked))
    case "nonsensitive" where values.count == 1:
      return Evaluated(values[0].unmarked)
    case "file", "fileexists", "filebase64", "filemd5", "filesha1", "filesha256", "filesha512",
      "filebase64sha256", "filebase64sha512":
      return Evaluated(try readFile(name, values, expression))
    case "templatefile", "templatestring":
      return Evaluated(try renderTemplate(name, values, expression))
    case "yamldecode":
      return Evaluated(try yamlDecode(values, expression))
    case "fileset":
      return Evaluated(try fileSet(values, expression))
    case "timestamp", "uuid", "bcrypt", "plantimestamp":
      return .unknown
    default: break
    }
    guard !name.contains("::"), TerraformFunctions.isKnown(name) else { return .unknown }
    let result: TerraformValue
    do throws(TerraformFunctionError) {
      result = try TerraformFunctions.call(name, values)
    } catch {
      switch error {
      case .unknownFunction, .unevaluable:
        return .unknown
      case .invalidArguments(let message):
        throw self.error(message, at: expression)
      }
    }
    let size = result.size
    try spend(size, at: expression)
    guard size <= context.limits.value else {
      throw self.error(
        "the result of \(name) is larger than \(context.limits.value) values and bytes; not "
          + "evaluated", at: expression)
    }
    return Evaluated(result)
  }

  /// Throws Terraform's message unless `values` are `count` arguments of `name`.
  private func expectArguments(
    _ name: String, _ values: [TerraformValue], _ count: Int, _ expression: HCLExpression
  ) throws(DriftError) {
    do throws(TerraformFunctionError) {
      try Arguments(function: name, values: values).expect(count)
    } catch {
      throw failure(error, at: expression)
    }
  }

  /// `error`'s message, as Terraform words it, at `expression`.
  private func failure(_ error: TerraformFunctionError, at expression: HCLExpression)
    -> DriftError
  {
    switch error {
    case .unknownFunction(let message), .invalidArguments(let message),
      .unevaluable(let message):
      return self.error(message, at: expression)
    }
  }

  /// `try(a, b, …)`: the first argument that evaluates without error.
  private func attempt(_ arguments: [HCLExpression], _ expression: HCLExpression)
    throws(DriftError) -> Evaluated
  {
    for argument in arguments {
      do throws(DriftError) {
        let value = try evaluate(argument)
        return value.value.containsUnknown ? .unknown : value
      } catch {
        continue
      }
    }
    throw error(
      "Error in function call: call to function \"try\" failed: no expression succeeded",
      at: expression)
  }

  /// `fileset(path, pattern)`: the regular files of the commit under `path` (relative to the
  /// root module) that `pattern` matches, as Terraform globs them (``TerraformFileSet``).
  private func fileSet(_ values: [TerraformValue], _ expression: HCLExpression)
    throws(DriftError) -> TerraformValue
  {
    try expectArguments("fileset", values, 2, expression)
    if values.contains(where: \.containsUnknown) { return .unknown }
    var texts: [String] = []
    for (value, parameter) in zip(values, ["path", "pattern"]) {
      guard let text = value.unmarked.primitiveText else {
        throw error(
          "Invalid function argument: invalid value for \"\(parameter)\" parameter: string "
            + "required", at: expression)
      }
      texts.append(text)
    }
    guard let listing = context.listing else { return .unknown }
    let root = context.root
    let fileSet = TerraformFileSet(listing: listing) { EvaluationContext.folder($0, from: root) }
    let paths: [String]
    do throws(TerraformFileSet.Failure) {
      paths = try fileSet.matches(path: texts[0], pattern: texts[1])
    } catch {
      switch error {
      case .outside: return .unknown
      case .read(let failure): throw failure
      case .failed(let message):
        throw self.error("Error in function call: " + message, at: expression)
      }
    }
    let set = TerraformValue.setOf(paths.map { .string($0) })
    try spend(set.size, at: expression)
    return values.contains(where: \.containsSensitive) ? .sensitive(set) : set
  }

  /// `file(path)`, `fileexists(path)` and the `file…` digests, with `path` relative to the
  /// root module's folder.
  private func readFile(_ name: String, _ values: [TerraformValue], _ expression: HCLExpression)
    throws(DriftError) -> TerraformValue
  {
    guard values.count == 1 else {
      throw error(
        "Invalid function argument: function \"\(name)\" takes one argument", at: expression)
    }
    guard let read = try fileContents(values[0], expression) else { return .unknown }
    let isSensitive = values[0].containsSensitive
    func marked(_ value: TerraformValue) -> TerraformValue {
      isSensitive ? .sensitive(value) : value
    }
    if name == "fileexists" { return marked(.bool(read.bytes != nil)) }
    guard let bytes = read.bytes else {
      throw error(
        "Invalid function argument: invalid value for \"path\" parameter: no file exists at "
          + read.shown, at: expression)
    }
    switch name {
    case "file": return marked(.string(try text(of: bytes, read.shown, expression)))
    case "filebase64": return marked(.string(Base64Text.encode(bytes)))
    default:
      // filemd5 is md5 of the file's bytes, and so on: the same functions as on strings.
      let function = String(name.dropFirst(4))
      do throws(TerraformFunctionError) {
        return marked(try TerraformFunctions.digest(function, of: bytes))
      } catch {
        throw failure(error, at: expression)
      }
    }
  }

  /// The bytes of the file `path` names (nil when there is none), and how an error shows the
  /// path; nil when the path is unknown or outside what git-drift reads.
  private func fileContents(_ path: TerraformValue, _ expression: HCLExpression)
    throws(DriftError) -> (bytes: [UInt8]?, shown: String)?
  {
    let pathIsSensitive = path.containsSensitive
    guard case .string(let path) = path.unmarked else {
      if path.containsUnknown { return nil }
      throw error(
        "Invalid function argument: invalid value for \"path\" parameter: string required",
        at: expression)
    }
    var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard !path.hasPrefix("/"), let fileName = parts.popLast(),
      let folder = EvaluationContext.folder(parts.joined(separator: "/"), from: context.root)
    else { return nil }
    context.lookingUp?(folder == "." ? fileName : folder + "/" + fileName)
    let entry = try context.files(folder)?.first {
      $0.path.split(separator: "/").last.map(String.init) == fileName
    }
    // A sensitive path is never printed, and what it reads stays sensitive, as in Terraform.
    let shown = pathIsSensitive ? "(sensitive value)" : "\"\(path)\""
    return (entry?.bytes, shown)
  }

  private func text(of bytes: [UInt8], _ shown: String, _ expression: HCLExpression)
    throws(DriftError) -> String
  {
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw error(
        "Invalid function argument: contents of \(shown) are not valid UTF-8; use the "
          + "filebase64 function to obtain the Base64 encoded contents", at: expression)
    }
    return text
  }

  /// `templatefile(path, vars)` and `templatestring(template, vars)`: the template evaluated
  /// with only `vars` in scope, as a string.
  private func renderTemplate(
    _ name: String, _ values: [TerraformValue], _ expression: HCLExpression
  ) throws(DriftError) -> TerraformValue {
    try expectArguments(name, values, 2, expression)
    let source: [UInt8]
    let templateFile: String
    var isSensitive = values[0].containsSensitive
    if name == "templatefile" {
      guard let read = try fileContents(values[0], expression) else { return .unknown }
      guard let bytes = read.bytes else {
        throw error(
          "Invalid function argument: invalid value for \"path\" parameter: no file exists at "
            + read.shown, at: expression)
      }
      source = Array(try text(of: bytes, read.shown, expression).utf8)
      let path = values[0].unmarked.primitiveText ?? ""
      templateFile = context.root == "." ? path : context.root + "/" + path
    } else {
      guard case .string(let text) = values[0].unmarked else {
        if values[0].containsUnknown { return .unknown }
        throw error(
          "Invalid function argument: invalid value for \"template\" parameter: string "
            + "required", at: expression)
      }
      source = Array(text.utf8)
      templateFile = file
    }
    let (bareVariables, variablesSensitive) = values[1].peeled
    isSensitive = isSensitive || variablesSensitive
    let variables: [String: TerraformValue]
    switch bareVariables {
    case .unknown: return .unknown
    case .object(let members, _): variables = members
    default:
      throw error(
        "Invalid function argument: invalid value for \"vars\" parameter: map of any single "
          + "type required", at: expression)
    }
    let template = try HCLParser.parseTemplate(source, file: templateFile)
    // Only `vars` are in scope: no var., local., count or each, as in Terraform.
    var scope = self
    scope.file = templateFile
    scope.literalKind = nil
    scope.countIndex = nil
    scope.iterators = [:]
    scope.forVariables = variables.mapValues { Evaluated($0) }
    let value = try scope.evaluate(template).value
    if value.containsUnknown { return .unknown }
    let (bare, resultSensitive) = value.peeled
    guard let text = bare.primitiveText else {
      throw error(
        "Invalid function argument: the template of \"\(name)\" must produce a string, not "
          + bare.typeName, at: expression)
    }
    return isSensitive || resultSensitive ? .sensitive(.string(text)) : .string(text)
  }

  /// `yamldecode(text)` through the context's YAML reader, which reads it as go-cty-yaml does
  /// (`yes` is true, `0o17` is 15, `017` is 17); unknown without a reader.
  private func yamlDecode(_ values: [TerraformValue], _ expression: HCLExpression)
    throws(DriftError) -> TerraformValue
  {
    try expectArguments("yamldecode", values, 1, expression)
    var argument = values[0]
    var sensitive = false
    while case .sensitive(let inner) = argument {
      argument = inner
      sensitive = true
    }
    guard let decoder = context.yamlDecoder, case .string(let text) = argument else {
      return .unknown
    }
    do throws(DriftError) {
      let value = TerraformValue(try decoder(Array(text.utf8)))
      return sensitive ? .sensitive(value) : value
    } catch {
      let reason =
        sensitive ? "the argument is sensitive, so the reason is not shown" : error.message
      throw self.error(
        "Invalid function argument: Call to function \"yamldecode\" failed: \(reason).",
        at: expression)
    }
  }
}
