package import DriftModel

/// Drifts in the byte coding of ``ByteWriter``, for the kept report (see ``ReportMemo``):
/// JSONEncoder took 20% of a check that patched a report of 2,000 drifts, and JSONDecoder
/// most of reading it back.
///
/// Everything a drift holds is kept, positions of object members included, so that a decoded
/// drift renders as the one encoded.
package enum DriftCoding {
  /// `drifts` coded alone.
  package static func bytes(_ drifts: [Drift]) -> [UInt8] {
    var writer = ByteWriter(bytes: [])
    encode(drifts, into: &writer)
    return writer.bytes
  }

  /// The drifts `bytes` code, nil unless they are exactly that.
  package static func drifts(from bytes: [UInt8]) -> [Drift]? {
    var reader = ByteReader(bytes: bytes)
    guard let drifts = decode(&reader), reader.atEnd else { return nil }
    return drifts
  }

  static func encode(_ drifts: [Drift], into writer: inout ByteWriter) {
    writer.number(drifts.count)
    for drift in drifts { encode(drift, into: &writer) }
  }

  static func decode(_ reader: inout ByteReader) -> [Drift]? {
    guard let count = reader.number(), count <= reader.end - reader.offset else { return nil }
    var drifts: [Drift] = []
    drifts.reserveCapacity(count)
    for _ in 0..<count {
      guard let drift = decodeDrift(&reader) else { return nil }
      drifts.append(drift)
    }
    return drifts
  }

  // MARK: Drifts

  private static let kinds: [DriftKind] = [.modified, .missing, .unmanaged]
  private static let operations: [Change.Operation] = [.replace, .add, .remove]

  private static func encode(_ drift: Drift, into writer: inout ByteWriter) {
    writer.number(kinds.firstIndex(of: drift.kind) ?? 0)
    writer.text(drift.source)
    writer.text(drift.id.type)
    writer.text(drift.id.address)
    writer.flag(drift.location != nil)
    if let location = drift.location {
      writer.text(location.file)
      writer.number(location.line)
      writer.number(location.column)
    }
    writer.number(drift.severity.rawValue)
    writer.texts(drift.csf)
    writer.number(drift.changes.count)
    for change in drift.changes { encode(change, into: &writer) }
    encode(drift.actor, into: &writer)
    writer.texts(drift.owners)
  }

  private static func decodeDrift(_ reader: inout ByteReader) -> Drift? {
    guard let kind = reader.number().flatMap(kinds.element), let source = reader.text(),
      let type = reader.text(), let address = reader.text(), let hasLocation = reader.flag()
    else { return nil }
    var location: SourceLocation?
    if hasLocation {
      guard let file = reader.text(), let line = reader.number(), let column = reader.number()
      else { return nil }
      location = SourceLocation(file: file, line: line, column: column)
    }
    guard let severity = reader.number().flatMap(Severity.init(rawValue:)),
      let csf = reader.texts(), let count = reader.number(),
      count <= reader.end - reader.offset
    else { return nil }
    var changes: [Change] = []
    changes.reserveCapacity(count)
    for _ in 0..<count {
      guard let change = decodeChange(&reader) else { return nil }
      changes.append(change)
    }
    guard let actor = decodeActor(&reader), let owners = reader.texts() else { return nil }
    var drift = Drift(
      kind: kind, source: source, id: ResourceID(type: type, address: address),
      location: location, severity: severity, csf: csf, changes: changes, actor: actor)
    drift.owners = owners
    return drift
  }

  private static func encode(_ change: Change, into writer: inout ByteWriter) {
    writer.number(operations.firstIndex(of: change.operation) ?? 0)
    writer.texts(change.path.tokens)
    for value in [change.desired, change.live] {
      writer.flag(value != nil)
      if let value { encode(value, into: &writer) }
    }
    writer.flag(change.line != nil)
    if let line = change.line { writer.signed(line) }
    writer.optionalText(change.file)
    writer.number(change.severity.rawValue)
    encode(change.actor, into: &writer)
    writer.flag(change.provenance != nil)
    if let provenance = change.provenance {
      writer.text(provenance.kind)
      writer.optionalText(provenance.commit)
    }
    writer.optionalText(change.rule)
    writer.texts(change.csf)
  }

  private static func decodeChange(_ reader: inout ByteReader) -> Change? {
    guard let operation = reader.number().flatMap(operations.element),
      let tokens = reader.texts()
    else { return nil }
    var values: [Value?] = []
    for _ in 0..<2 {
      guard let present = reader.flag() else { return nil }
      guard present else {
        values.append(nil)
        continue
      }
      guard let value = decodeValue(&reader, depth: 0) else { return nil }
      values.append(value)
    }
    guard let hasLine = reader.flag() else { return nil }
    var line: Int?
    if hasLine {
      guard let value = reader.signed() else { return nil }
      line = value
    }
    guard let file = reader.optionalText(),
      let severity = reader.number().flatMap(Severity.init(rawValue:)),
      let actor = decodeActor(&reader), let hasProvenance = reader.flag()
    else { return nil }
    var provenance: Provenance?
    if hasProvenance {
      guard let kind = reader.text(), let commit = reader.optionalText() else { return nil }
      provenance = Provenance(kind: kind, commit: commit)
    }
    guard let rule = reader.optionalText(), let csf = reader.texts() else { return nil }
    var change = Change(
      operation, at: FieldPath(tokens), desired: values[0], live: values[1], line: line,
      severity: severity, actor: actor, provenance: provenance)
    change.file = file
    change.rule = rule
    change.csf = csf
    return change
  }

  private static func encode(_ actor: Actor?, into writer: inout ByteWriter) {
    writer.flag(actor != nil)
    guard let actor else { return }
    writer.text(actor.manager)
    writer.optionalText(actor.operation)
    writer.optionalText(actor.time)
  }

  /// `.some(nil)` for no actor, nil when unreadable.
  private static func decodeActor(_ reader: inout ByteReader) -> Actor?? {
    guard let present = reader.flag() else { return nil }
    guard present else { return .some(nil) }
    guard let manager = reader.text(), let operation = reader.optionalText(),
      let time = reader.optionalText()
    else { return nil }
    return .some(Actor(manager: manager, operation: operation, time: time))
  }

  // MARK: Values

  private enum Tag: UInt8 {
    case null, isFalse, isTrue, integer, double, string, array, object, sensitive
  }

  private static func encode(_ value: Value, into writer: inout ByteWriter) {
    switch value {
    case .null: writer.bytes.append(Tag.null.rawValue)
    case .bool(let flag): writer.bytes.append((flag ? Tag.isTrue : Tag.isFalse).rawValue)
    case .integer(let number):
      writer.bytes.append(Tag.integer.rawValue)
      writer.signed(number)
    case .double(let number):
      writer.bytes.append(Tag.double.rawValue)
      withUnsafeBytes(of: number.bitPattern.littleEndian) { writer.bytes += $0 }
    case .string(let text):
      writer.bytes.append(Tag.string.rawValue)
      writer.text(text)
    case .array(let elements):
      writer.bytes.append(Tag.array.rawValue)
      writer.number(elements.count)
      for element in elements { encode(element, into: &writer) }
    case .object(let members):
      writer.bytes.append(Tag.object.rawValue)
      writer.number(members.count)
      for member in members {
        writer.text(member.key)
        writer.number(Int(member.position.line))
        writer.number(Int(member.position.column))
        encode(member.value, into: &writer)
      }
    case .sensitive(let digest):
      writer.bytes.append(Tag.sensitive.rawValue)
      writer.text(digest)
    }
  }

  /// Deeper than any value a drift holds: a hostile file cannot exhaust the stack.
  private static let maximumDepth = 512

  private static func decodeValue(_ reader: inout ByteReader, depth: Int) -> Value? {
    guard depth < maximumDepth, let byte = reader.take(1)?.first, let tag = Tag(rawValue: byte)
    else { return nil }
    switch tag {
    case .null: return .null
    case .isFalse: return .bool(false)
    case .isTrue: return .bool(true)
    case .integer: return reader.signed().map(Value.integer)
    case .double:
      guard let bytes = reader.take(8) else { return nil }
      let bits = bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
      return .double(Double(bitPattern: bits))
    case .string: return reader.text().map(Value.string)
    case .array:
      guard let count = reader.number(), count <= reader.end - reader.offset else { return nil }
      var elements: [Value] = []
      elements.reserveCapacity(count)
      for _ in 0..<count {
        guard let element = decodeValue(&reader, depth: depth + 1) else { return nil }
        elements.append(element)
      }
      return .array(elements)
    case .object:
      guard let count = reader.number(), count <= reader.end - reader.offset else { return nil }
      var members: [Member] = []
      members.reserveCapacity(count)
      for _ in 0..<count {
        guard let key = reader.text(), let line = reader.number(), let column = reader.number(),
          let value = decodeValue(&reader, depth: depth + 1)
        else { return nil }
        members.append(Member(key, value, at: Position(line: line, column: column)))
      }
      return .object(members)
    case .sensitive: return reader.text().map { Value.sensitive(digest: $0) }
    }
  }

}

extension Array {
  /// The element at `index`, nil when there is none.
  fileprivate func element(_ index: Int) -> Element? {
    indices.contains(index) ? self[index] : nil
  }
}
