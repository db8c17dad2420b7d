#!/bin/sh
# Rollback plan of source 'prod-k8s', written by git-drift.
# Restores the desired state; destructive steps come last, behind a confirmation.
set -eu

echo '1. Restore Deployment.apps/prod/web'
kubectl apply --server-side --field-manager=git-drift --force-conflicts --namespace prod -f - <<'GIT_DRIFT_MANIFEST'
apiVersion: v1
kind: Deployment
metadata:
  name: web
GIT_DRIFT_MANIFEST

echo '2. Re-create ConfigMap/prod/web-config'
kubectl apply --server-side --field-manager=git-drift --force-conflicts --namespace prod -f - <<'GIT_DRIFT_MANIFEST'
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
GIT_DRIFT_MANIFEST

# Destructive steps: 1 resource(s) created out of band will be deleted.
if [ "${GIT_DRIFT_CONFIRM:-}" != delete ]; then
  printf '%s' "Delete 1 unmanaged resource(s)? Type 'delete' to continue: "
  read -r answer
  [ "$answer" = delete ] || { echo 'Stopped before the destructive steps.' >&2; exit 1; }
fi

echo '3. Delete Deployment.apps/prod/debug'
kubectl delete deployment.apps debug --namespace prod

echo 'Done. Check: git drift check --source prod-k8s'
