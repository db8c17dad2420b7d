public import DriftModel

/// Why a live resource that the desired state does not declare is the cluster's own, not
/// created out of band.
public enum ClusterOwner: Sendable, Equatable {
  /// The cluster made it (a controller's object, a bootstrap object); the text says how.
  case cluster(String)
  /// The cluster made it for the resource at this address, if that resource exists live or in
  /// the desired state (the Endpoints of a Service).
  case object(String)
  /// A Namespace, implied by the desired resources in it (made by `kubectl create namespace`,
  /// Argo CD's CreateNamespace or Flux's targetNamespace), if the desired state has any there.
  case namespace(String)
}

/// Fields of one resource that another resource takes charge of, so that their live values are
/// not drift: a HorizontalPodAutoscaler sets the replicas of the workload it scales.
public struct Claim: Sendable, Equatable {
  /// The address of the resource whose fields are claimed.
  public var address: String
  /// The claimed fields, as JSON Pointer patterns.
  public var paths: [String]
  /// The address of the resource that claims them.
  public var claimant: String
  /// Why, as the report says it ("scaled by …").
  public var reason: String

  /// Creates a claim.
  public init(address: String, paths: [String], claimant: String, reason: String) {
    self.address = address
    self.paths = paths
    self.claimant = claimant
    self.reason = reason
  }
}

/// What a comparison saw of a live export as a whole.
public struct ExportSurvey: Sendable {
  /// Every live resource read, ignored ones included, first of each address only.
  public var live: [ResourceID]
  /// Live resources compared with a desired one.
  public var compared: Int
  /// Of those, the ones whose export does not say who wrote which field.
  public var unattributed: Int

  /// Creates a survey.
  public init(live: [ResourceID], compared: Int = 0, unattributed: Int = 0) {
    self.live = live
    self.compared = compared
    self.unattributed = unattributed
  }
}

/// Which desired resources a live export could have held, and what to tell about it.
public struct ExportScope: Sendable {
  /// Desired addresses the export could not hold (kinds or namespaces it does not cover): not
  /// exported, never missing.
  public var notExported: Set<String>
  /// Warnings and notes about the export (empty, a single object, no field ownership).
  public var diagnostics: [Diagnostic]

  /// Creates a scope.
  public init(notExported: Set<String> = [], diagnostics: [Diagnostic] = []) {
    self.notExported = notExported
    self.diagnostics = diagnostics
  }
}
