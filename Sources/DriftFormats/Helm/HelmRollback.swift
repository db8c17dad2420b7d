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
    let order: [DriftKind] = [.modified, .missing, .unmanaged]
    var steps: [RollbackPlan.Step] = []
    for kind in order {
      for drift in drifts.filter({ $0.kind == kind }).sorted(by: { $0.id.address < $1.id.address })
      {
        if drift.id.type == HelmLiveRelease.type {
          steps.append(release(drift, details?.declarations[drift.id.address]))
        } else if kind == .unmanaged {
          steps += RollbackPlan.build([drift], source: input.source.name, commit: input.commit) {
            _ in nil
          }.steps
        } else {
          let declaration = details?.objects[drift.id.address].flatMap {
            details?.declarations[$0]
          }
          steps.append(object(drift, body: input.index[drift.id.address]?.body, declaration))
        }
      }
    }
    return RollbackPlan(
      source: input.source.name, steps: steps,
      verify: RollbackPlan.verification(of: input.source.name))
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

  private static func release(_ drift: Drift, _ declaration: HelmReleaseDeclaration?)
    -> RollbackPlan.Step
  {
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
      reason: drift.kind == .missing
        ? "The release is not installed; let \(declaration.controller.rawValue) install it."
        : "The release differs at \(changed); let \(declaration.controller.rawValue) upgrade it "
          + "to what git declares.",
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
