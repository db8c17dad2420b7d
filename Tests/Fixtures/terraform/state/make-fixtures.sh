#!/bin/sh
# Rebuilds the Terraform state fixtures of this folder with the real terraform binary, offline:
# the configuration in config/ is applied in a temporary directory (built-in terraform_data
# resources and local modules only, no provider download), then the outputs are saved here:
#   terraform.tfstate          the raw state file (version 4)
#   show-state.json            terraform show -json (of the state)
#   plan-refresh-only.json     terraform plan -refresh-only -out=p && terraform show -json p
#   previous.tfstate           read back by the configuration's terraform_remote_state data source
# Usage: sh make-fixtures.sh    (needs terraform on PATH; writes only into this folder)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
: >"$work/terraformrc"
export TF_CLI_CONFIG_FILE="$work/terraformrc"

cp -R "$here/config/." "$work/"
cd "$work"
terraform init -no-color >/dev/null
terraform apply -auto-approve -no-color >/dev/null
terraform plan -refresh-only -out=p -no-color >/dev/null

cp terraform.tfstate "$here/terraform.tfstate"
terraform show -json >"$here/show-state.json"
terraform show -json p >"$here/plan-refresh-only.json"
terraform version -json >"$here/terraform-version.json"
echo "fixtures written to $here"
