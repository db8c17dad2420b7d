import Foundation

/// Helm 3 release storage Secrets as a cluster holds them, made by Python's gzip and base64
/// (not by git-drift's code): the release JSON with the fields Helm writes, gzipped, base64
/// encoded by Helm, and base64 encoded again as Secret data.
public enum HelmReleaseSecret {
  /// One revision of a release.
  public struct Revision: Sendable {
    public var release: String
    public var namespace: String
    public var revision: Int
    public var status: String
    public var chart: String
    public var version: String
    /// The user-supplied values, as JSON text.
    public var config: String
    /// The rendered manifests, as Helm joins them (`---\n# Source: ...`).
    public var manifest: String
    public var deployed: String
    public var description: String

    public init(
      release: String, namespace: String, revision: Int, status: String = "deployed",
      chart: String, version: String, config: String, manifest: String,
      deployed: String = "2026-11-20T10:00:00Z", description: String? = nil
    ) {
      self.release = release
      self.namespace = namespace
      self.revision = revision
      self.status = status
      self.chart = chart
      self.version = version
      self.config = config
      self.manifest = manifest
      self.deployed = deployed
      self.description = description ?? (revision == 1 ? "Install complete" : "Upgrade complete")
    }
  }

  static let script = """
    import base64, gzip, json, sys
    out = []
    for r in json.load(sys.stdin):
        release = {
            "name": r["release"],
            "info": {
                "first_deployed": "2026-11-01T09:00:00Z", "last_deployed": r["deployed"],
                "deleted": "", "description": r["description"], "status": r["status"],
                "notes": "Thank you for installing " + r["chart"],
            },
            "chart": {
                "metadata": {"name": r["chart"], "version": r["version"], "appVersion": r["version"],
                             "apiVersion": "v2", "description": "A chart", "type": "application"},
                "lock": None,
                "templates": [{"name": "templates/deployment.yaml",
                               "data": base64.b64encode(b"kind: Deployment # {{ .Values }}").decode()}],
                "values": {"replicaCount": 1, "image": {"tag": "chart-default"},
                           "adminPassword": "chart-default-password"},
                "schema": None, "files": [],
            },
            "config": json.loads(r["config"]),
            "manifest": r["manifest"],
            "hooks": [{"name": "test-connection", "kind": "Pod", "path": "templates/tests/t.yaml",
                       "manifest": "apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: test\\n",
                       "events": ["test"], "last_run": {"started_at": "", "completed_at": "",
                       "phase": ""}}],
            "version": r["revision"],
            "namespace": r["namespace"],
        }
        payload = gzip.compress(json.dumps(release).encode(), mtime=0)
        helm = base64.b64encode(payload)
        name = "sh.helm.release.v1.%s.v%d" % (r["release"], r["revision"])
        out.append({
            "apiVersion": "v1", "kind": "Secret", "type": "helm.sh/release.v1",
            "data": {"release": base64.b64encode(helm).decode()},
            "metadata": {
                "name": name, "namespace": r["storage"],
                "labels": {"name": r["release"], "owner": "helm", "status": r["status"],
                           "version": str(r["revision"]), "modifiedAt": "1763632800"},
                "creationTimestamp": r["deployed"], "resourceVersion": str(1000 + r["revision"]),
                "uid": "secret-%s-%d" % (r["release"], r["revision"]),
                "managedFields": [{"apiVersion": "v1", "fieldsType": "FieldsV1",
                    "fieldsV1": {"f:data": {".": {}, "f:release": {}}, "f:type": {}},
                    "manager": "helm", "operation": "Update", "time": r["deployed"]}],
            },
        })
    json.dump(out, sys.stdout)
    """

  /// The storage Secrets of `revisions`, each as JSON text, stored in `storage` (the
  /// namespace Helm keeps releases in).
  public static func secrets(_ revisions: [Revision], storage: String) throws -> [String] {
    let input: [[String: Any]] = revisions.map {
      [
        "release": $0.release, "namespace": $0.namespace, "revision": $0.revision,
        "status": $0.status, "chart": $0.chart, "version": $0.version, "config": $0.config,
        "manifest": $0.manifest, "deployed": $0.deployed, "description": $0.description,
        "storage": storage,
      ]
    }
    let text = String(decoding: try JSONSerialization.data(withJSONObject: input), as: UTF8.self)
    let output = try Shell.check(["python3", "-c", script], stdin: text)
    guard let array = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [Any] else {
      return []
    }
    return try array.map {
      String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self)
    }
  }
}
