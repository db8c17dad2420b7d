public import DriftDiff
public import DriftJSON
public import DriftModel

/// Terraform state files kept in git (`format: terraform`) against `terraform show -json` or
/// a state file: the desired state is a recorded state.
public struct TerraformStateAdapter: FormatAdapter {
  public let format: SourceFormat = "terraform"

  /// Creates the adapter.
  public init() {}

  public func desired(
    _ source: SourceConfiguration, in tree: any DesiredTree, live: [Resource],
    secrets: SecretDigester
  ) throws(DriftError) -> DesiredState {
    DesiredState(
      resources: try desiredFileByFile(source, in: tree, secrets: secrets), rules: fileRules)
  }

  public func desiredResources(
    _ bytes: [UInt8], file: String, source: SourceConfiguration, secrets: SecretDigester
  ) throws(DriftError) -> [Resource] {
    try TerraformStateFormat(secrets: secrets).liveResources(bytes, file: file)
  }

  public var fileRules: any ComparisonRules { TerraformRules() }

  public func live<Output: Sendable>(
    _ bytes: [UInt8], name: String, source: SourceConfiguration, secrets: SecretDigester,
    reading: LiveReading, known: (@Sendable (ArraySlice<UInt8>) -> Output?)?,
    each: @escaping @Sendable (Resource, ArraySlice<UInt8>?) -> Output
  ) throws(DriftError) -> [Output] {
    try TerraformStateFormat(secrets: secrets).liveResources(bytes, file: name).map {
      each($0, nil)
    }
  }

  /// `terraform-refreshed`: the state as a refresh-only plan reads it.
  public func captureSteps(_ command: String, folder: String) -> [[String]]? {
    TerraformStateFormat.refreshedCaptureSteps(command, folder: folder)
  }

  public func checkComparable(
    _ source: SourceConfiguration, desired: [String: Resource], live: [Resource],
    liveName: String
  ) throws(DriftError) {
    try TerraformStateFormat.checkComparable(source, desired: desired, live: live, name: liveName)
  }

  public func accept(_ drifts: [Drift], _ input: RecoveryInput) -> Acceptance {
    Acceptance.plan(drifts, context: KubernetesAdapter.context(input))
  }

  public func rollback(_ drifts: [Drift], _ input: RecoveryInput) -> RollbackPlan {
    KubernetesAdapter().rollback(drifts, input)
  }
}

extension TerraformStateFormat {
  /// A Terraform state none of whose addresses the desired state declares is the wrong state
  /// (or the wrong root module): nothing can be compared, so it is an error, not a report of
  /// everything missing and unmanaged.
  static func checkComparable(
    _ source: SourceConfiguration, desired: [String: Resource], live: [Resource], name: String
  ) throws(DriftError) {
    guard !desired.isEmpty, !live.isEmpty, !live.contains(where: { desired[$0.id.address] != nil })
    else { return }
    let example = live.map(\.id.address).min() ?? ""
    throw DriftError(
      "source '\(source.name)': none of the \(live.count) addresses of the live state "
        + "(\(name), e.g. \(example)) is declared in the "
        + "configuration; is it the state of another root module?", at: source.location)
  }
}
