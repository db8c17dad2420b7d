import Foundation
import Mustache

/// The Mustache templates of post-mortems, pull-request bodies and rollback plans: the defaults
/// compiled into git-drift, or a repository's own from `.drift/templates/`.
public struct TemplateSet: Sendable {
  /// The folder of a repository that overrides templates.
  public static let overrideFolder = ".drift/templates/"
  /// The names of the templates.
  public static let names = DefaultTemplates.all.keys.sorted()

  private let sources: [String: String]

  /// The default templates with `overrides` (name to text) in their place.
  public init(overrides: [String: String] = [:]) {
    sources = DefaultTemplates.all.merging(overrides) { $1 }
  }

  /// The default text of a template.
  public static func defaultText(of name: String) -> String? { DefaultTemplates.all[name] }

  /// Renders template `name` with `context`.
  ///
  /// - Throws: `RecoveryError.template` naming the template when its text does not parse.
  public func render(_ name: String, _ context: [String: Any]) throws(RecoveryError) -> String {
    guard let text = sources[name] else { throw .template(name: name, message: "no such template") }
    if let problem = Self.problem(text) { throw .template(name: name, message: problem) }
    let output: String
    do {
      let template = try MustacheTemplate(string: text)
      output = template.render(context)
    } catch {
      throw .template(name: name, message: "\(error)")
    }
    guard output.utf8.count <= Self.maximumOutput else {
      throw .template(
        name: name, message: "renders more than \(Self.maximumOutput >> 20) MiB")
    }
    return output
  }

  /// The largest template, the deepest nesting of sections, and the largest output: a
  /// repository's template is input from other people, and the renderer recurses per section
  /// (10,000 nested sections overflowed the stack) and repeats a section per list element.
  static let maximumText = 256 << 10
  static let maximumDepth = 16
  static let maximumOutput = 16 << 20

  /// Why a template's text is refused before it renders; nil when it is not.
  ///
  /// Sections nest at most ``maximumDepth`` deep, and a section inside one of the same name
  /// (which repeats a list once per element of itself) is refused. Delimiter changes would
  /// hide tags from this check, so they are refused too.
  static func problem(_ text: String) -> String? {
    guard text.utf8.count <= maximumText else {
      return "is larger than \(maximumText >> 10) KiB"
    }
    var open: [Substring] = []
    var rest = text[...]
    while let start = rest.range(of: "{{") {
      rest = rest[start.upperBound...]
      guard let end = rest.range(of: "}}") else { break }
      let tag = rest[..<end.lowerBound].drop { $0 == " " || $0 == "{" }
      rest = rest[end.upperBound...]
      guard let sigil = tag.first else { continue }
      let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
      switch sigil {
      case "=": return "changes the tag delimiters, which repository templates may not"
      case "#", "^":
        if open.contains(Substring(name)) {
          return "nests section '\(name)' inside itself"
        }
        open.append(Substring(name))
        if open.count > maximumDepth {
          return "nests sections more than \(maximumDepth) deep"
        }
      case "/":
        if let last = open.lastIndex(of: Substring(name)) { open.removeSubrange(last...) }
      default: break
      }
    }
    return nil
  }
}
