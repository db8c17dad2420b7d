import DriftModel
import DriftTerraform

extension TerraformStateFormat {
  /// The live resources of a plan (`terraform show -json PLANFILE`, refresh-only or not).
  ///
  /// `prior_state` is the live state: Terraform writes there the state as the plan refreshed
  /// it (the plan file's `tfstate`, not the state of the previous run), and leaves it out only
  /// when that state is empty. `planned_values` is what apply would make and is never read.
  ///
  /// Without `prior_state` (an empty state, or a plan JSON a tool trimmed), the live objects are
  /// the ones the plan's changes start from: `resource_drift[].change.after` first (the
  /// refreshed value of each drifted object; a refresh-only plan lists nothing else), then
  /// `resource_changes[].change.before` (the refreshed value each planned action starts from)
  /// for addresses not seen yet. A null value is an object that does not exist; deposed
  /// objects are skipped. Sensitivity comes from `after_sensitive` and `before_sensitive`.
  func planResources(_ plan: Value, file: String) throws(DriftError) -> [Resource] {
    if let prior = plan.member("prior_state") {
      guard prior.value.members != nil else {
        throw error("'prior_state' must be an object", at: prior.position, file: file)
      }
      guard let values = prior.value.member("values") else { return [] }
      return try stateValuesResources(values, file: file)
    }
    var resources: [Resource] = []
    var seen: Set<String> = []
    for (key, side) in [("resource_drift", "after"), ("resource_changes", "before")] {
      guard let list = plan.member(key) else { continue }
      for entry in try objects(list, file: file) {
        guard entry["mode"]?.stringValue == "managed", entry["deposed"] == nil else { continue }
        let position = entry.members?.first?.position ?? list.position
        let type = try string("type", of: entry, at: position, file: file)
        let address = try string("address", of: entry, at: position, file: file)
        guard seen.insert(address).inserted, let change = entry["change"],
          let value = change[side], value != .null
        else { continue }
        let sensitivity = TerraformSensitivity(secrets: secrets)
        let body = sensitivity.hidingCopies(
          sensitivity.redact(value, mirror: change["\(side)_sensitive"] ?? .null), address: address)
        resources.append(
          Resource(
            id: ResourceID(type: type, address: address), body: body,
            location: SourceLocation(file: file, position: position)))
      }
    }
    return resources
  }
}
