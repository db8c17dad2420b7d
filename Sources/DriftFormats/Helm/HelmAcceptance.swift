import DriftModel

/// Accepted release drift, written where the release's values live in git.
///
/// A value (`/values/...`) goes into the HelmRelease's `spec.values` (merged last by Flux, so
/// it wins over `valuesFrom`), or into the Application's `helm.valuesObject` (over its values
/// files); a chart version into `spec.chart.spec.version` or `targetRevision`. Each edit is a
/// minimal change of the declaring file (see ``ManifestEditor``), read back before it counts.
/// What git cannot state from the live release is refused with the reason: secret values
/// (only their digests are known), objects the chart renders (a chart or values change is
/// needed), and releases deleted or installed by hand.
enum HelmAcceptance {
  static func plan(_ drifts: [Drift], _ input: RecoveryInput) -> Acceptance {
    var plan = Acceptance()
    let details = input.desired.details as? HelmDetails
    var editors: [String: ManifestEditor] = [:]
    for drift in drifts {
      func refuse(_ reason: String, _ path: FieldPath? = nil) {
        plan.refusals.append(
          Refusal(address: drift.id.address, path: path, reason: reason, location: drift.location))
      }
      guard drift.id.type == HelmLiveRelease.type else {
        let release = details?.objects[drift.id.address].flatMap { details?.declarations[$0] }
        refuse(
          release.map {
            "the object is rendered by chart \($0.chart ?? "?") of release \($0.releaseName): "
              + "change the chart or its values (or a post-renderer patch of \($0.objectName)) "
              + "by hand"
          } ?? "the object is not declared in git")
        continue
      }
      guard drift.kind == .modified, let declaration = details?.declarations[drift.id.address]
      else {
        refuse(
          drift.kind == .missing
            ? "the release is not installed; install it (or remove it from git) by hand"
            : "the release is not declared in git")
        continue
      }
      let file = declaration.location.file
      do throws(DriftError) {
        var editor: ManifestEditor
        if let edited = editors[file] {
          editor = edited
        } else {
          guard let bytes = input.read(file) else {
            refuse("\(file) is not in the commit")
            continue
          }
          editor = try ManifestEditor(bytes, file: file)
        }
        guard let document = editor.document(startingAt: declaration.location.line) else {
          refuse("no document starts at \(declaration.location)")
          continue
        }
        var refused = false
        for change in drift.changes {
          if let reason = try edit(change, declaration, document: document, editor: &editor) {
            refuse(reason, change.path)
            refused = true
            break
          }
        }
        guard !refused else { continue }
        editors[file] = editor
        plan.accepted.append(drift)
        plan.summary.append(
          "- \(drift.id.address): "
            + drift.changes.map { $0.path.pointer }.joined(separator: ", ") + " as live in \(file)")
      } catch {
        refuse(error.description)
      }
    }
    for (file, editor) in editors { plan.files[file] = editor.bytes }
    return plan
  }

  /// Applies one change to the declaring document; the reason it cannot, or nil.
  private static func edit(
    _ change: Change, _ declaration: HelmReleaseDeclaration, document: Int,
    editor: inout ManifestEditor
  ) throws(DriftError) -> String? {
    let tokens = change.path.tokens
    if case .sensitive = change.live ?? .null {
      return "the live value is secret: only its digest is known; set it in git by hand"
    }
    if tokens == ["chart", "version"], let version = change.live?.stringValue {
      let pointer =
        declaration.controller == .flux
        ? FieldPath(["spec", "chart", "spec", "version"])
        : FieldPath(Array(declaration.valuesPointer.tokens.dropLast(2)) + ["targetRevision"])
      try editor.set(.string(version), at: pointer, document: document)
      return nil
    }
    guard tokens.first == "values", tokens.count > 1 else {
      return "\(change.path.pointer) is the chart's own; change the chart reference by hand"
    }
    if declaration.secretPaths.contains(where: {
      FieldPath(Array(tokens.dropFirst())).hasPrefix($0)
    }) {
      return declaration.secretPaths.contains(FieldPath())
        ? "the release takes values from a Secret the repository does not hold, so they are "
          + "known only as digests; set the value in git by hand"
        : "the value comes from a Secret (valuesFrom); edit that Secret by hand"
    }
    if declaration.valuesAsText {
      return "the Application's helm.values is text; move it to helm.valuesObject to accept"
    }
    let dotted = tokens.dropFirst().map { $0.replacing(".", with: "\\.") }.joined(separator: ".")
    if let index = declaration.parameters.lastIndex(of: dotted) {
      // A parameter wins over every values source: it is what to edit.
      let parameter = FieldPath(
        Array(declaration.valuesPointer.tokens.dropLast()) + ["parameters", String(index), "value"])
      guard change.operation != .remove, let live = change.live, live.members == nil,
        live.elements == nil
      else { return "a parameter sets \(dotted); edit or remove it by hand" }
      try editor.set(
        .string(live.stringValue ?? live.scalarText), at: parameter, document: document)
      return nil
    }
    let target = FieldPath(declaration.valuesPointer.tokens + tokens.dropFirst())
    switch change.operation {
    case .replace, .add:
      guard let live = change.live else { return "live has no value" }
      if !declaration.hasInlineValues,
        editor.value(ofDocument: document)?.value(
          at: declaration.valuesPointer) == nil
      {
        try editor.set(
          Self.nest(live, under: Array(tokens.dropFirst())), at: declaration.valuesPointer,
          document: document)
      } else {
        try editor.set(live, at: target, document: document)
      }
    case .remove:
      guard editor.value(ofDocument: document)?.value(at: target) != nil else {
        return "the value comes from a values file or valuesFrom, not the object's own values"
      }
      try editor.remove(at: target, document: document)
    }
    return nil
  }

  /// `value` inside maps named by `keys`.
  private static func nest(_ value: Value, under keys: [String]) -> Value {
    keys.reversed().reduce(value) { inner, key in .object([Member(key, inner)]) }
  }
}
