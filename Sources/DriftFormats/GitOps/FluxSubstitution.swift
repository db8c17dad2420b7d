/// Flux's post-build variable substitution over rendered YAML, as kustomize-controller does
/// it after `kustomize build`: `${var}`, `${var:=default}` (and `${var:-default}`) with
/// `[_a-zA-Z][_a-zA-Z0-9]*` names, `$${var}` for a literal `${var}`, an unset variable
/// replaced by nothing, and objects annotated `kustomize.toolkit.fluxcd.io/substitute:
/// disabled` left as they are.
enum FluxSubstitution {
  static let disabled = "kustomize.toolkit.fluxcd.io/substitute: disabled"

  /// `yaml` (documents separated by `---` lines) with `values` substituted; the forms not
  /// modelled (`${var/a/b}`, `${var:1:2}`) are left as written and named in `unsupported`.
  static func apply(_ yaml: String, values: [String: String]) -> (
    text: String, unsupported: [String]
  ) {
    var unsupported: [String] = []
    let documents = yaml.split(separator: "\n---\n", omittingEmptySubsequences: false)
    let substituted = documents.map { document -> String in
      if document.contains(disabled) { return String(document) }
      return substitute(String(document), values: values, unsupported: &unsupported)
    }
    return (substituted.joined(separator: "\n---\n"), unsupported)
  }

  static func substitute(_ text: String, values: [String: String], unsupported: inout [String])
    -> String
  {
    let bytes = Array(text.utf8)
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "$"), index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "$"),
        bytes[index + 2] == UInt8(ascii: "{")
      {
        output += Array("${".utf8)
        index += 3
        continue
      }
      guard byte == UInt8(ascii: "$"), index + 1 < bytes.count,
        bytes[index + 1] == UInt8(ascii: "{"),
        let close = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: "}"))
      else {
        output.append(byte)
        index += 1
        continue
      }
      let inner = String(decoding: bytes[(index + 2)..<close], as: UTF8.self)
      if let replacement = evaluate(inner, values: values) {
        output += Array(replacement.utf8)
      } else {
        unsupported.append("${\(inner)}")
        output += bytes[index...close]
      }
      index = close + 1
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// The value of `${inner}`; nil for a form that is not modelled.
  private static func evaluate(_ inner: String, values: [String: String]) -> String? {
    let name = inner.prefix { $0 == "_" || $0.isASCII && ($0.isLetter || $0.isNumber) }
    guard let first = name.first, first == "_" || first.isLetter else { return nil }
    let rest = inner.dropFirst(name.count)
    if rest.isEmpty { return values[String(name)] ?? "" }
    for operator_ in [":=", ":-"] where rest.hasPrefix(operator_) {
      let fallback = String(rest.dropFirst(2))
      let value = values[String(name)] ?? ""
      return value.isEmpty ? fallback : value
    }
    return nil
  }
}
