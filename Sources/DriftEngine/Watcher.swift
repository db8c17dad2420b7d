import DriftHistory
import DriftJSON
package import DriftModel
package import DriftReports
package import Foundation
import Git

/// One watcher cycle over the sources: capture each, check it against `HEAD`, record it as a
/// snapshot with the watcher's state, and return only the transitions since the last cycle.
///
/// The capture is passed in, so that the state machine runs in-process over any export; the
/// command line passes a runner of the sources' capture commands with a timeout.
package struct Watcher {
  package var workspace: Workspace
  /// Watch only this source.
  package var sourceName: String?
  /// Runs `source`'s capture command (the second argument) and returns the export.
  package var capture: (SourceConfiguration, String) throws(Failure) -> [UInt8]
  /// The capture time of each cycle's snapshots.
  package var clock: () -> Date = Date.init

  package init(
    workspace: Workspace, sourceName: String? = nil,
    capture: @escaping (SourceConfiguration, String) throws(Failure) -> [UInt8]
  ) {
    self.workspace = workspace
    self.sourceName = sourceName
    self.capture = capture
  }

  /// What one cycle saw: the events in order, each source's failure as a `capture-failed`
  /// event among them.
  package struct Cycle: Sendable {
    package var events: [WatchEvent] = []

    /// Whether a source could not be captured, read or checked.
    package var failed: Bool { events.contains { $0.type == "capture-failed" } }
  }

  /// Runs one cycle; a source that fails is an event, and the cycle goes on with the next.
  package func cycle() throws(Failure) -> Cycle {
    let configuration = try workspace.configuration(at: try workspace.commit("HEAD"))
    let sources =
      sourceName.map { name in configuration.sources.filter { $0.name == name } }
      ?? configuration.sources
    if let sourceName, sources.isEmpty {
      throw Failure(
        "unknown source '\(sourceName)' (sources in .drift.yml: "
          + configuration.sources.map(\.name).joined(separator: ", ") + ")")
    }
    var cycle = Cycle()
    for source in sources {
      guard let command = source.capture else { continue }
      do {
        cycle.events += try watch(source, command: command)
      } catch {
        cycle.events.append(
          WatchEvent(type: "capture-failed", source: source.name, message: error.description))
      }
    }
    return cycle
  }

  private func watch(_ source: SourceConfiguration, command: String) throws(Failure)
    -> [WatchEvent]
  {
    let export = try capture(source, command)
    let store = workspace.snapshotStore()
    var reader = try SourceReader(
      source: source, secrets: try workspace.recordingSecrets(), formats: workspace.formats)
    if let head = try? workspace.commit("HEAD") {
      reader.secretPaths = reader.secretPaths(at: head.id, in: workspace)
    }
    let live = try reader.live(bytes: export, name: "capture of \(source.name)")
    var check = Check(
      revision: "HEAD", sourceName: source.name, snapshot: nil, addresses: [], provenanceDepth: 200)
    check.workspace = workspace
    check.liveResources[source.name] = live
    // A capture byte for byte the last one's, at the same HEAD, is the last cycle's report.
    check.liveDigests[source.name] = Repository.blobID(of: export)
    check.reusesVerdicts = true
    var current = WatchState(try check.run().drifts)
    let latest = try? store.latest(of: source.name)
    let previousBytes = latest.flatMap { try? store.watchState(of: $0) }
    let previous = previousBytes.map(WatchState.init(bytes:)) ?? WatchState()
    let now = clock()
    current.carry(since: previous, now: Timestamp.format(now))
    var events: [WatchEvent]
    if previousBytes == nil {
      // The first watch over this source: what drifts already is one summary, not a flood.
      events = current.summary(source: source.name).map { [$0] } ?? []
    } else {
      events = current.events(
        since: previous, source: source.name, lastObserved: latest?.capturedAt, now: now)
    }
    let outcome = try history { () throws(HistoryError) in
      try store.record(
        source: source.name, resources: live, capturedAt: now,
        watch: WatchRecord(state: current.bytes, events: events.map(WatchEventRenderer.line)),
        adapter: reader.adapter)
    }
    if case .recorded(let snapshot) = outcome {
      for index in events.indices { events[index].snapshot = snapshot.id.hex }
    }
    return events
  }
}

/// The drift a watcher last saw: one entry per drifted attribute (or whole resource), keyed
/// by `ADDRESS#POINTER`.
///
/// Kept as JSON in each snapshot the watcher records, so that a restarted watcher, or one on
/// another machine that fetched refs/drift, reports each transition once.
package struct WatchState: Equatable {
  package var entries: [String: WatchEvent] = [:]

  package init() {}

  /// The state that `drifts` make.
  package init(_ drifts: [Drift]) {
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

  /// The state as a snapshot keeps it; bytes that do not parse are an empty state, so a
  /// damaged state costs one repeated report, never a stopped watcher.
  package init(bytes: [UInt8]) {
    guard let value = try? JSONReader.parse(bytes, file: ".drift/state.json") else { return }
    for member in value.members ?? [] {
      entries[member.key] = WatchEvent(value: member.value)
    }
  }

  package var bytes: [UInt8] {
    let value = Value.object(
      entries.sorted { $0.key < $1.key }.map { Member($0.key, $0.value.value) })
    return Array(JSONWriter(pretty: true).string(value).utf8)
  }

  /// Keeps, for every drift still here with the same live value, when it was first seen;
  /// `now` for a new one.
  package mutating func carry(since previous: WatchState, now: String) {
    for (key, entry) in entries {
      if let before = previous.entries[key], before.live == entry.live {
        entries[key]?.since = before.since ?? now
      } else {
        entries[key]?.since = now
      }
    }
  }

  /// One `drift-summary` event for the drift there is when watching begins; nil when none.
  package func summary(source: String) -> WatchEvent? {
    guard !entries.isEmpty else { return nil }
    let keys = entries.keys.sorted()
    let resources = Set(entries.values.compactMap(\.address)).count
    var shown = keys.prefix(5).joined(separator: ", ")
    if keys.count > 5 { shown += ", and \(keys.count - 5) more" }
    var event = WatchEvent(
      type: "drift-summary", source: source,
      message:
        "\(keys.count) drift(s) in \(resources) resource(s) already there when watching began: "
        + shown)
    event.count = keys.count
    return event
  }

  /// New drift (here and not before, or with another live value) and then resolved drift,
  /// each in key order: `drift-started` and `drift-resolved`, with the window between the
  /// last observation before (`lastObserved`) and this one (`now`), and a resolved drift's
  /// duration.
  package func events(
    since previous: WatchState, source: String, lastObserved: Date? = nil, now: Date = Date()
  ) -> [WatchEvent] {
    let to = Timestamp.format(now)
    let window = lastObserved.map { (from: Timestamp.format($0), to: to) }
    var events: [WatchEvent] = []
    for (key, event) in entries.sorted(by: { $0.key < $1.key })
    where previous.entries[key] == nil || previous.entries[key]?.live != event.live {
      var started = event
      started.type = "drift-started"
      started.window = window
      events.append(started)
    }
    for (key, event) in previous.entries.sorted(by: { $0.key < $1.key }) where entries[key] == nil {
      var resolved = event
      resolved.type = "drift-resolved"
      resolved.window = window
      if let since = event.since.flatMap(Timestamp.parse) {
        resolved.duration = Int(now.timeIntervalSince(since).rounded())
      }
      events.append(resolved)
    }
    return events
  }
}
