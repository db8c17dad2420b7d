/// One small Deployment, `web` in `prod`, as a manifest and as kubectl exports it: for tests
/// that need exact control over a single resource and its managedFields.
public enum SampleDeployment {
  /// The manifest, as a person writes it.
  public static func manifest(replicas: Int, image: String = "web:1.0") -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      replicas: \(replicas)
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
            - name: web
              image: \(image)
    """
  }

  /// A kubectl List holding the live object, with `managers` (JSON managedFields entries).
  public static func liveList(replicas: Int, image: String = "web:1.0", managers: [String])
    -> String
  {
    """
    {"apiVersion": "v1", "kind": "List", "items": [{
      "apiVersion": "apps/v1", "kind": "Deployment",
      "metadata": {"name": "web", "namespace": "prod", "uid": "u1", "resourceVersion": "7",
        "managedFields": [\(managers.joined(separator: ", "))]},
      "spec": {"replicas": \(replicas), "selector": {"matchLabels": {"app": "web"}},
        "template": {"metadata": {"labels": {"app": "web"}},
          "spec": {"containers": [{"name": "web", "image": "\(image)", "imagePullPolicy": "IfNotPresent"}]}}}
    }]}
    """
  }

  /// `kubectl apply` (client side) owning replicas and the container.
  public static let applier =
    #"{"manager": "kubectl-client-side-apply", "operation": "Update", "time": "2026-11-01T10:00:00Z", "fieldsV1": {"f:spec": {"f:replicas": {}, "f:template": {"f:spec": {"f:containers": {"k:{\"name\":\"web\"}": {".": {}, "f:image": {}, "f:name": {}}}}}}}}"#
  /// `kubectl edit` of the image.
  public static let editor =
    #"{"manager": "kubectl-edit", "operation": "Update", "time": "2026-11-05T08:30:00Z", "fieldsV1": {"f:spec": {"f:template": {"f:spec": {"f:containers": {"k:{\"name\":\"web\"}": {"f:image": {}}}}}}}}"#
  /// `kubectl scale` of the replicas.
  public static let scaler =
    #"{"manager": "kubectl-scale", "operation": "Update", "subresource": "scale", "time": "2026-11-01T12:00:00Z", "fieldsV1": {"f:spec": {"f:replicas": {}}}}"#
}
