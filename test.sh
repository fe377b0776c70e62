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
    # The methods that failed (a theory's cases share one), as a test filter; or BROKEN when the run itself broke
    # (a crashed or timed-out test host), which no rerun of single tests can stand in for.
    filter=$(python3 - "$results/$name.trx" <<'PY'
import sys, re, html
try:
    text = open(sys.argv[1], encoding="utf-8").read()
except OSError:
    text = ""
names = set()
for r in re.finditer(r'<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="(?:Failed|Error|Timeout|Aborted)"', text):
    names.add(html.unescape(r.group(1)).split("(")[0])
if not names or re.search(r"run was aborted|test run aborted|host process crashed", text, re.I):
    print("BROKEN")
else:
    print("|".join(f"FullyQualifiedName={n}" for n in sorted(names)))
PY
)
    if [ "$filter" = "BROKEN" ]; then
      broken+=("$name")
    else
      echo "rerunning the failed tests of $name once: $filter"
      if ! dotnet test "$proj" -c Release --no-build -nologo --filter "$filter" \
          --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
          --results-directory "$results/rerun" -- RunConfiguration.TestSessionTimeout=1500000; then
        # A rerun that fails must show it in its results; one that breaks without a failed test counts as broken.
        grep -qE '<UnitTestResult [^>]*outcome="(Failed|Error|Timeout|Aborted)"' "$results/rerun/$name.trx" 2>/dev/null \
          && ! grep -qiE 'run was aborted|test run aborted|host process crashed' "$results/rerun/$name.trx" \
          || broken+=("$name")
      fi
    fi
  fi
done
BROKEN="${broken[*]}" python3 - "$results" "${names[@]}" <<'PY'
import sys, re, html, os

def results(path):
    """Every result in a .trx as (test name, outcome, first line of its message); names can repeat (long theory
    arguments are cut short in display names), so this is a list, not a map."""
    text = open(path, encoding="utf-8").read()
    out = []
    for r in re.finditer(r'<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="(\w+)"[^>]*?(?:/>|>(.*?)</UnitTestResult>)', text, re.S):
        msg = re.search(r'<Message>(.*?)</Message>', r.group(3) or "", re.S)
        line = html.unescape(msg.group(1)).strip().splitlines()[0][:300] if msg and msg.group(1).strip() else ""
        out.append((html.unescape(r.group(1)), r.group(2), line))
    m = re.search(r'<Counters [^>]*>', text)
    counters = dict(re.findall(r'(\w+)="(\d+)"', m.group(0))) if m else None
    return out, counters

p = f = s = 0
lines = []
bad = ("Failed", "Error", "Timeout", "Aborted")
for name in sys.argv[2:]:
    path = os.path.join(sys.argv[1], name + ".trx")
    if not os.path.exists(path):
        f += 1
        lines.append(f"FAILED {name}: no results file (the test run did not finish)")
        continue
    first, c = results(path)
    if c is None:
        f += 1
        lines.append(f"FAILED {name}: no result counters (the test run did not finish)")
        continue
    p += int(c.get("passed", 0))
    s += int(c.get("notExecuted", 0))
    failed = sum(int(c.get(k, 0)) for k in ("failed", "error", "timeout", "aborted"))
    rerun_path = os.path.join(sys.argv[1], "rerun", name + ".trx")
    second = {}
    for test, outcome, line in (results(rerun_path)[0] if os.path.exists(rerun_path) else []):
        second.setdefault(test, []).append((outcome, line))
    for test, outcome, line in first:
        if outcome not in bad:
            continue
        again = second.get(test, [])
        if again and all(o == "Passed" for o, _ in again):
            failed -= 1
            p += 1
            lines.append(f"FLAKY {test}: failed, then passed when run again; first failure: {line}")
        else:
            second_line = next((l for o, l in again if o != "Passed" and l), "")
            lines.append(f"FAILED {test}: {line}" + (f" (again: {second_line})" if second_line else ""))
    f += max(failed, 0)
for name in os.environ.get("BROKEN", "").split():
    f += 1
    lines.append(f"FAILED {name}: its test run broke (a crashed or timed-out test host; see the log above)")
for line in lines:
    print(line)
print(f"tests: {p} passed, {f} failed, {s} skipped")
sys.exit(3 if f else 0)
PY
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
  echo "the summary script itself failed (exit $rc)"
  echo "tests: 0 passed, 1 failed, 0 skipped"
fi
[ "$rc" -eq 0 ]
