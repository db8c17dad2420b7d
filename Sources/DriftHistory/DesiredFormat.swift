import DriftDiff
import DriftFormats
import DriftJSON
import DriftModel

/// How history reads and compares one source's desired state, by its format.
///
/// File formats (Kubernetes manifests, Terraform state files kept in git) declare resources file
/// by file: a blob is parsed once, whatever the commit. A Terraform configuration (`hcl`) is
/// evaluated as a whole, root module folders with the modules they call, against the live state
/// its references read (see ``ConfigurationHistory``).
enum DesiredFormat {
  /// Kubernetes manifests, objects without a namespace placed in `namespace`.
  case kubernetes(namespace: String?)
  /// Terraform state files (`format: terraform`): the desired state is a recorded state.
  case terraformState
  /// Terraform root module folders (`format: hcl`).
  case terraformConfiguration

  /// The format of `source`; CloudFormation and native sources read as Kubernetes did before
  /// they had adapters (nothing parses, so nothing is desired).
  init(_ source: SourceConfiguration) {
    switch source.format {
    case .terraform: self = .terraformState
    case .hcl: self = .terraformConfiguration
    default: self = .kubernetes(namespace: source.namespace)
    }
  }

  /// Whether the desired state is evaluated from whole folders rather than file by file.
  var isConfiguration: Bool {
    if case .terraformConfiguration = self { return true }
    return false
  }

  /// The resources one file declares; none when it does not parse (history judges what it
  /// can, and `check` reports the error).
  func resources(_ bytes: [UInt8], file: String, secrets: SecretDigester) -> [Resource] {
    switch self {
    case .kubernetes(let namespace):
      let format = KubernetesFormat(defaultNamespace: namespace, secrets: secrets)
      return (try? format.desiredResources(bytes, file: file)) ?? []
    case .terraformState:
      return (try? TerraformStateFormat(secrets: secrets).liveResources(bytes, file: file)) ?? []
    case .terraformConfiguration:
      return []
    }
  }

  /// How a file format's resources compare with live ones (a configuration's rules depend on
  /// its evaluation).
  var fileRules: any ComparisonRules {
    switch self {
    case .kubernetes: return KubernetesRules()
    case .terraformState, .terraformConfiguration: return TerraformRules()
    }
  }
}
