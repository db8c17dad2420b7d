public import DriftModel
import HCL

extension RollbackPlan {
  /// Plans the rollback of an `hcl` source's drifts: `terraform apply -target` per modified or
  /// missing resource (its block, as the commit holds it, shown), then the destruction of
  /// resources that are in state but not in the configuration, behind the confirmation.
  ///
  /// - Parameters:
  ///   - roots: the source's root module folders; a resource's root is the one that holds its
  ///     file, the first for resources without one.
  ///   - block: the text of a desired resource's block at the commit.
  public static func terraform(
    _ drifts: [Drift], source: String, roots: [String], block: (Drift) -> String?
  ) -> RollbackPlan {
    var steps: [Step] = []
    for kind in [DriftKind.modified, .missing, .unmanaged] {
      for drift in drifts.filter({ $0.kind == kind }).sorted(by: { $0.id.address < $1.id.address })
      {
        let address = drift.id.address
        let terraform = "terraform" + chdir(root(of: drift, roots: roots))
        var step: Step
        switch kind {
        case .modified, .missing:
          let changed = drift.changes.map { $0.path.pointer }.joined(separator: ", ")
          step = Step(
            address: address, kind: kind,
            title: (kind == .missing ? "Re-create " : "Restore ") + address,
            reason: kind == .missing
              ? "Deleted out of band; Terraform creates it again from its block."
              : "Live differs at \(changed); Terraform sets the configured values again.",
            command: terraform + " apply -target=" + shellQuoted(address),
            manifest: block(drift), destructive: false)
        case .unmanaged:
          step = Step(
            address: address, kind: kind, title: "Destroy \(address)",
            reason: "In state but not in the configuration"
              + (drift.actor.map { " (created by `\($0.manager)`)" } ?? "")
              + ". To keep it instead: `git drift accept \(shellQuoted(address))` writes its block "
              + "and an import block; to stop managing it without deleting it: `\(terraform) "
              + "state rm \(shellQuoted(address))`, then delete it by hand if it must go.",
            command: terraform + " destroy -target=" + shellQuoted(address),
            manifest: nil, destructive: true)
        }
        step.feedsManifest = false
        step.language = "hcl"
        steps.append(step)
      }
    }
    var plan = RollbackPlan(source: source, steps: steps, verify: verification(of: source))
    plan.setup = [
      "# Terraform runs in the root module folders, from the top of the repository.",
      "cd \"$(git rev-parse --show-toplevel)\"",
    ]
    return plan
  }

  /// The root module folder of a drifted resource.
  static func root(of drift: Drift, roots: [String]) -> String {
    if let file = drift.location?.file {
      let holding = roots.filter { $0.isEmpty || file.hasPrefix($0 + "/") }
      if let longest = holding.max(by: { $0.count < $1.count }) { return longest }
    }
    return roots.first ?? ""
  }

  private static func chdir(_ root: String) -> String {
    root.isEmpty ? "" : " -chdir=" + shellQuoted(root)
  }

  /// The text of the `resource` block of `address` in an HCL file, from the line where it
  /// starts; nil when the file does not parse or holds no such block.
  public static func terraformBlock(_ bytes: [UInt8], file: String, address: String) -> String? {
    guard let body = try? HCLParser.parse(bytes, file: file) else { return nil }
    var name = address
    while name.hasPrefix("module.") {
      let rest = name.dropFirst("module.".count)
      guard let dot = rest.firstIndex(of: ".") else { return nil }
      name = String(rest[rest.index(after: dot)...])
    }
    if let bracket = name.firstIndex(of: "[") { name = String(name[..<bracket]) }
    let labels = name.split(separator: ".", maxSplits: 1).map(String.init)
    guard
      let block = body.blocks(ofType: "resource").first(where: {
        $0.labels.map(\.value) == labels
      })
    else { return nil }
    var start = block.range.startOffset
    while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
    return String(decoding: bytes[start..<block.range.endOffset], as: UTF8.self)
  }
}
