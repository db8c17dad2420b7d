public import DriftModel

extension RollbackPlan {
  /// A desired resource's document as the commit holds it.
  public struct DesiredDocument: Sendable {
    /// The text of the document.
    public var text: String
    /// The file that holds it.
    public var file: String
    /// Whether the file declares no other resource, so that applying the whole file applies
    /// this document alone.
    public var alone: Bool

    /// Creates a document.
    public init(text: String, file: String, alone: Bool) {
      self.text = text
      self.file = file
      self.alone = alone
    }
  }

  /// Plans the rollback of `drifts`: `document` gives a desired resource's document at
  /// `commit`.
  ///
  /// A Secret's data never enters the plan: its step pipes the desired file from git
  /// (`git show COMMIT:FILE | kubectl apply …`), or is refused when that file declares other
  /// resources too.
  public static func build(
    _ drifts: [Drift], source: String, commit: String, document: (Drift) -> DesiredDocument?
  ) -> RollbackPlan {
    let order: [DriftKind] = [.modified, .missing, .unmanaged]
    var steps: [Step] = []
    for kind in order {
      for drift in drifts.filter({ $0.kind == kind }).sorted(by: { $0.id.address < $1.id.address })
      {
        let target = KubectlTarget(address: drift.id.address, type: drift.id.type)
        switch kind {
        case .modified, .missing:
          steps.append(
            restoration(of: drift, target: target, commit: commit, document: document(drift)))
        case .unmanaged:
          steps.append(
            Step(
              address: drift.id.address, kind: kind, title: "Delete \(drift.id.address)",
              reason: "Created out of band"
                + (drift.actor.map { " by `\($0.manager)`" } ?? "") + " and not declared in git.",
              command: "kubectl delete" + target.namespaceFlag + " -- "
                + shellQuoted(target.resource) + " " + shellQuoted(target.name),
              manifest: nil, destructive: true))
        }
      }
    }
    return RollbackPlan(source: source, steps: steps, verify: verification(of: source))
  }

  private static func restoration(
    of drift: Drift, target: KubectlTarget, commit: String, document: DesiredDocument?
  ) -> Step {
    let changed = drift.changes.map { $0.path.pointer }.joined(separator: ", ")
    let apply =
      "kubectl apply --server-side --field-manager=git-drift --force-conflicts"
      + target.namespaceFlag + " -f -"
    var step = Step(
      address: drift.id.address, kind: drift.kind,
      title: (drift.kind == .missing ? "Re-create " : "Restore ") + drift.id.address,
      reason: drift.kind == .missing
        ? "Deleted out of band; apply the desired manifest again."
        : "Live differs at \(changed); apply the desired manifest.",
      command: apply, manifest: document?.text, destructive: false)
    guard let document else {
      step.refused = true
      step.command = ""
      step.reason = "Its desired manifest is not in the commit; restore it by hand."
      return step
    }
    guard drift.id.type == "Secret" else { return step }
    step.manifest = nil
    let show = "git show " + shellQuoted(commit + ":" + document.file)
    if document.alone {
      step.command = show + " | " + apply
      step.feedsManifest = false
      step.reason += " The plan never holds Secret data: the manifest comes from git."
    } else {
      step.refused = true
      step.command = ""
      step.reason =
        "The plan never holds Secret data, and \(document.file) declares other resources too: "
        + "apply this Secret's document from `\(show)` by hand."
    }
    return step
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

  /// ` --namespace=NAMESPACE` as one shell word, or nothing for cluster-wide resources.
  var namespaceFlag: String {
    namespace.map { " " + RollbackPlan.shellQuoted("--namespace=" + $0) } ?? ""
  }
}
