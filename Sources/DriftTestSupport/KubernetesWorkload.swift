/// A deterministic GitOps workload: desired manifests as in git, and the live `kubectl` export.
///
/// Each app `app-NNNN` is a Deployment, a Service and a ConfigMap `app-NNNN-config`, kept in git
/// as `apps/app-NNNN.yaml` and applied with `kubectl apply` (client-side apply). Drifts are then
/// injected the way people cause them: `kubectl scale`, `kubectl set image`, `kubectl edit`,
/// deleting objects and creating Deployments by hand.
public struct KubernetesWorkload: Sendable {
  /// Indices (0-based) of the apps that get each drift; unknown indices are ignored.
  ///
  /// An app listed in `deleted` has no live objects, so its other drifts do not apply.
  public struct Drifts: Sendable {
    /// Live replicas changed by `kubectl scale` (manager "kubectl-scale", subresource "scale").
    public var scaled: [Int]
    /// Live image of container 0 changed by `kubectl set image` (manager "kubectl-set").
    public var imageChanged: [Int]
    /// A second env var appended to container 0 by `kubectl edit` (manager "kubectl-edit").
    public var envAdded: [Int]
    /// The ConfigMap's FEATURE_X value edited by `kubectl edit` (manager "kubectl-edit").
    public var configEdited: [Int]
    /// Apps whose Deployment, Service and ConfigMap are all absent live.
    public var deleted: [Int]
    /// How many extra Deployments `hand-NN` were made with `kubectl create deployment`.
    public var handCreated: Int

    /// Creates a drift plan; the default is no drift at all.
    public init(
      scaled: [Int] = [], imageChanged: [Int] = [], envAdded: [Int] = [],
      configEdited: [Int] = [], deleted: [Int] = [], handCreated: Int = 0
    ) {
      self.scaled = scaled
      self.imageChanged = imageChanged
      self.envAdded = envAdded
      self.configEdited = configEdited
      self.deleted = deleted
      self.handCreated = handCreated
    }
  }

  /// How many apps are kept in git.
  public let apps: Int
  /// The namespace the apps are deployed to.
  public let namespace: String
  /// The drifts injected into the live state.
  public let drifts: Drifts
  /// The seed that varies replicas, image versions and labels.
  public let seed: UInt64

  /// Creates a workload of `apps` apps; the same arguments always give the same text.
  public init(apps: Int, namespace: String = "prod", drifts: Drifts = .init(), seed: UInt64 = 1) {
    self.apps = max(0, apps)
    self.namespace = namespace
    self.drifts = drifts
    self.seed = seed
  }

  /// The drifts a correct comparison reports, sorted by address.
  public func expectedDrifts() -> [ExpectedDrift] {
    let flags = driftFlags(drifts)
    var result: [ExpectedDrift] = []
    for index in 0..<apps where flags[index] != 0 {
      let app = app(index, flags: flags[index])
      if app.deleted {
        result.append(.init(kind: "missing", address: deploymentAddress(app.name)))
        result.append(.init(kind: "missing", address: "Service/\(namespace)/\(app.name)"))
        result.append(.init(kind: "missing", address: "ConfigMap/\(namespace)/\(app.configName)"))
        continue
      }
      var pointers: [(String, String)] = []
      if app.scaled { pointers.append(("/spec/replicas", Actor.scale)) }
      if app.envAdded { pointers.append(("/spec/template/spec/containers/0/env/1", Actor.edit)) }
      if app.imageChanged { pointers.append(("/spec/template/spec/containers/0/image", Actor.set)) }
      if !pointers.isEmpty {
        let actors = Set(pointers.map(\.1)).sorted().joined(separator: ",")
        result.append(
          .init(
            kind: "modified", address: deploymentAddress(app.name),
            pointers: pointers.map(\.0).sorted(), actor: actors))
      }
      if app.configEdited {
        result.append(
          .init(
            kind: "modified", address: "ConfigMap/\(namespace)/\(app.configName)",
            pointers: ["/data/FEATURE_X"], actor: Actor.edit))
      }
    }
    for hand in 0..<max(0, drifts.handCreated) {
      result.append(
        .init(kind: "unmanaged", address: deploymentAddress(handName(hand)), actor: Actor.create))
    }
    return result.sorted { ($0.address, $0.kind) < ($1.address, $1.kind) }
  }

  private func deploymentAddress(_ name: String) -> String {
    "Deployment.apps/\(namespace)/\(name)"
  }
}

/// One drift a comparison of `desiredFiles()` with `liveList()` should report.
public struct ExpectedDrift: Hashable, Sendable {
  /// "modified", "missing" or "unmanaged".
  public var kind: String
  /// `Kind.group/namespace/name`, such as "Deployment.apps/prod/app-0007", "Service/prod/app-0007".
  public var address: String
  /// Sorted JSON Pointers of the changed attributes; empty for missing and unmanaged.
  public var pointers: [String]
  /// The field manager responsible (several are joined sorted with ","); nil for missing.
  public var actor: String?

  /// Creates an expected drift.
  public init(kind: String, address: String, pointers: [String] = [], actor: String? = nil) {
    self.kind = kind
    self.address = address
    self.pointers = pointers
    self.actor = actor
  }
}

/// Field manager names as kubectl reports them.
enum Actor {
  static let apply = "kubectl-client-side-apply"
  static let scale = "kubectl-scale"
  static let set = "kubectl-set"
  static let edit = "kubectl-edit"
  static let create = "kubectl-create"
  static let controller = "kube-controller-manager"
}

/// One app's generated values, derived from the seed and its index.
struct App {
  static let scaledBit: UInt8 = 1
  static let imageBit: UInt8 = 2
  static let envBit: UInt8 = 4
  static let configBit: UInt8 = 8
  static let deletedBit: UInt8 = 16

  let index: Int
  let name: String
  let configName: String
  let replicas: Int
  let minor: Int
  let team: String?
  let explicitNamespace: Bool
  let cacheSeconds: Int
  let flags: UInt8

  var scaled: Bool { flags & Self.scaledBit != 0 }
  var imageChanged: Bool { flags & Self.imageBit != 0 }
  var envAdded: Bool { flags & Self.envBit != 0 }
  var configEdited: Bool { flags & Self.configBit != 0 }
  var deleted: Bool { flags & Self.deletedBit != 0 }
  var deploymentDrifted: Bool { flags & (Self.scaledBit | Self.imageBit | Self.envBit) != 0 }

  var image: String { "registry.example.com/team/\(name):1.\(minor).0" }
  /// The image `kubectl set image` put live: a hotfix build.
  var driftedImage: String { "registry.example.com/team/\(name):1.\(minor).1-hotfix" }
  /// The replicas `kubectl scale` set live.
  var scaledReplicas: Int { replicas + 3 }
  var liveReplicas: Int { scaled ? scaledReplicas : replicas }
  var liveImage: String { imageChanged ? driftedImage : image }
  var featureX: String { configEdited ? "off" : "on" }
}

/// The env var `kubectl edit` appends, and the FEATURE_X value it writes.
enum EditedValues {
  static let envName = "DEBUG"
  static let envValue = "true"
}

extension KubernetesWorkload {
  /// The generated values of app `index`, with its drift flags.
  func app(_ index: Int, flags: UInt8) -> App {
    let hash = Det.mix(seed, index)
    let name = "app-" + Det.pad(index, 4)
    let teams = ["payments", "search", "checkout", "identity"]
    return App(
      index: index, name: name, configName: name + "-config",
      replicas: 1 + Int(hash % 5), minor: Int((hash >> 8) % 20),
      team: (hash >> 16) % 3 == 0 ? teams[Int((hash >> 20) % 4)] : nil,
      explicitNamespace: index % 10 == 0, cacheSeconds: 30 + Int((hash >> 24) % 270),
      flags: flags)
  }

  /// Drift flags per app index.
  func driftFlags(_ drifts: Drifts) -> [UInt8] {
    var flags = [UInt8](repeating: 0, count: apps)
    func mark(_ indices: [Int], _ bit: UInt8) {
      for index in indices where index >= 0 && index < apps { flags[index] |= bit }
    }
    mark(drifts.scaled, App.scaledBit)
    mark(drifts.imageChanged, App.imageBit)
    mark(drifts.envAdded, App.envBit)
    mark(drifts.configEdited, App.configBit)
    mark(drifts.deleted, App.deletedBit)
    for index in flags.indices where flags[index] & App.deletedBit != 0 {
      flags[index] = App.deletedBit
    }
    return flags
  }

  /// The name of the `index`th hand-created Deployment, `hand-NN`.
  func handName(_ index: Int) -> String { "hand-" + Det.pad(index, 2) }
}

extension KubernetesWorkload {
  /// A `.drift.yml` with one Kubernetes source over the workload's files.
  public static func configuration(
    source: String = "prod-k8s", paths: String = "[\"apps/**/*.yaml\"]", namespace: String = "prod"
  ) -> String {
    """
    version: 1
    sources:
      - name: \(source)
        format: kubernetes
        paths: \(paths)
        namespace: \(namespace)

    """
  }
}
