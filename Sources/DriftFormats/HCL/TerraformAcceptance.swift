public import DriftDiff
public import DriftJSON
public import DriftModel
import DriftTerraform
import HCL

/// The edits that make the `.tf` files of an `hcl` source state the live values of the chosen
/// drifts.
///
/// A modified value is written over exactly the bytes of the literal it was evaluated from
/// (in the resource, a variable default, a `.tfvars` entry or a local); a key added live is
/// inserted into its map literal; an unmanaged resource gets a new file with its `resource`
/// block and an `import` block; a missing resource's block becomes a `removed` block. After each
/// drift the whole configuration is evaluated again: an edit that leaves the accepted change,
/// creates another one, or changes any other resource's evaluated value is refused.
public enum TerraformAcceptance {
  /// What acceptance needs to know of an `hcl` source.
  public struct Context {
    /// The root module folders (repository-relative, no trailing slash).
    public var roots: [String]
    /// Live resources by address, as `check` compared them.
    public var live: [String: Resource]
    /// The bytes of a file at the commit, nil when it does not exist.
    public var read: (String) -> [UInt8]?
    /// The paths of the files directly in a folder at the commit, nil when there is none.
    public var listing: (String) -> [String]?
    /// Compares one desired resource with its live counterpart, as `check` does.
    public var differ: Differ
    public var secrets: SecretDigester
    /// Every file of the commit, for `fileset`; nil leaves it unknown.
    public var paths: [String]?

    /// Creates a context.
    public init(
      roots: [String], live: [String: Resource], read: @escaping (String) -> [UInt8]?,
      listing: @escaping (String) -> [String]?, differ: Differ, secrets: SecretDigester,
      paths: [String]? = nil
    ) {
      self.roots = roots
      self.live = live
      self.read = read
      self.listing = listing
      self.differ = differ
      self.secrets = secrets
      self.paths = paths
    }
  }

  /// Plans the acceptance of `drifts`, each verified by evaluating the edited configuration.
  public static func plan(_ drifts: [Drift], context: Context) -> Acceptance {
    var plan = Acceptance()
    var planner = Planner(context: context)
    let baseline: TerraformDesiredState
    do throws(DriftError) {
      baseline = try planner.evaluate(overlay: [:])
    } catch {
      plan.refusals = drifts.map {
        Refusal(
          address: $0.id.address, reason: "the configuration does not evaluate: \(error.message)",
          location: error.location)
      }
      return plan
    }
    planner.baseline = Planner.index(baseline)
    planner.sites = baseline.sites
    for drift in drifts {
      do throws(Refusal) {
        let lines = try planner.accept(drift)
        plan.accepted.append(drift)
        plan.summary += lines
      } catch {
        plan.refusals.append(error)
      }
    }
    plan.files = planner.files
    return plan
  }
}

extension Refusal: Error {}

/// One byte-range replacement in a file.
struct TextEdit {
  var file: String
  var start: Int
  var end: Int
  var text: String
}

/// Accepts drifts one by one, keeping the edits of those that verified.
private struct Planner {
  let context: Context
  typealias Context = TerraformAcceptance.Context
  /// The files as the drifts accepted so far left them (nil: deleted).
  var current: [String: [UInt8]?] = [:]
  /// Evaluated desired resources by address, with the edits accepted so far.
  var baseline: [String: Resource] = [:]
  /// The sites of literals, with the edits accepted so far (edits shift offsets).
  var sites: [String: [String: TerraformEditSite]] = [:]

  init(context: Context) {
    self.context = context
  }

  /// The new contents of every touched file.
  var files: [String: [UInt8]?] { current }

  static func index(_ state: TerraformDesiredState) -> [String: Resource] {
    Dictionary(
      state.resources.map { ($0.id.address, $0) },
      uniquingKeysWith: { first, _ in first })
  }

  /// The configuration evaluated with `overlay` over the commit's files.
  func evaluate(overlay: [String: [UInt8]?]) throws(DriftError) -> TerraformDesiredState {
    let read = context.read
    let listing = context.listing
    let files = { (folder: String) throws(DriftError) -> [(path: String, bytes: [UInt8])]? in
      var paths = listing(folder)
      for (path, bytes) in overlay where SourceConfiguration.folder(of: path) == folder {
        if bytes == nil {
          paths?.removeAll { $0 == path }
        } else if !(paths?.contains(path) ?? false) {
          paths = (paths ?? []) + [path]
        }
      }
      return paths?.compactMap { path in
        let bytes = overlay[path] ?? read(path)
        return bytes.map { (path, $0) }
      }
    }
    let values = context.live.mapValues(\.body)
    var evaluator = TerraformEvaluator(secrets: context.secrets, live: values, files: files)
      .readingYAML()
    if let paths = context.paths {
      // The files as edited: those the overlay removes are gone, those it creates are there.
      evaluator.listing = TerraformFolderListing.lister {
        paths.filter { overlay[$0] == nil } + overlay.compactMap { $0.value == nil ? nil : $0.key }
      }
    }
    return try evaluator.evaluate(roots: context.roots)
  }

  /// The files as accepted so far, with `edits` (offsets into those files) applied and
  /// `created` added.
  func overlay(edits: [TextEdit], created: [String: [UInt8]]) throws(Refusal) -> [String:
    [UInt8]?]
  {
    var result = current
    for (path, bytes) in created { result[path] = bytes }
    for (file, fileEdits) in Dictionary(grouping: edits, by: \.file) {
      guard var bytes = contents(file) else { continue }
      var limit = Int.max
      for edit in fileEdits.sorted(by: { $0.start > $1.start }) {
        guard edit.end <= limit else {
          throw Refusal(
            address: "", reason: "two of its changes edit the same literal in \(file)",
            location: nil)
        }
        bytes.replaceSubrange(edit.start..<edit.end, with: Array(edit.text.utf8))
        limit = edit.start
      }
      result[file] = bytes
    }
    return result
  }

  /// Plans and verifies one drift; the summary lines when it is accepted.
  mutating func accept(_ drift: Drift) throws(Refusal) -> [String] {
    let address = drift.id.address
    var newEdits: [TextEdit] = []
    var newFiles: [String: [UInt8]] = [:]
    var lines: [String] = []
    var origins: [String] = []
    switch drift.kind {
    case .modified:
      for change in drift.changes {
        let (edit, origin) = try self.edit(for: change, of: drift)
        newEdits.append(edit)
        if !origins.contains(origin) { origins.append(origin) }
        lines.append("- \(address): \(Acceptance.describe(change)) (\(origin))")
      }
    case .unmanaged:
      let (path, text) = try newResourceFile(for: drift)
      newFiles[path] = Array(text.utf8)
      origins.append("the new block")
      lines.append("- \(address): created live; added to \(path) with an import block")
    case .missing:
      let (edit, origin) = try removal(of: drift)
      newEdits.append(edit)
      origins.append(origin)
      lines.append("- \(address): deleted live; its block in \(edit.file) became a removed block")
    }
    let overlay: [String: [UInt8]?]
    do throws(Refusal) {
      overlay = try self.overlay(edits: newEdits, created: newFiles)
    } catch {
      throw refusal(drift, error.reason)
    }
    let evaluated: TerraformDesiredState
    do throws(DriftError) {
      evaluated = try evaluate(overlay: overlay)
    } catch {
      throw refusal(drift, "the edited configuration does not evaluate: \(error)")
    }
    let after = Self.index(evaluated)
    try verify(drift, after: after)
    try checkOthers(drift, after: after, origins: origins)
    current = overlay
    baseline = after
    sites = evaluated.sites
    return lines
  }

  func refusal(_ drift: Drift, _ reason: String, path: FieldPath? = nil) -> Refusal {
    Refusal(address: drift.id.address, path: path, reason: reason, location: drift.location)
  }

  /// The chosen changes are gone, and no other attribute of the resource drifts anew.
  func verify(_ drift: Drift, after: [String: Resource]) throws(Refusal) {
    let address = drift.id.address
    let live = context.live[address]
    switch drift.kind {
    case .missing:
      if after[address] != nil {
        throw refusal(drift, "the edited configuration still declares it")
      }
      return
    case .modified, .unmanaged:
      guard let edited = after[address], let live else {
        throw refusal(drift, "the edited configuration does not declare it")
      }
      let left = changes(of: edited, live: live)
      let before = baseline[address].map { changes(of: $0, live: live) } ?? []
      for change in drift.changes {
        if left.contains(where: { $0.path.hasPrefix(change.path) || change.path.hasPrefix($0.path) }
        ) {
          throw refusal(drift, "the edit does not read back as the live value", path: change.path)
        }
      }
      for change in left where !before.contains(where: { $0.path == change.path }) {
        throw refusal(
          drift, "the edit would make \(change.path.pointer) drift instead", path: change.path)
      }
    }
  }

  func changes(of desired: Resource, live: Resource) -> [Change] {
    let analysis = context.differ.compare(desired: [desired.id.address: desired], live: [live])
    return analysis.drifts.first?.changes ?? []
  }

  /// No resource but the accepted one evaluates differently.
  func checkOthers(_ drift: Drift, after: [String: Resource], origins: [String]) throws(Refusal) {
    let writer = JSONWriter()
    let addresses = Set(baseline.keys).union(after.keys).subtracting([drift.id.address])
    let changed = addresses.filter { address in
      baseline[address].map { writer.string($0.body) }
        != after[address].map {
          writer.string($0.body)
        }
    }.sorted()
    guard !changed.isEmpty else { return }
    let listed = changed.prefix(3).joined(separator: ", ") + (changed.count > 3 ? ", …" : "")
    throw refusal(
      drift,
      "\(origins.joined(separator: ", ")), which \(changed.count) other resource(s) use "
        + "(the edit would change \(listed))")
  }

  /// The replacement of the literal a change's value comes from, and where that literal is.
  func edit(for change: Change, of drift: Drift) throws(Refusal) -> (TextEdit, String) {
    if change.live?.containsSecret == true || change.desired?.containsSecret == true {
      throw refusal(drift, "sensitive values are never written to git", path: change.path)
    }
    let sites = self.sites[drift.id.address] ?? [:]
    if change.operation == .replace, let value = change.live,
      let site = sites[change.path.pointer]
    {
      return try replacement(of: site, with: value, drift)
    }
    var parent = change.path
    while parent.tokens.count > 1 {
      parent = FieldPath(Array(parent.tokens.dropLast()))
      guard let site = sites[parent.pointer] else { continue }
      guard let whole = context.live[drift.id.address]?.body.value(at: parent) else { break }
      if whole.containsSecret {
        throw refusal(drift, "sensitive values are never written to git", path: change.path)
      }
      if change.operation == .add, parent.tokens.count == change.path.tokens.count - 1,
        let key = change.path.last, let value = change.live
      {
        let bytes = try fileBytes(site.file, drift)
        let indent = Self.indent(of: site.range.startOffset, in: bytes)
        if let insertion = Self.insertion(
          key: key, value: value, into: site.range, bytes: bytes, indent: indent)
        {
          let edit = TextEdit(
            file: site.file, start: insertion.offset, end: insertion.offset, text: insertion.text)
          return (edit, Self.describe(site))
        }
      }
      return try replacement(of: site, with: whole, drift)
    }
    throw refusal(
      drift,
      "its value is not written as a literal (an interpolation, a function result, a reference "
        + "to another resource, or computed by the provider)", path: change.path)
  }

  /// The literal at `site` written again as `value`, at the indentation of its line.
  func replacement(of site: TerraformEditSite, with value: Value, _ drift: Drift)
    throws(Refusal) -> (TextEdit, String)
  {
    let bytes = try fileBytes(site.file, drift)
    let indent = Self.indent(of: site.range.startOffset, in: bytes)
    let text = HCLWriter.expression(value, indent: indent)
    let edit = TextEdit(
      file: site.file, start: site.range.startOffset, end: site.range.endOffset, text: text)
    return (edit, Self.describe(site))
  }

  /// A file as the drifts accepted so far left it; nil when it does not exist.
  func contents(_ file: String) -> [UInt8]? {
    if let entry = current[file] { return entry }
    return context.read(file)
  }

  /// A file as the drifts accepted so far left it (site offsets point into it).
  func fileBytes(_ file: String, _ drift: Drift) throws(Refusal) -> [UInt8] {
    if let bytes = contents(file) { return bytes }
    throw refusal(drift, "\(file) is not in the commit")
  }

  /// Where the literal is, as a person would name it.
  static func describe(_ site: TerraformEditSite) -> String {
    switch site.kind {
    case .argument: return "written in \(site.file)"
    case .variableDefault(let name): return "value flows from var.\(name)"
    case .variableValue(let name): return "value flows from var.\(name), set in \(site.file)"
    case .local(let name): return "value flows from local.\(name)"
    }
  }

  /// The indentation level (two spaces each) of the line that holds `offset`.
  static func indent(of offset: Int, in bytes: [UInt8]) -> Int {
    var start = min(offset, bytes.count)
    while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
    var spaces = 0
    while start + spaces < bytes.count, bytes[start + spaces] == UInt8(ascii: " ") { spaces += 1 }
    return spaces / 2
  }

  /// `key = value` as a new last line of a multi-line object literal, its `=` aligned with the
  /// line above as `terraform fmt` aligns it; nil when the literal is on one line or when the
  /// new key is longer than the aligned ones (then the literal is written again).
  static func insertion(
    key: String, value: Value, into range: HCLRange, bytes: [UInt8], indent: Int
  ) -> (offset: Int, text: String)? {
    let close = range.endOffset - 1
    guard close > range.startOffset, bytes[close] == UInt8(ascii: "}") else { return nil }
    var lineStart = close
    while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
    guard lineStart > range.startOffset,
      bytes[lineStart..<close].allSatisfy({ $0 == UInt8(ascii: " ") })
    else { return nil }
    var previousStart = lineStart - 1
    while previousStart > 0, bytes[previousStart - 1] != UInt8(ascii: "\n") { previousStart -= 1 }
    let previous = String(decoding: bytes[previousStart..<(lineStart - 1)], as: UTF8.self)
    let name = HCLWriter.isIdentifier(key) ? key : HCLWriter.quoted(key)
    let rendered = HCLWriter.expression(value, indent: indent + 1)
    let padding = String(repeating: "  ", count: indent + 1)
    var width = name.count
    let previousIsOneLine =
      previous.hasPrefix(padding) && previous.contains(" = ")
      && !previous.hasSuffix("{") && !previous.hasSuffix("[") && !previous.hasSuffix("(")
    if previousIsOneLine, !rendered.contains("\n"), let equals = previous.firstRange(of: " = ") {
      let aligned =
        previous.distance(from: previous.startIndex, to: equals.lowerBound)
        - padding.count
      guard name.count <= aligned else { return nil }
      width = aligned
    }
    let line =
      padding + name + String(repeating: " ", count: width - name.count) + " = " + rendered + "\n"
    return (lineStart, line)
  }

  /// The new file of an unmanaged resource: its block and the import block that adopts it.
  func newResourceFile(for drift: Drift) throws(Refusal) -> (String, String) {
    let address = drift.id.address
    guard !address.hasPrefix("module."), !address.hasPrefix("data.") else {
      throw refusal(
        drift,
        "it is inside a module: declare it in the module (git-drift writes root module blocks)")
    }
    guard !address.contains("[") else {
      throw refusal(
        drift,
        "it is an instance of count or for_each: add its key to the collection instead")
    }
    guard let live = context.live[address] else { throw refusal(drift, "not live") }
    let parts = address.split(separator: ".", maxSplits: 1).map(String.init)
    guard parts.count == 2, let root = context.roots.first else {
      throw refusal(drift, "its address has no type and name")
    }
    guard parts.allSatisfy(HCLWriter.isIdentifier) else {
      throw refusal(drift, "its type and name are not identifiers, so not a file name")
    }
    guard let id = live.body["id"]?.stringValue else {
      throw refusal(drift, "the live resource has no id to import")
    }
    let arguments = TerraformResourceWriter.arguments(of: live)
    guard !arguments.containsSecret else {
      throw refusal(drift, "sensitive values are never written to git")
    }
    guard case .object(let members) = arguments,
      members.allSatisfy({ HCLWriter.isIdentifier($0.key) })
    else { throw refusal(drift, "its attributes cannot be written as arguments") }
    let text = TerraformResourceWriter.file(
      type: parts[0], name: parts[1], arguments: members, id: id, address: address)
    let prefix = root.isEmpty ? "" : root + "/"
    let stem = prefix + "drift_\(parts[0])_\(parts[1])"
    for candidate in [stem + ".tf", stem + "_2.tf", stem + "_3.tf"]
    where context.read(candidate) == nil && current[candidate] == nil {
      return (candidate, text)
    }
    throw refusal(drift, "\(stem).tf exists")
  }

  /// The replacement of a missing resource's block by a `removed` block.
  func removal(of drift: Drift) throws(Refusal) -> (TextEdit, String) {
    let address = drift.id.address
    guard !address.hasPrefix("module.") else {
      throw refusal(
        drift, "it is declared inside a module: removing its block would remove every instance")
    }
    guard !address.contains("[") else {
      throw refusal(
        drift,
        "its block declares count or for_each: remove its key from the collection instead")
    }
    guard let file = drift.location?.file else { throw refusal(drift, "no desired file") }
    let bytes = try fileBytes(file, drift)
    let body: HCLBody
    do throws(DriftError) {
      body = try HCLParser.parse(bytes, file: file)
    } catch {
      throw refusal(drift, "\(file) does not parse: \(error.message)")
    }
    let parts = address.split(separator: ".", maxSplits: 1).map(String.init)
    guard
      let block = body.blocks(ofType: "resource").first(where: {
        $0.labels.map(\.value) == parts
      })
    else { throw refusal(drift, "its resource block is not in \(file)") }
    if block.body.attribute("count") != nil || block.body.attribute("for_each") != nil {
      throw refusal(
        drift, "its block declares count or for_each: remove its key from the collection instead")
    }
    var start = block.range.startOffset
    while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
    let text = TerraformResourceWriter.removedBlock(address: address)
    return (
      TextEdit(file: file, start: start, end: block.range.endOffset, text: text),
      "its block in \(file)"
    )
  }
}
