public import DriftModel

/// What the API server's conversion between versions of one group reshapes, so that a
/// manifest in an older version compares with the object exported in a newer one.
///
/// Fields whose conversion is not modelled here are not compared (``convertedElsewhere``),
/// with a note, never reported as removed.
extension KubernetesRules {
  public func converted(_ desired: Resource, toVersionOf live: Resource) -> Resource {
    guard let from = desired.body["apiVersion"]?.stringValue,
      let to = live.body["apiVersion"]?.stringValue, from != to
    else { return desired }
    var resource = desired
    if desired.id.type == "HorizontalPodAutoscaler.autoscaling" {
      resource.body = Self.horizontalPodAutoscaler(desired.body, from: from, to: to)
    }
    return resource
  }

  /// autoscaling/v1's one CPU target is autoscaling/v2's list of metrics, and back
  /// (pkg/apis/autoscaling/v1/conversion.go: Convert_autoscaling_..._HorizontalPodAutoscalerSpec).
  static func horizontalPodAutoscaler(_ body: Value, from: String, to: String) -> Value {
    guard let spec = body["spec"] else { return body }
    if from == "autoscaling/v1", to.hasPrefix("autoscaling/v2") {
      guard let target = spec["targetCPUUtilizationPercentage"] else { return body }
      let metric: Value = [
        "type": "Resource",
        "resource": [
          "name": "cpu", "target": ["type": "Utilization", "averageUtilization": target],
        ],
      ]
      let reshaped = spec.removing("targetCPUUtilizationPercentage")
        .setting("metrics", to: .array([metric]))
      return body.setting("spec", to: reshaped)
    }
    if from.hasPrefix("autoscaling/v2"), to == "autoscaling/v1" {
      guard let metrics = spec["metrics"]?.elements, metrics.count == 1,
        metrics[0]["type"] == "Resource", metrics[0]["resource"]?["name"] == "cpu",
        metrics[0]["resource"]?["target"]?["type"] == "Utilization",
        let target = metrics[0]["resource"]?["target"]?["averageUtilization"]
      else { return body }
      let reshaped = spec.removing("metrics")
        .setting("targetCPUUtilizationPercentage", to: target)
      return body.setting("spec", to: reshaped)
    }
    return body
  }

  /// Fields of a CustomResourceDefinition written as apiextensions.k8s.io/v1beta1 that the
  /// server moves into `spec.versions` when it serves the object as v1.
  static let crdFieldsMovedInV1 = [
    "/spec/validation", "/spec/additionalPrinterColumns", "/spec/subresources", "/spec/version",
    "/spec/versions", "/spec/preserveUnknownFields",
  ]

  /// A claim that the conversion of a v1beta1 CRD reshapes the fields that v1 moved, so that
  /// they are not compared.
  static func convertedElsewhere(_ resource: Resource) -> [Claim] {
    guard resource.id.type == "CustomResourceDefinition.apiextensions.k8s.io",
      resource.body["apiVersion"] == "apiextensions.k8s.io/v1beta1"
    else { return [] }
    return [
      Claim(
        address: resource.id.address, paths: crdFieldsMovedInV1, claimant: resource.id.address,
        reason: "reshaped by the conversion of apiextensions.k8s.io/v1beta1 to v1")
    ]
  }
}
