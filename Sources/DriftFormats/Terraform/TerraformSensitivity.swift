import DriftJSON
import DriftModel

/// Hides the values Terraform marks sensitive, in either of its two spellings of the marks.
struct TerraformSensitivity {
  let secrets: SecretDigester

  /// `value` with every subtree that `mirror` marks `true` digested.
  ///
  /// `mirror` is `sensitive_values` of `terraform show -json` (or `before_sensitive` and
  /// `after_sensitive` of a plan): the shape of the value, `true` where a leaf or a whole
  /// subtree is sensitive, non-sensitive leaves omitted or `false`.
  func redact(_ value: Value, mirror: Value) -> Value {
    switch (value, mirror) {
    case (_, .bool(true)):
      return secrets.sensitive(value)
    case (.object(var members), .object(let marks)) where !marks.isEmpty:
      for index in members.indices {
        if let mark = mirror[members[index].key] {
          members[index].value = redact(members[index].value, mirror: mark)
        }
      }
      return .object(members)
    case (.array(var elements), .array(let marks)):
      for (index, mark) in zip(elements.indices, marks) {
        elements[index] = redact(elements[index], mirror: mark)
      }
      return .array(elements)
    default:
      return value
    }
  }

  /// `attributes` with the value at each path of a state file's `sensitive_attributes`
  /// digested.
  ///
  /// Each path is an array of steps: `{"type": "get_attr", "value": NAME}` for an attribute,
  /// `{"type": "index", "value": {"value": KEY, "type": "number"|"string"}}` for an element of
  /// a list or map (Terraform 0.14 to 1.11 write them so).
  ///
  /// - Throws: `DriftError` at `member` when the paths are not arrays of step objects.
  func redact(_ attributes: Value, paths member: Member, file: String) throws(DriftError)
    -> Value
  {
    let location = SourceLocation(file: file, position: member.position)
    guard let paths = member.value.elements else {
      throw DriftError("'sensitive_attributes' must be an array of paths", at: location)
    }
    var result = attributes
    for path in paths {
      guard let steps = path.elements, steps.allSatisfy({ $0.members != nil }) else {
        throw DriftError(
          "each path of 'sensitive_attributes' must be an array of step objects", at: location)
      }
      result = redact(result, along: steps[...])
    }
    return result
  }

  /// Follows `steps` into `value` and digests what they reach.
  ///
  /// A step this reader cannot follow digests the whole subtree it starts from, so that no
  /// secret is ever kept in clear; a step to an attribute or element that is not there leaves
  /// the value as it is.
  private func redact(_ value: Value, along steps: ArraySlice<Value>) -> Value {
    guard let step = steps.first else { return secrets.sensitive(value) }
    let rest = steps.dropFirst()
    let kind = step["type"]?.stringValue
    switch (kind, value) {
    case (_, .null):
      return value
    case ("get_attr", .object(var members)):
      guard let name = step["value"]?.stringValue else { return secrets.sensitive(value) }
      guard let index = members.firstIndex(where: { $0.key == name }) else { return value }
      members[index].value = redact(members[index].value, along: rest)
      return .object(members)
    case ("index", .object(var members)):
      guard let key = step["value"]?["value"]?.stringValue else {
        return secrets.sensitive(value)
      }
      guard let index = members.firstIndex(where: { $0.key == key }) else { return value }
      members[index].value = redact(members[index].value, along: rest)
      return .object(members)
    case ("index", .array(var elements)):
      guard case .integer(let index) = step["value"]?["value"] else {
        return secrets.sensitive(value)
      }
      guard elements.indices.contains(index) else { return value }
      elements[index] = redact(elements[index], along: rest)
      return .array(elements)
    default:
      return secrets.sensitive(value)
    }
  }

  /// `body` of the resource at `address` with every unmarked copy of one of its sensitive
  /// values digested too, and every digest bound to its place.
  ///
  /// A provider may copy a sensitive argument into a computed attribute without marking it
  /// (`terraform_data`'s `output` mirrors its sensitive `input`), and no secret may stay in
  /// clear. Only strings and non-empty structures are taken for copies: a number or boolean
  /// equal to a secret one is more likely a coincidence. Copies are found by the unbound
  /// digests, which are equal for equal values wherever they are.
  func hidingCopies(_ body: Value, address: String) -> Value {
    var digests: Set<String> = []
    collectDigests(body, into: &digests)
    guard !digests.isEmpty else { return body }
    return secrets.binding(hiding(body, digests: digests, isRoot: true), address: address)
  }

  private func collectDigests(_ value: Value, into digests: inout Set<String>) {
    switch value {
    case .sensitive(let digest): digests.insert(digest)
    case .object(let members):
      for member in members { collectDigests(member.value, into: &digests) }
    case .array(let elements): for element in elements { collectDigests(element, into: &digests) }
    default: break
    }
  }

  private func hiding(_ value: Value, digests: Set<String>, isRoot: Bool) -> Value {
    switch value {
    case .null, .bool, .integer, .double, .sensitive: return value
    case .string(let text) where text.isEmpty: return value
    case .object(let members) where members.isEmpty: return value
    case .array(let elements) where elements.isEmpty: return value
    default: break
    }
    if !isRoot, case .sensitive(let digest) = secrets.sensitive(value), digests.contains(digest) {
      return .sensitive(digest: digest)
    }
    switch value {
    case .object(let members):
      return .object(
        members.map {
          Member($0.key, hiding($0.value, digests: digests, isRoot: false), at: $0.position)
        })
    case .array(let elements):
      return .array(elements.map { hiding($0, digests: digests, isRoot: false) })
    default:
      return value
    }
  }
}
