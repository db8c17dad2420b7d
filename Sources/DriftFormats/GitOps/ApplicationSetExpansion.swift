import DriftModel
import Foundation

/// The Applications an Argo CD ApplicationSet generates, where they can be known offline.
///
/// The `list` generator (its elements) and the `git` directories generator (folders of this
/// repository that match its paths), with the template's `{{param}}` and `{{.param}}`
/// placeholders filled in. Other generators (clusters, matrix, pull requests, SCM providers)
/// need a cluster or the network.
enum ApplicationSetExpansion {
  /// The generated Applications, or the reason they cannot be generated offline.
  static func applications(_ body: Value, paths: [String]) -> Result<[Value], Unsupported> {
    let spec = body["spec"] ?? [:]
    guard let template = spec["template"] else {
      return .failure(Unsupported("it has no template"))
    }
    var parameters: [[String: String]] = []
    for generator in spec["generators"]?.elements ?? [] {
      if let elements = generator["list"]?["elements"]?.elements {
        parameters += elements.map(flatten)
      } else if let directories = generator["git"]?["directories"]?.elements {
        parameters += folders(matching: directories, in: paths).map(directoryParameters)
      } else {
        let kind = generator.members?.first?.key ?? "unknown"
        return .failure(Unsupported("its \(kind) generator needs a cluster or the network"))
      }
    }
    return .success(
      parameters.map { values in
        var application = fill(template, values)
        application = application.setting("apiVersion", to: "argoproj.io/v1alpha1")
          .setting("kind", to: "Application")
        return application
      })
  }

  struct Unsupported: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
  }

  /// Folders of the repository that the generator's `path` globs match and no `exclude` entry
  /// removes, in path order.
  private static func folders(matching directories: [Value], in paths: [String]) -> [String] {
    var folders = Set<String>()
    for path in paths {
      var folder = SourceConfiguration.folder(of: path)
      while folder != "." {
        folders.insert(folder)
        folder = SourceConfiguration.folder(of: folder)
      }
    }
    let included = directories.filter { $0["exclude"] != true }.compactMap {
      $0["path"]?.stringValue
    }
    .map(Glob.init)
    let excluded = directories.filter { $0["exclude"] == true }.compactMap {
      $0["path"]?.stringValue
    }
    .map(Glob.init)
    return folders.filter { folder in
      included.contains { $0.matches(folder) } && !excluded.contains { $0.matches(folder) }
    }.sorted()
  }

  /// The parameters Argo CD gives a directory: `path`, `path.basename`,
  /// `path.basenameNormalized`, and `path[N]` for each segment.
  private static func directoryParameters(_ folder: String) -> [String: String] {
    let segments = folder.split(separator: "/").map(String.init)
    let basename = segments.last ?? folder
    var values = [
      "path": folder, "path.path": folder, "path.basename": basename,
      "path.basenameNormalized": String(
        basename.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }),
    ]
    for (index, segment) in segments.enumerated() {
      values["path[\(index)]"] = segment
      values["path.segments[\(index)]"] = segment
    }
    return values
  }

  /// A list element's values by dotted key.
  private static func flatten(_ value: Value) -> [String: String] {
    var values: [String: String] = [:]
    func walk(_ value: Value, _ prefix: String) {
      if let members = value.members {
        for member in members {
          walk(member.value, prefix.isEmpty ? member.key : prefix + "." + member.key)
        }
      } else {
        values[prefix] = value.stringValue ?? value.scalarText
      }
    }
    walk(value, "")
    return values
  }

  /// `template` with every `{{ name }}` or `{{ .name }}` whose name is known replaced.
  private static func fill(_ template: Value, _ values: [String: String]) -> Value {
    switch template {
    case .string(let text): return .string(substitute(text, values))
    case .array(let elements): return .array(elements.map { fill($0, values) })
    case .object(let members):
      return .object(members.map { Member(substitute($0.key, values), fill($0.value, values)) })
    default: return template
    }
  }

  private static func substitute(_ text: String, _ values: [String: String]) -> String {
    var output = ""
    var rest = Substring(text)
    while let open = rest.range(of: "{{") {
      guard let close = rest[open.upperBound...].range(of: "}}") else { break }
      output += rest[..<open.lowerBound]
      var name = rest[open.upperBound..<close.lowerBound].trimmingSpaces()
      if name.hasPrefix(".") { name.removeFirst() }
      output += values[name] ?? String(rest[open.lowerBound..<close.upperBound])
      rest = rest[close.upperBound...]
    }
    return output + rest
  }
}

extension StringProtocol {
  fileprivate func trimmingSpaces() -> String {
    var text = Substring(self)
    while text.first == " " { text.removeFirst() }
    while text.last == " " { text.removeLast() }
    return String(text)
  }
}
