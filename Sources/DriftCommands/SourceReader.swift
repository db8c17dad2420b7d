import DriftDiff
import DriftFormats
import DriftModel
import Git

/// Reads one source's desired and live resources with the adapter of its format.
struct SourceReader {
  /// The largest live export read.
  static let maximumSnapshotSize = 2 << 30

  let source: SourceConfiguration
  let secrets: SecretDigester

  /// The comparison rules of the source's format.
  var rules: any ComparisonRules {
    KubernetesRules()
  }

  /// The field managers that deploy this source's desired state.
  var managers: ManagerClassification {
    ManagerClassification(deployers: source.deployers)
  }

  private func kubernetes() throws(Failure) -> KubernetesFormat {
    guard source.format == .kubernetes else {
      throw Failure(
        "source '\(source.name)': format '\(source.format.rawValue)' is not supported yet "
          + "(supported: kubernetes)", at: source.location)
    }
    return KubernetesFormat(defaultNamespace: source.namespace, secrets: secrets)
  }

  /// The desired resources declared in `files` of `workspace`.
  ///
  /// Blobs are read in order (libgit2 handles are not shared between threads), then parsed on
  /// all cores; the first error in file order is reported, so output stays deterministic.
  func desired(_ files: [TreeEntry], in workspace: Workspace) throws(Failure) -> [Resource] {
    let format = try kubernetes()
    var inputs: [(path: String, bytes: [UInt8])] = []
    inputs.reserveCapacity(files.count)
    for entry in files { inputs.append((entry.path, try workspace.contents(of: entry))) }
    let parsed = Parallel.map(inputs) { input -> Result<[Resource], DriftError> in
      do throws(DriftError) {
        return .success(try format.desiredResources(input.bytes, file: input.path))
      } catch {
        return .failure(error)
      }
    }
    var resources: [Resource] = []
    for result in parsed {
      switch result {
      case .success(let found): resources += found
      case .failure(let error): throw Failure(error)
      }
    }
    return resources
  }

  /// The live resources of an export already read.
  func live(bytes: [UInt8], name: String) throws(Failure) -> [Resource] {
    let format = try kubernetes()
    return try failing { try format.liveResources(bytes, file: name) }
  }

  /// The live resources of an export file (`-` for standard input).
  func live(file path: String) throws(Failure) -> [Resource] {
    let format = try kubernetes()
    let bytes = try Console.read(path, limit: Self.maximumSnapshotSize)
    let name = path == "-" ? "<stdin>" : path
    return try failing { try format.liveResources(bytes, file: name) }
  }
}
