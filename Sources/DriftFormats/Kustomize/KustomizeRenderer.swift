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
/// process.
public final class KustomizeRenderCache: @unchecked Sendable {
  private let lock = NSLock()
  private var entries: [String: Result<[UInt8], DriftError>] = [:]
  private var count = 0

  /// Creates an empty cache.
  public init() {}

  /// How many builds ran (renders not found in the cache).
  public var renders: Int { lock.withLock { count } }

  func value(for key: String) -> Result<[UInt8], DriftError>? {
    lock.withLock { entries[key] }
  }

  func store(_ result: Result<[UInt8], DriftError>, for key: String) {
    lock.withLock {
      if entries[key] == nil { count += 1 }
      entries[key] = result
    }
  }
}
