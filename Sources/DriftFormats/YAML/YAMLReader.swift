import CLibYAML
public import DriftModel

/// Reads YAML streams into `Value`s, one per document, keeping member order and positions.
///
/// Built directly on libyaml's event parser: composing node trees first (as Yams does) and
/// then converting them cost several times more on large repositories, and this is the hot
/// path of every check. Plain scalars resolve as Kubernetes resolves them (YAML 1.1 through
/// sigs.k8s.io/yaml): `true`/`yes`/`on` are booleans, `0x1F` and `1_000` are integers,
/// timestamps stay strings. Nesting depth and alias expansion are bounded, so a hostile file
/// fails instead of eating the machine; duplicate keys are an error.
public enum YAMLReader {
  /// The deepest nesting accepted.
  public static let maximumDepth = 256

  /// One document of a stream and where it starts.
  public struct Document: Sendable {
    public var value: Value
    public var position: Position
  }

  /// Parses every document of a YAML stream; empty documents are skipped.
  ///
  /// - Throws: `DriftError` with the file, line and column of the first problem.
  public static func documents(_ bytes: [UInt8], file: String) throws(DriftError) -> [Document] {
    // A byte order mark is not content (editors on Windows write one); it takes no column.
    let content = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    if let documents = BlockYAMLReader.documents(content) { return documents }
    return try libyamlDocuments(content, file: file)
  }

  /// Parses every document of a YAML stream with libyaml, whatever its style: the reference
  /// that ``documents(_:file:)`` agrees with.
  public static func libyamlDocuments(_ bytes: [UInt8], file: String) throws(DriftError)
    -> [Document]
  {
    var composer = Composer(file: file, budget: 8 * bytes.count + 10_000)
    return try compose(bytes, with: &composer)
  }

  /// The value of a stream as Terraform's `yamldecode` (go-cty-yaml) reads it: exactly one
  /// document (an empty stream is an error, `---` alone null), scalars resolved as
  /// `CtyScalarResolver` says, keys converted to strings (`yes: 1` has the key `"true"`), later
  /// keys replacing earlier ones (a merge key `<<` too, in order), and tags other than the
  /// core ones errors.
  public static func terraformValue(_ bytes: [UInt8], file: String) throws(DriftError) -> Value {
    var composer = Composer(file: file, budget: 8 * bytes.count + 10_000)
    composer.cty = true
    let documents = try compose(bytes, with: &composer)
    guard composer.documentStarts > 0 else {
      throw DriftError("missing start of document", at: SourceLocation(file: file))
    }
    guard composer.documentStarts == 1 else {
      throw DriftError(
        "unexpected extra content after value",
        at: SourceLocation(file: file, position: composer.secondDocument))
    }
    return documents.first?.value ?? .null
  }

  private static func compose(_ bytes: [UInt8], with composer: inout Composer)
    throws(DriftError) -> [Document]
  {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else {
      throw DriftError("cannot start the YAML parser", at: SourceLocation(file: composer.file))
    }
    defer { yaml_parser_delete(&parser) }
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
    return try bytes.withUnsafeBufferPointer { (buffer) throws(DriftError) -> [Document] in
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      var event = yaml_event_t()
      while true {
        guard yaml_parser_parse(&parser, &event) == 1 else {
          throw composer.error(from: parser, input: buffer)
        }
        defer { yaml_event_delete(&event) }
        if event.type == YAML_STREAM_END_EVENT { break }
        try composer.handle(event)
      }
      return composer.documents
    }
  }

  /// Parses a stream that must hold exactly one document (an empty stream is `null`).
  public static func value(_ bytes: [UInt8], file: String) throws(DriftError) -> Value {
    let documents = try documents(bytes, file: file)
    guard documents.count <= 1 else {
      throw DriftError(
        "expected one YAML document, found \(documents.count)",
        at: SourceLocation(file: file, position: documents[1].position))
    }
    return documents.first?.value ?? .null
  }
}

/// Builds values from parser events with a stack of open collections.
private struct Composer {
  let file: String
  var budget: Int
  /// Whether values are resolved as Terraform's `yamldecode` resolves them.
  var cty = false
  /// How many documents began, and where the second did.
  var documentStarts = 0
  var secondDocument = Position.unknown
  var documents: [YAMLReader.Document] = []
  private var stack: [Frame] = []
  private var anchors: [String: (value: Value, nodes: Int)] = [:]
  private var documentStart = Position.unknown

  private struct Frame {
    var isMapping: Bool
    var members: [Member] = []
    var elements: [Value] = []
    var keys: Set<String> = []
    var pendingKey: (String, Position)?
    /// Whether the mapping has a plain `<<` key (with `cty`).
    var merges = false
    var anchor: String?
    var nodes = 1
    var position: Position

    /// Mappings with more keys than this look duplicates up in `keys` rather than `members`.
    static let keysLookedUpInOrder = 16

    /// Whether `key` is new to this mapping; remembers it when it is.
    mutating func admits(_ key: String) -> Bool {
      if members.count < Self.keysLookedUpInOrder {
        return !members.contains { $0.key == key }
      }
      if keys.isEmpty { keys = Set(members.map(\.key)) }
      return keys.insert(key).inserted
    }
  }

  init(file: String, budget: Int) {
    self.file = file
    self.budget = budget
  }

  func location(_ mark: yaml_mark_t) -> SourceLocation {
    SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
  }

  func position(_ mark: yaml_mark_t) -> Position {
    Position(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
  }

  func error(from parser: yaml_parser_t, input: UnsafeBufferPointer<UInt8>) -> DriftError {
    let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
    let context = parser.context.map { " " + String(cString: $0) } ?? ""
    // libyaml's reader (bad UTF-8, control characters) leaves problem_mark at 1:1 and gives
    // the byte offset of the offending octet instead.
    let place =
      parser.error == YAML_READER_ERROR
      ? location(ofOffset: Int(parser.problem_offset), in: input) : location(parser.problem_mark)
    return DriftError("invalid YAML: \(problem)\(context)", at: place)
  }

  /// The line and column (in scalars, as libyaml counts them) of a byte offset.
  ///
  /// An invalid trailing octet is placed at the start of the sequence it breaks.
  func location(ofOffset offset: Int, in input: UnsafeBufferPointer<UInt8>) -> SourceLocation {
    var offset = min(offset, input.count)
    for back in 1...3 where offset - back >= 0 {
      let lead = input[offset - back]
      guard lead & 0xC0 != 0x80 else { continue }
      let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
      if length > back { offset -= back }
      break
    }
    let before = input.prefix(offset)
    var line = 1
    var lineStart = before.startIndex
    for index in before.indices where before[index] == 0x0A || before[index] == 0x0D {
      if before[index] == 0x0D, index + 1 < input.count, input[index + 1] == 0x0A { continue }
      line += 1
      lineStart = index + 1
    }
    // Continuation bytes (10xxxxxx) do not start a scalar.
    let column = before[lineStart...].count { $0 & 0xC0 != 0x80 } + 1
    return SourceLocation(file: file, line: line, column: column)
  }

  mutating func handle(_ event: yaml_event_t) throws(DriftError) {
    switch event.type {
    case YAML_DOCUMENT_START_EVENT:
      documentStart = position(event.start_mark)
      documentStarts += 1
      if documentStarts == 2 { secondDocument = documentStart }
      anchors = [:]
    case YAML_SCALAR_EVENT:
      let scalar = event.data.scalar
      let text = String(
        decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
      let anchor = scalar.anchor.map { String(cString: $0) }
      // A mapping key is used as text; only an anchored one is ever read as a value.
      let isKey = stack.last.map { $0.isMapping && $0.pendingKey == nil } ?? false
      let value: Value
      var keyText = text
      if cty {
        let tag = scalar.tag.map { String(cString: $0) }
        let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE
        switch CtyScalarResolver.resolve(text, tag: tag, plain: plain) {
        case .success(let resolved): value = resolved
        case .failure(let problem):
          throw DriftError(problem.message, at: location(event.start_mark))
        }
        if isKey {
          guard let key = CtyScalarResolver.keyText(value) else {
            throw DriftError("mapping key cannot be null", at: location(event.start_mark))
          }
          keyText = key
          if plain, tag == nil, text == "<<" { keyText = Self.mergeKey }
        }
      } else if isKey, anchor == nil {
        value = .string(text)
      } else {
        let tag = scalar.tag.map { String(cString: $0) }
        let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE
        value = Self.resolve(text, tag: tag, plain: plain)
      }
      try add(value, nodes: 1, at: event.start_mark, anchor: anchor, keyText: keyText)
    case YAML_ALIAS_EVENT:
      let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
      guard let anchored = anchors[name] else {
        throw DriftError("undefined alias '\(name)'", at: location(event.start_mark))
      }
      try add(
        anchored.value, nodes: anchored.nodes, at: event.start_mark, anchor: nil, keyText: nil)
    case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
      guard stack.count < YAMLReader.maximumDepth else {
        throw DriftError(
          "YAML nested deeper than \(YAMLReader.maximumDepth) levels",
          at: location(event.start_mark))
      }
      let isMapping = event.type == YAML_MAPPING_START_EVENT
      let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
      let tag = (isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag).map {
        String(cString: $0)
      }
      if cty, let tag, tag != CtyScalarResolver.core + (isMapping ? "map" : "seq") {
        throw DriftError(
          "can't interpret \(isMapping ? "mapping" : "sequence") as \(tag)",
          at: location(event.start_mark))
      }
      stack.append(
        Frame(
          isMapping: isMapping, anchor: anchor.map { String(cString: $0) },
          position: position(event.start_mark)))
    case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
      guard let frame = stack.popLast() else { return }
      let value: Value =
        frame.isMapping
        ? .object(try cty ? replaced(frame.members) : merged(frame.members))
        : .array(frame.elements)
      if let anchor = frame.anchor { anchors[anchor] = (value, frame.nodes) }
      try add(
        value, nodes: frame.nodes, at: nil, anchor: nil, keyText: nil, framePosition: frame.position
      )
    default:
      break
    }
  }

  private mutating func add(
    _ value: Value, nodes: Int, at mark: yaml_mark_t?, anchor: String?, keyText: String?,
    framePosition: Position? = nil
  ) throws(DriftError) {
    budget -= nodes
    let place = mark.map(position) ?? framePosition ?? .unknown
    guard budget >= 0 else {
      throw DriftError(
        "YAML aliases expand far beyond the size of the file (an alias bomb?)",
        at: SourceLocation(file: file, position: place))
    }
    if let anchor { anchors[anchor] = (value, nodes) }
    let top = stack.count - 1
    guard top >= 0 else {
      if case .null = value { return }
      documents.append(
        YAMLReader.Document(value: value, position: place.isKnown ? place : documentStart))
      return
    }
    stack[top].nodes += nodes
    guard stack[top].isMapping else {
      stack[top].elements.append(value)
      return
    }
    if let (key, keyPosition) = stack[top].pendingKey {
      stack[top].members.append(Member(key, value, at: keyPosition))
      stack[top].pendingKey = nil
      return
    }
    guard let key = keyText ?? value.stringValue else {
      throw DriftError(
        "mapping keys must be scalars", at: SourceLocation(file: file, position: place))
    }
    guard cty || stack[top].admits(key) else {
      throw DriftError(
        "duplicate key '\(key)' in a mapping", at: SourceLocation(file: file, position: place))
    }
    stack[top].pendingKey = (key, place)
  }

  /// The members of a mapping with YAML 1.1 merge keys applied, as kubectl (go-yaml) and
  /// PyYAML apply them: `<<: *base` or `<<: [*a, *b]` adds the keys of those mappings that the
  /// mapping does not state itself, the first mapping of a list winning, in place of `<<`.
  func merged(_ members: [Member]) throws(DriftError) -> [Member] {
    guard let index = members.firstIndex(where: { $0.key == "<<" }) else { return members }
    let merge = members[index]
    let sources: [Value]
    switch merge.value {
    case .object: sources = [merge.value]
    case .array(let elements) where elements.allSatisfy({ $0.members != nil }): sources = elements
    default:
      throw DriftError(
        "a merge key '<<' takes a mapping or a list of mappings, not \(merge.value.typeName)",
        at: SourceLocation(file: file, position: merge.position))
    }
    var stated = Set(members.map(\.key))
    var added: [Member] = []
    for source in sources {
      for member in source.members ?? [] where stated.insert(member.key).inserted {
        added.append(Member(member.key, member.value, at: merge.position))
      }
    }
    return Array(members[..<index]) + added + Array(members[(index + 1)...])
  }

  /// What a plain `<<` key is held as until its mapping ends (with `cty`): no YAML key can be
  /// this text.
  static let mergeKey = "\u{0}<<"

  /// The members of a mapping as go-cty-yaml builds it: in order, a later key replacing an
  /// earlier one, and a merge key `<<` setting each key of its mapping in the same way.
  func replaced(_ members: [Member]) throws(DriftError) -> [Member] {
    var result: [Member] = []
    var index: [String: Int] = [:]
    func set(_ member: Member) {
      if let at = index[member.key] {
        result[at] = member
      } else {
        index[member.key] = result.count
        result.append(member)
      }
    }
    for member in members {
      guard member.key == Self.mergeKey else {
        set(member)
        continue
      }
      guard case .object(let merged) = member.value else {
        let type: String
        switch member.value {
        case .array: type = "tuple"
        case .integer, .double: type = "number"
        case .bool: type = "bool"
        case .string: type = "string"
        default: type = "null"
        }
        throw DriftError(
          "cannot merge \(type) into mapping",
          at: SourceLocation(file: file, position: member.position))
      }
      for inner in merged { set(Member(inner.key, inner.value, at: member.position)) }
    }
    return result
  }

  static func resolve(_ text: String, tag: String?, plain: Bool) -> Value {
    switch tag {
    case nil, "!":
      return plain ? ScalarResolver.resolvePlain(text) : .string(text)
    case "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
      "tag:yaml.org,2002:null":
      return ScalarResolver.resolvePlain(text)
    default:
      return .string(text)
    }
  }
}
