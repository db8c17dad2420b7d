#!/bin/sh
# Runs `git drift check` on the bundled example: builds git-drift, makes a throwaway git
# repository from examples/gitops (the desired state), and compares it with examples/live.json,
# a `kubectl get deploy,svc,cm -n prod -o json` export in which people changed things by hand.
#
# Usage: examples/demo.sh [check options...]      e.g. examples/demo.sh --format json
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
swift build --package-path "$root" --product git-drift >&2
bin=$(swift build --package-path "$root" --show-bin-path)/git-drift

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$here/gitops/." "$work/"
cd "$work"
git init -q -b main
git add .drift.yml deploy
git -c user.name=example -c user.email=example@example.com commit -q -m "desired state"

status=0
"$bin" check --snapshot "$here/live.json" "$@" || status=$?
echo "(git drift check exited with $status: 0 in sync, 1 drift found, 2 error)" >&2
[ "$status" -le 1 ]
