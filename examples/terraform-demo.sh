#!/bin/sh
# Runs `git drift check` on the bundled Terraform example: builds git-drift, makes a throwaway
# git repository from examples/terraform/infra (a root module with variables, locals, count,
# for_each and a local module), and compares it with examples/terraform/live.json: the real
# `terraform show -json` of that module after an offline apply (Terraform 1.11), then edited
# the way out-of-band changes look (replicas scaled, a tag added, a queue deleted, a worker
# resized, a resource created by hand).
#
# Usage: examples/terraform-demo.sh [check options...]      e.g. examples/terraform-demo.sh --format json
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
swift build --package-path "$root" --product git-drift >&2
bin=$(swift build --package-path "$root" --show-bin-path)/git-drift

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/infra"
cp -R "$here/terraform/infra/." "$work/infra/"
cd "$work"
cat > .drift.yml <<'YAML'
version: 1
sources:
  - name: prod-terraform
    format: hcl
    paths: ["infra"]
    capture: "terraform-refreshed -chdir=infra"
YAML
git init -q -b main
git add .drift.yml infra
git -c user.name=example -c user.email=example@example.com commit -q -m "desired state"

status=0
"$bin" check --snapshot "$here/terraform/live.json" "$@" || status=$?
echo "(git drift check exited with $status: 0 in sync, 1 drift found, 2 error)" >&2
[ "$status" -le 1 ]
