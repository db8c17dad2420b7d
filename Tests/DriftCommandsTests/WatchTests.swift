import DriftTestSupport
import Foundation
import Testing

@Suite("watch")
struct WatchTests {
  /// A web server on 127.0.0.1 that records POST bodies; the first request gets a 500, so the
  /// watcher must retry.
  final class LocalServer {
    let process = Process()
    let port: Int
    let log: String

    init(folder: String) throws {
      log = folder + "/posts.jsonl"
      let script = """
        import http.server, sys
        count = 0
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                global count
                count += 1
                body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                if count == 1:
                    self.send_response(500); self.end_headers(); return
                with open(sys.argv[1], 'ab') as f:
                    f.write(body + b'\\n')
                self.send_response(200); self.end_headers(); self.wfile.write(b'ok')
            def log_message(self, *args):
                pass
        server = http.server.HTTPServer(('127.0.0.1', 0), Handler)
        print(server.server_address[1], flush=True)
        server.timeout = 0.5
        import time
        end = time.time() + 60
        while time.time() < end:
            server.handle_request()
        """
      let output = Pipe()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["python3", "-c", script, log]
      process.standardOutput = output
      process.standardError = FileHandle.nullDevice
      process.standardInput = FileHandle.nullDevice
      try process.run()
      var line = Data()
      while !line.contains(0x0A) {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        line.append(chunk)
      }
      port =
        Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        ?? 0
    }

    var posts: [[String: Any]] {
      let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      return text.split(separator: "\n").compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
      }
    }

    /// Stops the server (SIGKILL: a child started by Foundation may have SIGTERM blocked).
    func stop() {
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
      process.waitUntilExit()
    }

    deinit { stop() }
  }

  @Test(
    "watch --once twice: one new-drift event, then one resolved event, to --notify-exec and a webhook"
  )
  func newThenResolved() throws {
    let workload = KubernetesWorkload(apps: 3)
    let repo = try ScratchRepository()
    let export = repo.root + "/capture.json"
    try repo.write(
      ".drift.yml", KubernetesWorkload.configuration() + "    capture: cat \(export)\n")
    for file in workload.desiredFiles() { try repo.write(file.path, file.contents) }
    try repo.commit("desired", date: "2026-11-01T10:00:00Z")
    let server = try LocalServer(folder: repo.root)
    defer { server.stop() }
    try #require(server.port > 0)
    let events = repo.root + "/events.jsonl"
    let arguments = [
      "watch", "--once", "--notify-exec", "cat >> '\(events)'", "--webhook",
      "http://127.0.0.1:\(server.port)/hook",
    ]

    // In sync when watching begins: nothing to report, and the watcher knows the state.
    try Data(workload.liveList(noiseOnly: true).utf8).write(to: URL(fileURLWithPath: export))
    let begin = try GitDriftExecutable.run(
      ["watch", "--once", "--notify-exec", "cat >> '\(events)'"], in: repo.path)
    #expect(begin.stdout.isEmpty, "\(begin.stdout)\(begin.stderr)")

    try Data(KubernetesWorkload(apps: 3, drifts: .init(scaled: [1])).liveList().utf8).write(
      to: URL(fileURLWithPath: export))
    let first = try GitDriftExecutable.run(arguments, in: repo.path)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(
      first.stdout.hasPrefix(
        "drift started prod-k8s Deployment.apps/prod/app-0001#/spec/replicas: "),
      "\(first.stdout)")
    #expect(first.stdout.contains(", between "), "the window: \(first.stdout)")
    #expect(first.stdout.split(separator: "\n").count == 1)

    let quiet = try GitDriftExecutable.run(arguments, in: repo.path)
    #expect(quiet.stdout.isEmpty, "nothing changed, nothing reported: \(quiet.stdout)")

    try Data(workload.liveList(noiseOnly: true).utf8).write(to: URL(fileURLWithPath: export))
    let second = try GitDriftExecutable.run(arguments, in: repo.path)
    #expect(second.status == 0, "\(second.stderr)")
    #expect(
      second.stdout.hasPrefix(
        "drift resolved prod-k8s Deployment.apps/prod/app-0001#/spec/replicas after "),
      "\(second.stdout)")

    let executed = try String(contentsOfFile: events, encoding: .utf8).split(separator: "\n")
      .compactMap {
        try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
      }
    #expect(executed.map { $0["type"] as? String } == ["drift-started", "drift-resolved"])
    #expect((executed.last?["window"] as? [String: Any])?["to"] is String)
    #expect(executed.last?["duration"] is Int)
    #expect(executed.first?["path"] as? String == "/spec/replicas")
    #expect(executed.first?["actor"] as? String == "kubectl-scale")
    #expect(
      server.posts.map { $0["type"] as? String } == ["drift-started", "drift-resolved"],
      "the webhook got both after a retry")
    #expect(
      (server.posts.first?["text"] as? String)?.hasPrefix("git-drift: drift started prod-k8s")
        == true)

    let log = try repo.git(
      "log", "--format=%(trailers:key=Drift-Event,valueonly)", "refs/drift/snapshots/prod-k8s")
    #expect(log.contains("drift resolved prod-k8s Deployment.apps/prod/app-0001#/spec/replicas"))
    #expect(log.contains("drift started prod-k8s Deployment.apps/prod/app-0001#/spec/replicas"))
    try repo.fsck()
  }

  @Test("a failing capture is an event to every receiver, and --once exits 2 after it")
  func failingCapture() throws {
    let repo = try ScratchRepository()
    try repo.write(
      ".drift.yml",
      KubernetesWorkload.configuration() + "    capture: sh -c 'echo no cluster >&2; exit 3'\n")
    try repo.write("apps/a.yaml", KubernetesWorkload(apps: 1).desiredFiles()[0].contents)
    try repo.commit("desired", date: "2026-11-01T10:00:00Z")
    let events = repo.root + "/events.jsonl"
    let result = try GitDriftExecutable.run(
      ["watch", "--once", "--notify-exec", "cat >> '\(events)'"], in: repo.path)
    #expect(result.status == 2, "a cron job or CI step must see that nothing was watched")
    #expect(result.stderr.contains("capture-failed prod-k8s: capture command"), "\(result.stderr)")
    #expect(result.stderr.contains("exited with 3: no cluster"))
    #expect(
      try String(contentsOfFile: events, encoding: .utf8).contains("\"type\":\"capture-failed\""))
    #expect(try repo.git("for-each-ref", "refs/drift/snapshots").isEmpty)
  }

  @Test("a capture that hangs is stopped at --timeout, with every process it started")
  func captureTimeout() throws {
    let repo = try ScratchRepository()
    let pidFile = repo.root + "/child.pid"
    try repo.write(
      ".drift.yml",
      KubernetesWorkload.configuration()
        + "    capture: sh -c 'sleep 30 & echo $! > \(pidFile); wait'\n")
    try repo.write("apps/a.yaml", KubernetesWorkload(apps: 1).desiredFiles()[0].contents)
    try repo.commit("desired", date: "2026-11-01T10:00:00Z")
    let start = Date()
    let result = try GitDriftExecutable.run(["watch", "--once", "--timeout", "1s"], in: repo.path)
    #expect(result.status == 2)
    #expect(result.stderr.contains("timed out after 1 s"), "\(result.stderr)")
    #expect(Date().timeIntervalSince(start) < 20)
    let child = try #require(
      Int32(
        try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(
          in: .whitespacesAndNewlines)))
    Thread.sleep(forTimeInterval: 0.2)
    // Gone, or a zombie that nobody reaped yet: not running.
    let stat = (try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8)) ?? ""
    let state = stat.split(separator: ")").last?.split(separator: " ").first
    #expect(stat.isEmpty || state == "Z", "the capture's child outlived the timeout: \(stat)")
  }

  @Test("--once exits 2 when no receiver takes the cycle's events")
  func receiversFail() throws {
    let repo = try ScratchRepository()
    let export = repo.root + "/capture.json"
    try repo.write(
      ".drift.yml", KubernetesWorkload.configuration() + "    capture: cat \(export)\n")
    for file in KubernetesWorkload(apps: 2).desiredFiles() {
      try repo.write(file.path, file.contents)
    }
    try repo.commit("desired", date: "2026-11-01T10:00:00Z")
    try Data(KubernetesWorkload(apps: 2, drifts: .init(scaled: [1])).liveList().utf8).write(
      to: URL(fileURLWithPath: export))
    let result = try GitDriftExecutable.run(
      ["watch", "--once", "--notify-exec", "exit 4"], in: repo.path)
    #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
    #expect(result.stderr.contains("--notify-exec exited with 4"))
    #expect(result.stderr.contains("no receiver took"), "\(result.stderr)")
  }
}
