public import DriftModel

/// One transition a watcher reports: drift that appeared, drift that was resolved, or a
/// capture that failed.
///
/// Its JSON form (``value``) is also how a watcher keeps the drift it last saw in a snapshot;
/// ``init(value:)`` reads it back.
public struct WatchEvent: Sendable, Equatable {
  /// `drift-started`, `drift-resolved`, `drift-summary` (the first cycle over drift that was
  /// there before watching began) or `capture-failed`; `drift` is how a watcher's state keeps
  /// a drifted attribute.
  public var type: String
  /// The source the event belongs to.
  public var source: String
  /// The drifted resource's address.
  public var address: String?
  /// The drifted attribute's JSON Pointer; nil for a whole missing or unmanaged resource.
  public var path: String?
  /// `modified`, `missing` or `unmanaged`.
  public var kind: String?
  /// The severity's name.
  public var severity: String?
  /// The desired value as compact JSON.
  public var desired: String?
  /// The live value as compact JSON.
  public var live: String?
  /// The field manager that changed the value.
  public var actor: String?
  /// The owners of the desired file, from CODEOWNERS.
  public var owners: [String] = []
  /// Why a capture failed.
  public var message: String?
  /// The id of the snapshot the event was recorded in.
  public var snapshot: String?
  /// The capture time of the first observation in this drift (RFC 3339).
  public var since: String?
  /// The window of the transition: the capture times of the last observation before it and
  /// the first after it.
  public var window: (from: String, to: String)?
  /// How long the drift lasted, in seconds (on `drift-resolved`).
  public var duration: Int?
  /// How many drifts a `drift-summary` counts.
  public var count: Int?

  /// Whether two events are the same, field by field.
  public static func == (lhs: WatchEvent, rhs: WatchEvent) -> Bool {
    lhs.value == rhs.value
  }

  /// Creates an event.
  public init(
    type: String, source: String, address: String? = nil, path: String? = nil, kind: String? = nil,
    severity: String? = nil, desired: String? = nil, live: String? = nil, actor: String? = nil,
    owners: [String] = [], message: String? = nil
  ) {
    self.type = type
    self.source = source
    self.address = address
    self.path = path
    self.kind = kind
    self.severity = severity
    self.desired = desired
    self.live = live
    self.actor = actor
    self.owners = owners
    self.message = message
  }

  /// Reads an event back from its ``value``, as a watcher's state keeps it.
  public init(value: Value) {
    self.init(
      type: value["type"]?.stringValue ?? "drift", source: value["source"]?.stringValue ?? "")
    address = value["address"]?.stringValue
    path = value["path"]?.stringValue
    kind = value["kind"]?.stringValue
    severity = value["severity"]?.stringValue
    desired = value["desired"]?.stringValue
    live = value["live"]?.stringValue
    actor = value["actor"]?.stringValue
    owners = (value["owners"]?.elements ?? []).compactMap(\.stringValue)
    message = value["message"]?.stringValue
    since = value["since"]?.stringValue
    if let from = value["window"]?["from"]?.stringValue,
      let to = value["window"]?["to"]?.stringValue
    {
      window = (from, to)
    }
    if case .integer(let seconds)? = value["duration"] { duration = seconds }
    if case .integer(let number)? = value["count"] { count = number }
  }

  /// The event's fields as a JSON object, those that are set, in a fixed order.
  public var value: Value {
    var members: [Member] = [Member("type", .string(type)), Member("source", .string(source))]
    let optional: [(String, String?)] = [
      ("address", address), ("path", path), ("kind", kind), ("severity", severity),
      ("desired", desired),
      ("live", live), ("actor", actor), ("message", message), ("snapshot", snapshot),
    ]
    for (key, text) in optional { if let text { members.append(Member(key, .string(text))) } }
    if !owners.isEmpty { members.append(Member("owners", .array(owners.map(Value.string)))) }
    if let since { members.append(Member("since", .string(since))) }
    if let window {
      members.append(Member("window", ["from": .string(window.from), "to": .string(window.to)]))
    }
    if let duration { members.append(Member("duration", .integer(duration))) }
    if let count { members.append(Member("count", .integer(count))) }
    return .object(members)
  }
}
