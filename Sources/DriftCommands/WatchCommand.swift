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
    abstract:
      "Capture each source, record a snapshot, check, and report drift started and resolved.",
    discussion: """
      Each cycle runs every source's capture command from .drift.yml (without a shell when the
      command needs none, with a timeout), records the export as a snapshot, checks it, and
      reports only transitions, each once: drift started and drift resolved, with the window
      between the last observation before and this one, and how long a resolved drift lasted.
      The first cycle over drift already there reports one summary. The watcher's state and the
      events are kept in the snapshot commits. Ctrl-C or SIGTERM stops it between cycles.

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
    let workspace = try Workspace.discover()
    let watcher = Watcher(workspace: workspace, sourceName: source) {
      (source, command) throws(Failure) in
      let adapter = try failing { try workspace.formats.adapter(of: source) }
      return try CaptureRunner.run(command, adapter: adapter, timeout: limit)
    }
    StopSignal.install()
    repeat {
      let cycle = try watcher.cycle()
      var delivered = cycle.events.isEmpty || !notifier.hasReceivers
      for event in cycle.events {
        if event.type != "capture-failed" { Console.out(WatchEventRenderer.line(event) + "\n") }
        if notifier.send(event) { delivered = true }
      }
      if once {
        if cycle.failed { throw Failure("a capture failed; see the capture-failed lines above") }
        if !delivered { throw Failure("no receiver took any of the cycle's events") }
        break
      }
      StopSignal.sleep(pause)
    } while !StopSignal.requested
  }
}

/// Sends events to a command and a webhook; a failing receiver never stops the watcher.
struct Notifier {
  var command: String?
  var webhook: URL?
  var attempts = 4

  /// Whether events go anywhere but the console.
  var hasReceivers: Bool { command != nil || webhook != nil }

  /// Sends `event` to every receiver; true when at least one took it, or there is none.
  @discardableResult
  func send(_ event: WatchEvent) -> Bool {
    var taken = !hasReceivers
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
        // A receiver that exits without reading its input must not end the watcher: the
        // write fails with EPIPE (SIGPIPE is ignored while the event is written).
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        try? input.fileHandleForWriting.write(contentsOf: Data((body + "\n").utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        if process.terminationStatus == 0 {
          taken = true
        } else {
          Console.error("git-drift: --notify-exec exited with \(process.terminationStatus)")
        }
      } catch {
        Console.error("git-drift: --notify-exec could not run: \(error.localizedDescription)")
      }
    }
    if let webhook, post(body, to: webhook) { taken = true }
    return taken
  }

  private func post(_ body: String, to url: URL) -> Bool {
    var delay: TimeInterval = 0.2
    for attempt in 1...attempts {
      var request = URLRequest(url: url, timeoutInterval: 10)
      request.httpMethod = "POST"
      request.setValue("application/json", forHTTPHeaderField: "Content-Type")
      request.httpBody = Data(body.utf8)
      let status = Self.status(of: request)
      if let status, (200..<300).contains(status) { return true }
      if attempt == attempts {
        Console.error(
          "git-drift: webhook \(url.host ?? "") failed after \(attempts) attempts (last status: \(status.map(String.init) ?? "no answer"))"
        )
        return false
      }
      Thread.sleep(forTimeInterval: delay)
      delay *= 2
    }
    return false
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
