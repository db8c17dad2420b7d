public import DriftModel

/// The adapters git-drift knows, by format name: the one place that maps `format:` to code.
public struct FormatRegistry: Sendable {
  private let adapters: [SourceFormat: any FormatAdapter]
  /// The formats in the order they were registered (`init` proposes sources in this order).
  private let order: [SourceFormat]

  /// The formats git-drift ships: Kubernetes manifests, kustomize folders, Flux Kustomizations
  /// and Argo CD Applications, Terraform state files, Terraform configurations.
  public static let standard = FormatRegistry([
    KubernetesAdapter(), KustomizeAdapter(), GitOpsAdapter(controller: .flux),
    GitOpsAdapter(controller: .argocd), HelmAdapter(), TerraformStateAdapter(),
    TerraformConfigurationAdapter(),
  ])

  /// A registry of `adapters`; a later adapter of the same format replaces an earlier one.
  public init(_ adapters: [any FormatAdapter]) {
    var byName: [SourceFormat: any FormatAdapter] = [:]
    var order: [SourceFormat] = []
    for adapter in adapters {
      if byName[adapter.format] == nil { order.append(adapter.format) }
      byName[adapter.format] = adapter
    }
    self.adapters = byName
    self.order = order
  }

  /// This registry with `adapter` added (or replacing the one of its format).
  public func adding(_ adapter: any FormatAdapter) -> FormatRegistry {
    FormatRegistry(order.compactMap { adapters[$0] } + [adapter])
  }

  /// The format names, sorted.
  public var formats: [SourceFormat] { adapters.keys.sorted { $0.rawValue < $1.rawValue } }

  /// Every adapter, in the order they were registered.
  public var all: [any FormatAdapter] { order.compactMap { adapters[$0] } }

  /// The adapter of `format`, nil when none is registered.
  public func adapter(for format: SourceFormat) -> (any FormatAdapter)? {
    adapters[format]
  }

  /// The adapter of `source`'s format.
  ///
  /// - Throws: when no adapter reads it, at the source's line of `.drift.yml`.
  public func adapter(of source: SourceConfiguration) throws(DriftError) -> any FormatAdapter {
    guard let adapter = adapters[source.format] else {
      let known = formats.map(\.rawValue).joined(separator: ", ")
      throw DriftError(
        "source '\(source.name)': format '\(source.format)' is not supported (supported: \(known))",
        at: source.location)
    }
    return adapter
  }
}
