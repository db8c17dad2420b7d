public import DriftModel
import DriftTerraform

/// Terraform's own spelling of resource instance addresses, as `terraform state list` prints
/// them: `module.net.aws_instance.web[0]`, `module.x["k"].aws_s3_bucket.logs["a\"b"]`.
public enum TerraformAddress {
  /// The address of a managed resource instance.
  ///
  /// - Parameters:
  ///   - module: The module instance path (`module.a.module.b[0]`), empty for the root module.
  ///   - type: The resource type.
  ///   - name: The resource name.
  ///   - key: The instance key: a number for `count`, a string for `for_each`, nil for neither.
  public static func instance(module: String, type: String, name: String, key: Value?) -> String {
    let resource = "\(type).\(name)\(key.map(index) ?? "")"
    return module.isEmpty ? resource : "\(module).\(resource)"
  }

  /// Whether `address` is a data source's (`data.aws_ami.ubuntu`, `module.net[0].data.x.y`):
  /// its first segment after the module path is `data`.
  public static func isDataSource(_ address: String) -> Bool {
    var rest = Substring(address)
    while rest.hasPrefix("module.") {
      rest = rest.dropFirst("module.".count)
      // The module's name, then its instance key, whose quoted text may hold anything.
      var inQuotes = false
      var escaped = false
      var depth = 0
      var end = rest.endIndex
      for index in rest.indices {
        let character = rest[index]
        if inQuotes {
          if escaped {
            escaped = false
          } else if character == "\\" {
            escaped = true
          } else if character == "\"" {
            inQuotes = false
          }
          continue
        }
        switch character {
        case "\"": inQuotes = true
        case "[": depth += 1
        case "]": depth -= 1
        case "." where depth == 0: end = index
        default: break
        }
        if end != rest.endIndex { break }
      }
      guard end != rest.endIndex else { return false }
      rest = rest[rest.index(after: end)...]
    }
    return rest.hasPrefix("data.")
  }

  /// The index suffix of an instance key: `[0]` for a number, `["key"]` for a string, nothing
  /// for any other value.
  public static func index(_ key: Value) -> String {
    switch key {
    case .integer(let number): return "[\(number)]"
    case .double(let number) where number == number.rounded() && abs(number) < 1e15:
      return "[\(Int(number))]"
    case .string(let text): return "[\(quoted(text))]"
    default: return ""
    }
  }

  /// `text` as Terraform writes a string instance key (see ``TerraformInstanceKey/quoted(_:)``).
  public static func quoted(_ text: String) -> String { TerraformInstanceKey.quoted(text) }
}
