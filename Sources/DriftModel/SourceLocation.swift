/// A place in a file of the repository: the file's path, and a line and column counted from 1.
public struct SourceLocation: Sendable, Hashable, Comparable, Codable {
  public var file: String
  public var line: Int
  public var column: Int

  /// Creates a location; line and column 0 mean the whole file.
  public init(file: String, line: Int = 0, column: Int = 0) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// The location of `position` in `file`.
  public init(file: String, position: Position) {
    self.init(file: file, line: Int(position.line), column: Int(position.column))
  }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
  }
}

extension SourceLocation: CustomStringConvertible {
  /// `file:line:column`, or less where line or column are unknown, as compilers print it.
  public var description: String {
    guard line > 0 else { return file }
    guard column > 0 else { return "\(file):\(line)" }
    return "\(file):\(line):\(column)"
  }
}
