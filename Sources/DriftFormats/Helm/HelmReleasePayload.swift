import CLibDeflate
import DriftJSON
public import DriftModel

/// The release a Helm 3 storage Secret (`type: helm.sh/release.v1`) holds, decoded with bounds.
///
/// Helm writes the release as JSON, gzips it, base64-encodes that, and stores the text as
/// `data.release`, which the API server base64-encodes once more: an export holds
/// base64(base64(gzip(JSON))). Helm reads the payload back without gzip when it lacks the gzip
/// magic, and so does this decoder.
public struct HelmReleasePayload: Sendable {
  /// The largest release JSON decoded: 32 MiB.
  ///
  /// etcd caps a Secret at about 1.5 MiB, and the
  /// gzip of rendered YAML rarely shrinks it more than tenfold, so a real release fits with
  /// room to spare while a gzip bomb (1 KiB can claim gigabytes) stops here.
  public static let maximumSize = 32 << 20

  /// Why a payload cannot be read; said for that release alone.
  public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
    case notBase64
    case corrupt(String)
    case tooLarge(Int)
    case notRelease(String)

    public var description: String {
      switch self {
      case .notBase64: return "its data.release is not base64"
      case .corrupt(let why): return "its release payload is corrupt (\(why))"
      case .tooLarge(let limit):
        return "its release payload decompresses to more than \(limit >> 20) MiB"
      case .notRelease(let why): return "its payload is not a Helm release (\(why))"
      }
    }
  }

  /// The release name.
  public var name: String
  /// The namespace the release installs into (the Secret's own namespace stores it).
  public var namespace: String
  /// The revision: 1 for the install, one more for every upgrade and rollback.
  public var revision: Int
  /// `deployed`, `superseded`, `failed`, `pending-upgrade`, ...
  public var status: String
  /// When this revision was deployed (RFC 3339), as Helm wrote it.
  public var deployedAt: String?
  /// Helm's words for the revision: "Install complete", "Upgrade complete", "Rollback to 2".
  public var description: String?
  public var chartName: String
  public var chartVersion: String?
  public var appVersion: String?
  /// The user-supplied values (`config`): what `--values` and `--set` gave, without the
  /// chart's defaults.
  public var config: Value
  /// The rendered manifests Helm applied, hooks excluded.
  public var manifest: String

  /// Decodes the `data.release` text of a storage Secret as exported (base64 twice).
  public static func decode(exported text: String, limit: Int = maximumSize) throws(Problem)
    -> HelmReleasePayload
  {
    guard let once = Base64.decode(text) else { throw .notBase64 }
    guard let twice = Base64.decode(String(decoding: once, as: UTF8.self)) else {
      throw .notBase64
    }
    return try decode(payload: twice, limit: limit)
  }

  /// Decodes the payload Helm stores: gzip of the release JSON, or the JSON itself.
  public static func decode(payload: [UInt8], limit: Int = maximumSize) throws(Problem)
    -> HelmReleasePayload
  {
    let json =
      payload.starts(with: [0x1F, 0x8B, 0x08]) ? try gunzip(payload, limit: limit) : payload
    guard json.count <= limit else { throw .tooLarge(limit) }
    let value: Value
    do {
      value = try JSONReader.parse(json, file: "release")
    } catch {
      // Only where: the reader's words may quote the payload, which holds the values.
      throw .notRelease(
        "not JSON at \(error.location?.line ?? 0):\(error.location?.column ?? 0) of the payload")
    }
    return try release(value)
  }

  private static func release(_ value: Value) throws(Problem) -> HelmReleasePayload {
    guard value.members != nil else { throw .notRelease("not a JSON object") }
    guard let name = value["name"]?.stringValue, !name.isEmpty else {
      throw .notRelease("no name")
    }
    guard case .integer(let revision) = value["version"] ?? .null, revision > 0 else {
      throw .notRelease("no version")
    }
    let metadata = value["chart"]?["metadata"]
    guard let chartName = metadata?["name"]?.stringValue else {
      throw .notRelease("no chart.metadata.name")
    }
    let info = value["info"]
    var config = value["config"] ?? .object([])
    if config == .null { config = .object([]) }
    return HelmReleasePayload(
      name: name, namespace: value["namespace"]?.stringValue ?? "", revision: revision,
      status: info?["status"]?.stringValue ?? "unknown",
      deployedAt: info?["last_deployed"]?.stringValue,
      description: info?["description"]?.stringValue, chartName: chartName,
      chartVersion: metadata?["version"]?.stringValue,
      appVersion: metadata?["appVersion"]?.stringValue, config: config,
      manifest: value["manifest"]?.stringValue ?? "")
  }

  /// The decompressed bytes of a single-member gzip stream, never more than `limit`.
  ///
  /// The buffer is sized from the stream's ISIZE trailer (the length modulo 2^32, which a
  /// hostile stream may state falsely): libdeflate then fails with "insufficient space"
  /// rather than write past it, and the size is retried once at the limit.
  static func gunzip(_ bytes: [UInt8], limit: Int) throws(Problem) -> [UInt8] {
    guard bytes.count >= 18 else { throw .corrupt("truncated") }
    let trailer = bytes.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
    guard let decompressor = libdeflate_alloc_decompressor() else {
      throw .corrupt("out of memory")
    }
    defer { libdeflate_free_decompressor(decompressor) }
    var capacity = min(max(trailer, 64), limit)
    while true {
      var output = [UInt8](repeating: 0, count: capacity)
      var written = 0
      let result = bytes.withUnsafeBytes { input in
        output.withUnsafeMutableBytes { out in
          libdeflate_gzip_decompress(
            decompressor, input.baseAddress, input.count, out.baseAddress, out.count, &written)
        }
      }
      switch result {
      case LIBDEFLATE_SUCCESS:
        output.removeSubrange(written...)
        return output
      case LIBDEFLATE_INSUFFICIENT_SPACE:
        guard capacity < limit else { throw .tooLarge(limit) }
        capacity = limit
      default:
        throw .corrupt("not a valid gzip stream")
      }
    }
  }
}
