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
    # The methods that failed (a theory's cases share one), as a test filter.
    filter=$(python3 - "$results/$name.trx" <<'PY'
import sys, re, html
text = open(sys.argv[1], encoding="utf-8").read() if len(sys.argv) > 1 else ""
names = set()
for r in re.finditer(r'<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="(?:Failed|Error|Timeout|Aborted)"', text):
    names.add(html.unescape(r.group(1)).split("(")[0])
print("|".join(f"FullyQualifiedName={n}" for n in sorted(names)))
PY
)
    if [ -z "$filter" ]; then
      # dotnet test failed, yet no test in its results did: the run itself broke (a crashed test host, say).
      broken+=("$name")
    else
      echo "rerunning the failed tests of $name once: $filter"
      dotnet test "$proj" -c Release --no-build -nologo --filter "$filter" \
        --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
        --results-directory "$results/rerun" -- RunConfiguration.TestSessionTimeout=1500000
    fi
  fi
done
BROKEN="${broken[*]}" python3 - "$results" "${names[@]}" <<'PY'
import sys, glob, re, html, os

def results(path):
    text = open(path, encoding="utf-8").read()
    out = {}
    for r in re.finditer(r'<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="(\w+)"[^>]*?(?:/>|>(.*?)</UnitTestResult>)', text, re.S):
        msg = re.search(r'<Message>(.*?)</Message>', r.group(3) or "", re.S)
        line = html.unescape(msg.group(1)).strip().splitlines()[0][:300] if msg and msg.group(1).strip() else ""
        out[html.unescape(r.group(1))] = (r.group(2), line)
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
        lines.append(f"FAILED {os.path.basename(path)}: no result counters (the test run did not finish)")
        continue
    p += int(c.get("passed", 0))
    s += int(c.get("notExecuted", 0))
    failed = int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    rerun_path = os.path.join(sys.argv[1], "rerun", os.path.basename(path))
    second = results(rerun_path)[0] if os.path.exists(rerun_path) else {}
    for name, (outcome, line) in sorted(first.items()):
        if outcome not in bad:
            continue
        if second.get(name, ("",))[0] == "Passed":
            failed -= 1
            p += 1
            lines.append(f"FLAKY {name}: failed, then passed when run again; first failure: {line}")
        else:
            again = second.get(name)
            lines.append(f"FAILED {name}: {line}" + (f" (again: {again[1]})" if again and again[1] else ""))
    f += max(failed, 0)
for name in os.environ.get("BROKEN", "").split():
    f += 1
    lines.append(f"FAILED {name}: dotnet test failed but no test in its results did (the run itself broke; see the log above)")
for line in lines:
    print(line)
print(f"tests: {p} passed, {f} failed, {s} skipped")
sys.exit(1 if f else 0)
PY
