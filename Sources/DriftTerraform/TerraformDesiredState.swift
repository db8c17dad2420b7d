public import DriftModel
public import HCL

/// What a Terraform configuration asks for, evaluated offline: the managed resources with
/// their arguments, and what is needed to compare them with live state and edit them back.
public struct TerraformDesiredState: Sendable {
  /// Managed resources (no data sources), expanded by `count` and `for_each`, with Terraform
  /// addresses.
  ///
  /// A body is the object of the arguments the configuration sets (meta-arguments `count`,
  /// `for_each`, `provider`, `depends_on` and the `lifecycle`, `provisioner` and `connection`
  /// blocks left out); nested blocks, `dynamic` ones expanded, become arrays of objects under
  /// the block type, in order. Each member's position is where the argument's name is written
  /// in the resource's file (a member nested in a literal: where its value is written); the
  /// location is that of the block's type word.
  public var resources: [Resource]
  /// Address → JSON pointer (`/tags/env`, `/ingress/0/from_port`) → where the literal that
  /// produced the value is written, so that `accept` can edit it.
  public var sites: [String: [String: TerraformEditSite]]
  /// Address → pointers of arguments whose value cannot be known offline (unknown function,
  /// reference to something absent from live state, output of a remote module…): never
  /// compared.
  ///
  /// A resource or module whose instances cannot be known (unknown `count` or `for_each`, a
  /// remote module) is listed under its address without instance key, with the pointer `""`
  /// (the whole resource): every instance under that address is unevaluated.
  public var unevaluated: [String: [String]]
  /// Address → why and where: each resource or module listed in ``unevaluated`` with the
  /// pointer `""`.
  public var unevaluatedReasons: [String: DriftError] = [:]
  /// Address → pointers named by `lifecycle.ignore_changes`, not to compare; `["*"]` for
  /// `all`.
  public var ignoredChanges: [String: [String]]
  /// Address → pointers whose value is a set (built by `toset`, `setunion`…): their order
  /// means nothing.
  public var setPointers: [String: Set<String>]
  /// `moved { from = … to = … }` pairs, with module prefixes applied.
  public var moved: [(from: String, to: String)]
  /// The live data sources the configuration was evaluated with, so that an edited copy of it
  /// (accept) evaluates with them too.
  public var dataSources: [Resource] = []
  /// Warnings that do not stop the evaluation (remote module not evaluated, variable without
  /// a value…), each with its file and line.
  public var diagnostics: [DriftError]

  /// Creates a desired state.
  public init(
    resources: [Resource] = [], sites: [String: [String: TerraformEditSite]] = [:],
    unevaluated: [String: [String]] = [:], ignoredChanges: [String: [String]] = [:],
    setPointers: [String: Set<String>] = [:], moved: [(from: String, to: String)] = [],
    diagnostics: [DriftError] = []
  ) {
    self.resources = resources
    self.sites = sites
    self.unevaluated = unevaluated
    self.ignoredChanges = ignoredChanges
    self.setPointers = setPointers
    self.moved = moved
    self.diagnostics = diagnostics
  }
}

/// Where the literal that produced a desired value is written.
public struct TerraformEditSite: Sendable, Hashable {
  /// Which declaration holds the literal.
  public enum Kind: Sendable, Hashable {
    /// In the resource block itself (or in the `module` block that passes it as an input).
    case argument
    /// In `variable "NAME" { default = … }`, from which the value flows unchanged.
    case variableDefault(String)
    /// In a `NAME = …` entry of a `.tfvars` file.
    case variableValue(String)
    /// In `locals { NAME = … }`.
    case local(String)
  }

  /// Which declaration holds the literal.
  public var kind: Kind
  /// The repository-relative path of the file that holds it.
  public var file: String
  /// The range of the literal expression to replace.
  public var range: HCLRange

  /// Creates a site.
  public init(kind: Kind, file: String, range: HCLRange) {
    self.kind = kind
    self.file = file
    self.range = range
  }
}

extension TerraformDesiredState {
  /// This root module's declarations followed by `other`'s (two root folders of one source).
  public func merging(_ other: TerraformDesiredState) -> TerraformDesiredState {
    var merged = self
    merged.resources += other.resources
    merged.sites.merge(other.sites) { first, _ in first }
    merged.unevaluated.merge(other.unevaluated) { $0 + $1 }
    merged.unevaluatedReasons.merge(other.unevaluatedReasons) { first, _ in first }
    merged.ignoredChanges.merge(other.ignoredChanges) { $0 + $1 }
    merged.setPointers.merge(other.setPointers) { $0.union($1) }
    merged.moved += other.moved
    merged.dataSources += other.dataSources
    merged.diagnostics += other.diagnostics
    return merged
  }

  /// The resources, with members nested in argument values placed where their literal is
  /// written in the resource's own file, so that a change deep inside `input = { … }` points
  /// at its own line; the evaluator applies it before returning.
  func resourcesPlacingLiterals() -> [Resource] {
    resources.map { resource in
      guard let file = resource.location?.file, let sites = sites[resource.id.address] else {
        return resource
      }
      var placed = resource
      for (pointer, site) in sites where site.file == file && site.kind == .argument {
        guard let path = FieldPath(pointer: pointer), path.tokens.count > 1 else { continue }
        placed.body = placed.body.placing(path.tokens[...], at: site.range.start)
      }
      return placed
    }
  }
}

extension Value {
  /// This value with the member at `tokens` marked as written at `position`, unless the
  /// member already has a position.
  fileprivate func placing(_ tokens: ArraySlice<String>, at position: Position) -> Value {
    guard let first = tokens.first else { return self }
    switch self {
    case .object(var members):
      guard let index = members.firstIndex(where: { $0.key == first }) else { return self }
      if tokens.count == 1 {
        if !members[index].position.isKnown { members[index].position = position }
      } else {
        members[index].value = members[index].value.placing(tokens.dropFirst(), at: position)
      }
      return .object(members)
    case .array(var elements):
      guard let index = Int(first), elements.indices.contains(index) else { return self }
      elements[index] = elements[index].placing(tokens.dropFirst(), at: position)
      return .array(elements)
    default:
      return self
    }
  }
}

extension TerraformDesiredState {
  /// The address `moved` blocks give a live resource at `address`, nil when none moves it.
  ///
  /// A resource's move names it exactly; a module's (`from = module.old`, also with an
  /// instance key) moves every resource inside it, and every instance of it when `from` has
  /// no key. Moves chain, in order, as Terraform applies them.
  public func movedAddress(of address: String) -> String? {
    var current = address
    var changed = false
    for _ in 0..<max(1, moved.count) {
      guard let target = moved.lazy.compactMap({ Self.apply($0, to: current) }).first,
        target != current
      else { break }
      current = target
      changed = true
    }
    return changed ? current : nil
  }

  /// The addresses a resource now at `address` had before `moved` blocks renamed it, newest
  /// first.
  public func formerAddresses(of address: String) -> [String] {
    var found: [String] = []
    var current = address
    for _ in 0..<moved.count {
      let reversed = moved.lazy.compactMap { Self.apply(($0.to, $0.from), to: current) }
      guard let earlier = reversed.first, earlier != current, !found.contains(earlier) else {
        break
      }
      found.append(earlier)
      current = earlier
    }
    return found
  }

  private static func apply(_ move: (from: String, to: String), to address: String) -> String? {
    if address == move.from { return move.to }
    guard move.from.hasPrefix("module.") else { return nil }
    if address.hasPrefix(move.from + ".") {
      return move.to + address.dropFirst(move.from.count)
    }
    // `module.old` names every instance: `module.old["a"].x` is `module.new["a"].x`.
    if !move.from.hasSuffix("]"), !move.to.hasSuffix("]"), address.hasPrefix(move.from + "[") {
      return move.to + address.dropFirst(move.from.count)
    }
    return nil
  }
}
