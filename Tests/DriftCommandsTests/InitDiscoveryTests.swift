import DriftTestSupport
import Foundation
import Testing

/// What `init` proposes for layouts real repositories have (written here, not copied): one
/// source per deployable unit, with a capture of exactly the kinds it declares, and nothing
/// from test data, charts or folders kustomize builds.
@Suite struct InitDiscoveryTests {
  static func object(
    _ kind: String, _ name: String, namespace: String? = nil,
    apiVersion: String = "v1", extra: String = ""
  ) -> String {
    "apiVersion: \(apiVersion)\nkind: \(kind)\nmetadata:\n  name: \(name)\n"
      + (namespace.map { "  namespace: \($0)\n" } ?? "") + extra
  }

  static func proposal(_ files: [(String, String)]) throws -> (String, ScratchRepository) {
    let repo = try ScratchRepository()
    for (path, contents) in files { try repo.write(path, contents) }
    try repo.commit("layout")
    let result = try gitDrift("init", "--print", in: repo)
    #expect(result.status == 0, "\(result.stderr)")
    return (result.stdout, repo)
  }

  @Test func aTemplateMarkerOutsideAChartIsStillAManifest() throws {
    // A Prometheus rule in a ConfigMap holds `{{__name__}}`: it is data, not a Helm template.
    let rule = Self.object(
      "ConfigMap", "rules", namespace: "monitoring",
      extra: "data:\n  rule: 'count by (job) ({__name__=~\"up\"}) {{__name__}}'\n")
    let (text, _) = try Self.proposal([("monitoring/rules.yaml", rule)])
    #expect(text.contains("  - name: monitoring\n"), "\(text)")
    #expect(text.contains("kubectl get configmap -n monitoring -o json"), "\(text)")
  }

  @Test func testDataIsNeitherProposedNorRead() throws {
    let pod = Self.object("Pod", "probe", namespace: "e2e")
    let (text, _) = try Self.proposal([
      ("deploy/web.yaml", Self.object("Service", "web", namespace: "prod")),
      ("deploy/tests/probe.yaml", pod),
      ("test/e2e/pod.yaml", pod), ("testdata/pod.yaml", pod), ("fixtures/pod.yaml", pod),
      ("hack/e2e/pod.yaml", pod),
    ])
    #expect(
      text.contains(
        """
          - name: deploy
            format: kubernetes
            paths: ["deploy/**/*.yaml", "deploy/**/*.yml"]
            exclude: ["deploy/tests/**"]
            namespace: prod
            capture: "kubectl get service -n prod -o json --show-managed-fields"
        """), "\(text)")
    for folder in ["test", "testdata", "fixtures", "hack"] {
      #expect(!text.contains("name: \(folder)"), "\(text)")
    }
  }

  @Test func theCaptureCoversEveryDeclaredKind() throws {
    let (text, _) = try Self.proposal([
      ("install/namespace.yaml", Self.object("Namespace", "argocd")),
      (
        "install/rbac.yaml",
        Self.object("ServiceAccount", "server", namespace: "argocd") + "---\n"
          + Self.object(
            "Role", "server", namespace: "argocd", apiVersion: "rbac.authorization.k8s.io/v1")
          + "---\n"
          + Self.object(
            "ClusterRole", "server", apiVersion: "rbac.authorization.k8s.io/v1")
      ),
      (
        "install/crd.yaml",
        Self.object(
          "CustomResourceDefinition", "applications.argoproj.io",
          apiVersion: "apiextensions.k8s.io/v1")
      ),
      (
        "install/deploy.yaml",
        Self.object("Deployment", "server", namespace: "argocd", apiVersion: "apps/v1")
          + "---\n"
          + Self.object(
            "Certificate", "server", namespace: "argocd", apiVersion: "cert-manager.io/v1")
          + "---\n"
          + Self.object(
            "NetworkPolicy", "server", namespace: "argocd",
            apiVersion: "networking.k8s.io/v1")
      ),
    ])
    #expect(
      text.contains(
        "capture: \"kubectl get certificate.cert-manager.io,clusterrole.rbac.authorization.k8s.io,"
          + "customresourcedefinition.apiextensions.k8s.io,deployment.apps,namespace,"
          + "networkpolicy.networking.k8s.io,role.rbac.authorization.k8s.io,serviceaccount "
          + "-n argocd -o json --show-managed-fields\""), "\(text)")
  }

  @Test func objectsInSeveralNamespacesAreCapturedFromAll() throws {
    let (text, _) = try Self.proposal([
      ("apps/a.yaml", Self.object("ConfigMap", "a", namespace: "one")),
      ("apps/b.yaml", Self.object("ConfigMap", "b", namespace: "one")),
      ("apps/c.yaml", Self.object("ConfigMap", "c", namespace: "two")),
    ])
    #expect(text.contains("namespace: one\n"), "\(text)")
    #expect(text.contains("kubectl get configmap --all-namespaces -o json"), "\(text)")
  }

  @Test func rootManifestsDoNotSwallowTheUnitsBelow() throws {
    // kubernetes/examples-like: independent examples, and a stray manifest at the root.
    let (text, _) = try Self.proposal([
      ("namespace.yaml", Self.object("Namespace", "demo")),
      ("guestbook/frontend.yaml", Self.object("Service", "frontend", namespace: "demo")),
      ("guestbook/redis/leader.yaml", Self.object("Service", "leader", namespace: "demo")),
      ("staging/volumes/nfs/pv.yaml", Self.object("PersistentVolume", "nfs")),
      ("README.md", "# examples\n"),
    ])
    #expect(text.contains("  - name: manifests\n"), "\(text)")
    #expect(text.contains("paths: [\"*.yaml\", \"*.yml\"]"), "\(text)")
    #expect(text.contains("  - name: guestbook\n"), "\(text)")
    #expect(text.contains("paths: [\"guestbook/**/*.yaml\", \"guestbook/**/*.yml\"]"), "\(text)")
    #expect(text.contains("  - name: staging-volumes-nfs\n"), "\(text)")
    #expect(!text.contains("paths: [\"**/*.yaml\""), "\(text)")
  }

  @Test func chartsKustomizeFoldersAndBrokenYAMLAreExcluded() throws {
    let (text, repo) = try Self.proposal([
      ("deploy/web.yaml", Self.object("Service", "web", namespace: "prod")),
      ("deploy/chart/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n"),
      (
        "deploy/chart/templates/svc.yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n"
      ),
      ("deploy/overlay/kustomization.yaml", "resources: [svc.yaml]\n"),
      ("deploy/overlay/svc.yaml", Self.object("Service", "overlay", namespace: "prod")),
      ("deploy/envsubst.yaml", "kind: {{ broken\n"),
    ])
    #expect(
      text.contains(
        "exclude: [\"deploy/chart/**\", \"deploy/overlay/**\", \"deploy/envsubst.yaml\"]"),
      "\(text)")
    #expect(text.contains("  - name: deploy-overlay\n    format: kustomize\n"), "\(text)")
    try repo.write(".drift.yml", text)
    try repo.commit("configure")
    let live = try writeExport(
      #"{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "prod"}}]}"#,
      in: repo)
    let check = try gitDrift("check", "--source", "deploy", "--snapshot", live, in: repo)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    #expect(!check.stderr.contains("skipped"), "\(check.stderr)")
  }

  @Test func aSymlinkedManifestIsReported() throws {
    let repo = try ScratchRepository()
    try repo.write("deploy/web.yaml", Self.object("Service", "web", namespace: "prod"))
    try Shell.check(["ln", "-s", "web.yaml", "deploy/alias.yaml"], cwd: repo.path)
    try repo.commit("a link")
    let result = try gitDrift("init", "--print", in: repo)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stderr.contains("git-drift: deploy/alias.yaml: note: a symbolic link"),
      "\(result.stderr)")
  }

  @Test func aFolderRedeclaringItsParentsObjectsIsAUnitOfItsOwn() throws {
    // kubernetes/examples' guestbook/all-in-one holds the same objects in one file: two ways
    // to deploy one app, not one source that declares everything twice.
    let frontend = Self.object("Service", "frontend", namespace: "demo")
    let redis = Self.object("Service", "redis", namespace: "demo")
    let (text, _) = try Self.proposal([
      ("guestbook/frontend.yaml", frontend), ("guestbook/redis/leader.yaml", redis),
      ("guestbook/all-in-one/guestbook.yaml", frontend + "---\n" + redis),
    ])
    #expect(
      text.contains(
        """
          - name: guestbook
            format: kubernetes
            paths: ["guestbook/**/*.yaml", "guestbook/**/*.yml"]
            exclude: ["guestbook/all-in-one/**"]
        """), "\(text)")
    #expect(
      text.contains(
        "  - name: guestbook-all-in-one\n    format: kubernetes\n"
          + "    paths: [\"guestbook/all-in-one/**/*.yaml\", \"guestbook/all-in-one/**/*.yml\"]\n"
          + "    namespace: demo\n"), "\(text)")
  }

  @Test func namesFromTheRepositoryNeverWriteConfigurationOrReachAShell() throws {
    // A folder with a quote and a namespace and kind written to break out of the capture.
    let hostile = Self.object(
      "Service; touch /tmp/pwned", "web", namespace: "prod$(touch /tmp/pwned)")
    let (text, _) = try Self.proposal([
      ("odd\"dir/web.yaml", Self.object("Service", "web", namespace: "prod")),
      ("hostile/web.yaml", hostile),
    ])
    // PyYAML reads back exactly what init meant.
    let script = """
      import json, sys, yaml
      config = yaml.safe_load(sys.stdin)
      print(json.dumps([[s["name"], s["paths"], s.get("namespace"), s["capture"]] for s in config["sources"]]))
      """
    let parsed = try Shell.check(["/usr/bin/python3", "-c", script], stdin: text)
    let sources = try #require(
      try JSONSerialization.jsonObject(with: Data(parsed.utf8)) as? [[Any]], "\(text)")
    let odd = try #require(sources.first { ($0[0] as? String) == "odd\"dir" }, "\(text)")
    #expect(odd[1] as? [String] == ["odd\"dir/**/*.yaml", "odd\"dir/**/*.yml"])
    let captures = sources.compactMap { $0[3] as? String }
    #expect(captures.count == 2)
    for capture in captures {
      #expect(!capture.contains(";") && !capture.contains("$("), "\(capture)")
    }
    #expect(
      captures.contains(
        "kubectl get deploy,sts,ds,svc,cm,ingress --all-namespaces -o json --show-managed-fields"),
      "\(captures)")
  }
}
