public import DriftModel

/// How Terraform configuration compares with Terraform state, as CloudFormation compares
/// declared properties: only what the configuration sets is compared.
///
/// An attribute the configuration leaves out is a provider default or computed (ids, arns,
/// `tags_all`), never drift. A map the configuration sets is one value, so a key added out of
/// band is drift; a nested block is a structure whose undeclared attributes are defaults,
/// whether the state holds it as a list of objects or, written once (`timeouts`, single nested
/// blocks), as one object.
/// Numbers compare by value, and a string compares equal to the number or bool it spells, as
/// providers convert them. Sets (`toset`, set-typed blocks and attributes) match elements
/// whatever their order.
public struct TerraformRules: ComparisonRules {
  /// Set-typed attributes and blocks of common provider resource types, as pointer patterns
  /// (`*` for one segment), from the providers' schemas.
  public static let providerSets: [String: [String]] = [
    "aws_security_group": [
      "/ingress", "/egress", "/ingress/*/cidr_blocks", "/egress/*/cidr_blocks",
      "/ingress/*/ipv6_cidr_blocks", "/egress/*/ipv6_cidr_blocks",
      "/ingress/*/security_groups", "/egress/*/security_groups",
      "/ingress/*/prefix_list_ids", "/egress/*/prefix_list_ids",
    ],
    "aws_instance": ["/vpc_security_group_ids", "/security_groups", "/ebs_block_device"],
    "aws_launch_template": ["/vpc_security_group_ids", "/security_group_names"],
    "aws_lb": ["/security_groups", "/subnets"],
    "aws_db_instance": ["/vpc_security_group_ids", "/enabled_cloudwatch_logs_exports"],
    "aws_eks_cluster": ["/vpc_config/*/subnet_ids", "/vpc_config/*/security_group_ids"],
    "aws_iam_role": ["/managed_policy_arns"],
    "aws_s3_bucket_cors_configuration": ["/cors_rule"],
    "aws_autoscaling_group": ["/vpc_zone_identifier", "/target_group_arns"],
    "aws_lambda_function": ["/vpc_config/*/subnet_ids", "/vpc_config/*/security_group_ids"],
    "google_compute_firewall": ["/allow", "/deny", "/source_ranges", "/target_tags"],
    "azurerm_network_security_group": ["/security_rule"],
  ]

  /// Per address, the pointers `lifecycle { ignore_changes }` names ("*" for `all`).
  public var ignoredChanges: [String: [String]]
  /// Per address, pointers whose configured value is a set (`toset`, a for_each set).
  public var setPointers: [String: Set<String>]
  /// ``providerSets`` parsed, once: every evaluation of a history makes rules of its own.
  private static let providerSetPatterns = providerSets.mapValues { $0.map { PointerPattern($0) } }

  /// Creates the rules of one evaluated configuration.
  public init(ignoredChanges: [String: [String]] = [:], setPointers: [String: Set<String>] = [:]) {
    self.ignoredChanges = ignoredChanges
    self.setPointers = setPointers
  }

  public func ignoredPaths(of desired: Resource) -> [String] {
    (ignoredChanges[desired.id.address] ?? []).map { $0 == "*" ? "" : $0 }
  }

  /// Attributes whose change replaces a resource of the type, from the providers' schemas
  /// (`RequiresReplace`), as pointer prefixes.
  public static let replacingAttributes: [String: [String]] = [
    "terraform_data": ["/triggers_replace"]
  ]

  public func forcesReplacement(at path: FieldPath, of desired: Resource) -> Bool {
    Self.replacingAttributes[desired.id.type]?.contains {
      path.pointer == $0 || path.pointer.hasPrefix($0 + "/")
    } ?? false
  }

  public func isServerDefault(_ value: Value, at path: FieldPath, of live: Resource) -> Bool {
    true
  }

  public func isSet(at path: FieldPath, of resource: ResourceID) -> Bool {
    if setPointers[resource.address]?.contains(path.pointer) == true { return true }
    return Self.providerSetPatterns[resource.type]?.contains { $0.matches(path) } ?? false
  }

  public func isWholeObject(at path: FieldPath) -> Bool {
    guard let last = path.last else { return false }
    return !last.allSatisfy(\.isNumber)
  }

  /// A nested block is written as a list of blocks, but Terraform stores a block that may
  /// appear once (`timeouts`, a provider's single nested block) as one object, with null for
  /// every attribute the configuration leaves out: one written block is compared with it as
  /// the block it is.
  public func isSingleBlock(at path: FieldPath) -> Bool { true }

  public func scalarsEqual(desired: Value, live: Value, at path: FieldPath) -> Bool {
    if desired == live { return true }
    switch (Self.number(desired), Self.number(live)) {
    case (let wanted?, let actual?): return wanted == actual
    default: break
    }
    switch (desired, live) {
    case (.string(let text), .bool(let flag)), (.bool(let flag), .string(let text)):
      return text == (flag ? "true" : "false")
    default: return false
    }
  }

  /// Attributes of dynamic type (any value, its type kept), from the providers' schemas, as
  /// pointer prefixes: there `"2"` is not `2`, as no schema converts one into the other.
  public static let dynamicAttributes: [String: [String]] = [
    "terraform_data": ["/input", "/output", "/triggers_replace"]
  ]

  /// Whether `path` lies in a dynamic attribute of the resource's type.
  private static func isDynamic(_ path: FieldPath, of resource: ResourceID) -> Bool {
    let pointer = path.pointer
    return dynamicAttributes[resource.type]?.contains {
      pointer == $0 || pointer.hasPrefix($0 + "/")
    } ?? false
  }

  /// In a dynamic attribute every object is a value of its own, in a list or not: no schema
  /// fills in members of a nested block there.
  public func isWholeObject(at path: FieldPath, of resource: ResourceID) -> Bool {
    Self.isDynamic(path, of: resource) || isWholeObject(at: path)
  }

  public func scalarsEqual(
    desired: Value, live: Value, at path: FieldPath, of resource: ResourceID
  ) -> Bool {
    guard Self.isDynamic(path, of: resource) else {
      return scalarsEqual(desired: desired, live: live, at: path)
    }
    if desired == live { return true }
    switch (desired, live) {
    case (.integer, .integer), (.integer, .double), (.double, .integer), (.double, .double):
      return Self.number(desired) == Self.number(live)
    default: return false
    }
  }

  private static func number(_ value: Value) -> Double? {
    switch value {
    case .integer(let number): Double(number)
    case .double(let number): number
    case .string(let text): Double(text)
    default: nil
    }
  }
}
