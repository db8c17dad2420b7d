import DriftJSON
import DriftModel
import DriftTerraform

extension TerraformStateFormat {
  /// The managed resources (and data sources, when read) of a state file, as
  /// `terraform.tfstate` or `terraform state pull` write it: `resources[]` with `mode`, `type`,
  /// `name`, `module`, and `instances[]` with `index_key`, `attributes` (or the older
  /// `attributes_flat`) and `sensitive_attributes`.
  ///
  /// - Throws: `DriftError` at `version` for any version but 4 (Terraform 0.12 and later
  ///   upgrade older states to 4 on their first write).
  func stateFileResources(_ state: Value, version: Member, file: String) throws(DriftError)
    -> [Resource]
  {
    guard case .integer(4) = version.value else {
      throw error(
        "unsupported state version \(JSONWriter().string(version.value)) "
          + "(git-drift reads version 4)", at: version.position, file: file)
    }
    guard let list = state.member("resources") else { return [] }
    var resources: [Resource] = []
    for entry in try objects(list, file: file) {
      let mode = entry["mode"]?.stringValue
      guard keeps(mode: mode) else { continue }
      let entryPosition = entry.members?.first?.position ?? list.position
      let type = try string("type", of: entry, at: entryPosition, file: file)
      let name = try string("name", of: entry, at: entryPosition, file: file)
      let module = entry["module"]?.stringValue ?? ""
      guard let instances = entry.member("instances") else { continue }
      for instance in try objects(instances, file: file) where instance["deposed"] == nil {
        let position = instance.members?.first?.position ?? instances.position
        var body = attributes(of: instance)
        let address = TerraformAddress.instance(
          module: module, type: mode == "data" ? "data." + type : type, name: name,
          key: instance["index_key"])
        if let paths = instance.member("sensitive_attributes") {
          let sensitivity = TerraformSensitivity(secrets: secrets)
          body = sensitivity.hidingCopies(
            try sensitivity.redact(body, paths: paths, file: file), address: address)
        }
        resources.append(
          Resource(
            id: ResourceID(type: type, address: address), body: body,
            location: SourceLocation(file: file, position: position)))
      }
    }
    return resources
  }

  private func attributes(of instance: Value) -> Value {
    if let attributes = instance["attributes"], let members = attributes.members {
      return .object(
        members.map { member in
          Member(member.key, Self.unwrappingDynamic(member.value), at: member.position)
        })
    }
    if let flat = instance["attributes_flat"] { return TerraformFlatmap.expand(flat) }
    return .object([])
  }

  /// The value of an attribute of dynamic type (`terraform_data`'s `input`, `kubernetes_manifest`'s
  /// `manifest`): the state file keeps its type next to it, as `{"value": V, "type": T}`, where
  /// `terraform show -json` writes `V` alone.
  ///
  /// Without the provider's schema this is told by shape: exactly the two members `value` and
  /// `type`, `type` a cty type (`"string"`, `["object", {...}]`, ...) that `value` fits.
  static func unwrappingDynamic(_ value: Value) -> Value {
    guard let members = value.members, members.count == 2, let inner = value["value"],
      let type = value["type"], fits(inner, type: type)
    else { return value }
    return inner
  }

  private static func fits(_ value: Value, type: Value) -> Bool {
    if case .string(let primitive) = type {
      switch (primitive, value) {
      case ("dynamic", _), (_, .null): return true
      case ("string", .string), ("bool", .bool), ("number", .integer), ("number", .double):
        return true
      default: return false
      }
    }
    guard let parts = type.elements, parts.count >= 2, let kind = parts[0].stringValue else {
      return false
    }
    switch (kind, value) {
    case (_, .null): return ["list", "set", "tuple", "map", "object"].contains(kind)
    case ("list", .array), ("set", .array), ("tuple", .array), ("map", .object): return true
    case ("object", .object(let members)):
      guard let attributeTypes = parts[1].members else { return false }
      let declared = Set(attributeTypes.map(\.key))
      return members.allSatisfy { declared.contains($0.key) }
    default: return false
    }
  }
}
