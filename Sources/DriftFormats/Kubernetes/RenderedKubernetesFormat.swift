public import DriftDiff
public import DriftJSON
public import DriftModel

/// A format whose desired state is Kubernetes objects rendered from a whole source (kustomize
/// folders, Flux and Argo CD units): its live exports, snapshots and comparison rules are the
/// Kubernetes adapter's, and no single file declares anything on its own.
public protocol RenderedKubernetesFormat: FormatAdapter {}

extension RenderedKubernetesFormat {
  public func desiredResources(
    _ bytes: [UInt8], file: String, source: SourceConfiguration, secrets: SecretDigester
  ) throws(DriftError) -> [Resource] {
    []
  }

  public var fileRules: any ComparisonRules { KubernetesRules() }

  public func live<Output: Sendable>(
    _ bytes: [UInt8], name: String, source: SourceConfiguration, secrets: SecretDigester,
    reading: LiveReading, known: (@Sendable (ArraySlice<UInt8>) -> Output?)?,
    each: @escaping @Sendable (Resource, ArraySlice<UInt8>?) -> Output
  ) throws(DriftError) -> [Output] {
    try KubernetesAdapter().live(
      bytes, name: name, source: source, secrets: secrets, reading: reading, known: known,
      each: each)
  }

  public var judgesWhileReading: Bool { true }
  public var storedPruning: JSONReader.Pruning? { KubernetesFormat.storedTrimming }
  public var copiesListItems: Bool { true }
  public func storable(_ body: Value) -> Value { KubernetesSnapshotBody.storable(body) }
}
