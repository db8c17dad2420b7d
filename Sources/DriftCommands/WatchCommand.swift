import ArgumentParser
import DriftEngine
import DriftFormats
import DriftHistory
import DriftModel
import DriftReports
import Foundation
import Git

#if canImport(FoundationNetworking)
  import DriftJSON
  import FoundationNetworking
#endif

/// `git drift watch`: capture, record, check, and report only what changed.
struct WatchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "watch",
    abstract: "Capture each source, record a snapshot, check, and report new and resolved drift.",
    discussion: """
      Each cycle runs every source's capture command from .drift.yml (without a shell when the
      command needs none, with a timeout), records the export as a snapshot, checks it, and
      reports only transitions: drift that appeared and drift that was resolved, each once. The
      watcher's state and the events are kept in the snapshot commits. Ctrl-C or SIGTERM stops
      it between cycles.

      Examples:
        git drift watch --interval 5m
        git drift watch --once --webhook https://hooks.slack.com/services/T000/B000/XXXX
        git drift watch --once --notify-exec 'logger -t git-drift'
      """)

  @Option(name: .long, help: "Time between cycles: 30s, 5m, 1h.")
  var interval = "5m"

  @Flag(name: .long, help: "Run one cycle and exit.")
  var once = false

  @Option(name: .long, help: "Watch only this source.")
  var source: String?

  @Option(
    name: .long, help: "Run this command for each event, with the event JSON on standard input.")
  var notifyExec: String?

  @Option(name: .long, help: "POST each event's JSON to this URL (Slack-compatible 'text' field).")
  var webhook: String?

  @Option(name: .long, help: "How long a capture command may run: 30s, 5m.")
  var timeout = "5m"

  func run() throws {
    guard let pause = Duration.seconds(interval), let limit = Duration.seconds(timeout) else {
      throw Failure("durations look like 30s, 5m or 1h")
    }
    if let webhook, URL(string: webhook)?.scheme?.hasPrefix("http") != true {
      throw Failure("--webhook needs an http or https URL, not '\(webhook)'")
    }
    let notifier = Notifier(command: notifyExec, webhook: webhook.flatMap(URL.init(string:)))
    StopSignal.install()
    repeat {
      try Watcher(sourceName: source, captureTimeout: limit, notifier: notifier).cycle()
      if once { break }
      StopSignal.sleep(pause)
    } while !StopSignal.requested
  }
}

/// One watcher cycle over the sources.
struct Watcher {
  var sourceName: String?
  var captureTimeout: TimeInterval
  var notifier: Notifier

  func cycle() throws(Failure) {
    let workspace = try Workspace.discover()
    let configuration = try workspace.configuration(at: try workspace.commit("HEAD"))
    let sources =
      sourceName.map { name in configuration.sources.filter { $0.name == name } }
      ?? configuration.sources
    if let sourceName, sources.isEmpty {
      throw Failure(
        "unknown source '\(sourceName)' (sources in .drift.yml: \(configuration.sources.map(\.name).joined(separator: ", ")))"
      )
    }
    for source in sources {
      guard let command = source.capture else { continue }
      do {
        try watch(source, command: command, workspace: workspace)
      } catch {
        notifier.send(
          WatchEvent(type: "capture-failed", source: source.name, message: error.message))
      }
    }
  }

  private func watch(_ source: SourceConfiguration, command: String, workspace: Workspace)
    throws(Failure)
  {
    let export = try CaptureRunner.run(command, timeout: captureTimeout)
    let store = SnapshotStore(repository: workspace.repository)
    let salt = try history { () throws(HistoryError) in try store.salt() }
    let reader = try SourceReader(source: source, secrets: SecretDigester(salt: salt))
    let live = try reader.live(bytes: export, name: "capture of \(source.name)")
    var check = Check(
      revision: "HEAD", sourceName: source.name, snapshot: nil, addresses: [], provenanceDepth: 200)
    check.liveResources[source.name] = live
    let report = try check.run()
    let current = WatchState(report.drifts)
    let previousSnapshot = try? store.latest(of: source.name)
    let previous =
      previousSnapshot.flatMap { try? store.watchState(of: $0) }.map(WatchState.init(bytes:))
      ?? WatchState()
    let events = current.events(since: previous, source: source.name)
    let outcome = try history { () throws(HistoryError) in
      try store.record(
        source: source.name, resources: live, capturedAt: Date(), force: !events.isEmpty,
        watch: WatchRecord(state: current.bytes, events: events.map(WatchEventRenderer.line)),
        adapter: reader.adapter)
    }
    var snapshotID: String?
    if case .recorded(let snapshot) = outcome { snapshotID = snapshot.id.hex }
    for var event in events {
      event.snapshot = snapshotID
      Console.out(WatchEventRenderer.line(event) + "\n")
      notifier.send(event)
    }
  }
}

/// The drift a watcher last saw: one entry per drifted attribute (or resource).
struct WatchState {
  var entries: [String: WatchEvent] = [:]

  init() {}

  init(_ drifts: [Drift]) {
    let writer = JSONWriter()
    for drift in drifts {
      if drift.changes.isEmpty {
        entries[drift.id.address] = WatchEvent(
          type: "drift", source: drift.source, address: drift.id.address, kind: drift.kind.rawValue,
          severity: drift.severity.name, actor: drift.actor?.manager, owners: drift.owners)
        continue
      }
      for change in drift.changes {
        entries[drift.id.address + "#" + change.path.pointer] = WatchEvent(
          type: "drift", source: drift.source, address: drift.id.address, path: change.path.pointer,
          kind: drift.kind.rawValue, severity: change.severity.name,
          desired: change.desired.map(writer.string), live: change.live.map(writer.string),
          actor: change.actor?.manager, owners: drift.owners)
      }
    }
  }

  init(bytes: [UInt8]) {
    guard let value = try? JSONReader.parse(bytes, file: ".drift/state.json") else { return }
    for member in value.members ?? [] {
      entries[member.key] = WatchEvent(value: member.value)
    }
  }

  var bytes: [UInt8] {
    let value = Value.object(
      entries.sorted { $0.key < $1.key }.map { Member($0.key, $0.value.value) })
    return Array(JSONWriter(pretty: true).string(value).utf8)
  }

  /// New drift (here, not before, or with another live value) and resolved drift.
  func events(since previous: WatchState, source: String) -> [WatchEvent] {
    var events: [WatchEvent] = []
    for (key, event) in entries.sorted(by: { $0.key < $1.key })
    where previous.entries[key]?.live != event.live || previous.entries[key] == nil {
      events.append(event)
    }
    for (key, event) in previous.entries.sorted(by: { $0.key < $1.key }) where entries[key] == nil {
      var resolved = event
      resolved.type = "resolved"
      events.append(resolved)
    }
    return events
  }
}

/// Sends events to a command and a webhook; a failing receiver never stops the watcher.
struct Notifier {
  var command: String?
  var webhook: URL?
  var attempts = 4

  func send(_ event: WatchEvent) {
    if event.type == "capture-failed" {
      Console.error("git-drift: " + WatchEventRenderer.line(event))
    }
    let body = WatchEventRenderer.json(event)
    if let command {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = ["-c", command]
      let input = Pipe()
      process.standardInput = input
      do {
        try process.run()
        input.fileHandleForWriting.write(Data((body + "\n").utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
          Console.error("git-drift: --notify-exec exited with \(process.terminationStatus)")
        }
      } catch {
        Console.error("git-drift: --notify-exec could not run: \(error.localizedDescription)")
      }
    }
    if let webhook { post(body, to: webhook) }
  }

  private func post(_ body: String, to url: URL) {
    var delay: TimeInterval = 0.2
    for attempt in 1...attempts {
      var request = URLRequest(url: url, timeoutInterval: 10)
      request.httpMethod = "POST"
      request.setValue("application/json", forHTTPHeaderField: "Content-Type")
      request.httpBody = Data(body.utf8)
      let status = Self.status(of: request)
      if let status, (200..<300).contains(status) { return }
      if attempt == attempts {
        Console.error(
          "git-drift: webhook \(url.host ?? "") failed after \(attempts) attempts (last status: \(status.map(String.init) ?? "no answer"))"
        )
        return
      }
      Thread.sleep(forTimeInterval: delay)
      delay *= 2
    }
  }

  private static func status(of request: URLRequest) -> Int? {
    let done = DispatchSemaphore(value: 0)
    let box = StatusBox()
    let task = URLSession.shared.dataTask(with: request) { _, response, _ in
      box.status = (response as? HTTPURLResponse)?.statusCode
      done.signal()
    }
    task.resume()
    done.wait()
    return box.status
  }
}

private final class StatusBox: @unchecked Sendable {
  var status: Int?
}

/// Runs capture commands: directly when the command needs no shell, with a timeout.
enum CaptureRunner {
  static func run(_ command: String, timeout: TimeInterval) throws(Failure) -> [UInt8] {
    let process = Process()
    if command.contains(where: { "|&;<>()$`\\\"'*?[]#~=%{}\n".contains($0) }) {
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = ["-c", command]
    } else {
      let words = command.split(separator: " ").map(String.init)
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = words
    }
    let output = FileManager.default.temporaryDirectory.appendingPathComponent(
      "git-drift-capture-\(UUID().uuidString)")
    let errorFile = output.appendingPathExtension("stderr")
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
    defer {
      try? FileManager.default.removeItem(at: output)
      try? FileManager.default.removeItem(at: errorFile)
    }
    do {
      process.standardOutput = try FileHandle(forWritingTo: output)
      process.standardError = try FileHandle(forWritingTo: errorFile)
      try process.run()
    } catch {
      throw Failure("cannot run capture command '\(command)': \(error.localizedDescription)")
    }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning {
      if Date() > deadline {
        // SIGKILL: a child started by Foundation may have SIGTERM blocked.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        throw Failure("capture command '\(command)' timed out after \(Int(timeout)) s")
      }
      Thread.sleep(forTimeInterval: 0.05)
    }
    let message = String(
      decoding: FileManager.default.contents(atPath: errorFile.path) ?? Data(), as: UTF8.self)
    guard process.terminationStatus == 0 else {
      let last = message.split(separator: "\n").last.map(String.init) ?? ""
      throw Failure(
        "capture command '\(command)' exited with \(process.terminationStatus): \(last)")
    }
    return [UInt8](FileManager.default.contents(atPath: output.path) ?? Data())
  }
}

/// Ctrl-C and SIGTERM end the watcher between cycles.
enum StopSignal {
  nonisolated(unsafe) static var requested = false

  static func install() {
    signal(SIGINT) { _ in StopSignal.requested = true }
    signal(SIGTERM) { _ in StopSignal.requested = true }
  }

  static func sleep(_ seconds: TimeInterval) {
    let end = Date().addingTimeInterval(seconds)
    while !requested, Date() < end { Thread.sleep(forTimeInterval: 0.2) }
  }
}

extension Duration {
  /// `30s`, `5m`, `1h`, or plain seconds.
  static func seconds(_ text: String) -> TimeInterval? {
    let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
    if let unit = text.last, let factor = units[unit], let number = Double(text.dropLast()),
      number > 0
    {
      return number * factor
    }
    return Double(text).flatMap { $0 > 0 ? $0 : nil }
  }
}
