public import DriftModel
public import Git

/// Why a command stopped: printed as one line on stderr, `git-drift: FILE:LINE:COL: message`,
/// with exit status 2.
public struct Failure: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var location: SourceLocation?

  /// Creates a failure.
  public init(_ message: String, at location: SourceLocation? = nil) {
    self.message = message
    self.location = location
  }

  public init(_ error: DriftError) {
    self.init(error.message, at: error.location)
  }

  public init(_ error: GitError) {
    self.init(error.message.isEmpty ? error.description : "\(error.message) (\(error.function))")
  }

  /// The line without the program's name.
  public var description: String {
    guard let location else { return message }
    return "\(location): \(message)"
  }
}

/// Runs `body`, turning the library's errors into a `Failure`.
package func failing<T>(_ body: () throws -> T) throws(Failure) -> T {
  do {
    return try body()
  } catch let error as Failure {
    throw error
  } catch let error as DriftError {
    throw Failure(error)
  } catch let error as GitError {
    throw Failure(error)
  } catch {
    throw Failure("\(error)")
  }
}
