extension TerraformValue {
  /// The shape of a list or object, nil for any other value.
  var shape: TerraformShape? {
    switch self {
    case .list(_, let shape), .object(_, let shape): return shape
    case .sensitive(let inner): return inner.shape
    default: return nil
    }
  }

  /// The value with `shape` for its own shape when it is a list or an object; elements keep
  /// theirs.
  func reshaped(_ shape: TerraformShape) -> TerraformValue {
    switch self {
    case .list(let elements, _): return .list(elements, shape)
    case .object(let members, _): return .object(members, shape)
    case .sensitive(let inner): return .sensitive(inner.reshaped(shape))
    default: return self
    }
  }

  /// The value with every list and object, at any depth, of the schemaless shape: what
  /// a provider's schema would type, unknown offline.
  var schemaless: TerraformValue {
    switch self {
    case .null, .unknown, .bool, .number, .string: return self
    case .list(let elements, _): return .list(elements.map(\.schemaless), .schemaless)
    case .set(let elements): return .set(elements.map(\.schemaless))
    case .object(let members, _): return .object(members.mapValues(\.schemaless), .schemaless)
    case .sensitive(let inner): return .sensitive(inner.schemaless)
    }
  }
}
