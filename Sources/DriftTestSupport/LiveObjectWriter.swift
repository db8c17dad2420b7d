/// Times and versions of one app's live objects, in Unix seconds.
struct LiveClock {
  /// When `kubectl apply` created the app (all three objects).
  let created: Int
  let scaleTime: Int
  let setImageTime: Int
  let editEnvTime: Int
  let editConfigTime: Int
  /// The controller's last status write: after the rollout of the last spec change.
  let controllerTime: Int
  let creationVersion: Int
  let driftVersion: Int

  init(_ app: App, apps: Int) {
    created = 1_741_078_800 + app.index  // 2025-03-04T09:00:00Z
    let later = created + 86_400
    scaleTime = later
    setImageTime = later + 600
    editEnvTime = later + 1200
    editConfigTime = later + 1800
    var last = created
    if app.scaled { last = scaleTime }
    if app.imageChanged { last = setImageTime }
    if app.envAdded { last = editEnvTime }
    controllerTime = last + (app.deploymentDrifted ? 5 : 3)
    creationVersion = 100_000 + app.index * 8
    driftVersion = 100_000 + apps * 8 + 1000 + app.index * 8
  }
}

extension KubernetesWorkload {
  /// The live state as `kubectl get deploy,svc,cm -n <namespace> -o json` prints it.
  ///
  /// - Parameters:
  ///   - noiseOnly: ignore `drifts`: every app live exactly as applied, with only the server's
  ///     defaults, status and metadata (the "zero drift" case).
  ///   - indented: indent by four spaces as kubectl does; `false` writes compact JSON.
  public func liveList(noiseOnly: Bool = false, indented: Bool = true) -> String {
    let plan = noiseOnly ? Drifts() : drifts
    let flags = driftFlags(plan)
    let live = (0..<apps).filter { flags[$0] & App.deletedBit == 0 }
    let perApp = indented ? 20_000 : 8_000  // measured: about 18 KB and 7 KB
    var json = JSONText(indent: indented ? 4 : 0, reservingCapacity: live.count * perApp + 1024)
    json.object { list in
      list.field("apiVersion", "v1")
      list.array("items") { items in
        for index in live { writeDeployment(&items, app(index, flags: flags[index])) }
        for hand in 0..<max(0, plan.handCreated) { writeHandCreated(&items, hand) }
        for index in live { writeService(&items, app(index, flags: flags[index])) }
        for index in live { writeConfigMap(&items, app(index, flags: flags[index])) }
      }
      list.field("kind", "List")
      list.object("metadata") { $0.field("resourceVersion", "") }
    }
    return json.text + "\n"
  }

  func writeMetadata(
    _ json: inout JSONText, name: String, uid: String, created: Int, version: Int,
    generation: Int?, labels: [(String, String)], annotations: [(String, String)],
    managedFields: (inout JSONText) -> Void
  ) {
    json.object("metadata") { meta in
      if !annotations.isEmpty {
        meta.object("annotations") { for (key, value) in annotations { $0.field(key, value) } }
      }
      meta.field("creationTimestamp", Det.timestamp(created))
      if let generation { meta.field("generation", generation) }
      meta.object("labels") { for (key, value) in labels { $0.field(key, value) } }
      meta.array("managedFields", managedFields)
      meta.field("name", name)
      meta.field("namespace", namespace)
      meta.field("resourceVersion", String(version))
      meta.field("uid", uid)
    }
  }

  private func writeDeployment(_ json: inout JSONText, _ app: App) {
    let clock = LiveClock(app, apps: apps)
    let revision = 1 + (app.imageChanged ? 1 : 0) + (app.envAdded ? 1 : 0)
    let generation = revision + (app.scaled ? 1 : 0)
    var labels = [("app", app.name)]
    if let team = app.team { labels.append(("team", team)) }
    json.object { object in
      object.field("apiVersion", "apps/v1")
      object.field("kind", "Deployment")
      writeMetadata(
        &object, name: app.name, uid: Det.uid(seed, app.index, 1), created: clock.created,
        version: app.deploymentDrifted ? clock.driftVersion + 4 : clock.creationVersion + 3,
        generation: generation, labels: labels,
        annotations: [
          ("deployment.kubernetes.io/revision", String(revision)),
          (
            "kubectl.kubernetes.io/last-applied-configuration", lastApplied(app, kind: "Deployment")
          ),
        ]
      ) { writeDeploymentManagedFields(&$0, app, clock) }
      writeDeploymentSpec(&object, name: app.name, replicas: app.liveReplicas) { container in
        container.array("env") { env in
          env.object(strings: ["name": "LOG_LEVEL", "value": "info"])
          if app.envAdded {
            env.object {
              $0.field("name", EditedValues.envName)
              $0.field("value", EditedValues.envValue)
            }
          }
        }
        container.array("envFrom") { from in
          from.object { $0.object("configMapRef") { $0.field("name", app.configName) } }
        }
        container.field("image", app.liveImage)
        container.field("imagePullPolicy", "IfNotPresent")
        container.field("name", "app")
        container.array("ports") { ports in
          ports.object { port in
            port.field("containerPort", 8080)
            port.field("name", "http")
            port.field("protocol", "TCP")
          }
        }
        container.object("resources") { resources in
          resources.object("limits", strings: ["cpu": "500m", "memory": "1Gi"])
          resources.object("requests", strings: ["cpu": "100m", "memory": "128Mi"])
        }
      }
      writeDeploymentStatus(
        &object, name: app.name, replicas: app.liveReplicas, generation: generation,
        created: clock.created, updated: clock.controllerTime,
        hash: Det.mix(seed, app.index, UInt64(10 + revision)))
    }
  }

  private func writeHandCreated(_ json: inout JSONText, _ hand: Int) {
    let name = handName(hand)
    let tools = [
      ("debug-shell", "registry.example.com/tools/debug-shell:2.1"), ("nginx", "nginx:1.27"),
      ("busybox", "busybox:1.36"),
    ]
    let (container, image) = tools[hand % tools.count]
    let created = 1_741_078_800 + apps + 7200 + hand * 60
    json.object { object in
      object.field("apiVersion", "apps/v1")
      object.field("kind", "Deployment")
      writeMetadata(
        &object, name: name, uid: Det.uid(seed, hand, 7), created: created,
        version: 100_000 + apps * 16 + 2000 + hand * 2, generation: 1, labels: [("app", name)],
        annotations: [("deployment.kubernetes.io/revision", "1")]
      ) { writeHandCreatedManagedFields(&$0, name: name, container: container, created: created) }
      writeDeploymentSpec(&object, name: name, replicas: 1) { fields in
        fields.field("image", image)
        fields.field("imagePullPolicy", "IfNotPresent")
        fields.field("name", container)
        fields.object("resources") { _ in }
      }
      writeDeploymentStatus(
        &object, name: name, replicas: 1, generation: 1, created: created, updated: created + 4,
        hash: Det.mix(seed, hand, 77))
    }
  }

  /// Writes a Deployment `spec` with the server's defaults; `container` writes container 0.
  private func writeDeploymentSpec(
    _ json: inout JSONText, name: String, replicas: Int, container: (inout JSONText) -> Void
  ) {
    json.object("spec") { spec in
      spec.field("progressDeadlineSeconds", 600)
      spec.field("replicas", replicas)
      spec.field("revisionHistoryLimit", 10)
      spec.object("selector") { $0.object("matchLabels") { $0.field("app", name) } }
      spec.object("strategy") { strategy in
        strategy.object("rollingUpdate") { rolling in
          rolling.field("maxSurge", "25%")
          rolling.field("maxUnavailable", "25%")
        }
        strategy.field("type", "RollingUpdate")
      }
      spec.object("template") { template in
        template.object("metadata") { meta in
          meta.key("creationTimestamp")
          meta.null()
          meta.object("labels") { $0.field("app", name) }
        }
        template.object("spec") { pod in
          pod.array("containers") { containers in
            containers.object { fields in
              container(&fields)
              fields.field("terminationMessagePath", "/dev/termination-log")
              fields.field("terminationMessagePolicy", "File")
            }
          }
          pod.field("dnsPolicy", "ClusterFirst")
          pod.field("restartPolicy", "Always")
          pod.field("schedulerName", "default-scheduler")
          pod.object("securityContext") { _ in }
          pod.field("terminationGracePeriodSeconds", 30)
        }
      }
    }
  }

  /// Writes the `status` the deployment controller reports for a finished rollout.
  private func writeDeploymentStatus(
    _ json: inout JSONText, name: String, replicas: Int, generation: Int, created: Int,
    updated: Int, hash: UInt64
  ) {
    let replicaSet = name + "-" + Det.podTemplateHash(hash)
    json.object("status") { status in
      status.field("availableReplicas", replicas)
      status.array("conditions") { conditions in
        conditions.object { condition in
          condition.field("lastTransitionTime", Det.timestamp(created + 2))
          condition.field("lastUpdateTime", Det.timestamp(created + 2))
          condition.field("message", "Deployment has minimum availability.")
          condition.field("reason", "MinimumReplicasAvailable")
          condition.field("status", "True")
          condition.field("type", "Available")
        }
        conditions.object { condition in
          condition.field("lastTransitionTime", Det.timestamp(created))
          condition.field("lastUpdateTime", Det.timestamp(updated))
          condition.field(
            "message", "ReplicaSet \"\(replicaSet)\" has successfully progressed.")
          condition.field("reason", "NewReplicaSetAvailable")
          condition.field("status", "True")
          condition.field("type", "Progressing")
        }
      }
      status.field("observedGeneration", generation)
      status.field("readyReplicas", replicas)
      status.field("replicas", replicas)
      status.field("updatedReplicas", replicas)
    }
  }
}
