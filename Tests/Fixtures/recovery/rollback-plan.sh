#!/bin/sh
# Rollback plan of source 'prod-k8s', written by git-drift.
# Restores the desired state; destructive steps come last, behind a confirmation.
set -eu

printf '%s\n' '1. Restore Deployment.apps/prod/web'
kubectl apply --server-side --field-manager=git-drift --force-conflicts --namespace=prod -f - <<'GIT_DRIFT_MANIFEST_B8766F0F879FA42F'
apiVersion: v1
kind: Deployment
metadata:
  name: web
GIT_DRIFT_MANIFEST_B8766F0F879FA42F

printf '%s\n' '2. Re-create ConfigMap/prod/web-config'
kubectl apply --server-side --field-manager=git-drift --force-conflicts --namespace=prod -f - <<'GIT_DRIFT_MANIFEST_390F8F0FDB9CFB81'
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
GIT_DRIFT_MANIFEST_390F8F0FDB9CFB81

# Destructive steps: 1 resource(s) created out of band will be deleted.
if [ "${GIT_DRIFT_CONFIRM:-}" != delete ]; then
  printf '%s' "Delete 1 unmanaged resource(s)? Type 'delete' to continue: "
  read -r answer
  [ "$answer" = delete ] || { echo 'Stopped before the destructive steps.' >&2; exit 1; }
fi

printf '%s\n' '3. Delete Deployment.apps/prod/debug'
kubectl delete --namespace=prod -- deployment.apps debug

printf '%s\n' 'Done. Check: git drift check --source prod-k8s'
