import DriftFormats
import DriftJSON
import DriftModel

/// Turns the bytes of one item of a kubectl List straight into the bytes a snapshot stores,
/// without building the object.
///
/// Reading an item into a `Value` and writing it back was two thirds of recording an export.
/// For the text kubectl writes, the stored bytes are the item's bytes without whitespace and
/// without what the Kubernetes adapter (`KubernetesSnapshotBody`) drops, so they can be copied. Anything whose copy could
/// differ from what the reader and writer make of it gives up (nil), and the item is then read
/// as always: a Secret (its data is redacted), a string with an escape the writer would write
/// otherwise (`\u00e9`, `\/`) or with bytes that are not UTF-8, a number that is not a plain
/// integer, malformed or deeply nested text, and an item without the fields of a resource.
enum SnapshotTranscoder {
  /// One item as a snapshot stores it.
  struct Stored: Equatable {
    /// The bytes `SnapshotStore.stored` would write for the item.
    var bytes: [UInt8]
    /// The resource's address and type, as `KubernetesFormat` names them.
    var address: String
    var type: String
  }

  /// Nesting deeper than this gives up; the reader reports what is too deep.
  static let maximumDepth = 64

  /// The item `bytes` as a snapshot stores it, or nil when it must be read instead.
  static func stored(_ bytes: ArraySlice<UInt8>) -> Stored? {
    bytes.withUnsafeBufferPointer { input in
      var identity: (address: String, type: String)?
      // A copy is never longer than the item: it only leaves bytes out.
      let copied = [UInt8](unsafeUninitializedCapacity: input.count) { buffer, count in
        var copier = Copier(input: input, output: Output(buffer))
        identity = copier.item()
        if copier.output.overflowed { identity = nil }
        count = identity == nil ? 0 : copier.output.count
      }
      guard let identity else { return nil }
      return Stored(bytes: copied, address: identity.address, type: identity.type)
    }
  }

  /// The bytes of the copy, written into a buffer of the item's size.
  private struct Output {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    var count = 0
    /// Set if a write did not fit, which would be a bug: the item is then read instead.
    var overflowed = false

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
      self.buffer = buffer
    }

    mutating func append(_ byte: UInt8) {
      guard count < buffer.count else {
        overflowed = true
        return
      }
      buffer[count] = byte
      count += 1
    }

    mutating func append(contentsOf bytes: Slice<UnsafeBufferPointer<UInt8>>) {
      guard bytes.count <= buffer.count - count, let target = buffer.baseAddress,
        let source = bytes.base.baseAddress
      else {
        overflowed = overflowed || !bytes.isEmpty
        return
      }
      (target + count).update(from: source + bytes.startIndex, count: bytes.count)
      count += bytes.count
    }

    mutating func truncate(to length: Int) {
      count = length
    }
  }

  private struct Copier {
    let input: UnsafeBufferPointer<UInt8>
    var offset = 0
    var output: Output
    var apiVersion: Range<Int>?
    var kind: Range<Int>?
    var name: Range<Int>?
    var namespace: Range<Int>?

    init(input: UnsafeBufferPointer<UInt8>, output: Output) {
      self.input = input
      self.output = output
    }

    mutating func item() -> (address: String, type: String)? {
      skipWhitespace()
      guard object(depth: 1, body: { copier, key in copier.topMember(key) }) else {
        return nil
      }
      skipWhitespace()
      guard offset == input.count, let apiVersion, let kind, let name else { return nil }
      let apiText = text(apiVersion)
      let kindText = text(kind)
      let nameText = text(name)
      guard !apiText.isEmpty, !kindText.isEmpty, !nameText.isEmpty,
        kindText != "Secret" || apiText.contains("/")
      else { return nil }
      let type = KubernetesFormat.type(kind: kindText, apiVersion: apiText)
      let address = KubernetesFormat.address(
        type: type, namespace: namespace.map(text), name: nameText)
      return (address, type)
    }

    /// Copies (or drops) the value of the member named `key`, at the offset.
    private typealias MemberBody = (inout Copier, _ key: Range<Int>) -> MemberOutcome

    private enum MemberOutcome {
      case copied
      case dropped
      case failed
    }

    private mutating func topMember(_ key: Range<Int>) -> MemberOutcome {
      if matches(key, "status") { return skipValue() ? .dropped : .failed }
      writeKey(key)
      if matches(key, "metadata"), !metadataSeen {
        metadataSeen = true
        guard peek == UInt8(ascii: "{") else { return .failed }
        let copied = object(depth: 2) { copier, key in copier.metadataMember(key) }
        return copied ? .copied : .failed
      }
      if matches(key, "apiVersion"), apiVersion == nil {
        apiVersion = plainString()
        return apiVersion == nil ? .failed : .copied
      }
      if matches(key, "kind"), kind == nil {
        kind = plainString()
        return kind == nil ? .failed : .copied
      }
      return value(depth: 2) ? .copied : .failed
    }

    private var metadataSeen = false
    private var managedFieldsSeen = false

    private mutating func metadataMember(_ key: Range<Int>) -> MemberOutcome {
      if matches(key, "resourceVersion") || matches(key, "selfLink") {
        return skipValue() ? .dropped : .failed
      }
      writeKey(key)
      if matches(key, "managedFields"), !managedFieldsSeen {
        managedFieldsSeen = true
        return peek == UInt8(ascii: "[")
          ? (managedFields() ? .copied : .failed)
          : value(depth: 3) ? .copied : .failed
      }
      if matches(key, "name"), name == nil {
        name = plainString()
        return name == nil ? .failed : .copied
      }
      if matches(key, "namespace"), namespace == nil {
        namespace = plainString()
        return namespace == nil ? .failed : .copied
      }
      return value(depth: 3) ? .copied : .failed
    }

    /// The field sets, without those of the status subresource.
    private mutating func managedFields() -> Bool {
      if openIsEmpty(closedBy: UInt8(ascii: "]")) { return true }
      var written = 0
      while true {
        skipWhitespace()
        let start = output.count
        if written > 0 { output.append(UInt8(ascii: ",")) }
        var subresource: Range<Int>?
        var subresourceSeen = false
        var isObject = false
        if peek == UInt8(ascii: "{") {
          isObject = true
          let copied = object(depth: 4) { copier, key in
            guard !subresourceSeen, copier.matches(key, "subresource") else {
              return copier.copyMember(key, depth: 5)
            }
            subresourceSeen = true
            guard copier.peek == UInt8(ascii: "\"") else { return copier.copyMember(key, depth: 5) }
            copier.writeKey(key)
            subresource = copier.plainString()
            return subresource == nil ? .failed : .copied
          }
          guard copied else { return false }
        } else {
          guard value(depth: 4) else { return false }
        }
        if isObject, let subresource, matches(subresource, "status") {
          output.truncate(to: start)
        } else {
          written += 1
        }
        guard let more = nextOrClose(UInt8(ascii: "]"), copyingComma: false) else {
          return false
        }
        if more { continue }
        return true
      }
    }

    private mutating func copyMember(_ key: Range<Int>, depth: Int) -> MemberOutcome {
      writeKey(key)
      return value(depth: depth) ? .copied : .failed
    }

    /// Copies the object at the offset, each member through `body`.
    private mutating func object(depth: Int, body: MemberBody) -> Bool {
      guard depth <= SnapshotTranscoder.maximumDepth, peek == UInt8(ascii: "{") else {
        return false
      }
      if openIsEmpty(closedBy: UInt8(ascii: "}")) { return true }
      var written = 0
      while true {
        skipWhitespace()
        guard peek == UInt8(ascii: "\""), let key = stringBody() else { return false }
        skipWhitespace()
        guard peek == UInt8(ascii: ":") else { return false }
        offset += 1
        skipWhitespace()
        let start = output.count
        if written > 0 { output.append(UInt8(ascii: ",")) }
        switch body(&self, key) {
        case .copied: written += 1
        case .dropped: output.truncate(to: start)
        case .failed: return false
        }
        guard let more = nextOrClose(UInt8(ascii: "}"), copyingComma: false) else {
          return false
        }
        if more { continue }
        return true
      }
    }

    /// Copies the opening bracket at the offset; true when the container is empty, its closing
    /// bracket copied too.
    private mutating func openIsEmpty(closedBy close: UInt8) -> Bool {
      output.append(input[offset])
      offset += 1
      skipWhitespace()
      guard peek == close else { return false }
      offset += 1
      output.append(close)
      return true
    }

    /// After an element or member: true past a `,` (copied if `copyingComma`), false past the
    /// closing bracket (copied), nil for anything else.
    private mutating func nextOrClose(_ close: UInt8, copyingComma: Bool) -> Bool? {
      skipWhitespace()
      guard let byte = peek else { return nil }
      if byte == UInt8(ascii: ",") {
        offset += 1
        if copyingComma { output.append(byte) }
        return true
      }
      guard byte == close else { return nil }
      offset += 1
      output.append(close)
      return false
    }

    /// Copies any value at the offset.
    private mutating func value(depth: Int) -> Bool {
      guard offset < input.count else { return false }
      switch input[offset] {
      case UInt8(ascii: "{"):
        return object(depth: depth) { copier, key in copier.copyMember(key, depth: depth + 1) }
      case UInt8(ascii: "["): return array(depth: depth)
      case UInt8(ascii: "\""):
        guard let body = stringBody() else { return false }
        writeString(body)
        return true
      case UInt8(ascii: "t"): return literal("true")
      case UInt8(ascii: "f"): return literal("false")
      case UInt8(ascii: "n"): return literal("null")
      default: return integer()
      }
    }

    /// Reads past the value at the offset, checking it as `value(depth:)` would.
    private mutating func skipValue() -> Bool {
      let mark = output.count
      defer { output.truncate(to: mark) }
      return value(depth: 2)
    }

    private mutating func array(depth: Int) -> Bool {
      guard depth <= SnapshotTranscoder.maximumDepth else { return false }
      if openIsEmpty(closedBy: UInt8(ascii: "]")) { return true }
      while true {
        skipWhitespace()
        guard value(depth: depth + 1) else { return false }
        guard let more = nextOrClose(UInt8(ascii: "]"), copyingComma: true) else { return false }
        if more { continue }
        return true
      }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
      let count = word.utf8CodeUnitCount
      guard offset + count <= input.count else { return false }
      for index in 0..<count where input[offset + index] != word.utf8Start[index] { return false }
      output.append(contentsOf: input[offset..<(offset + count)])
      offset += count
      return true
    }

    /// An integer the writer writes back byte for byte: no leading zero or `-0`, and few
    /// enough digits to be read exactly.
    private mutating func integer() -> Bool {
      let start = offset
      while offset < input.count, Self.isNumberByte(input[offset]) { offset += 1 }
      var digits = start
      if digits < offset, input[digits] == UInt8(ascii: "-") { digits += 1 }
      let count = offset - digits
      guard count >= 1, count <= 18 else { return false }
      for index in digits..<offset where !(0x30...0x39).contains(input[index]) { return false }
      if input[digits] == UInt8(ascii: "0"), count > 1 || digits > start { return false }
      output.append(contentsOf: input[start..<offset])
      return true
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
        UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
        return true
      default: return false
      }
    }

    /// The bytes between the quotes of the string at the offset, leaving the offset after it;
    /// nil unless every escape in it is one the writer writes the same way and its bytes are
    /// UTF-8.
    private mutating func stringBody() -> Range<Int>? {
      offset += 1
      let start = offset
      while true {
        offset = JSONStringBytes.firstSpecialOrNonASCII(in: input, from: offset)
        guard offset < input.count else { return nil }
        let byte = input[offset]
        if byte == UInt8(ascii: "\"") {
          offset += 1
          return start..<(offset - 1)
        }
        if byte == UInt8(ascii: "\\") {
          guard canonicalEscape() else { return nil }
          continue
        }
        guard byte >= 0x80, let length = UTF8Sequence.length(input, at: offset) else {
          return nil
        }
        offset += length
      }
    }

    /// Steps over the escape at the offset when the writer writes that character the same
    /// way: `\"`, `\\`, the short escapes of control characters, and `\u00xx` for the others.
    private mutating func canonicalEscape() -> Bool {
      guard offset + 1 < input.count else { return false }
      switch input[offset + 1] {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "r"),
        UInt8(ascii: "t"), UInt8(ascii: "b"), UInt8(ascii: "f"):
        offset += 2
        return true
      case UInt8(ascii: "u"):
        guard offset + 6 <= input.count, input[offset + 2] == UInt8(ascii: "0"),
          input[offset + 3] == UInt8(ascii: "0"),
          let high = Self.lowercaseHexDigit(input[offset + 4]), high <= 1,
          let low = Self.lowercaseHexDigit(input[offset + 5])
        else { return false }
        let scalar = high << 4 | low
        guard ![0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(scalar) else { return false }
        offset += 6
        return true
      default: return false
      }
    }

    private static func lowercaseHexDigit(_ byte: UInt8) -> UInt8? {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
      default: return nil
      }
    }

    /// The string at the offset, copied, when it has no escape (so its bytes are its text).
    private mutating func plainString() -> Range<Int>? {
      guard peek == UInt8(ascii: "\""), let body = stringBody(),
        !input[body].contains(UInt8(ascii: "\\"))
      else { return nil }
      writeString(body)
      return body
    }

    private mutating func writeKey(_ key: Range<Int>) {
      writeString(key)
      output.append(UInt8(ascii: ":"))
    }

    private mutating func writeString(_ body: Range<Int>) {
      output.append(UInt8(ascii: "\""))
      output.append(contentsOf: input[body])
      output.append(UInt8(ascii: "\""))
    }

    private var peek: UInt8? { offset < input.count ? input[offset] : nil }

    private mutating func skipWhitespace() {
      while offset < input.count {
        switch input[offset] {
        case 0x20, 0x09, 0x0A, 0x0D: offset += 1
        default: return
        }
      }
    }

    /// Whether the raw bytes of `key` are `word`; a key with an escape the copier accepts
    /// never spells a plain word, so raw bytes suffice.
    private func matches(_ key: Range<Int>, _ word: StaticString) -> Bool {
      guard key.count == word.utf8CodeUnitCount else { return false }
      for index in 0..<key.count where input[key.lowerBound + index] != word.utf8Start[index] {
        return false
      }
      return true
    }

    private func text(_ range: Range<Int>) -> String {
      String(decoding: UnsafeBufferPointer(rebasing: input[range]), as: UTF8.self)
    }
  }
}
