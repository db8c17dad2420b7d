import DriftModel
import HCL

/// Writes the blocks that adopt or forget a resource: a `resource` block of a live resource's
/// arguments with the `import` block that adopts it, and the `removed` block that forgets one.
enum TerraformResourceWriter {
  /// Attributes that providers compute for every type: never written as arguments.
  static let computed: Set<String> = ["id", "arn", "owner_id", "tags_all"]

  /// Attributes computed for common types, besides those of every type.
  ///
  /// Other types keep every attribute but the common ones, which may leave a computed one that
  /// `terraform plan` then reports.
  static let computedByType: [String: Set<String>] = [
    "terraform_data": ["output"],
    "null_resource": [],
    "random_id": ["b64_std", "b64_url", "dec", "hex"],
    "random_password": ["result", "bcrypt_hash"],
    "random_string": ["result"],
    "aws_instance": [
      "private_ip", "public_ip", "private_dns", "public_dns", "primary_network_interface_id",
      "instance_state", "password_data", "outpost_arn", "ipv6_addresses", "host_id",
      "placement_partition_number", "cpu_core_count", "cpu_threads_per_core",
    ],
    "aws_s3_bucket": [
      "bucket_domain_name", "bucket_regional_domain_name", "hosted_zone_id", "region",
      "bucket_prefix", "acceleration_status", "request_payer",
    ],
    "aws_security_group": ["name_prefix"],
    "aws_vpc": [
      "default_network_acl_id", "default_route_table_id", "default_security_group_id",
      "main_route_table_id", "dhcp_options_id", "ipv6_association_id", "ipv6_cidr_block",
      "ipv6_cidr_block_network_border_group",
    ],
    "aws_subnet": ["ipv6_cidr_block_association_id"],
    "aws_iam_role": ["create_date", "unique_id", "managed_policy_arns", "inline_policy"],
    "aws_iam_policy": ["policy_id", "attachment_count"],
    "google_storage_bucket": ["self_link", "url", "project_number"],
  ]

  /// The arguments a person would write for `live`: no computed attributes, no nulls, no empty
  /// collections.
  static func arguments(of live: Resource) -> Value {
    let skipped = computed.union(computedByType[live.id.type] ?? [])
    guard case .object(let members) = live.body else { return .object([]) }
    return .object(
      members.compactMap { member in
        guard !skipped.contains(member.key), let value = pruned(member.value) else { return nil }
        return Member(member.key, value)
      })
  }

  /// `value` without null members and empty collections; nil when nothing is left.
  static func pruned(_ value: Value) -> Value? {
    switch value {
    case .null:
      return nil
    case .array(let elements):
      return elements.isEmpty ? nil : .array(elements.map { pruned($0) ?? .null })
    case .object(let members):
      let kept = members.compactMap { member in pruned(member.value).map { Member(member.key, $0) }
      }
      return kept.isEmpty ? nil : .object(kept)
    default:
      return value
    }
  }

  /// The file that declares a live resource and imports it (Terraform 1.5 and later).
  static func file(type: String, name: String, arguments: [Member], id: String, address: String)
    -> String
  {
    let items = arguments.map { HCLWriter.Item.attribute($0.key, $0.value) }
    return "# Created out of band and accepted by git-drift: the import block adopts it.\n"
      + HCLWriter.body([.block(type: "resource", labels: [type, name], items)], indent: 0)
      + "\nimport {\n  to = \(address)\n  id = \(HCLWriter.quoted(id))\n}\n"
  }

  /// The block that makes Terraform (1.7 and later) forget `address` without destroying it,
  /// in place of its `resource` block.
  static func removedBlock(address: String) -> String {
    """
    # Deleted out of band and accepted by git-drift: forget it, destroy nothing.
    removed {
      from = \(address)

      lifecycle {
        destroy = false
      }
    }
    """
  }
}
