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
    do {
      let template = try MustacheTemplate(string: text)
      return template.render(context)
    } catch {
      throw .template(name: name, message: "\(error)")
    }
  }
}
