/// Writes one `managedFields` entry of an Update operation.
func writeManagedEntry(
  _ json: inout JSONText, apiVersion: String, manager: String, subresource: String? = nil,
  time: Int, fields: (inout JSONText) -> Void
) {
  json.object { entry in
    entry.field("apiVersion", apiVersion)
    entry.field("fieldsType", "FieldsV1")
    entry.object("fieldsV1", fields)
    entry.field("manager", manager)
    entry.field("operation", "Update")
    if let subresource { entry.field("subresource", subresource) }
    entry.field("time", Det.timestamp(time))
  }
}

/// The FieldsV1 key of a list item keyed by `name`, such as `k:{"name":"app"}`.
func nameKey(_ name: String) -> String { "k:{\"name\":\"" + name + "\"}" }

/// Writes `"f:metadata": {...}` with the applier's annotation and the given label keys.
func writeAppliedMetadataFields(_ json: inout JSONText, labels: [String]) {
  json.object("f:metadata") { meta in
    meta.object("f:annotations") { annotations in
      annotations.leaf(".")
      annotations.leaf("f:kubectl.kubernetes.io/last-applied-configuration")
    }
    meta.object("f:labels") { owned in
      owned.leaf(".")
      for label in labels { owned.leaf("f:" + label) }
    }
  }
}

extension KubernetesWorkload {
  /// Writes an app Deployment's managedFields: the applier, any imperative edits, the controller.
  func writeDeploymentManagedFields(_ json: inout JSONText, _ app: App, _ clock: LiveClock) {
    writeManagedEntry(&json, apiVersion: "apps/v1", manager: Actor.apply, time: clock.created) {
      fields in
      writeAppliedMetadataFields(&fields, labels: app.team == nil ? ["app"] : ["app", "team"])
      writeOwnedDeploymentSpec(&fields, ownsReplicas: !app.scaled, container: "app") { container in
        container.object("f:env") { env in
          env.leaf(".")
          env.object(nameKey("LOG_LEVEL"), leaves: [".", "f:name", "f:value"])
        }
        container.leaf("f:envFrom")
        if !app.imageChanged { container.leaf("f:image") }
        container.leaf("f:imagePullPolicy")
        container.leaf("f:name")
        container.object("f:ports") { ports in
          ports.leaf(".")
          ports.object("k:{\"containerPort\":8080,\"protocol\":\"TCP\"}") { port in
            port.leaf(".")
            port.leaf("f:containerPort")
            port.leaf("f:name")
            port.leaf("f:protocol")
          }
        }
        container.object("f:resources") { resources in
          resources.leaf(".")
          for part in ["f:limits", "f:requests"] {
            resources.object(part, leaves: [".", "f:cpu", "f:memory"])
          }
        }
        container.leaf("f:terminationMessagePath")
        container.leaf("f:terminationMessagePolicy")
      }
    }
    if app.scaled {
      writeManagedEntry(
        &json, apiVersion: "apps/v1", manager: Actor.scale, subresource: "scale",
        time: clock.scaleTime
      ) { $0.object("f:spec") { $0.leaf("f:replicas") } }
    }
    if app.imageChanged {
      writeManagedEntry(&json, apiVersion: "apps/v1", manager: Actor.set, time: clock.setImageTime)
      {
        writeContainerFields(&$0) { $0.leaf("f:image") }
      }
    }
    if app.envAdded {
      writeManagedEntry(&json, apiVersion: "apps/v1", manager: Actor.edit, time: clock.editEnvTime)
      {
        writeContainerFields(&$0) { container in
          container.object("f:env") { env in
            env.object(nameKey(EditedValues.envName)) { added in
              added.leaf(".")
              added.leaf("f:name")
              added.leaf("f:value")
            }
          }
        }
      }
    }
    writeControllerEntry(&json, ownsAnnotationMap: false, time: clock.controllerTime)
  }

  /// Writes a hand-made Deployment's managedFields: `kubectl create deployment`, the controller.
  func writeHandCreatedManagedFields(
    _ json: inout JSONText, name: String, container: String, created: Int
  ) {
    writeManagedEntry(&json, apiVersion: "apps/v1", manager: Actor.create, time: created) {
      fields in
      fields.object("f:metadata") { meta in
        meta.object("f:labels", leaves: [".", "f:app"])
      }
      writeOwnedDeploymentSpec(&fields, ownsReplicas: true, container: container) { owned in
        owned.leaf("f:image")
        owned.leaf("f:imagePullPolicy")
        owned.leaf("f:name")
        owned.leaf("f:resources")
        owned.leaf("f:terminationMessagePath")
        owned.leaf("f:terminationMessagePolicy")
      }
    }
    writeControllerEntry(&json, ownsAnnotationMap: true, time: created + 4)
  }

  /// Writes `f:spec/f:template/f:spec/f:containers/k:{"name":"app"}` with `body`'s fields.
  private func writeContainerFields(_ json: inout JSONText, _ body: (inout JSONText) -> Void) {
    json.object("f:spec") { spec in
      spec.object("f:template") { template in
        template.object("f:spec") { pod in
          pod.object("f:containers") { $0.object(nameKey("app"), body) }
        }
      }
    }
  }

  /// Writes the `f:spec` a Deployment's creator owns, server defaults included.
  ///
  /// `containerFields` writes the fields of container `container` after its `.` entry.
  private func writeOwnedDeploymentSpec(
    _ json: inout JSONText, ownsReplicas: Bool, container: String,
    _ containerFields: (inout JSONText) -> Void
  ) {
    json.object("f:spec") { spec in
      spec.leaf("f:progressDeadlineSeconds")
      if ownsReplicas { spec.leaf("f:replicas") }
      spec.leaf("f:revisionHistoryLimit")
      spec.leaf("f:selector")
      spec.object("f:strategy") { strategy in
        strategy.object("f:rollingUpdate") { rolling in
          rolling.leaf(".")
          rolling.leaf("f:maxSurge")
          rolling.leaf("f:maxUnavailable")
        }
        strategy.leaf("f:type")
      }
      spec.object("f:template") { template in
        template.object("f:metadata") { meta in
          meta.object("f:labels", leaves: [".", "f:app"])
        }
        template.object("f:spec") { pod in
          pod.object("f:containers") { containers in
            containers.object(nameKey(container)) { fields in
              fields.leaf(".")
              containerFields(&fields)
            }
          }
          for leaf in [
            "f:dnsPolicy", "f:restartPolicy", "f:schedulerName", "f:securityContext",
            "f:terminationGracePeriodSeconds",
          ] {
            pod.leaf(leaf)
          }
        }
      }
    }
  }

  /// Writes kube-controller-manager's entry: the revision annotation and the status.
  private func writeControllerEntry(_ json: inout JSONText, ownsAnnotationMap: Bool, time: Int) {
    writeManagedEntry(
      &json, apiVersion: "apps/v1", manager: Actor.controller, subresource: "status", time: time
    ) { fields in
      fields.object("f:metadata") { meta in
        meta.object("f:annotations") { annotations in
          if ownsAnnotationMap { annotations.leaf(".") }
          annotations.leaf("f:deployment.kubernetes.io/revision")
        }
      }
      fields.object("f:status") { status in
        status.leaf("f:availableReplicas")
        status.object("f:conditions") { conditions in
          conditions.leaf(".")
          for type in ["Available", "Progressing"] {
            conditions.object("k:{\"type\":\"" + type + "\"}") { condition in
              condition.leaf(".")
              for field in ["lastTransitionTime", "lastUpdateTime", "message", "reason"] {
                condition.leaf("f:" + field)
              }
              condition.leaf("f:status")
              condition.leaf("f:type")
            }
          }
        }
        for field in ["observedGeneration", "readyReplicas", "replicas", "updatedReplicas"] {
          status.leaf("f:" + field)
        }
      }
    }
  }
}
