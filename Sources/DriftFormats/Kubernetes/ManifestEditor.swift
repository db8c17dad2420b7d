public import DriftModel

/// Edits a YAML manifest file in place, touching only the lines that must change: a changed
/// scalar is a one-line diff, comments, key order, quoting, indentation and blank lines stay,
/// an added key or list item is written in the style around it.
///
/// Documents are addressed by their index among the file's non-empty documents, as the file
/// held them when read: edits of one document move the lines of the next ones, not their
/// index. After every edit the file is parsed again, so an edit that would break the YAML fails
/// at once. Line endings (LF or CRLF), a byte order mark and a missing final newline stay as
/// the file has them.
public struct ManifestEditor {
  public let file: String
  /// The lines without their line ending.
  var lines: [String]
  private let endsWithNewline: Bool
  private let lineEnding: String
  private let byteOrderMark: Bool
  private(set) var documents: [YAMLReader.Document]
  /// The line each document started on when the file was read.
  private let originalStarts: [Int]
  let writer = YAMLWriter()

  /// Reads a manifest file.
  public init(_ bytes: [UInt8], file: String) throws(DriftError) {
    self.file = file
    var text = String(decoding: bytes, as: UTF8.self)
    byteOrderMark = text.hasPrefix("\u{FEFF}")
    if byteOrderMark { text.removeFirst() }
    // "\r\n" is one Character in Swift: split on scalars after making every ending "\n".
    lineEnding = text.contains("\r\n") ? "\r\n" : "\n"
    if lineEnding == "\r\n" { text = text.replacingCRLF() }
    endsWithNewline = text.hasSuffix("\n") || text.isEmpty
    var split = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if endsWithNewline, !split.isEmpty { split.removeLast() }
    lines = split
    documents = try YAMLReader.documents(bytes, file: file)
    originalStarts = documents.map { Int($0.position.line) }
  }

  /// The edited file.
  public var text: String {
    (byteOrderMark ? "\u{FEFF}" : "") + lines.joined(separator: lineEnding)
      + (endsWithNewline && !lines.isEmpty ? lineEnding : "")
  }

  /// The edited file as bytes.
  public var bytes: [UInt8] { Array(text.utf8) }

  /// Whether no document with content is left.
  public var isEmpty: Bool { documents.isEmpty }

  /// The index of the document that started at `line` when the file was read.
  public func document(startingAt line: Int) -> Int? {
    originalStarts.firstIndex { $0 == line }
  }

  /// The value of document `index` as edited so far.
  public func value(ofDocument index: Int) -> Value? {
    documents.indices.contains(index) ? documents[index].value : nil
  }

  /// Inserts `value` as item `position` of the list at `path` of document `index` (the end of
  /// the list when `position` is its count), in the list's style.
  public mutating func insert(
    _ value: Value, at path: FieldPath, position: Int, document index: Int
  ) throws(DriftError) {
    try edit(document: index) { (editor: inout ManifestEditor, root: Value) throws(DriftError) in
      try editor.insert(value, intoListAt: path, position: position, root: root)
    }
  }

  /// Sets the value at `path` of document `index`: replaces it where it exists, otherwise adds
  /// the key or appends the list item under its nearest existing parent.
  ///
  /// - Parameter order: the keys of the new key's mapping in the order live has them; a new key
  ///   goes after the nearest one before it that the file has (else before the nearest one
  ///   after it, else last).
  public mutating func set(
    _ value: Value, at path: FieldPath, document index: Int, order: [String] = []
  ) throws(DriftError) {
    try edit(document: index) { (editor: inout ManifestEditor, root: Value) throws(DriftError) in
      try editor.set(value, at: path, root: root, order: order)
    }
  }

  /// Removes the key or list item at `path` of document `index`, with its lines.
  public mutating func remove(at path: FieldPath, document index: Int) throws(DriftError) {
    try edit(document: index) { (editor: inout ManifestEditor, root: Value) throws(DriftError) in
      try editor.remove(at: path, root: root)
    }
  }

  /// Removes document `index` with its separator.
  public mutating func removeDocument(_ index: Int) throws(DriftError) {
    guard documents.indices.contains(index) else { throw failure("no document \(index)", line: 1) }
    let line = Int(documents[index].position.line)
    var start = line - 1
    while start > 0, !Self.isSeparator(lines[start - 1]) { start -= 1 }
    var end = line - 1
    while end + 1 < lines.count, !Self.isSeparator(lines[end + 1]) { end += 1 }
    if start > 0 {
      lines.removeSubrange((start - 1)...end)
    } else if end + 1 < lines.count {
      lines.removeSubrange(start...(end + 1))
    } else {
      lines.removeSubrange(start...end)
    }
    try reparse()
  }

  private mutating func edit(
    document index: Int, _ body: (inout ManifestEditor, Value) throws(DriftError) -> Void
  ) throws(DriftError) {
    guard documents.indices.contains(index) else { throw failure("no document \(index)", line: 1) }
    try body(&self, documents[index].value)
    try reparse()
  }

  mutating func reparse() throws(DriftError) {
    do {
      documents = try YAMLReader.documents(bytes, file: file)
    } catch {
      throw DriftError("the edit would not parse back: \(error.message)", at: error.location)
    }
  }

  func failure(_ message: String, line: Int) -> DriftError {
    DriftError("cannot express this edit: \(message)", at: SourceLocation(file: file, line: line))
  }

  static func isSeparator(_ line: String) -> Bool {
    line == "---" || line.hasPrefix("--- ") || line == "..."
  }
}

extension ManifestEditor {
  /// The text of the document that starts at `line`, without its separators, as the file holds
  /// it (comments included).
  public static func documentText(_ bytes: [UInt8], startingAt line: Int) -> String {
    let lines = String(decoding: bytes, as: UTF8.self).replacingCRLF().split(
      separator: "\n", omittingEmptySubsequences: false)
    guard line >= 1, line <= lines.count else { return "" }
    var start = line - 1
    while start > 0, !isSeparator(String(lines[start - 1])) { start -= 1 }
    var end = line - 1
    while end + 1 < lines.count, !isSeparator(String(lines[end + 1])) { end += 1 }
    var body = lines[start...end].map(String.init)
    while let last = body.last, last.allSatisfy({ $0 == " " }) { body.removeLast() }
    return body.joined(separator: "\n")
  }
}

extension String {
  /// The text with every CRLF line ending made LF.
  func replacingCRLF() -> String {
    var scalars = String.UnicodeScalarView()
    var previous: Unicode.Scalar?
    for scalar in unicodeScalars {
      if scalar == "\n", previous == "\r" { scalars.removeLast() }
      scalars.append(scalar)
      previous = scalar
    }
    return String(scalars)
  }
}
