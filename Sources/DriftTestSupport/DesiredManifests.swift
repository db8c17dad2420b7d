extension KubernetesWorkload {
  /// The manifests kept in git: one multi-document YAML file `apps/<app>.yaml` per app.
  public func desiredFiles() -> [(path: String, contents: String)] {
    var files: [(path: String, contents: String)] = []
    files.reserveCapacity(apps)
    for index in 0..<apps {
      let app = app(index, flags: 0)
      files.append((path: "apps/\(app.name).yaml", contents: desiredYAML(app)))
    }
    return files
  }

  /// The YAML a person writes for one app: comments, block style, a quoted "on".
  func desiredYAML(_ app: App) -> String {
    let name = app.name
    let namespaceLine = app.explicitNamespace ? "  namespace: \(namespace)\n" : ""
    let teamLine = app.team.map { "    team: \($0)  # owning team, for cost reports\n" } ?? ""
    return """
      # \(name): web service; this file is the desired state, change it by pull request
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: \(name)
      \(namespaceLine)  labels:
          app: \(name)
      \(teamLine)spec:
        replicas: \(app.replicas)  # sized for peak traffic
        selector:
          matchLabels:
            app: \(name)
        template:
          metadata:
            labels:
              app: \(name)
          spec:
            containers:
              - name: app
                image: \(app.image)
                ports:
                  - containerPort: 8080
                    name: http
                env:
                  - name: LOG_LEVEL
                    value: info
                resources:
                  requests:
                    cpu: 100m
                    memory: 128Mi
                  limits:
                    cpu: "0.5"  # half a core
                    memory: 1Gi
                envFrom:
                  - configMapRef:
                      name: \(app.configName)
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: \(name)
      \(namespaceLine)  labels:
          app: \(name)
      spec:
        selector:
          app: \(name)
        ports:
          - name: http
            port: 80
            targetPort: 8080
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: \(app.configName)
      \(namespaceLine)  labels:
          app: \(name)
      data:
        LOG_FORMAT: json
        FEATURE_X: "on"  # quoted, or YAML 1.1 reads it as true
        application.properties: |
      \(propertiesText(app).split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))

      """
  }

  /// The multi-line ConfigMap value, as a block scalar holds it (ends with a newline).
  func propertiesText(_ app: App) -> String {
    let next = "app-" + Det.pad((app.index + 1) % max(apps, 1), 4)
    return "server.port=8080\ncache.ttl=\(app.cacheSeconds)s\n"
      + "upstream.url=http://\(next).\(namespace).svc:80\n"
  }

  /// The `kubectl.kubernetes.io/last-applied-configuration` value: the desired object as JSON.
  func lastApplied(_ app: App, kind: String) -> String {
    var json = JSONText(reservingCapacity: 1024)
    json.object { json in
      switch kind {
      case "Deployment":
        json.field("apiVersion", "apps/v1")
        json.field("kind", "Deployment")
        appliedMetadata(&json, app, name: app.name, team: app.team)
        json.object("spec") { spec in
          spec.field("replicas", app.replicas)
          spec.object("selector") { $0.object("matchLabels") { $0.field("app", app.name) } }
          spec.object("template") { template in
            template.object("metadata") { $0.object("labels") { $0.field("app", app.name) } }
            template.object("spec") { $0.array("containers") { desiredContainer(&$0, app) } }
          }
        }
      case "Service":
        json.field("apiVersion", "v1")
        json.field("kind", "Service")
        appliedMetadata(&json, app, name: app.name, team: nil)
        json.object("spec") { spec in
          spec.array("ports") { ports in
            ports.object { port in
              port.field("name", "http")
              port.field("port", 80)
              port.field("targetPort", 8080)
            }
          }
          spec.object("selector") { $0.field("app", app.name) }
        }
      default:
        json.field("apiVersion", "v1")
        json.object("data") { data in
          data.field("FEATURE_X", "on")
          data.field("LOG_FORMAT", "json")
          data.field("application.properties", propertiesText(app))
        }
        json.field("kind", "ConfigMap")
        appliedMetadata(&json, app, name: app.configName, team: nil)
      }
    }
    return json.text + "\n"
  }

  private func appliedMetadata(_ json: inout JSONText, _ app: App, name: String, team: String?) {
    json.object("metadata") { meta in
      meta.object("annotations") { _ in }
      meta.object("labels") { labels in
        labels.field("app", app.name)
        if let team { labels.field("team", team) }
      }
      meta.field("name", name)
      meta.field("namespace", namespace)
    }
  }

  private func desiredContainer(_ json: inout JSONText, _ app: App) {
    json.object { container in
      container.array("env") { env in
        env.object(strings: ["name": "LOG_LEVEL", "value": "info"])
      }
      container.array("envFrom") { from in
        from.object { $0.object("configMapRef") { $0.field("name", app.configName) } }
      }
      container.field("image", app.image)
      container.field("name", "app")
      container.array("ports") { ports in
        ports.object { port in
          port.field("containerPort", 8080)
          port.field("name", "http")
        }
      }
      container.object("resources") { resources in
        resources.object("limits", strings: ["cpu": "0.5", "memory": "1Gi"])
        resources.object("requests", strings: ["cpu": "100m", "memory": "128Mi"])
      }
    }
  }
}
