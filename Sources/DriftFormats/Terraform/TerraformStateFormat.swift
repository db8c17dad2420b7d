public import DriftJSON
public import DriftModel
import DriftTerraform

/// Reads Terraform's live state: a state file (version 4), `terraform show -json` of a state,
/// or `terraform show -json` of a plan file, told apart by their members.
///
/// Each current object of a managed resource becomes one resource: type `aws_instance`, address
/// Terraform's own (`module.net.aws_instance.web[0]`, `module.x["k"].aws_s3_bucket.logs`), body
/// the object of its attribute values with the position of every member, location the first
/// member of its entry. Deposed objects (left over from a create-before-destroy replacement)
/// are skipped, and so are data sources unless ``readsDataSources``: they are not what the
/// configuration manages.
///
/// Values Terraform marks sensitive become `.sensitive(digest:)` of their compact JSON (see
/// `SecretDigester.sensitive(_:)`), so the same secret gives the same digest in every format
/// and never stays in clear.
public struct TerraformStateFormat: Sendable {
  /// Turns sensitive values into digests.
  public var secrets: SecretDigester
  /// Whether data sources are read too, at their own addresses (`data.aws_ami.ubuntu`,
  /// `module.net.data.aws_availability_zones.this`): what a configuration's references to
  /// them evaluate to, never compared.
  public var readsDataSources: Bool

  /// Creates the adapter.
  public init(secrets: SecretDigester, readsDataSources: Bool = false) {
    self.secrets = secrets
    self.readsDataSources = readsDataSources
  }

  /// Whether an entry's `mode` is one this reader keeps.
  func keeps(mode: String?) -> Bool {
    mode == "managed" || (readsDataSources && mode == "data")
  }

  /// Managed resources of a state export; data sources are skipped unless
  /// ``readsDataSources``.
  ///
  /// - Throws: `DriftError` with the file, line and column of malformed JSON, of an
  ///   unsupported state version, of a malformed entry, or naming the file when it is not
  ///   Terraform state at all.
  public func liveResources(_ bytes: [UInt8], file: String) throws(DriftError) -> [Resource] {
    var kind = ExportKind.state
    return try liveResources(bytes, file: file, kind: &kind)
  }

  /// What a Terraform export is: the state as last saved, or a plan's (refreshed) prior state.
  public enum ExportKind: Sendable {
    /// `terraform show -json` of the state, or a state file: what the last apply or refresh
    /// saved, not what the infrastructure is now.
    case state
    /// `terraform show -json PLANFILE`: the state as the plan refreshed it.
    case plan
  }

  /// The capture that exports the root module at `folder` refreshed, changing nothing: a
  /// refresh-only plan written to a private file, shown as JSON, and deleted.
  public static func refreshedCapture(folder: String) -> String {
    "terraform-refreshed -chdir=\(folder)"
  }

  /// The steps of `terraform-refreshed [-chdir=DIR] [plan options]`; nil for another command.
  ///
  /// `terraform show -json` prints the state the last apply or refresh saved, so a change made
  /// in the cloud since is never seen. The steps run `terraform plan -refresh-only` into a plan
  /// file in `folder` (never the module's folder; it holds the state in clear, and the runner
  /// deletes it), then print `terraform show -json` of it, whose `prior_state` is the
  /// refreshed state. `-lock=false` because nothing is written; `-input=false` because nobody
  /// answers.
  public static func refreshedCaptureSteps(_ command: String, folder: String) -> [[String]]? {
    var words = command.split(separator: " ").map(String.init)
    guard words.first == "terraform-refreshed" else { return nil }
    words.removeFirst()
    var terraform = ["/usr/bin/env", "terraform"]
    if let chdir = words.first, chdir.hasPrefix("-chdir=") {
      terraform.append(chdir)
      words.removeFirst()
    }
    let plan = folder + "/refresh.tfplan"
    return [
      terraform + [
        "plan", "-refresh-only", "-out=" + plan, "-input=false", "-lock=false", "-no-color",
      ] + words,
      terraform + ["show", "-json", plan],
    ]
  }

  /// The live resources of an export, and which kind of export it is.
  public func liveResources(_ bytes: [UInt8], file: String, kind: inout ExportKind)
    throws(DriftError) -> [Resource]
  {
    let root = try JSONReader.parse(bytes, file: file)
    kind = .state
    if root.members != nil, let version = root.member("version"),
      ["lineage", "serial", "resources", "modules"].contains(where: { root[$0] != nil })
    {
      return try stateFileResources(root, version: version, file: file)
    }
    if let formatVersion = root.member("format_version") {
      try checkMajorVersion(formatVersion, file: file)
      if ["prior_state", "planned_values", "resource_changes", "resource_drift"].contains(where: {
        root[$0] != nil
      }) {
        kind = .plan
        return try planResources(root, file: file)
      }
      if let values = root.member("values") {
        return try stateValuesResources(values, file: file)
      }
      if root.members?.allSatisfy({ $0.key == "format_version" || $0.key == "terraform_version" })
        == true
      {
        return []
      }
    }
    throw DriftError(
      "not a Terraform state or plan: expected a state file (\"version\": 4, \"resources\"), "
        + "`terraform show -json` output (\"format_version\", \"values\") or a plan "
        + "(\"format_version\", \"prior_state\")",
      at: SourceLocation(file: file, line: 1, column: 1))
  }

  /// The JSON formats of `terraform show -json` promise compatibility within a major version.
  private func checkMajorVersion(_ member: Member, file: String) throws(DriftError) {
    guard let text = member.value.stringValue, text.split(separator: ".").first == "1" else {
      throw DriftError(
        "unsupported format_version \(JSONWriter().string(member.value)) (git-drift reads 1.x)",
        at: SourceLocation(file: file, position: member.position))
    }
  }

  /// The resources of a `values` object of `terraform show -json`: `root_module` and its
  /// `child_modules`, recursively; each resource entry carries its full `address`.
  func stateValuesResources(_ values: Member, file: String) throws(DriftError) -> [Resource] {
    guard values.value.members != nil else {
      throw error("'values' must be an object", at: values.position, file: file)
    }
    guard let root = values.value.member("root_module") else { return [] }
    var resources: [Resource] = []
    try collect(module: root, address: "", file: file, into: &resources)
    return resources
  }

  private func collect(
    module: Member, address: String, file: String, into resources: inout [Resource]
  ) throws(DriftError) {
    guard module.value.members != nil else {
      throw error("a module must be an object", at: module.position, file: file)
    }
    let moduleAddress = module.value["address"]?.stringValue ?? address
    if let list = module.value.member("resources") {
      for entry in try objects(list, file: file) {
        let mode = entry["mode"]?.stringValue
        guard keeps(mode: mode), entry["deposed_key"] == nil else { continue }
        let position = entry.members?.first?.position ?? list.position
        let type = try string("type", of: entry, at: position, file: file)
        let address: String
        if let given = entry["address"]?.stringValue {
          address = given
        } else {
          let name = try string("name", of: entry, at: position, file: file)
          address = TerraformAddress.instance(
            module: moduleAddress, type: mode == "data" ? "data." + type : type, name: name,
            key: entry["index"])
        }
        let values = entry["values"] ?? .object([])
        let sensitivity = TerraformSensitivity(secrets: secrets)
        let body = sensitivity.hidingCopies(
          sensitivity.redact(values, mirror: entry["sensitive_values"] ?? .null), address: address)
        resources.append(
          Resource(
            id: ResourceID(type: type, address: address), body: body,
            location: SourceLocation(file: file, position: position)))
      }
    }
    if let children = module.value.member("child_modules") {
      guard let modules = children.value.elements else {
        throw error("'child_modules' must be an array", at: children.position, file: file)
      }
      for child in modules {
        try collect(
          module: Member("child_modules", child, at: children.position), address: moduleAddress,
          file: file, into: &resources)
      }
    }
  }

  /// The elements of an array member, each an object.
  func objects(_ list: Member, file: String) throws(DriftError) -> [Value] {
    guard let elements = list.value.elements,
      elements.allSatisfy({ $0.members != nil })
    else {
      throw error("'\(list.key)' must be an array of objects", at: list.position, file: file)
    }
    return elements
  }

  /// The string member `key` of a resource entry.
  func string(_ key: String, of entry: Value, at position: Position, file: String)
    throws(DriftError) -> String
  {
    guard let text = entry[key]?.stringValue, !text.isEmpty else {
      throw error("resource entry has no '\(key)'", at: position, file: file)
    }
    return text
  }

  func error(_ message: String, at position: Position, file: String) -> DriftError {
    DriftError(message, at: SourceLocation(file: file, position: position))
  }
}
