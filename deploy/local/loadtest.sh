#!/usr/bin/env bash
# Runs `wsc loadtest` for every available scenario against the local cluster of deploy/local/cluster.sh (its first
# silo's gateway and HTTP port), one JSON line per scenario.
#   deploy/local/loadtest.sh [RATE] [DURATION] [scenario...]     (default 50 requests/s for 10 s, all scenarios)
# zkgraph-outputs needs a deployed graph: `wsc zkgraph deploy guest/examples/erc20-volume --key KEY --gateway ...`.
# prove (named explicitly, it is not in the default list) submits proof jobs of deploy/local/prove-job.c (PROVE_ROUNDS
# rounds, default 100: about 2,200 cycles), each awaited until its receipt verified (--timeout 240).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${WSC_CLUSTER_DIR:-/tmp/wsc-cluster}
rate=${1:-50}
duration=${2:-10}
shift $(( $# > 2 ? 2 : $# ))
scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=(ticks storage-put storage-get gateway-get zkgraph-outputs)
[ -f "$dir/silo-1/ports" ] || { echo "loadtest.sh: no local cluster in $dir (deploy/local/cluster.sh up N)" >&2; exit 1; }
read -r http _ gateway < "$dir/silo-1/ports"
cli=${WSC_CLI_DLL:-$(cat "$dir/cli.dll")}
elf=
if [[ " ${scenarios[*]} " == *" prove "* ]]; then
  elf=$(mktemp /tmp/prove-job.XXXXXX.elf)
  trap 'rm -f "$elf"' EXIT
  bash "$root/deploy/local/prove-job.sh" "$elf" "${PROVE_ROUNDS:-100}"
fi
for s in "${scenarios[@]}"; do
  extra=()
  [ "$s" = prove ] && extra=(--elf "$elf" --timeout 240)
  dotnet "$cli" loadtest "$s" --rate "$rate" --duration "$duration" \
    --gateway "127.0.0.1:$gateway" --http "http://127.0.0.1:$http" --json "${extra[@]}" || true
done
