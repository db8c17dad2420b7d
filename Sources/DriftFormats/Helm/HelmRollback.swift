import DriftJSON
import DriftModel

/// Rollback of Helm sources, by the controller that installs each release.
///
/// A drifted release is reconciled again from git: `flux reconcile helmrelease --force` for
/// Flux, `argocd app sync` for Argo CD. A drifted object is restored to what the release
/// rendered (`kubectl apply` of the manifest's object), except a Secret, whose data the plan
/// never holds: the release's controller restores it. Objects only live has are deleted last.
enum HelmRollback {
  static func plan(_ drifts: [Drift], _ input: RecoveryInput) -> RollbackPlan {
    let details = input.desired.details as? HelmDetails
    let sorted = drifts.sorted { $0.id.address < $1.id.address }
    let releases = sorted.filter { $0.id.type == HelmLiveRelease.type && $0.kind != .unmanaged }
    let reconciled = Set(releases.map(\.id.address))
    var steps: [RollbackPlan.Step] = []
    // Releases first: reconciling one renders its objects again, from git's values.
    for drift in releases {
      let objects = sorted.filter {
        $0.id.type != HelmLiveRelease.type && details?.objects[$0.id.address] == drift.id.address
      }
      steps.append(release(drift, details?.declarations[drift.id.address], objects: objects))
    }
    for drift in sorted where drift.id.type != HelmLiveRelease.type && drift.kind != .unmanaged {
      guard let owner = details?.objects[drift.id.address], !reconciled.contains(owner) else {
        continue
      }
      let declaration = details?.declarations[owner]
      steps.append(object(drift, body: input.index[drift.id.address]?.body, declaration))
      if let removal = removal(drift) { steps.append(removal) }
    }
    for drift in sorted where drift.kind == .unmanaged {
      if drift.id.type == HelmLiveRelease.type {
        steps.append(release(drift, nil, objects: []))
      } else {
        steps +=
          RollbackPlan.build([drift], source: input.source.name, commit: input.commit) {
            _ in nil
          }.steps
      }
    }
    return RollbackPlan(
      source: input.source.name, steps: steps,
      verify: RollbackPlan.verification(of: input.source.name))
  }

  /// Fields only live has stay through a server-side apply (another manager owns them): a JSON
  /// patch removes each, after testing it still holds the value the check saw.
  private static func removal(_ drift: Drift) -> RollbackPlan.Step? {
    let added = drift.changes.filter { $0.operation == .add && $0.live != nil }
    guard !added.isEmpty else { return nil }
    if added.contains(where: { change in
      if case .sensitive = change.live ?? .null { return true }
      return false
    }) {
      return nil
    }
    // Highest list index first, so that removing one element does not move the next.
    let ordered = added.sorted {
      $0.path.tokens.lexicographicallyPrecedes($1.path.tokens) {
        if let a = Int($0), let b = Int($1) { return a < b }
        return $0 < $1
      }
    }.reversed()
    var operations: [Value] = []
    for change in ordered {
      operations.append([
        "op": "test", "path": .string(change.path.pointer), "value": change.live ?? .null,
      ])
      operations.append(["op": "remove", "path": .string(change.path.pointer)])
    }
    let target = KubectlTarget(address: drift.id.address, type: drift.id.type)
    let patch = JSONWriter().string(.array(operations))
    return RollbackPlan.Step(
      address: drift.id.address, kind: drift.kind,
      title: "Remove what only live has from \(drift.id.address)",
      reason: "Added out of band at "
        + added.map { $0.path.pointer }.joined(separator: ", ")
        + "; a server-side apply leaves fields another manager owns.",
      command: "kubectl patch" + target.namespaceFlag + " --type=json -p "
        + RollbackPlan.shellQuoted(patch) + " -- " + RollbackPlan.shellQuoted(target.resource)
        + " " + RollbackPlan.shellQuoted(target.name),
      manifest: nil, destructive: false, feedsManifest: false)
  }

  /// The command that makes the controller install the release from git again.
  static func reconcile(_ declaration: HelmReleaseDeclaration) -> String {
    let q = RollbackPlan.shellQuoted
    switch declaration.controller {
    case .flux:
      return "flux reconcile helmrelease " + q(declaration.objectName) + " "
        + q("--namespace=" + declaration.objectNamespace) + " --with-source --force"
    case .argocd:
      return "argocd app sync " + q(declaration.objectName)
    }
  }

  private static func release(
    _ drift: Drift, _ declaration: HelmReleaseDeclaration?, objects: [Drift]
  ) -> RollbackPlan.Step {
    guard let declaration else {
      let target = KubectlTarget(address: drift.id.address, type: drift.id.type)
      return RollbackPlan.Step(
        address: drift.id.address, kind: drift.kind, title: "Uninstall \(drift.id.address)",
        reason: "Installed out of band and not declared in git.",
        command: "helm uninstall " + RollbackPlan.shellQuoted(target.name) + target.namespaceFlag,
        manifest: nil, destructive: true)
    }
    let changed = drift.changes.map { $0.path.pointer }.joined(separator: ", ")
    return RollbackPlan.Step(
      address: drift.id.address, kind: drift.kind,
      title: (drift.kind == .missing ? "Install " : "Reconcile ") + drift.id.address,
      reason: (drift.kind == .missing
        ? "The release is not installed; let \(declaration.controller.rawValue) install it."
        : "The release differs at \(changed); let \(declaration.controller.rawValue) upgrade it "
          + "to what git declares.")
        + (objects.isEmpty
          ? ""
          : " Its objects drifted too (\(objects.map(\.id.address).joined(separator: ", "))): "
            + "the upgrade renders them again; check again after it."),
      command: reconcile(declaration), manifest: nil, destructive: false, feedsManifest: false)
  }

  private static func object(
    _ drift: Drift, body: Value?, _ declaration: HelmReleaseDeclaration?
  ) -> RollbackPlan.Step {
    let target = KubectlTarget(address: drift.id.address, type: drift.id.type)
    let verb = drift.kind == .missing ? "Re-create " : "Restore "
    var step = RollbackPlan.Step(
      address: drift.id.address, kind: drift.kind, title: verb + drift.id.address,
      reason: "Live differs from what release \(declaration?.releaseName ?? "?") rendered; "
        + "apply the rendered object.",
      command: "kubectl apply --server-side --field-manager=helm --force-conflicts"
        + target.namespaceFlag + " -f -",
      manifest: body.map { YAMLWriter().block($0, indent: 0).joined(separator: "\n") + "\n" },
      destructive: false)
    if drift.id.type == "Secret" || body == nil {
      // A rendered Secret is held as digests: its controller renders it again instead.
      step.manifest = nil
      step.feedsManifest = false
      if let declaration {
        step.command = reconcile(declaration)
        step.reason =
          "The plan never holds Secret data; let \(declaration.controller.rawValue) render the "
          + "release again."
      } else {
        step.command = ""
        step.refused = true
        step.reason = "Its rendered object is not known; restore it by hand."
      }
    }
    return step
  }
}
