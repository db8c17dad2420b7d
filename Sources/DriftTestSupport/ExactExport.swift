import Foundation

/// What each source's capture would export from a cluster that runs exactly what a commit
/// declares, made without git-drift's code: PyYAML reads the manifests, `kubectl kustomize`
/// renders kustomizations and GitOps units, and every object is shaped as an API server returns
/// it (uid, resourceVersion, the defaults the server fills in, status).
///
/// The capture command of each source (written by `init`) decides what the export holds: the
/// kinds it names and its namespace scope, so a capture that leaves out a declared kind shows
/// up as missing objects.
public enum ExactExport {
  /// Writes `<commit>-<source>.json` into `directory` for every commit and every source of the
  /// `.drift.yml` at `configuration`.
  public static func write(
    repository: String, commits: [String], configuration: String, into directory: String
  ) throws {
    try Shell.check(
      ["/usr/bin/python3", "-c", script, repository, configuration, directory],
      stdin: commits.joined(separator: "\n"))
  }

  static let script = #"""
    import base64, copy, gzip, hashlib, json, os, re, subprocess, sys, tarfile, io, tempfile, yaml

    repo, config_path, out = sys.argv[1:4]
    commits = sys.stdin.read().split()
    config = yaml.safe_load(open(config_path))
    CLUSTER = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
               "PersistentVolume", "StorageClass", "ClusterIssuer", "IngressClass",
               "PriorityClass"}
    SHORT = {"deploy": "deployment.apps", "sts": "statefulset.apps", "ds": "daemonset.apps",
             "svc": "service", "cm": "configmap", "ingress": "ingress.networking.k8s.io",
             "secret": "secret", "sa": "serviceaccount"}
    DOTLESS = {"apps", "batch", "autoscaling", "policy", "extensions"}

    def glob_re(pattern):
        i, r = 0, ""
        while i < len(pattern):
            if pattern.startswith("**/", i): r += "(?:.*/)?"; i += 3
            elif pattern.startswith("**", i): r += ".*"; i += 2
            elif pattern[i] == "*": r += "[^/]*"; i += 1
            elif pattern[i] == "?": r += "[^/]"; i += 1
            else: r += re.escape(pattern[i]); i += 1
        return re.compile(r + r"\Z")

    def type_of(o):
        kind, version = o["kind"], o["apiVersion"]
        group = version.split("/")[0] if "/" in version else ""
        if group == "extensions" and kind in ("Deployment", "DaemonSet", "ReplicaSet"):
            group = "apps"
        return kind.lower() + ("." + group if group else "")

    def is_object(o):
        if not isinstance(o, dict) or not isinstance(o.get("kind"), str):
            return False
        version = o.get("apiVersion")
        if not isinstance(version, str):
            return False
        parts = version.split("/")
        if len(parts) == 1:
            return version == "v1"
        return len(parts) == 2 and ("." in parts[0] or parts[0] in DOTLESS)

    def deployed(o):
        md = o.get("metadata") or {}
        notes = md.get("annotations") or {}
        if "argocd.argoproj.io/hook" in notes or "helm.sh/hook" in notes:
            return False
        return "name" in md

    def objects(documents):
        for d in documents:
            if isinstance(d, dict) and d.get("kind") == "List" and isinstance(d.get("items"), list):
                yield from objects(d["items"])
            elif is_object(d) and deployed(d):
                yield d

    def uid(o):
        h = hashlib.sha256(json.dumps([o["kind"], o["metadata"]], sort_keys=True).encode()).hexdigest()
        return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:32])

    def container_defaults(c):
        image = c.get("image", "")
        tag = image.rsplit(":", 1)[1] if ":" in image.rsplit("/", 1)[-1] else "latest"
        c.setdefault("imagePullPolicy", "Always" if tag == "latest" else "IfNotPresent")
        c.setdefault("terminationMessagePath", "/dev/termination-log")
        c.setdefault("terminationMessagePolicy", "File")
        c.setdefault("resources", {})
        for p in c.get("ports") or []:
            p.setdefault("protocol", "TCP")

    def pod_defaults(spec):
        for c in spec.get("containers") or []:
            container_defaults(c)
        for c in spec.get("initContainers") or []:
            container_defaults(c)
        spec.setdefault("dnsPolicy", "ClusterFirst")
        spec.setdefault("restartPolicy", "Always")
        spec.setdefault("schedulerName", "default-scheduler")
        spec.setdefault("securityContext", {})
        spec.setdefault("terminationGracePeriodSeconds", 30)

    def shape(o, namespace):
        o = copy.deepcopy(o)
        md = o.setdefault("metadata", {})
        if o["kind"] not in CLUSTER and not md.get("namespace"):
            md["namespace"] = namespace or "default"
        md["uid"] = uid(o)
        md["resourceVersion"] = str(int(md["uid"][:6], 16))
        md["creationTimestamp"] = "2026-11-01T10:00:00Z"
        kind, spec = o["kind"], o.setdefault("spec", {}) if o["kind"] in ("Deployment", "Service") else None
        if kind == "Deployment":
            md["generation"] = 1
            md.setdefault("annotations", {})["deployment.kubernetes.io/revision"] = "1"
            spec.setdefault("replicas", 1)
            spec.setdefault("progressDeadlineSeconds", 600)
            spec.setdefault("revisionHistoryLimit", 10)
            spec.setdefault("strategy", {"type": "RollingUpdate",
                                         "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}})
            template = spec.setdefault("template", {})
            template.setdefault("metadata", {}).setdefault("creationTimestamp", None)
            pod_defaults(template.setdefault("spec", {}))
            o["status"] = {"observedGeneration": 1, "replicas": spec["replicas"],
                           "readyReplicas": spec["replicas"], "availableReplicas": spec["replicas"],
                           "updatedReplicas": spec["replicas"]}
        elif kind == "Service":
            spec.setdefault("type", "ClusterIP")
            spec["clusterIP"] = "10.96.%d.%d" % (int(md["uid"][:2], 16), int(md["uid"][2:4], 16))
            spec["clusterIPs"] = [spec["clusterIP"]]
            spec.setdefault("internalTrafficPolicy", "Cluster")
            spec.setdefault("ipFamilies", ["IPv4"])
            spec.setdefault("ipFamilyPolicy", "SingleStack")
            spec.setdefault("sessionAffinity", "None")
            for p in spec.get("ports") or []:
                p.setdefault("protocol", "TCP")
                p.setdefault("targetPort", p.get("port"))
            o["status"] = {"loadBalancer": {}}
        elif kind == "Namespace":
            md.setdefault("labels", {})["kubernetes.io/metadata.name"] = md["name"]
            o["spec"] = {"finalizers": ["kubernetes"]}
            o["status"] = {"phase": "Active"}
        return o

    # Renders by (folder, tree id of its top-level folder): kubectl's start-up is most of the
    # cost, and the layouts' kustomizations read only within their top-level folder.
    renders = {}
    tops = {}

    def kustomize(folder):
        relative = os.path.relpath(folder, current["root"])
        key = (relative, tops.get(relative.split("/")[0]))
        if key[1] is None or key not in renders:
            result = subprocess.run(["kubectl", "kustomize", folder], capture_output=True, text=True)
            if result.returncode != 0:
                raise RuntimeError("kubectl kustomize %s: %s" % (folder, result.stderr))
            renders[key] = result.stdout
        return list(yaml.safe_load_all(renders[key]))

    def manifests(root, files):
        documents = []
        for path in files:
            with open(os.path.join(root, path), "rb") as f:
                documents += list(yaml.safe_load_all(f))
        return documents

    def walk(root):
        found = []
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                found.append(os.path.relpath(os.path.join(folder, name), root))
        return sorted(found)

    KUSTOMIZATIONS = ("kustomization.yaml", "kustomization.yml", "Kustomization")

    def has_kustomization(folder):
        return any(os.path.exists(os.path.join(folder, k)) for k in KUSTOMIZATIONS)

    def flux_build(folder):
        # Flux: a folder without a kustomization is built from a generated one that takes in
        # every manifest below it, and every folder below that has a kustomization of its own.
        if has_kustomization(folder):
            return kustomize(folder)
        resources = []
        def collect(current):
            for name in sorted(os.listdir(current)):
                path = os.path.join(current, name)
                if os.path.isdir(path):
                    if has_kustomization(path):
                        resources.append(os.path.relpath(path, folder))
                    else:
                        collect(path)
                elif name.endswith((".yaml", ".yml")):
                    with open(path, "rb") as f:
                        if any(is_object(d) for d in yaml.safe_load_all(f)):
                            resources.append(os.path.relpath(path, folder))
        collect(folder)
        with open(os.path.join(folder, "kustomization.yaml"), "w") as f:
            yaml.safe_dump({"resources": resources}, f)
        return kustomize(folder)

    def unit(root, source, kind, group):
        for path in source["paths"]:
            with open(os.path.join(root, path), "rb") as f:
                for d in yaml.safe_load_all(f):
                    if isinstance(d, dict) and d.get("kind") == kind and \
                            str(d.get("apiVersion", "")).startswith(group) and \
                            d["metadata"]["name"] == source["unit"]:
                        return d
        raise RuntimeError("no %s %s in %s" % (kind, source["unit"], source["paths"]))

    def desired(root, source):
        """The objects the source deploys, and the namespace given to those without one."""
        fmt = source["format"]
        if fmt == "kubernetes":
            includes = [glob_re(p) for p in source["paths"]]
            excludes = [glob_re(p) for p in source.get("exclude") or []]
            files = [p for p in walk(root)
                     if any(g.match(p) for g in includes) and not any(g.match(p) for g in excludes)
                     and os.path.basename(p) not in (".drift.yml", ".driftignore")
                     and os.path.basename(p) not in KUSTOMIZATIONS]
            return list(objects(manifests(root, files))), source.get("namespace")
        if fmt == "kustomize":
            return list(objects(kustomize(os.path.join(root, source["paths"][0])))), source.get("namespace")
        if fmt == "flux":
            spec = unit(root, source, "Kustomization", "kustomize.toolkit.fluxcd.io")["spec"]
            built = list(objects(flux_build(os.path.join(root, spec["path"]))))
            target = spec.get("targetNamespace")
            if target:
                for o in built:
                    if o["kind"] not in CLUSTER:
                        o.setdefault("metadata", {})["namespace"] = target
            return built, target or source.get("namespace")
        if fmt == "argocd":
            spec = unit(root, source, "Application", "argoproj.io")["spec"]
            folder = os.path.join(root, spec["source"]["path"])
            namespace = spec.get("destination", {}).get("namespace")
            if has_kustomization(folder):
                return list(objects(kustomize(folder))), namespace
            recurse = (spec["source"].get("directory") or {}).get("recurse", False)
            names = walk(folder) if recurse else sorted(
                n for n in os.listdir(folder) if os.path.isfile(os.path.join(folder, n)))
            files = [os.path.join(spec["source"]["path"], n) for n in names
                     if n.endswith((".yaml", ".yml", ".json"))]
            return list(objects(manifests(root, files))), namespace
        if fmt == "helm":
            return helm_release(root, source)
        return [], None

    def helm_release(root, source):
        """The release Secret Helm stores for the HelmRelease as Flux applies it (an overlay's
        patches included), and the one object its chart renders here."""
        release = None
        for path in source["paths"]:
            with open(os.path.join(root, path), "rb") as f:
                documents = [d for d in yaml.safe_load_all(f) if isinstance(d, dict)]
            for d in documents:
                if d.get("kind") == "Kustomization" and \
                        str(d.get("apiVersion", "")).startswith("kustomize.toolkit.fluxcd.io"):
                    documents += flux_build(os.path.join(root, d["spec"]["path"]))
            for d in documents:
                if d.get("kind") == "HelmRelease" and d["metadata"]["name"] == source["unit"]:
                    release = d
        spec = release["spec"]
        name = release["metadata"]["name"]
        namespace = release["metadata"].get("namespace", "default")
        target = spec.get("targetNamespace")
        release_name = spec.get("releaseName") or ("%s-%s" % (target, name) if target else name)
        installed = target or namespace
        storage = spec.get("storageNamespace") or namespace
        rendered = {"apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": {"name": release_name + "-settings", "namespace": installed},
                    "data": {"mode": "production"}}
        manifest = "---\n# Source: chart/templates/settings.yaml\n" + yaml.safe_dump(rendered)
        body = {"name": release_name,
                "info": {"first_deployed": "2026-11-01T09:00:00Z",
                         "last_deployed": "2026-11-01T09:00:00Z", "deleted": "",
                         "description": "Install complete", "status": "deployed"},
                "chart": {"metadata": {"name": spec["chart"]["spec"]["chart"], "version": "6.5.1",
                                       "apiVersion": "v2"},
                          "templates": [], "values": {"replicaCount": 1}, "files": []},
                "config": spec.get("values") or {}, "manifest": manifest, "version": 1,
                "namespace": installed}
        helm = base64.b64encode(gzip.compress(json.dumps(body).encode(), mtime=0))
        secret = {"apiVersion": "v1", "kind": "Secret", "type": "helm.sh/release.v1",
                  "data": {"release": base64.b64encode(helm).decode()},
                  "metadata": {"name": "sh.helm.release.v1.%s.v1" % release_name,
                               "namespace": storage,
                               "labels": {"name": release_name, "owner": "helm",
                                          "status": "deployed", "version": "1"}}}
        return [secret, rendered], installed

    def captured(source, shaped):
        words = source["capture"].split()
        kinds = {SHORT.get(k, k) for k in words[2].split(",")}
        scope = None if "--all-namespaces" in words else words[words.index("-n") + 1]
        return [o for o in shaped if type_of(o) in kinds and
                (scope is None or o["kind"] in CLUSTER or o["metadata"].get("namespace") == scope)]

    current = {}

    for commit in commits:
        listing = subprocess.run(["git", "-C", repo, "ls-tree", commit], capture_output=True,
                                 check=True, text=True).stdout
        tops = {line.split("\t")[1]: line.split()[2] for line in listing.splitlines()
                if line.split()[1] == "tree"}
        with tempfile.TemporaryDirectory() as root:
            current["root"] = root
            archive = subprocess.run(["git", "-C", repo, "archive", "--format=tar", commit],
                                     capture_output=True, check=True).stdout
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(root)
            for source in config["sources"]:
                found, namespace = desired(root, source)
                shaped = captured(source, [shape(o, namespace) for o in found])
                with open(os.path.join(out, "%s-%s.json" % (commit, source["name"])), "w") as f:
                    json.dump({"apiVersion": "v1", "kind": "List",
                               "metadata": {"resourceVersion": ""}, "items": shaped}, f, indent=1)

    """#
}
