import CLibDeflate
import Foundation

/// Finds secret canaries in bytes: in clear, base64 (standard and URL alphabets, at every
/// alignment), URL encoding and hex, also inside every zlib stream a file holds (loose objects,
/// packs, even packs a killed writer left without an index).
public struct CanaryScanner {
  /// One canary and the byte patterns that betray it.
  public struct Canary {
    public var value: String
    public var patterns: [(encoding: String, bytes: [UInt8])]
  }

  public let canaries: [Canary]

  public init(_ values: [String]) {
    canaries = values.map { Canary(value: $0, patterns: Self.patterns(of: $0)) }
  }

  /// Each encoding a secret may travel in, as bytes to look for.
  static func patterns(of value: String) -> [(encoding: String, bytes: [UInt8])] {
    let bytes = Array(value.utf8)
    var patterns: [(String, String)] = [("clear", value)]
    // A base64 stream holds the canary's bytes at one of three alignments: the whole groups
    // of bytes from offset 0, 1 or 2 are encoded alike wherever the stream starts.
    for offset in 0..<3 {
      let count = (bytes.count - offset) / 3 * 3
      let encoded = Data(bytes[offset..<offset + count]).base64EncodedString()
      patterns.append(("base64", encoded))
      patterns.append(
        ("base64url", encoded.replacing("+", with: "-").replacing("/", with: "_")))
    }
    let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
    let percent = value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    patterns.append(("URL encoding", percent))
    patterns.append(("URL encoding", percent.lowercased()))
    let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    patterns.append(("hex", hex))
    patterns.append(("hex", hex.uppercased()))
    return patterns.map { ($0.0, Array($0.1.utf8)) }
  }

  /// What `bytes` betray, as `canary (encoding)`.
  public func findings(in bytes: [UInt8]) -> [String] {
    var found: [String] = []
    for canary in canaries {
      for pattern in canary.patterns where Self.contains(bytes, pattern.bytes) {
        found.append("\(canary.value) (\(pattern.encoding))")
      }
    }
    return found
  }

  /// What `text` betrays.
  public func findings(in text: String) -> [String] { findings(in: Array(text.utf8)) }

  /// What a file betrays, in its bytes or in any zlib stream inside it.
  public func findings(inFile path: String) -> [String] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    let bytes = Array(data)
    var found = findings(in: bytes)
    for stream in Self.zlibStreams(in: bytes) { found += findings(in: stream) }
    return Array(Set(found)).sorted()
  }

  /// Every file below `folder`, with what it betrays.
  public func findings(inFolder folder: String) -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
    var found: [String] = []
    for case let relative as String in walker {
      let path = folder + "/" + relative
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder),
        !isFolder.boolValue
      else { continue }
      found += findings(inFile: path).map { "\(relative): \($0)" }
    }
    return found
  }

  private static func contains(_ bytes: [UInt8], _ pattern: [UInt8]) -> Bool {
    guard let first = pattern.first, bytes.count >= pattern.count else { return false }
    var index = 0
    let last = bytes.count - pattern.count
    while index <= last {
      if bytes[index] == first && bytes[index..<index + pattern.count].elementsEqual(pattern) {
        return true
      }
      index += 1
    }
    return false
  }

  /// The decompressed contents of every zlib stream that starts somewhere in `bytes`: git
  /// writes one per loose object and one per object of a pack.
  static func zlibStreams(in bytes: [UInt8]) -> [[UInt8]] {
    guard let decompressor = libdeflate_alloc_decompressor() else { return [] }
    defer { libdeflate_free_decompressor(decompressor) }
    var streams: [[UInt8]] = []
    var index = 0
    while index + 2 <= bytes.count {
      // A zlib header: deflate with a window of at most 32 KiB, and a check that 31 divides.
      let header = Int(bytes[index]) << 8 | Int(bytes[index + 1])
      guard bytes[index] & 0x0F == 8, bytes[index] >> 4 <= 7, header % 31 == 0 else {
        index += 1
        continue
      }
      if let (stream, used) = inflate(bytes, from: index, decompressor) {
        streams.append(stream)
        index += max(used, 1)
      } else {
        index += 1
      }
    }
    return streams
  }

  private static func inflate(
    _ bytes: [UInt8], from start: Int, _ decompressor: OpaquePointer
  ) -> ([UInt8], Int)? {
    // Outputs grow by doubling up to 256 MiB: no object of these tests is larger.
    var capacity = 1 << 16
    while capacity <= 1 << 28 {
      var output = [UInt8](repeating: 0, count: capacity)
      var used = 0
      var produced = 0
      let result = bytes.withUnsafeBufferPointer { input in
        output.withUnsafeMutableBufferPointer { out in
          guard let source = input.baseAddress, let target = out.baseAddress else {
            return LIBDEFLATE_BAD_DATA
          }
          return libdeflate_zlib_decompress_ex(
            decompressor, source + start, input.count - start, target, out.count, &used,
            &produced)
        }
      }
      switch result {
      case LIBDEFLATE_SUCCESS: return (Array(output[..<produced]), used)
      case LIBDEFLATE_INSUFFICIENT_SPACE: capacity <<= 1
      default: return nil
      }
    }
    return nil
  }
}
