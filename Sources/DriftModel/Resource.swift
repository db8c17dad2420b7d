/// The identity of a resource: its type and the address a user names it by.
///
/// Kubernetes: type `Deployment.apps`, address `Deployment.apps/prod/web`; Terraform: type
/// `aws_instance`, address `module.app.aws_instance.web[0]`.
public struct ResourceID: Sendable, Hashable, Comparable, Codable {
  public var type: String
  public var address: String

  /// Creates an identity.
  public init(type: String, address: String) {
    self.type = type
    self.address = address
  }

  public static func < (lhs: ResourceID, rhs: ResourceID) -> Bool {
    lhs.address < rhs.address
  }
}

extension ResourceID: CustomStringConvertible {
  public var description: String { address }
}

/// One resource, desired or live: its identity, its attributes, and where it was declared.
public struct Resource: Sendable {
  public var id: ResourceID
  /// The whole object as declared or exported.
  public var body: Value
  /// Where the resource starts: its document in a desired file, or its item in a snapshot.
  public var location: SourceLocation?

  /// Creates a resource.
  public init(id: ResourceID, body: Value, location: SourceLocation? = nil) {
    self.id = id
    self.body = body
    self.location = location
  }
}
