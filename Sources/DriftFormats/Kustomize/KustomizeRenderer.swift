import Crypto
import DriftModel
import Foundation

/// Runs the real kustomize over a private copy of the files a build reads.
///
/// The copy is a fresh folder under the system's temporary folder (mode 0700), removed after
/// the build; the user's working tree is never read or written. kustomize runs without
/// plugins, Helm or network (`kustomize build` when a `kustomize` binary is on PATH, else
/// `kubectl kustomize`), so a build is a pure function of the copied files, and its output is
/// cached by their object ids: a timeline over a long history renders each distinct input set
/// once.
enum KustomizeRenderer {
  /// How long one build may take.
  static let timeout: TimeInterval = 120
  /// The largest rendered output read.
  static let maximumOutput = 256 << 20

  /// The YAML that kustomize renders for `root`, from `files` (repository-relative path to
  /// contents); `key` identifies the inputs in `cache`.
  static func render(
    root: String, files: [String: [UInt8]], key: String, cache: KustomizeRenderCache
  ) throws(DriftError) -> [UInt8] {
    if let cached = cache.value(for: key) { return try cached.get() }
    let result: Result<[UInt8], DriftError>
    do throws(DriftError) {
      result = .success(try build(root: root, files: files))
    } catch {
      result = .failure(error)
    }
    cache.store(result, for: key)
    return try result.get()
  }

  private static func build(root: String, files: [String: [UInt8]]) throws(DriftError) -> [UInt8] {
    let manager = FileManager.default
    let folder = manager.temporaryDirectory.appendingPathComponent(
      "git-drift-kustomize-" + UUID().uuidString)
    let location = SourceLocation(file: root == "." ? "kustomization.yaml" : root)
    do {
      try manager.createDirectory(
        at: folder, withIntermediateDirectories: false,
        attributes: [.posixPermissions: 0o700])
    } catch {
      throw DriftError("cannot create a private folder for kustomize: \(error)", at: location)
    }
    defer { try? manager.removeItem(at: folder) }
    for (path, bytes) in files {
      let target = folder.appendingPathComponent(path)
      do {
        try manager.createDirectory(
          at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: target)
      } catch {
        throw DriftError("cannot copy '\(path)' for kustomize: \(error)", at: location)
      }
    }
    let directory = folder.appendingPathComponent(root == "." ? "" : root).path
    return try run(command(for: directory), in: folder.path, location: location)
  }

  /// `kustomize build DIR` when kustomize is installed, else `kubectl kustomize DIR`.
  private static func command(for directory: String) -> [String] {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let hasKustomize = path.split(separator: ":").contains {
      FileManager.default.isExecutableFile(atPath: "\($0)/kustomize")
    }
    return hasKustomize ? ["kustomize", "build", directory] : ["kubectl", "kustomize", directory]
  }

  private static func run(_ arguments: [String], in folder: String, location: SourceLocation)
    throws(DriftError) -> [UInt8]
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = folder
    environment["KUBECONFIG"] = "/dev/null"
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw DriftError(
        "cannot run '\(arguments[0])' to render the kustomization: install kustomize or kubectl",
        at: location)
    }
    let collected = Collected()
    let reader = Thread {
      collected.output = output.fileHandleForReading.readDataToEndOfFile()
    }
    reader.start()
    let errorText = errors.fileHandleForReading.readDataToEndOfFile()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning, Date() < deadline { usleep(10_000) }
    if process.isRunning {
      process.terminate()
      throw DriftError("kustomize build took longer than \(Int(timeout)) s", at: location)
    }
    process.waitUntilExit()
    while !collected.done { usleep(1_000) }
    guard process.terminationStatus == 0 else {
      let message =
        String(decoding: errorText, as: UTF8.self)
        .split(separator: "\n").first { !$0.isEmpty }.map(String.init) ?? "no message"
      throw DriftError(
        "kustomize build failed: \(message.replacingOccurrences(of: folder + "/", with: ""))",
        at: location)
    }
    guard collected.output.count <= maximumOutput else {
      throw DriftError("kustomize rendered more than \(maximumOutput >> 20) MiB", at: location)
    }
    return [UInt8](collected.output)
  }
}

/// What the output reader thread read.
private final class Collected: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  private var finished = false

  var output: Data {
    get { lock.withLock { data } }
    set {
      lock.withLock {
        data = newValue
        finished = true
      }
    }
  }

  var done: Bool { lock.withLock { finished } }
}

/// Renders by the ids of their inputs; one is shared by every check and history walk of the
/// process, and, once ``persist(in:)`` names a folder, by every process of the repository.
///
/// A hook or a watcher runs check again and again over commits that rarely change what a
/// kustomization reads: on disk, a render is made once per distinct input set, not once per
/// process (checks of flux2-kustomize-helm-example's four units went from about 0.3 s to the
/// cost of reading one file each). The folder is a cache: any file in it may be deleted at any
/// time, and a file that does not start with its own key is ignored.
public final class KustomizeRenderCache: @unchecked Sendable {
  private let lock = NSLock()
  private var entries: [String: Result<[UInt8], DriftError>] = [:]
  private var count = 0
  private var directory: String?

  /// Renders kept on disk at most; beyond, the oldest quarter is removed.
  static let persistedLimit = 512

  /// Creates an empty cache.
  public init() {}

  /// How many builds ran (renders not found in the cache).
  public var renders: Int { lock.withLock { count } }

  /// Keeps successful renders in `directory` too, and looks there before rendering.
  ///
  /// The folder is created when first needed. Renders that hold a Secret are never written:
  /// the cache stores no secret data in clear.
  public func persist(in directory: String) {
    lock.withLock { self.directory = directory }
  }

  func value(for key: String) -> Result<[UInt8], DriftError>? {
    if let known = lock.withLock({ entries[key] }) { return known }
    guard let file = lock.withLock({ directory.map { $0 + "/" + Self.name(of: key) } }),
      let data = FileManager.default.contents(atPath: file)
    else { return nil }
    let header = Array(Self.header(key).utf8)
    let bytes = [UInt8](data)
    guard bytes.count >= header.count, bytes.starts(with: header) else { return nil }
    let result = Result<[UInt8], DriftError>.success(Array(bytes[header.count...]))
    lock.withLock { entries[key] = result }
    return result
  }

  func store(_ result: Result<[UInt8], DriftError>, for key: String) {
    let directory = lock.withLock {
      if entries[key] == nil { count += 1 }
      entries[key] = result
      return self.directory
    }
    guard let directory, case .success(let bytes) = result,
      !Self.holdsSecret(bytes)
    else { return }
    Self.write(Array(Self.header(key).utf8) + bytes, named: Self.name(of: key), in: directory)
  }

  /// `git-drift kustomize render 1`, then the key's length and the key: a file answers only
  /// for its own key, and for the kustomize that rendered it.
  private static func header(_ key: String) -> String {
    let full = tool + "\n" + key
    return "git-drift kustomize render 1\n\(full.utf8.count)\n\(full)\n"
  }

  private static func name(of key: String) -> String {
    SHA256.hash(data: Array((tool + "\n" + key).utf8)).map { byte in
      let hex = String(byte, radix: 16)
      return hex.count == 1 ? "0" + hex : hex
    }.joined()
  }

  /// Which kustomize renders: its executable's path, size and modification time, so that an
  /// upgrade of kubectl renders again (`none` when there is none).
  static let tool: String = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      for name in ["kustomize", "kubectl"] {
        let file = "\(folder)/\(name)"
        guard FileManager.default.isExecutableFile(atPath: file),
          let attributes = try? FileManager.default.attributesOfItem(atPath: file)
        else { continue }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let time = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(file) \(size) \(Int(time))"
      }
    }
    return "none"
  }()

  /// Whether a render holds a Secret (from a secretGenerator or a manifest).
  private static func holdsSecret(_ bytes: [UInt8]) -> Bool {
    String(decoding: bytes, as: UTF8.self).contains("kind: Secret")
  }

  /// Writes the file whole or not at all (a temporary file renamed into place), then keeps the
  /// folder within ``persistedLimit``; failures only cost a render later.
  private static func write(_ bytes: [UInt8], named name: String, in directory: String) {
    CacheFolder(directory: directory, fileLimit: persistedLimit).replace(
      directory + "/" + name, with: bytes)
  }
}
