public import DriftModel

/// Reads `.drift.yml`: every problem is reported at its file, line and column.
public enum ConfigurationReader {
  /// The file's name at the root of the repository.
  public static let fileName = ".drift.yml"

  /// Parses a configuration.
  ///
  /// - Parameter formats: the formats a source may name.
  /// - Throws: `DriftError` at the first key or value that is wrong.
  public static func parse(
    _ bytes: [UInt8], file: String = fileName, formats: FormatRegistry = .standard
  ) throws(DriftError) -> Configuration {
    let root = try YAMLReader.value(bytes, file: file)
    let reader = Reader(file: file, formats: formats)
    // Where the document starts (1:1 when it is empty), for a file that is no mapping at all.
    let start =
      root.members != nil
      ? Position.unknown
      : (try? YAMLReader.documents(bytes, file: file))?.first?.position
        ?? Position(line: 1, column: 1)
    let top = try reader.object(root, at: start, what: "the configuration")
    try reader.allow(
      ["version", "sources", "ignore", "policies", "postmortems", "branch"], in: top)
    if let version = top.first(where: { $0.key == "version" }) {
      guard case .integer(1) = version.value else {
        throw reader.error(
          "unsupported version (this git-drift reads version 1)", at: version.position)
      }
    }
    guard let sourcesMember = top.first(where: { $0.key == "sources" }) else {
      throw DriftError("no 'sources' declared", at: SourceLocation(file: file, line: 1, column: 1))
    }
    let sourceValues = try reader.array(sourcesMember)
    guard !sourceValues.isEmpty else {
      throw reader.error("'sources' is empty", at: sourcesMember.position)
    }
    var sources: [SourceConfiguration] = []
    for value in sourceValues {
      let source = try reader.source(value, near: sourcesMember.position)
      if let other = sources.first(where: { $0.name == source.name }) {
        let line = other.location?.line ?? 0
        throw DriftError(
          "source '\(source.name)' is declared twice (first at line \(line))", at: source.location)
      }
      sources.append(source)
    }
    var configuration = Configuration(sources: sources)
    if let member = top.first(where: { $0.key == "ignore" }) {
      configuration.ignore = try reader.array(member).map { value throws(DriftError) in
        try reader.ignoreRule(value, near: member.position)
      }
    }
    if let member = top.first(where: { $0.key == "policies" }) {
      configuration.policies = try reader.array(member).map { value throws(DriftError) in
        try reader.policy(value, near: member.position)
      }
    }
    if let member = top.first(where: { $0.key == "postmortems" }) {
      configuration.postmortems = try reader.string(member)
      configuration.postmortemsLocation = SourceLocation(file: file, position: member.position)
      if let problem = RepositoryPath.problem(configuration.postmortems) {
        throw reader.error(
          "postmortems '\(configuration.postmortems)' \(problem): it must be a folder inside the repository",
          at: member.position)
      }
    }
    if let member = top.first(where: { $0.key == "branch" }) {
      configuration.branch = try reader.string(member)
    }
    return configuration
  }
}

private struct Reader {
  let file: String
  let formats: FormatRegistry

  func error(_ message: String, at position: Position) -> DriftError {
    DriftError(message, at: SourceLocation(file: file, position: position))
  }

  func object(_ value: Value, at position: Position, what: String) throws(DriftError) -> [Member] {
    guard let members = value.members else {
      throw error("\(what) must be a mapping, not \(value.typeName)", at: position)
    }
    return members
  }

  func allow(_ keys: Set<String>, in members: [Member]) throws(DriftError) {
    for member in members where !keys.contains(member.key) {
      let known = keys.sorted().joined(separator: ", ")
      throw error("unknown key '\(member.key)' (known: \(known))", at: member.position)
    }
  }

  func array(_ member: Member) throws(DriftError) -> [Value] {
    if case .null = member.value { return [] }
    guard let elements = member.value.elements else {
      throw error(
        "'\(member.key)' must be a list, not \(member.value.typeName)", at: member.position)
    }
    return elements
  }

  func string(_ member: Member) throws(DriftError) -> String {
    switch member.value {
    case .string(let text): return text
    case .integer(let number): return String(number)
    default:
      throw error(
        "'\(member.key)' must be a string, not \(member.value.typeName)", at: member.position)
    }
  }

  func strings(_ member: Member) throws(DriftError) -> [String] {
    if case .string(let text) = member.value { return [text] }
    return try array(member).map { value throws(DriftError) in
      guard let text = value.stringValue else {
        throw error(
          "'\(member.key)' must list strings, found \(value.typeName)", at: member.position)
      }
      return text
    }
  }

  func source(_ value: Value, near position: Position) throws(DriftError) -> SourceConfiguration {
    let members = try object(value, at: position, what: "a source")
    let start = members.first?.position ?? position
    try allow(
      [
        "name", "format", "paths", "exclude", "namespace", "capture", "deployers", "unit",
        "sensitive",
      ],
      in: members)
    func required(_ key: String) throws(DriftError) -> Member {
      guard let member = members.first(where: { $0.key == key }) else {
        throw error("a source needs '\(key)'", at: start)
      }
      return member
    }
    let nameMember = try required("name")
    let name = try string(nameMember)
    if let problem = ReferenceName.problem(name) {
      throw error(
        "source name \(name.debugDescription) \(problem), so it cannot name the ref "
          + "refs/drift/snapshots/<name>",
        at: nameMember.position)
    }
    let formatMember = try required("format")
    let formatName = try string(formatMember)
    let format = SourceFormat(rawValue: formatName)
    guard formats.adapter(for: format) != nil else {
      let known = formats.formats.map(\.rawValue).joined(separator: ", ")
      throw error("unknown format '\(formatName)' (known: \(known))", at: formatMember.position)
    }
    let pathsMember = try required("paths")
    let paths = try strings(pathsMember)
    guard !paths.isEmpty else { throw error("'paths' is empty", at: pathsMember.position) }
    for path in paths {
      if let problem = RepositoryPath.problem(path) {
        throw error(
          "path '\(path)' of source '\(name)' \(problem): paths are inside the repository",
          at: pathsMember.position)
      }
    }
    var source = SourceConfiguration(
      name: name, format: format, paths: paths,
      location: SourceLocation(file: file, position: start))
    for member in members {
      switch member.key {
      case "namespace": source.namespace = try string(member)
      case "capture": source.capture = try string(member)
      case "deployers": source.deployers = try strings(member)
      case "unit": source.unit = try string(member)
      case "sensitive": source.sensitive = try strings(member)
      case "exclude": source.exclude = try strings(member)
      default: break
      }
    }
    return source
  }

  func ignoreRule(_ value: Value, near position: Position) throws(DriftError) -> IgnoreRule {
    let members = try object(value, at: position, what: "an ignore rule")
    let start = members.first?.position ?? position
    try allow(["resource", "paths", "managers", "reason", "expires"], in: members)
    var rule = IgnoreRule(resource: "**", origin: SourceLocation(file: file, position: start))
    for member in members {
      switch member.key {
      case "resource": rule.resource = try string(member)
      case "paths":
        rule.paths = try strings(member)
        for path in rule.paths where FieldPath(pointer: path) == nil {
          throw error(
            "'\(path)' is not a JSON Pointer (it must start with '/')", at: member.position)
        }
      case "managers": rule.managers = try strings(member)
      case "reason": rule.reason = try string(member)
      case "expires":
        let text = try string(member)
        guard let date = CalendarDate(text) else {
          throw error(
            "'expires' must be a date like 2027-01-31, not '\(text)'", at: member.position)
        }
        rule.expires = date
      default: break
      }
    }
    return rule
  }

  func policy(_ value: Value, near position: Position) throws(DriftError) -> SeverityPolicy {
    let members = try object(value, at: position, what: "a policy")
    let start = members.first?.position ?? position
    try allow(["path", "resource", "severity"], in: members)
    guard let pathMember = members.first(where: { $0.key == "path" }) else {
      throw error("a policy needs 'path'", at: start)
    }
    guard let severityMember = members.first(where: { $0.key == "severity" }) else {
      throw error("a policy needs 'severity'", at: start)
    }
    let name = try string(severityMember)
    guard let severity = Severity(name: name) else {
      throw error(
        "unknown severity '\(name)' (known: info, low, medium, high, critical)",
        at: severityMember.position)
    }
    var policy = SeverityPolicy(path: try string(pathMember), severity: severity)
    if let resource = members.first(where: { $0.key == "resource" }) {
      policy.resource = try string(resource)
    }
    return policy
  }
}
