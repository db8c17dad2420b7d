#!/usr/bin/env python3
"""A straightforward drift check in Python, the peer git-drift's benchmark compares with.

Usage: check.py REPOSITORY_FOLDER LIVE_EXPORT.json [NAMESPACE]

It does what `git drift check` does on the benchmark's workload, the way a team would script
it: PyYAML's C loader for the manifests (read from the working tree), json for the kubectl
List, server-populated fields stripped, resources matched by address, desired attributes
compared with live ones (lists with a merge key matched by key), missing and unmanaged
resources listed. Prints a JSON summary; exits 1 when something drifted.
"""
import json
import os
import sys

import yaml

SERVER_METADATA = {"uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink"}
MERGE_KEYS = {"containers": "name", "initContainers": "name", "env": "name", "volumes": "name",
              "volumeMounts": "mountPath", "ports": "containerPort"}


SUFFIXES = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9}


def quantity(value):
    text = str(value)
    for suffix, factor in SUFFIXES.items():
        if text.endswith(suffix):
            try:
                return float(text[: -len(suffix)]) * factor
            except ValueError:
                return None
    try:
        return float(text)
    except ValueError:
        return None


def address(obj, default_namespace):
    kind = obj.get("kind", "")
    group = obj.get("apiVersion", "").split("/")[0] if "/" in obj.get("apiVersion", "") else ""
    meta = obj.get("metadata") or {}
    namespace = meta.get("namespace") or default_namespace
    return f"{kind}{'.' + group if group else ''}/{namespace}/{meta.get('name')}"


def normalize(obj):
    obj = dict(obj)
    obj.pop("status", None)
    meta = dict(obj.get("metadata") or {})
    for key in SERVER_METADATA:
        meta.pop(key, None)
    annotations = dict(meta.get("annotations") or {})
    annotations.pop("kubectl.kubernetes.io/last-applied-configuration", None)
    if annotations:
        meta["annotations"] = annotations
    else:
        meta.pop("annotations", None)
    obj["metadata"] = meta
    return obj


def compare(desired, live, path, changes):
    if isinstance(desired, dict) and isinstance(live, dict):
        for key, value in desired.items():
            if key not in live:
                if value not in (None, {}, []):
                    changes.append(("remove", path + "/" + key))
            else:
                compare(value, live[key], path + "/" + key, changes)
    elif isinstance(desired, list) and isinstance(live, list):
        key = MERGE_KEYS.get(path.rsplit("/", 1)[-1])
        if key and all(isinstance(e, dict) and key in e for e in desired + live):
            by_key = {e[key]: e for e in live}
            for index, element in enumerate(desired):
                if element[key] in by_key:
                    compare(element, by_key[element[key]], f"{path}/{index}", changes)
                else:
                    changes.append(("remove", f"{path}/{index}"))
        else:
            for index, (a, b) in enumerate(zip(desired, live)):
                compare(a, b, f"{path}/{index}", changes)
            if len(desired) != len(live):
                changes.append(("replace", path))
    elif desired != live and str(desired) != str(live):
        if "/resources/" in path and quantity(desired) is not None and quantity(desired) == quantity(live):
            return
        changes.append(("replace", path))


def main():
    root, export = sys.argv[1], sys.argv[2]
    namespace = sys.argv[3] if len(sys.argv) > 3 else "default"
    desired = {}
    for folder, _, files in os.walk(os.path.join(root, "apps")):
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")):
                with open(os.path.join(folder, name), "rb") as handle:
                    for document in yaml.load_all(handle, Loader=yaml.CSafeLoader):
                        if document:
                            desired[address(document, namespace)] = document
    with open(export, "rb") as handle:
        items = json.load(handle).get("items", [])
    live = {address(item, ""): normalize(item) for item in items}
    modified = {}
    for key, obj in desired.items():
        if key in live:
            changes = []
            compare(obj, live[key], "", changes)
            if changes:
                modified[key] = changes
    summary = {
        "modified": len(modified),
        "missing": len([k for k in desired if k not in live]),
        "unmanaged": len([k for k in live if k not in desired]),
    }
    print(json.dumps(summary))
    sys.exit(1 if any(summary.values()) else 0)


if __name__ == "__main__":
    main()
