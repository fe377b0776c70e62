#!/usr/bin/env bash
# Runs one silo on the development profile: localhost clustering, in-memory state, a local anvil devnet
# with traffic. Extra arguments go to the silo (e.g. --Ethereum:Rpc=http://host:8545).
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
bash "$root/scripts/setup.sh"
export PATH="$root/.tools/bin:$PATH"
exec dotnet run --project "$root/Silo" -c Release -- --Devnet:ZkGraphs=true "$@"
