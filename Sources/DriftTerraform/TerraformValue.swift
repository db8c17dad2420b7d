/// A value of the Terraform language during offline evaluation.
///
/// `unknown` is what cannot be known without a provider or remote state (a computed id, an
/// unknown function): anything built from it is unknown, and it is never compared. A value
/// derived from a sensitive one is wrapped in `sensitive`.
///
/// Swift's `==` compares contents only: `[1]` and `tolist([1])` are `==`, whatever their
/// shapes. Terraform's `==` is ``isEqual(to:)``, which also compares their cty types.
public indirect enum TerraformValue: Sendable {
  case null
  case unknown
  case bool(Bool)
  case number(TerraformNumber)
  case string(String)
  /// A tuple (`.structural`, HCL's `[...]`) or a list (`.collection`, `tolist`, `list(string)`).
  case list([TerraformValue], TerraformShape = .structural)
  /// Distinct elements, in Terraform's order (strings sorted; numbers by value).
  case set([TerraformValue])
  /// An object (`.structural`, HCL's `{...}`) or a map (`.collection`, `tomap`,
  /// `map(string)`); Terraform iterates keys in lexical order.
  case object([String: TerraformValue], TerraformShape = .structural)
  /// A value marked sensitive.
  case sensitive(TerraformValue)
}

/// Which of cty's two types a `TerraformValue.list` or `.object` has.
///
/// The structural types (tuple, object) give each element its own type, the collection types
/// (list, map) one type to all. Values of different shapes are never equal in Terraform.
public enum TerraformShape: Sendable, Hashable {
  /// A tuple or an object: what HCL's `[...]` and `{...}`, `for` expressions, and most
  /// functions given tuples or objects make.
  case structural
  /// A list or a map: what `tolist`, `tomap`, a typed variable, and functions given lists or
  /// maps make.
  case collection
  /// Read from a state without its provider's schema: either. It equals a value of any
  /// shape whose elements are equal, so that comparing with a live value is as loose as a
  /// comparison of contents.
  case schemaless
}

extension TerraformValue: Hashable {
  /// Whether both have the same contents, whatever their shapes (see ``isEqual(to:)`` for
  /// Terraform's `==`).
  public static func == (lhs: TerraformValue, rhs: TerraformValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null), (.unknown, .unknown): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.list(let a, _), .list(let b, _)), (.set(let a), .set(let b)): return a == b
    case (.object(let a, _), .object(let b, _)): return a == b
    case (.sensitive(let a), .sensitive(let b)): return a == b
    default: return false
    }
  }

  public func hash(into hasher: inout Hasher) {
    switch self {
    case .null: hasher.combine(0)
    case .unknown: hasher.combine(1)
    case .bool(let flag): hasher.combine(flag)
    case .number(let number): hasher.combine(number)
    case .string(let text): hasher.combine(text)
    case .list(let elements, _):
      hasher.combine(2)
      hasher.combine(elements)
    case .set(let elements):
      hasher.combine(3)
      hasher.combine(elements)
    case .object(let members, _):
      hasher.combine(4)
      hasher.combine(members)
    case .sensitive(let inner):
      hasher.combine(5)
      hasher.combine(inner)
    }
  }
}
