#!/usr/bin/env bash
# Reliability under load (issue 15, item 7): a local cluster of 3 production silos (deploy/local/cluster.sh) takes a
# mixed open-loop load for SECONDS while every silo is restarted in turn (`cluster.sh roll`, graceful) and then one
# silo is crashed with SIGKILL and restarted (`cluster.sh kill 2`). Afterwards it checks:
#   - no request failed: tick reads, storage reads and zkGraph output reads are retried through a failover, as the
#     CLI does; storage writes are retried after a failover rejection too (a retried put writes the same bytes);
#   - no storage write was lost: every acknowledged put is read back with its bytes (`--verify-writes`);
#   - no tick lost or duplicated: every block from 0 to the head has exactly one canonical tick, with anvil's hash;
#   - every proof job finished: small jobs (`wsc loadtest prove`, deploy/local/prove-job.c: ~2,200 cycles, 2 segments each) are
#     submitted throughout, and every one the load submitted is listed `verified` by the cluster (its receipt
#     assembled and verified) after the roll and the crash.
# Prints one JSON document on stdout ({ok, seconds, rollSeconds, kill, scenarios, ticks, proofJobs}), progress on
# stderr, and exits 1 when a check fails.
#
#   deploy/local/reliability.sh [SECONDS]     default 600 (the documented 10-minute run); the test suite runs 120
#
# Environment: WSC_CLUSTER_DIR (default /tmp/wsc-reliability), WSC_SILO_DLL/WSC_CLI_DLL (prebuilt binaries),
# RELIABILITY_KEEP_LOGS (a directory to copy the silos' logs and the loads' outputs into before the cluster goes), and
# RELIABILITY_RATES "ticks storage-get zkgraph-outputs storage-put prove" in requests per second (default
# "10 10 10 2 0.05").
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-600}
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -ge 60 ] || { echo "reliability.sh: SECONDS '$seconds' must be a whole number, at least 60" >&2; exit 2; }
export WSC_CLUSTER_DIR=${WSC_CLUSTER_DIR:-/tmp/wsc-reliability}
export PATH="$root/.tools/bin:$PATH"
read -r rate_ticks rate_get rate_outputs rate_put rate_prove <<< "${RELIABILITY_RATES:-10 10 10 2 0.05}"
rate_prove=${rate_prove:-0.05}
cluster="$root/deploy/local/cluster.sh"
out=$(mktemp -d /tmp/wsc-reliability-out.XXXXXX)
key0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80

say() { echo "reliability.sh: $(date -u +%T) $*" >&2; }
cleanup() {
  for pid in "${loads[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  # RELIABILITY_KEEP_LOGS=DIR keeps the silos' logs and the loads' outputs (`down` deletes the cluster's directory).
  if [ -n "${RELIABILITY_KEEP_LOGS:-}" ]; then
    mkdir -p "$RELIABILITY_KEEP_LOGS"
    for s in "$WSC_CLUSTER_DIR"/silo-*; do [ -f "$s/log" ] && cp "$s/log" "$RELIABILITY_KEEP_LOGS/$(basename "$s").log"; done
    cp "$out"/* "$RELIABILITY_KEEP_LOGS/" 2>/dev/null || true
  fi
  bash "$cluster" down >&2 || true
}
loads=()
trap cleanup EXIT

# Membership notices a crashed silo within a few seconds (the defaults wait tens of seconds). Proof jobs: segments of
# 2^11 cycles (so a job's 2 segments go to two silos), one at a time per silo, with light proof options (what is
# tested here is that jobs survive the roll and the crash, not proof strength; every receipt is still verified).
proving="--Proving:SegmentLog2=11 --Proving:Concurrency=1 --Proving:PollInterval=00:00:00.250 --Proving:Queries=8"
proving+=" --Proving:GrindingBits=0 --Proving:FoldingFactor=4 --Proving:RemainderSize=8"
# A segment whose prover's answer was lost in the roll or the crash is handed out again after 60 s (default 10 min).
proving+=" --Proving:SegmentTimeout=00:01:00"
export WSC_SILO_ARGS="${WSC_SILO_ARGS:---Logging:LogLevel:Default=Warning} --Orleans:Membership:ProbeTimeout=00:00:02 $proving"
bash "$cluster" up 3 >&2
status=$(bash "$cluster" status --json)
cli=$(cat "$WSC_CLUSTER_DIR/cli.dll")
gateways=$(python3 -c 'import json,sys; print(",".join("127.0.0.1:%d" % s["gateway"] for s in json.loads(sys.argv[1])["silos"]))' "$status")
http=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["silos"][0]["http"])' "$status")
rpc=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["rpc"])' "$status")
wsc() { dotnet "$cli" "$@"; }

# A zkGraph for the outputs scenario: the erc20-volume example runs on every block (no token traffic here, so its
# outputs are zero volumes; reading them is the load).
say "deploying the erc20-volume zkGraph"
wsc zkgraph deploy "$root/guest/examples/erc20-volume" --key "$key0" --gateway "$gateways" --json > "$out/deploy.json"
for _ in $(seq 1 60); do
  [ "$(curl -sf "http://127.0.0.1:$http/api/chain" | python3 -c 'import json,sys; h=json.load(sys.stdin)["head"]; print(h["number"] if h else 0)')" -ge 3 ] && break
  sleep 1
done

say "building the proof jobs' program (deploy/local/prove-job.c)"
bash "$root/deploy/local/prove-job.sh" "$out/prove-job.elf" 100

start_load() { # start_load SCENARIO RATE TIMEOUT [args...]
  local name=$1 rate=$2 timeout=$3; shift 3
  wsc loadtest "$name" --rate "$rate" --duration "$seconds" --timeout "$timeout" --concurrency 64 --gateway "$gateways" --json "$@" \
    > "$out/$name.json" 2> "$out/$name.err" &
  loads+=($!)
}
say "load for ${seconds}s: ticks ${rate_ticks}/s, storage-get ${rate_get}/s, zkgraph-outputs ${rate_outputs}/s, storage-put ${rate_put}/s, prove ${rate_prove}/s"
t0=$SECONDS
start_load ticks "$rate_ticks" 60
start_load storage-get "$rate_get" 60
start_load zkgraph-outputs "$rate_outputs" 60
start_load storage-put "$rate_put" 60 --verify-writes
# A job waits for its receipt: queueing behind other jobs and a resume after its silo died count as latency.
start_load prove "$rate_prove" 240 --elf "$out/prove-job.elf"

sleep $((seconds / 10))
say "rolling every silo (graceful restarts, one at a time)"
roll_start=$SECONDS
bash "$cluster" roll >&2
roll_seconds=$((SECONDS - roll_start))
kill_at=$((seconds * 6 / 10))
[ $((SECONDS - t0)) -lt "$kill_at" ] && sleep $((kill_at - (SECONDS - t0)))
say "SIGKILL silo 2"
kill_start=$((SECONDS - t0))
bash "$cluster" kill 2 >&2
kill_back=$((SECONDS - t0 - kill_start))

say "waiting for the load to end"
load_failed=0
for pid in "${loads[@]}"; do wait "$pid" || load_failed=1; done
loads=()

# Ticks: page through /api/ticks (1000 heights a page) and compare each height with anvil.
say "checking every tick against anvil"
ticks=$(python3 - "$http" "$rpc" <<'PY'
import json, sys, urllib.request
http, rpc = sys.argv[1], sys.argv[2]
def get(url):
    with urllib.request.urlopen(url, timeout=30) as r: return json.load(r)
def block(n):
    req = urllib.request.Request(rpc, json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_getBlockByNumber", "params": [hex(n), False]}).encode(), {"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r: return json.load(r)["result"]["hash"]
head = get(f"http://127.0.0.1:{http}/api/chain")["head"]["number"]
canonical = {}
for lo in range(0, head + 1, 1000):
    for t in get(f"http://127.0.0.1:{http}/api/ticks?from={lo}&to={min(head, lo + 999)}"):
        if t["status"] != "orphaned":
            canonical.setdefault(t["number"], []).append(t["hash"])
missing = [n for n in range(head + 1) if n not in canonical]
duplicated = [n for n, hs in canonical.items() if len(hs) > 1]
mismatched = [n for n, hs in canonical.items() if len(hs) == 1 and hs[0] != block(n)]
print(json.dumps({"head": head, "missing": len(missing), "duplicated": len(duplicated), "mismatched": len(mismatched),
                  "firstProblem": (missing + duplicated + mismatched + [None])[0]}))
PY
)

# Proof jobs: every job the load submitted (ids loadtest-RUN-N) as the cluster lists it now.
proofs=$(python3 - "$http" <<'PY'
import json, sys, urllib.request
with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/proofs?limit=1000", timeout=30) as r:
    jobs = [j for j in json.load(r) if j["id"].startswith("loadtest-")]
unfinished = [f'{j["id"]}: {j["state"]}' for j in jobs if j["state"] != "verified"]
print(json.dumps({"listed": len(jobs), "verified": len(jobs) - len(unfinished),
                  "segments": sum(j["segmentsTotal"] for j in jobs), "notVerified": unfinished[:5]}))
PY
)

scenarios=$(python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
rows = []
for name in ["ticks", "storage-get", "zkgraph-outputs", "storage-put", "prove"]:
    try:
        r = json.load(open(os.path.join(out, name + ".json")))
    except Exception:
        r = {"scenario": name, "failed": open(os.path.join(out, name + ".err")).read().strip()[-400:]}
    err = open(os.path.join(out, name + ".err")).read().strip()
    if err: r["stderr"] = err.splitlines()[-1][-400:]
    rows.append(r)
print(json.dumps(rows))
PY
)

python3 - "$seconds" "$roll_seconds" "$kill_start" "$kill_back" "$load_failed" "$ticks" "$scenarios" "$proofs" <<'PY'
import json, sys
seconds, roll, kill_at, kill_back, load_failed = map(int, sys.argv[1:6])
ticks, scenarios, proofs = json.loads(sys.argv[6]), json.loads(sys.argv[7]), json.loads(sys.argv[8])
# Submitted: the prove load's requests; finished: the cluster's own listing says verified (receipt assembled and checked).
submitted = next((s.get("requests", 0) for s in scenarios if s["scenario"] == "prove"), 0)
proof_jobs = {"submitted": submitted, "listed": proofs["listed"], "verified": proofs["verified"],
              "segments": proofs["segments"], "notVerified": proofs["notVerified"]}
ok = (load_failed == 0 and ticks["missing"] == 0 and ticks["duplicated"] == 0 and ticks["mismatched"] == 0
      and all(s.get("errors", 1) == 0 and s.get("lostWrites", 0) == 0 for s in scenarios)
      and submitted > 0 and proofs["listed"] == submitted and proofs["verified"] == submitted)
print(json.dumps({"ok": ok, "seconds": seconds, "silos": 3, "rollSeconds": roll,
                  "kill": {"silo": 2, "atSecond": kill_at, "backAfterSeconds": kill_back},
                  "scenarios": scenarios, "ticks": ticks, "proofJobs": proof_jobs}))
sys.exit(0 if ok else 1)
PY
