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
# run_tests PROJECT NAME [FILTER]: one test run into NAME.trx; a test that fails is run once more on its own.
run_tests() {
  local proj=$1 name=$2 only=${3:-}
  names+=("$name")
  local args=()
  [ -n "$only" ] && args=(--filter "$only")
  if ! dotnet test "$proj" -c Release --no-build -nologo "${args[@]}" \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
      --results-directory "$results" -- RunConfiguration.TestSessionTimeout=1500000; then
    # The methods that failed (a theory's cases share one) as a test filter, or BROKEN when the run itself broke (a
    # crashed or timed-out test host), which no rerun of single tests can stand in for.
    local filter
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
}
for proj in tests/*/*.Tests.csproj; do
  run_tests "$proj" "$(basename "$proj" .csproj)"
done
# The prover's vector kernels once more with AVX-512 turned off, so a machine that has it also checks their AVX2 forms
# (the NTT's four-lane passes, Blake3x8 behind Blake3x16); on a machine without AVX-512 this repeats the run above.
DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 run_tests tests/Zk.Tests/Zk.Tests.csproj Zk.Tests.WithoutAvx512 \
  "FullyQualifiedName~NttKernelTests|FullyQualifiedName~FieldTests|FullyQualifiedName~FieldKernelTests|FullyQualifiedName~CryptoTests"
BROKEN="${broken[*]}" python3 scripts/test_results.py summary "$results" "${names[@]}"
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
  echo "the summary script itself failed (exit $rc)"
  echo "tests: 0 passed, 1 failed, 0 skipped"
fi
[ "$rc" -eq 0 ]
