#!/usr/bin/env bash
# Runs one silo on the development profile: localhost clustering, state kept in .data, a local anvil devnet
# with traffic. Extra arguments go to the silo (e.g. --Ethereum:Rpc=http://host:8545).
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
bash "$root/scripts/setup.sh"
export PATH="$root/.tools/bin:$PATH"
# State (grain state, stored blobs, the devnet's chain) survives a restart in .data; delete it to start fresh, or pass
# --Development:DataDir=memory for a run that keeps nothing.
export Development__DataDir="${Development__DataDir:-$root/.data}"
exec dotnet run --project "$root/Silo" -c Release -- --Devnet:ZkGraphs=true "$@"
