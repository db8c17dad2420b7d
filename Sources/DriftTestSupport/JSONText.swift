/// A streaming JSON writer that appends to a string, indented like `kubectl -o json` or compact.
///
/// Keys are written in the order the caller gives them; callers give them sorted, as Go's
/// encoder does for the maps behind `kubectl get -o json`.
struct JSONText {
  /// The UTF-8 bytes written so far.
  private(set) var bytes: [UInt8] = []
  private let indentWidth: Int
  private var hasElements: [Bool] = []
  private var afterKey = false
  private var newlines: [[UInt8]] = []

  /// Creates a writer; `indent` 0 writes compact JSON, 4 matches `kubectl -o json`.
  init(indent: Int = 0, reservingCapacity capacity: Int = 0) {
    indentWidth = indent
    bytes.reserveCapacity(capacity)
  }

  /// The text written so far.
  var text: String { String(decoding: bytes, as: UTF8.self) }

  private mutating func append(_ value: String) { bytes.append(contentsOf: value.utf8) }

  private mutating func newline(depth: Int) {
    while newlines.count <= depth {
      newlines.append([0x0A] + [UInt8](repeating: 0x20, count: newlines.count * indentWidth))
    }
    bytes.append(contentsOf: newlines[depth])
  }

  /// Writes the comma and line break that come before a member or element.
  private mutating func separate() {
    guard let last = hasElements.last else { return }
    if last { bytes.append(0x2C) }
    hasElements[hasElements.count - 1] = true
    if indentWidth > 0 { newline(depth: hasElements.count) }
  }

  private mutating func beforeValue() {
    if afterKey {
      afterKey = false
    } else {
      separate()
    }
  }

  /// Writes an object member name; the next value written is its value.
  mutating func key(_ name: String) {
    separate()
    appendQuoted(name)
    append(indentWidth > 0 ? ": " : ":")
    afterKey = true
  }

  /// Writes a string value.
  mutating func string(_ value: String) {
    beforeValue()
    appendQuoted(value)
  }

  /// Writes an integer value.
  mutating func int(_ value: Int) {
    beforeValue()
    append(String(value))  // small strings live inline: no allocation
  }

  /// Writes `null`.
  mutating func null() {
    beforeValue()
    append("null")
  }

  /// Opens an object.
  mutating func beginObject() {
    beforeValue()
    bytes.append(0x7B)
    hasElements.append(false)
  }

  /// Closes the innermost object.
  mutating func endObject() { close(0x7D) }

  /// Opens an array.
  mutating func beginArray() {
    beforeValue()
    bytes.append(0x5B)
    hasElements.append(false)
  }

  /// Closes the innermost array.
  mutating func endArray() { close(0x5D) }

  private mutating func close(_ bracket: UInt8) {
    let had = hasElements.removeLast()
    if had && indentWidth > 0 { newline(depth: hasElements.count) }
    bytes.append(bracket)
  }

  /// Writes `"name": "value"`.
  mutating func field(_ name: String, _ value: String) {
    key(name)
    string(value)
  }

  /// Writes `"name": value` for an integer.
  mutating func field(_ name: String, _ value: Int) {
    key(name)
    int(value)
  }

  /// Writes `"name": {}`, the shape of a FieldsV1 leaf.
  mutating func leaf(_ name: String) {
    key(name)
    beginObject()
    endObject()
  }

  /// Writes `"name": {...}` holding the FieldsV1 leaves `leaves`, in the order given.
  mutating func object(_ name: String, leaves: [String]) {
    key(name)
    beginObject()
    for leafName in leaves { leaf(leafName) }
    endObject()
  }

  /// Writes `"name": {...}` holding string members, in the order given.
  mutating func object(_ name: String, strings members: KeyValuePairs<String, String>) {
    key(name)
    object(strings: members)
  }

  /// Writes an unnamed object holding string members, in the order given.
  mutating func object(strings members: KeyValuePairs<String, String>) {
    beginObject()
    for (memberName, value) in members { field(memberName, value) }
    endObject()
  }

  /// Writes `"name": {...}` with the members `body` writes.
  mutating func object(_ name: String, _ body: (inout JSONText) -> Void) {
    key(name)
    object(body)
  }

  /// Writes an unnamed object (an array element or the top level).
  mutating func object(_ body: (inout JSONText) -> Void) {
    beginObject()
    body(&self)
    endObject()
  }

  /// Writes `"name": [...]` with the elements `body` writes.
  mutating func array(_ name: String, _ body: (inout JSONText) -> Void) {
    key(name)
    beginArray()
    body(&self)
    endArray()
  }

  /// Writes `"name": ["a", "b"]`.
  mutating func array(_ name: String, strings: [String]) {
    array(name) { json in
      for value in strings { json.string(value) }
    }
  }

  /// Appends a quoted string escaped as Go's encoding/json does (HTML-safe).
  private mutating func appendQuoted(_ value: String) {
    bytes.append(0x22)
    let copied: Void? = value.utf8.withContiguousStorageIfAvailable { buffer in
      var start = 0
      for index in 0..<buffer.count where Self.needsEscape(buffer[index]) {
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<index]))
        appendEscaped(buffer[index])
        start = index + 1
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
    }
    if copied == nil {
      for byte in value.utf8 {
        if Self.needsEscape(byte) { appendEscaped(byte) } else { bytes.append(byte) }
      }
    }
    bytes.append(0x22)
  }

  private static func needsEscape(_ byte: UInt8) -> Bool {
    byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x3C || byte == 0x3E || byte == 0x26
  }

  private mutating func appendEscaped(_ byte: UInt8) {
    switch byte {
    case 0x22: append("\\\"")
    case 0x5C: append("\\\\")
    case 0x0A: append("\\n")
    case 0x0D: append("\\r")
    case 0x09: append("\\t")
    case 0x3C: append("\\u003c")
    case 0x3E: append("\\u003e")
    case 0x26: append("\\u0026")
    case 0..<0x20:
      let hex = Array("0123456789abcdef".utf8)
      append("\\u00")
      bytes.append(hex[Int(byte >> 4)])
      bytes.append(hex[Int(byte & 15)])
    default: bytes.append(byte)
    }
  }
}

/// Deterministic helpers: hashing, timestamps, identifiers.
enum Det {
  /// SplitMix64 finaliser over a seed, an index and a salt.
  static func mix(_ seed: UInt64, _ index: Int, _ salt: UInt64 = 0) -> UInt64 {
    var z = seed &+ UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15
    z = z &+ salt &* 0xD1B5_4A32_D192_ED03 &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Formats Unix seconds as RFC 3339 UTC, `2025-03-04T09:00:00Z`.
  static func timestamp(_ seconds: Int) -> String {
    let days = seconds / 86_400
    let secs = seconds % 86_400
    // Civil-from-days (Howard Hinnant), valid for dates after 1970.
    let z = days + 719_468
    let era = z / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    let parts = [year / 100, year % 100, month, day, secs / 3600, secs / 60 % 60, secs % 60]
    let separators: [UInt8] = Array("-T::Z".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(20)
    for (index, part) in parts.enumerated() {
      out.append(0x30 + UInt8(part / 10))
      out.append(0x30 + UInt8(part % 10))
      if index >= 2 { out.append(separators[index - 2]) } else if index == 1 { out.append(0x2D) }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Zero-pads to at least `width` digits, like `%0*d`.
  static func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width
      ? digits : String(repeating: "0", count: width - digits.count) + digits
  }

  /// A version-4-shaped UUID string derived from two hashes.
  static func uid(_ seed: UInt64, _ index: Int, _ salt: UInt64) -> String {
    let high = mix(seed, index, salt)
    let low = mix(seed, index, salt &+ 0x5151)
    let digits = Array("0123456789abcdef".utf8)
    var nibbles: [UInt8] = []
    nibbles.reserveCapacity(32)
    for word in [high, low] {
      for shift in stride(from: 60, through: 0, by: -4) {
        nibbles.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)) & 15)
      }
    }
    nibbles[12] = 4  // version 4
    nibbles[16] = 8 | (nibbles[16] & 3)  // RFC 4122 variant
    var out: [UInt8] = []
    out.reserveCapacity(36)
    for (index, nibble) in nibbles.enumerated() {
      if index == 8 || index == 12 || index == 16 || index == 20 { out.append(0x2D) }
      out.append(digits[Int(nibble)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// A pod-template-hash style suffix from the alphabet Kubernetes uses for generated names.
  static func podTemplateHash(_ value: UInt64) -> String {
    let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
    var rest = value
    var out = ""
    for _ in 0..<10 {
      out.append(alphabet[Int(rest % UInt64(alphabet.count))])
      rest /= UInt64(alphabet.count)
    }
    return out
  }
}
