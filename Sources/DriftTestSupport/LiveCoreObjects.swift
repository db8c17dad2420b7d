extension KubernetesWorkload {
  /// Writes an app's live Service: allocated cluster IP, defaults, `status.loadBalancer`.
  func writeService(_ json: inout JSONText, _ app: App) {
    let clock = LiveClock(app, apps: apps)
    let spread = (1024 + app.index * 7) & 0xF_FFFF  // a bijection: unique for 1M apps
    let address = 0x60_0000 + spread
    let clusterIP = "10.\(address >> 16).\((address >> 8) & 255).\(address & 255)"
    json.object { object in
      object.field("apiVersion", "v1")
      object.field("kind", "Service")
      writeMetadata(
        &object, name: app.name, uid: Det.uid(seed, app.index, 2), created: clock.created,
        version: clock.creationVersion + 1, generation: nil, labels: [("app", app.name)],
        annotations: [
          ("kubectl.kubernetes.io/last-applied-configuration", lastApplied(app, kind: "Service"))
        ]
      ) { managed in
        writeManagedEntry(&managed, apiVersion: "v1", manager: Actor.apply, time: clock.created) {
          fields in
          writeAppliedMetadataFields(&fields, labels: ["app"])
          fields.object("f:spec") { spec in
            spec.leaf("f:internalTrafficPolicy")
            spec.object("f:ports") { ports in
              ports.leaf(".")
              ports.object("k:{\"port\":80,\"protocol\":\"TCP\"}") { port in
                for leaf in [".", "f:name", "f:port", "f:protocol", "f:targetPort"] {
                  port.leaf(leaf)
                }
              }
            }
            spec.leaf("f:selector")
            spec.leaf("f:sessionAffinity")
            spec.leaf("f:type")
          }
        }
      }
      object.object("spec") { spec in
        spec.field("clusterIP", clusterIP)
        spec.array("clusterIPs", strings: [clusterIP])
        spec.field("internalTrafficPolicy", "Cluster")
        spec.array("ipFamilies", strings: ["IPv4"])
        spec.field("ipFamilyPolicy", "SingleStack")
        spec.array("ports") { ports in
          ports.object { port in
            port.field("name", "http")
            port.field("port", 80)
            port.field("protocol", "TCP")
            port.field("targetPort", 8080)
          }
        }
        spec.object("selector") { $0.field("app", app.name) }
        spec.field("sessionAffinity", "None")
        spec.field("type", "ClusterIP")
      }
      object.object("status") { $0.object("loadBalancer") { _ in } }
    }
  }

  /// Writes an app's live ConfigMap, with FEATURE_X edited by `kubectl edit` if planned.
  func writeConfigMap(_ json: inout JSONText, _ app: App) {
    let clock = LiveClock(app, apps: apps)
    json.object { object in
      object.field("apiVersion", "v1")
      object.object("data") { data in
        data.field("FEATURE_X", app.featureX)
        data.field("LOG_FORMAT", "json")
        data.field("application.properties", propertiesText(app))
      }
      object.field("kind", "ConfigMap")
      writeMetadata(
        &object, name: app.configName, uid: Det.uid(seed, app.index, 3), created: clock.created,
        version: app.configEdited ? clock.driftVersion + 3 : clock.creationVersion + 2,
        generation: nil, labels: [("app", app.name)],
        annotations: [
          ("kubectl.kubernetes.io/last-applied-configuration", lastApplied(app, kind: "ConfigMap"))
        ]
      ) { managed in
        writeManagedEntry(&managed, apiVersion: "v1", manager: Actor.apply, time: clock.created) {
          fields in
          fields.object("f:data") { data in
            data.leaf(".")
            if !app.configEdited { data.leaf("f:FEATURE_X") }
            data.leaf("f:LOG_FORMAT")
            data.leaf("f:application.properties")
          }
          writeAppliedMetadataFields(&fields, labels: ["app"])
        }
        if app.configEdited {
          writeManagedEntry(
            &managed, apiVersion: "v1", manager: Actor.edit, time: clock.editConfigTime
          ) { $0.object("f:data") { $0.leaf("f:FEATURE_X") } }
        }
      }
    }
  }
}
