#!/usr/bin/env bash
# Runs every test project and prints one summary line: tests: N passed, M failed, K skipped
#
# A test that fails is run once more on its own. If it passes then, it is reported as FLAKY (with the first
# failure's message) and counted as passed; if it fails again it counts as failed. Each failure is listed before
# the summary line, so the tail of the log names it.
set -uo pipefail
root=$(cd "$(dirname "$0")" && pwd)
cd "$root"
bash scripts/setup.sh
export PATH="$root/.tools/bin:$PATH"
results="$root/TestResults"
rm -rf "$results"
dotnet build Cluster.sln -c Release -nologo -v q || { echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }
names=()
broken=()
for proj in tests/*/*.Tests.csproj; do
  name=$(basename "$proj" .csproj)
  names+=("$name")
  if ! dotnet test "$proj" -c Release --no-build -nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
      --results-directory "$results" -- RunConfiguration.TestSessionTimeout=1500000; then
    # The methods that failed (a theory's cases share one) as a test filter, or BROKEN when the run itself broke (a
    # crashed or timed-out test host), which no rerun of single tests can stand in for.
    filter=$(python3 scripts/test_results.py filter "$results/$name.trx")
    if [ -z "$filter" ] || [ "$filter" = "BROKEN" ]; then
      broken+=("$name")
    else
      echo "rerunning the failed tests of $name once: $filter"
      if ! dotnet test "$proj" -c Release --no-build -nologo --filter "$filter" \
          --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
          --results-directory "$results/rerun" -- RunConfiguration.TestSessionTimeout=1500000; then
        # A rerun that fails must show it in its results; one that breaks without a failed test counts as broken.
        python3 scripts/test_results.py broken "$results/rerun/$name.trx" && broken+=("$name")
      fi
    fi
  fi
done
BROKEN="${broken[*]}" python3 scripts/test_results.py summary "$results" "${names[@]}"
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
  echo "the summary script itself failed (exit $rc)"
  echo "tests: 0 passed, 1 failed, 0 skipped"
fi
[ "$rc" -eq 0 ]
