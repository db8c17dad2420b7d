/// How Terraform writes a string instance key in an address: `x["tab\tkey"]`, `x["$${a}"]`.
///
/// One place for every address git-drift makes (evaluated instances, references to live
/// instances, state reading), so that an evaluated address is the one the state holds: a key
/// with a tab or `${` written raw made a "missing" and an "unmanaged" of one resource.
public enum TerraformInstanceKey {
  /// `text` as an HCL quoted string, as Terraform writes string instance keys: backslash
  /// escapes for quotes, backslashes and control characters, and `${`/`%{` doubled to `$${`/
  /// `%%{` so that the key never reads as a template.
  public static func quoted(_ text: String) -> String {
    var output = "\""
    let scalars = Array(text.unicodeScalars)
    for (offset, scalar) in scalars.enumerated() {
      switch scalar {
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "$", "%":
        output.unicodeScalars.append(scalar)
        if offset + 1 < scalars.count, scalars[offset + 1] == "{" {
          output.unicodeScalars.append(scalar)
        }
      default:
        if isPrintable(scalar) {
          output.unicodeScalars.append(scalar)
        } else if scalar.value < 0x10000 {
          output += "\\u" + hex(scalar.value, width: 4)
        } else {
          output += "\\U" + hex(scalar.value, width: 8)
        }
      }
    }
    return output + "\""
  }

  /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
  private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
    if scalar == " " { return true }
    switch scalar.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator,
      .lineSeparator, .paragraphSeparator:
      return false
    default:
      return true
    }
  }

  private static func hex(_ value: UInt32, width: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}
