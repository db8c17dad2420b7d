public import DriftJSON
public import DriftModel

extension TerraformValue {
  /// The Terraform value of a `Value` read from JSON or YAML.
  ///
  /// Integers and doubles become numbers, arrays lists, objects objects, all of `shape`: a
  /// tuple and an object, as `jsondecode` makes them, or `.schemaless` for a value of a state.
  /// A `.sensitive(digest:)` becomes `sensitive(unknown)`: a digest cannot give back the
  /// secret, so anything computed from it stays unknown, and still sensitive.
  public init(_ value: DriftModel.Value, shape: TerraformShape = .structural) {
    switch value {
    case .null: self = .null
    case .bool(let flag): self = .bool(flag)
    case .integer(let number): self = .number(TerraformNumber(number))
    case .double(let number): self = .number(TerraformNumber(floatLiteral: number))
    case .string(let text): self = .string(text)
    case .array(let elements):
      self = .list(elements.map { TerraformValue($0, shape: shape) }, shape)
    case .object(let members):
      var object: [String: TerraformValue] = [:]
      for member in members { object[member.key] = TerraformValue(member.value, shape: shape) }
      self = .object(object, shape)
    case .sensitive: self = .sensitive(.unknown)
    }
  }

  /// The value as a `Value`, or nil when an unknown is anywhere inside.
  ///
  /// Whole numbers become integers, sets become arrays (in their order), objects have their
  /// keys sorted. A sensitive value is digested by `SecretDigester.sensitive(_:)`, as the Terraform
  /// state reader digests secrets, so equal secrets compare equal once the resource that holds
  /// them is bound to its address (`SecretDigester.binding(_:address:)`).
  public func value(digesting digester: SecretDigester) -> DriftModel.Value? {
    switch self {
    case .null: return .null
    case .unknown: return nil
    case .bool(let flag): return .bool(flag)
    case .number(let number): return Self.jsonNumber(number)
    case .string(let text): return .string(text)
    case .list(let elements, _), .set(let elements):
      var values: [DriftModel.Value] = []
      values.reserveCapacity(elements.count)
      for element in elements {
        guard let value = element.value(digesting: digester) else { return nil }
        values.append(value)
      }
      return .array(values)
    case .object(let object, _):
      var members: [Member] = []
      members.reserveCapacity(object.count)
      for key in Self.sortedKeys(object) {
        guard let value = object[key]?.value(digesting: digester) else { return nil }
        members.append(Member(key, value))
      }
      return .object(members)
    case .sensitive(let inner):
      guard let clear = inner.unmarked.value(digesting: digester) else { return nil }
      return digester.sensitive(clear)
    }
  }

  /// A number as a `Value`, as Terraform writes it into a state and the JSON reader reads it
  /// back: an integer when its text is one that fits, a double otherwise.
  static func jsonNumber(_ number: TerraformNumber) -> DriftModel.Value {
    if case .integer(let integer) = number.storage { return .integer(integer) }
    let text = number.description
    if let integer = Int(text) { return .integer(integer) }
    return .double(Double(text) ?? number.double)
  }

  /// The keys of an object in Terraform's order: lexical by UTF-8 bytes.
  static func sortedKeys(_ object: [String: TerraformValue]) -> [String] {
    object.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }
}

extension TerraformValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral,
  ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
  /// A string.
  public init(stringLiteral value: String) { self = .string(value) }
  /// A number.
  public init(integerLiteral value: Int) { self = .number(TerraformNumber(value)) }
  /// A number.
  public init(floatLiteral value: Double) { self = .number(TerraformNumber(floatLiteral: value)) }
  /// A bool.
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  /// Null.
  public init(nilLiteral: ()) { self = .null }
  /// A list.
  public init(arrayLiteral elements: TerraformValue...) { self = .list(elements) }
  /// An object; a repeated key keeps its last value.
  public init(dictionaryLiteral elements: (String, TerraformValue)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
  }
}
