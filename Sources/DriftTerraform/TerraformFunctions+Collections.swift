extension TerraformFunctions {
  /// Functions over lists and maps.
  static func collectionFunction(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue?
  {
    switch arguments.function {
    case "merge": return try merge(arguments)
    case "concat": return try concat(arguments)
    case "lookup": return try lookup(arguments)
    case "keys":
      try arguments.expect(1)
      // A tuple of an object's keys, a list of a map's.
      return .list(
        TerraformValue.sortedKeys(try arguments.object(0, "inputMap")).map(TerraformValue.string),
        arguments.shape(0))
    case "values":
      try arguments.expect(1)
      let object = try arguments.object(0, "mapping")
      return .list(TerraformValue.sortedKeys(object).compactMap { object[$0] }, arguments.shape(0))
    case "length": return try length(arguments)
    case "index": return try index(arguments)
    case "element": return try element(arguments)
    case "flatten":
      try arguments.expect(1)
      return .list(flatten(try arguments.list(0, "list")))
    case "distinct":
      try arguments.expect(1)
      // list(any): a tuple becomes a list of one type first ([1, "1"] is ["1", "1"]).
      let elements = try TerraformValue.unify(arguments.list(0, "list"), parameter: "list")
      return .list(TerraformValue.distinct(elements), .collection)
    case "zipmap": return try zipmap(arguments)
    case "contains":
      try arguments.expect(2)
      return .bool(
        TerraformValue.position(of: arguments[1], in: try arguments.list(0, "list")) != nil)
    case "compact": return try compact(arguments)
    case "sort": return try sort(arguments)
    case "reverse":
      try arguments.expect(1)
      return .list(try arguments.list(0, "list").reversed(), arguments.shape(0))
    case "range": return try range(arguments)
    case "slice": return try slice(arguments)
    case "coalescelist": return try coalescelist(arguments)
    case "one": return try one(arguments)
    case "alltrue", "anytrue": return try allOrAny(arguments)
    default: return nil
    }
  }

  private static func merge(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue
  {
    var merged: [String: TerraformValue] = [:]
    // A map when every argument is a map (of one type, which the elements show); an object
    // when one is an object.
    var shape = TerraformShape.collection
    var elementKinds: Set<String> = []
    for value in arguments.values {
      switch value {
      case .null: continue
      case .object(let object, let objectShape):
        merged.merge(object) { $1 }
        if objectShape != .collection { shape = objectShape }
        if objectShape == .collection {
          elementKinds.formUnion(object.values.map(\.peeled.value.typeName))
        }
      default:
        throw .invalid("maps", "arguments must be maps or objects, got \"\(value.typeName)\"")
      }
    }
    elementKinds.remove("null")
    if shape == .collection, elementKinds.count > 1 { shape = .structural }
    if arguments.values.allSatisfy({ $0 == .null }) { shape = .structural }
    return .object(merged, shape)
  }

  private static func concat(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue
  {
    guard !arguments.values.isEmpty else {
      throw .failed("concat", "at least one argument is required")
    }
    var elements: [TerraformValue] = []
    // A list when every argument is a list, a tuple when one is a tuple.
    var shape = TerraformShape.collection
    for value in arguments.values {
      guard case .list(let list, let listShape) = value else {
        throw .invalid(
          "seqs", "all arguments must be lists or tuples; got \(value.typeName)")
      }
      if listShape != .collection { shape = listShape }
      elements += list
    }
    return .list(elements, shape)
  }

  private static func lookup(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue
  {
    try arguments.expect(2...3)
    let object = try arguments.object(0, "inputMap")
    let key = try arguments.string(1, "key")
    if let found = object[key] { return found }
    if arguments.count == 3 { return arguments[2] }
    throw .invalid("inputMap", "the given object has no attribute \"\(key)\"")
  }

  private static func length(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue
  {
    try arguments.expect(1)
    switch try arguments.notNull(0, "value") {
    case .string(let text): return .number(TerraformNumber(text.count))
    case .list(let elements, _), .set(let elements): return .number(TerraformNumber(elements.count))
    case .object(let object, _): return .number(TerraformNumber(object.count))
    case let other:
      throw .invalid(
        "value", "value must be a string, list, set, map, or object, got \(other.typeName)")
    }
  }

  private static func index(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue
  {
    try arguments.expect(2)
    let list = try arguments.list(0, "list")
    guard let position = TerraformValue.position(of: arguments[1], in: list) else {
      throw .failed("index", "item not found")
    }
    return .number(TerraformNumber(position))
  }

  private static func element(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue
  {
    try arguments.expect(2)
    let list = try arguments.list(0, "list")
    let index = try arguments.integer(1, "index")
    guard !list.isEmpty else {
      throw .failed("element", "cannot use element function with an empty list")
    }
    // Go's remainder, as Terraform takes it: a negative index fails unless the list has one
    // element (Terraform itself panics there).
    let position = index % list.count
    guard position >= 0 else {
      throw .failed("element", "cannot use element function with a negative index")
    }
    return list[position]
  }

  private static func flatten(_ elements: [TerraformValue]) -> [TerraformValue] {
    elements.flatMap { element -> [TerraformValue] in
      switch element {
      case .list(let inner, _), .set(let inner): return flatten(inner)
      default: return [element]
      }
    }
  }

  private static func zipmap(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue
  {
    try arguments.expect(2)
    let keys = try arguments.list(0, "keys")
    let values = try arguments.list(1, "values")
    guard keys.count == values.count else {
      throw .failed(
        "zipmap",
        "number of keys (\(keys.count)) does not match number of values (\(values.count))")
    }
    var object: [String: TerraformValue] = [:]
    for (key, value) in zip(keys, values) {
      guard let name = key.primitiveText else {
        throw .invalid("keys", "list of string required")
      }
      object[name] = value
    }
    // A map of a list's values, an object of a tuple's.
    return .object(object, arguments.shape(1))
  }

  private static func compact(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue
  {
    try arguments.expect(1)
    var kept: [TerraformValue] = []
    for element in try arguments.list(0, "list") where element != .null {
      guard let text = element.primitiveText else {
        throw .invalid("list", "list of string required")
      }
      if !text.isEmpty { kept.append(.string(text)) }
    }
    return .list(kept, .collection)
  }

  private static func sort(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue
  {
    try arguments.expect(1)
    var texts: [String] = []
    for element in try arguments.list(0, "list") {
      guard let text = element.primitiveText else {
        throw .invalid("list", "list of string required")
      }
      texts.append(text)
    }
    return .list(
      texts.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map(TerraformValue.string),
      .collection)
  }

  private static func range(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue
  {
    try arguments.expect(1...3)
    var start: TerraformNumber = 0
    let limit: TerraformNumber
    if arguments.count == 1 {
      limit = try arguments.number(0, "params")
    } else {
      start = try arguments.number(0, "params")
      limit = try arguments.number(1, "params")
    }
    let step = try arguments.count == 3 ? arguments.number(2, "params") : (limit < start ? -1 : 1)
    guard step != 0 else { throw .failed("range", "step must not be zero") }
    if start < limit, step < 0 {
      throw .failed("range", "step must be positive when start is less than limit")
    }
    if start > limit, step > 0 {
      throw .failed("range", "step must be negative when start is greater than limit")
    }
    var elements: [TerraformValue] = []
    var current = start
    while step > 0 ? current < limit : current > limit {
      guard elements.count < 1024 else {
        throw .failed(
          "range",
          "more than 1024 values were generated; either decrease the difference between start "
            + "and end or use a smaller step")
      }
      elements.append(.number(current))
      current += step
    }
    return .list(elements, .collection)
  }

  private static func slice(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue
  {
    try arguments.expect(3)
    let list = try arguments.list(0, "list")
    let start = try arguments.integer(1, "start_index")
    let end = try arguments.integer(2, "end_index")
    guard start >= 0 else { throw .invalid("start_index", "must be greater than or equal to 0") }
    guard end <= list.count else {
      throw .invalid("end_index", "must be less than or equal to length")
    }
    guard start <= end else {
      throw .invalid("start_index", "must be less than or equal to end_index")
    }
    return .list(Array(list[start..<end]), arguments.shape(0))
  }

  private static func coalescelist(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue
  {
    try arguments.expect(1...Int.max)
    for value in arguments.values {
      switch value {
      case .null: continue
      case .list(let elements, let shape):
        if !elements.isEmpty { return .list(elements, shape) }
      case .set(let elements):
        if !elements.isEmpty { return .list(elements, .collection) }
      default:
        throw .invalid(
          "vals", "coalescelist arguments must be lists or tuples, got \(value.typeName)")
      }
    }
    throw .failed("coalescelist", "no non-null arguments")
  }

  private static func one(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue
  {
    try arguments.expect(1)
    let list = try arguments.list(0, "list")
    guard list.count <= 1 else {
      throw .invalid("list", "must be a list, set, or tuple value with either zero or one elements")
    }
    return list.first ?? .null
  }

  private static func allOrAny(_ arguments: Arguments) throws(TerraformFunctionError)
    -> TerraformValue
  {
    try arguments.expect(1)
    let all = arguments.function == "alltrue"
    for element in try arguments.list(0, "list") {
      let flag: Bool
      switch element {
      case .bool(let value): flag = value
      case .string("true"): flag = true
      case .string("false"), .null: flag = false
      default: throw .invalid("list", "list of bool required")
      }
      if flag != all { return .bool(!all) }
    }
    return .bool(all)
  }
}
