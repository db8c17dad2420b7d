public import DriftModel

extension RollbackPlan {
  /// Plans the rollback of `drifts`: `manifest` gives the text of a desired resource's
  /// document at the commit.
  public static func build(
    _ drifts: [Drift], source: String, manifest: (Drift) -> String?
  ) -> RollbackPlan {
    let order: [DriftKind] = [.modified, .missing, .unmanaged]
    var steps: [Step] = []
    for kind in order {
      for drift in drifts.filter({ $0.kind == kind }).sorted(by: { $0.id.address < $1.id.address })
      {
        let target = KubectlTarget(address: drift.id.address, type: drift.id.type)
        switch kind {
        case .modified, .missing:
          let changed = drift.changes.map { $0.path.pointer }.joined(separator: ", ")
          steps.append(
            Step(
              address: drift.id.address, kind: kind,
              title: (kind == .missing ? "Re-create " : "Restore ") + drift.id.address,
              reason: kind == .missing
                ? "Deleted out of band; apply the desired manifest again."
                : "Live differs at \(changed); apply the desired manifest.",
              command: "kubectl apply --server-side --field-manager=git-drift --force-conflicts"
                + target.namespaceFlag + " -f -",
              manifest: manifest(drift), destructive: false))
        case .unmanaged:
          steps.append(
            Step(
              address: drift.id.address, kind: kind, title: "Delete \(drift.id.address)",
              reason: "Created out of band"
                + (drift.actor.map { " by `\($0.manager)`" } ?? "") + " and not declared in git.",
              command: "kubectl delete \(target.resource) \(target.name)" + target.namespaceFlag,
              manifest: nil, destructive: true))
        }
      }
    }
    return RollbackPlan(source: source, steps: steps, verify: "git drift check --source \(source)")
  }
}

/// How kubectl names the resource of an address: `deployment.apps web -n prod`.
struct KubectlTarget {
  var resource: String
  var name: String
  var namespace: String?

  init(address: String, type: String) {
    let parts = address.split(separator: "/").map(String.init)
    let kind = type.prefix { $0 != "." }.lowercased()
    let group = type.drop { $0 != "." }
    resource = kind + group
    if parts.count >= 3 {
      namespace = parts[1]
      name = parts[2...].joined(separator: "/")
    } else {
      name = parts.count > 1 ? parts[1] : address
    }
  }

  var namespaceFlag: String { namespace.map { " --namespace \($0)" } ?? "" }
}
