#!/bin/bash
# Old engine vs new engine, interleaved in one run: old, new, old, new, then new --mixed 16,8 and new --preset proven100.
# OLD and NEW are built Bench.dll files, e.g.
#   git worktree add /tmp/old-engine 46c8e5c && dotnet build /tmp/old-engine/bench -c Release
#   dotnet build bench -c Release && cp -r bench/bin/Release/net10.0 /tmp/new-bench
#   OLD=/tmp/old-engine/bench/bin/Release/net10.0/Bench.dll NEW=/tmp/new-bench/Bench.dll bench/stark-side-by-side.sh
# Copy the new build away first, so a rebuild during the run cannot change it. Each run prints the bench JSON
# (proveCpuMs, loadAverage, phasesCpuMs, peakMemoryBytes) and /usr/bin/time's peak RSS and CPU.
set -u
OLD=${OLD:?path of the old Bench.dll}
NEW=${NEW:?path of the new Bench.dll}
OUT=${OUT:-/tmp/stark-side-by-side}
mkdir -p "$OUT"
run() { # label dll args...
  local label=$1; shift; local dll=$1; shift
  echo "== $label $(date -u +%T) loadavg-before: $(cut -d' ' -f1-3 /proc/loadavg)"
  # Both without tiered compilation: the new bench is built so (bench/Bench.csproj), the engine before issue 10 is not,
  # and it runs ~10 % faster with the setting; the comparison is like for like only with it.
  DOTNET_TieredCompilation=0 /usr/bin/time -f "maxrss_kb=%M wall=%e user=%U sys=%S" dotnet "$dll" stark "$@" --json 2>"$OUT/$label.time" | tee "$OUT/$label.json"
  cat "$OUT/$label.time"
  echo "   loadavg-after: $(cut -d' ' -f1-3 /proc/loadavg)"
}
run old1 "$OLD" --log-rows 20 --columns 100
run new1 "$NEW" --log-rows 20 --columns 100
run old2 "$OLD" --log-rows 20 --columns 100
run new2 "$NEW" --log-rows 20 --columns 100
run newmixed "$NEW" --log-rows 20 --columns 100 --mixed 16,8
run newproven "$NEW" --log-rows 20 --columns 100 --preset proven100
