package import DriftJSON
import Foundation
package import Git

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The key of secret digests: never a git object or reference, so it never travels with
/// `git push 'refs/drift/*'`, and a pushed snapshot's digests cannot be tested against guesses.
///
/// Looked up in this order:
/// 1. `GIT_DRIFT_KEY`: the key itself, for CI, where a secret store sets it;
/// 2. the file that `git config drift.keyFile` names (`~/` is the home folder, a relative path
///    is relative to the top of the working tree): one key shared by a team's machines;
/// 3. `drift/key` in the repository's common git folder (`.git/drift/key`), written with 256
///    random bits, mode 0600, the first time something is recorded.
///
/// A key is text of at least 32 characters (128 bits as hex digits); its UTF-8 bytes key the
/// HMAC, and surrounding white space is dropped, so the same text works in every place.
package struct DigestKey {
  /// Where a key came from.
  package enum Origin: Equatable {
    case environment
    case configuredFile(String)
    case repositoryFile(String)
    /// No key on this machine: a random one for this run, which stores nothing.
    case ephemeral
  }

  package var text: String
  package var origin: Origin

  /// The environment variable that holds the key itself.
  package static let environmentVariable = "GIT_DRIFT_KEY"
  /// The git configuration key that names a key file.
  package static let configurationKey = "drift.keyFile"
  /// The shortest key accepted: 32 characters, 128 bits when they are hex digits.
  package static let minimumLength = 32

  /// The digester of this key.
  package var digester: SecretDigester { SecretDigester(key: Array(text.utf8)) }

  /// The key of `repository`, made in its git folder when none is set and `creating` (a
  /// recorder must store digests that the next run can compare); an ephemeral key otherwise.
  ///
  /// - Throws: `Failure` when a configured key is unreadable or shorter than 32 characters.
  package static func resolve(
    in repository: Repository, creating: Bool,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(Failure) -> DigestKey {
    if let value = environment[environmentVariable] {
      return try validated(value, origin: .environment, named: environmentVariable)
    }
    if let configured = try failing({ try repository.configString(configurationKey) }) {
      let path = expanded(configured, in: repository)
      guard let text = read(path) else {
        throw Failure("\(configurationKey) names '\(path)', which cannot be read")
      }
      return try validated(text, origin: .configuredFile(path), named: path)
    }
    let path = repository.commonDirectory + "/drift/key"
    if let text = read(path) {
      return try validated(text, origin: .repositoryFile(path), named: path)
    }
    guard creating else { return DigestKey(text: randomText(), origin: .ephemeral) }
    try create(path)
    guard let text = read(path) else {
      throw Failure("cannot read the digest key '\(path)' just written")
    }
    return try validated(text, origin: .repositoryFile(path), named: path)
  }

  private static func validated(_ raw: String, origin: Origin, named name: String)
    throws(Failure) -> DigestKey
  {
    let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
    guard text.count >= minimumLength else {
      throw Failure(
        "the digest key in \(name) has \(text.count) characters; it needs at least "
          + "\(minimumLength) (make one with: openssl rand -hex 32)")
    }
    return DigestKey(text: text, origin: origin)
  }

  private static func expanded(_ path: String, in repository: Repository) -> String {
    if path == "~" || path.hasPrefix("~/") {
      let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
      return home + path.dropFirst()
    }
    if path.hasPrefix("/") { return path }
    return (repository.workingDirectory ?? repository.commonDirectory) + "/" + path
  }

  private static func read(_ path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return String(decoding: data, as: UTF8.self)
  }

  /// 256 random bits as 64 hex digits.
  private static func randomText() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<32).map { _ in
      let byte = UInt8.random(in: .min ... .max, using: &generator)
      return (byte < 16 ? "0" : "") + String(byte, radix: 16)
    }.joined()
  }

  /// Writes a new key to `path` whole or not at all: to a file of its own (mode 0600) first,
  /// then linked to `path`, which fails when another recorder linked its key first; that key
  /// is then the one, so concurrent first records agree.
  private static func create(_ path: String) throws(Failure) {
    let folder = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    if mkdir(folder, 0o700) != 0 && errno != EEXIST {
      throw Failure("cannot create '\(folder)' for the digest key: \(errorText())")
    }
    let temporary = "\(path).\(getpid()).\(UInt32.random(in: .min ... .max))"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    guard descriptor >= 0 else {
      throw Failure("cannot write the digest key '\(temporary)': \(errorText())")
    }
    defer { unlink(temporary) }
    let bytes = Array((randomText() + "\n").utf8)
    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    let synced = fsync(descriptor) == 0
    close(descriptor)
    guard written == bytes.count, synced else {
      throw Failure("cannot write the digest key '\(temporary)': \(errorText())")
    }
    if link(temporary, path) != 0 && errno != EEXIST {
      throw Failure("cannot create the digest key '\(path)': \(errorText())")
    }
  }

  private static func errorText() -> String { String(cString: strerror(errno)) }
}
