#!/usr/bin/env bash
# Renders each overlay with `kubectl kustomize` and validates every manifest against the Kubernetes schemas
# (npm package kubernetes-models, installed on first use into .tools/k8s-validate).
#   deploy/k8s/validate.sh [OVERLAY...]      (default: dev production)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tools=$root/.tools/k8s-validate
if [ ! -f "$tools/node_modules/kubernetes-models/package.json" ] || [ ! -f "$tools/node_modules/yaml/package.json" ]; then
  mkdir -p "$tools"
  (cd "$tools" && npm install --silent --no-audit --no-fund --no-save kubernetes-models@5.1.0 yaml@2.9.1 >&2)
fi
# Beside its node_modules, so the ES module imports resolve.
cp "$root/deploy/k8s/validate.mjs" "$tools/validate.mjs"
overlays=("$@")
[ ${#overlays[@]} -eq 0 ] && overlays=(dev production)
status=0
for overlay in "${overlays[@]}"; do
  dir=$root/deploy/k8s/overlays/$overlay
  [ -d "$dir" ] || { echo "validate.sh: no overlay $overlay" >&2; exit 1; }
  echo "== $overlay"
  kubectl kustomize "$dir" | node "$tools/validate.mjs" || status=1
done
exit $status
