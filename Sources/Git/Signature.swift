internal import CLibGit2

#if canImport(FoundationEssentials)
  public import FoundationEssentials
#else
  public import Foundation
#endif

/// Who made a commit and when: a name, an email address and a time with its UTC offset.
public struct Signature: Hashable, Sendable {
  /// The person's name, such as `Ada Lovelace`.
  public var name: String
  /// The person's email address, without angle brackets.
  public var email: String
  /// The moment, to the second.
  public var time: Date
  /// The time zone's offset from UTC in minutes, such as `120` for `+0200`.
  public var offsetMinutes: Int

  /// Makes a signature; the time defaults to now in UTC.
  public init(name: String, email: String, time: Date = Date(), offsetMinutes: Int = 0) {
    self.name = name
    self.email = email
    self.time = time
    self.offsetMinutes = offsetMinutes
  }

  /// Copies a libgit2 signature.
  init(_ signature: UnsafePointer<git_signature>) {
    let value = signature.pointee
    name = value.name.map { String(cString: $0) } ?? ""
    email = value.email.map { String(cString: $0) } ?? ""
    time = Date(timeIntervalSince1970: TimeInterval(value.when.time))
    offsetMinutes = Int(value.when.offset)
  }

  /// Lends the signature to libgit2 as a `git_signature`, freed when `body` returns.
  ///
  /// The corresponding libgit2 function is `git_signature_new`.
  func withGitSignature<Result>(
    _ body: (UnsafePointer<git_signature>) throws(GitError) -> Result
  ) throws(GitError) -> Result {
    var signature: UnsafeMutablePointer<git_signature>?
    let seconds = git_time_t(time.timeIntervalSince1970.rounded(.down))
    try check(
      git_signature_new(&signature, name, email, seconds, Int32(offsetMinutes)),
      "git_signature_new")
    guard let signature else {
      throw GitError(code: .generic, function: "git_signature_new", message: "no signature")
    }
    defer { git_signature_free(signature) }
    return try body(signature)
  }
}

extension Repository {
  /// The signature git would use for a new commit now: `user.name` and `user.email` from config.
  ///
  /// When either is unset, the fallback fills it in, so that writing never fails for lack of an
  /// identity.
  /// - Parameters:
  ///   - fallbackName: the name to use when `user.name` is unset.
  ///   - fallbackEmail: the email to use when `user.email` is unset.
  ///
  /// The corresponding libgit2 function is `git_signature_default`.
  public func defaultSignature(
    fallbackName: String = "git-drift", fallbackEmail: String = "git-drift@localhost"
  ) throws(GitError) -> Signature {
    var signature: UnsafeMutablePointer<git_signature>?
    let code = git_signature_default(&signature, pointer)
    if try checkFound(code, "git_signature_default"), let signature {
      defer { git_signature_free(signature) }
      return Signature(signature)
    }
    let name = try configString("user.name") ?? fallbackName
    let email = try configString("user.email") ?? fallbackEmail
    var now: UnsafeMutablePointer<git_signature>?
    try check(git_signature_now(&now, name, email), "git_signature_now")
    guard let now else {
      throw GitError(code: .generic, function: "git_signature_now", message: "no signature")
    }
    defer { git_signature_free(now) }
    return Signature(now)
  }
}
