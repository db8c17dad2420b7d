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
      case .list(let elements), .set(let elements):
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
    case "file", "fileexists":
      return Evaluated(try readFile(name, values, expression))
    case "yamldecode":
      return Evaluated(try yamlDecode(values, expression))
    case "templatefile", "fileset", "filebase64", "filemd5", "filesha1", "filesha256",
      "filesha512", "filebase64sha256", "filebase64sha512", "timestamp", "uuid", "bcrypt",
      "plantimestamp":
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

  /// `file(path)` and `fileexists(path)`, with `path` relative to the root module's folder.
  private func readFile(_ name: String, _ values: [TerraformValue], _ expression: HCLExpression)
    throws(DriftError) -> TerraformValue
  {
    guard values.count == 1 else {
      throw error(
        "Invalid function argument: function \"\(name)\" takes one argument", at: expression)
    }
    guard case .string(let path) = values[0].unmarked else {
      if values[0].containsUnknown { return .unknown }
      throw error(
        "Invalid function argument: invalid value for \"path\" parameter: string required",
        at: expression)
    }
    var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard !path.hasPrefix("/"), let fileName = parts.popLast(),
      let folder = EvaluationContext.folder(parts.joined(separator: "/"), from: context.root)
    else { return .unknown }
    context.lookingUp?(folder == "." ? fileName : folder + "/" + fileName)
    let entry = try context.files(folder)?.first {
      $0.path.split(separator: "/").last.map(String.init) == fileName
    }
    // A sensitive path is never printed, and what it reads stays sensitive, as in Terraform.
    let isSensitive = values[0].containsSensitive
    let shown = isSensitive ? "(sensitive value)" : "\"\(path)\""
    if name == "fileexists" {
      return isSensitive ? .sensitive(.bool(entry != nil)) : .bool(entry != nil)
    }
    guard let entry else {
      throw error(
        "Invalid function argument: invalid value for \"path\" parameter: no file exists at "
          + shown, at: expression)
    }
    guard let text = String(validating: entry.bytes, as: UTF8.self) else {
      throw error(
        "Invalid function argument: contents of \(shown) are not valid UTF-8; use the "
          + "filebase64 function to obtain the Base64 encoded contents", at: expression)
    }
    return isSensitive ? .sensitive(.string(text)) : .string(text)
  }

  /// `yamldecode(text)` through the context's YAML reader: YAML 1.1 as go-yaml reads it
  /// (`yes` is true, `0x10` is 16); unknown without a reader.
  private func yamlDecode(_ values: [TerraformValue], _ expression: HCLExpression)
    throws(DriftError) -> TerraformValue
  {
    guard values.count == 1 else {
      throw error(
        "Invalid function argument: function \"yamldecode\" expects 1 argument(s), got "
          + "\(values.count).", at: expression)
    }
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
