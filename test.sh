#!/usr/bin/env bash
# Runs every test project and prints one summary line: tests: N passed, M failed, K skipped
set -uo pipefail
root=$(cd "$(dirname "$0")" && pwd)
cd "$root"
bash scripts/setup.sh
export PATH="$root/.tools/bin:$PATH"
results="$root/TestResults"
rm -rf "$results"
dotnet build Cluster.sln -c Release -nologo -v q || { echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }
status=0
for proj in tests/*/*.Tests.csproj; do
  name=$(basename "$proj" .csproj)
  dotnet test "$proj" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" -- RunConfiguration.TestSessionTimeout=1500000 || status=1
done
python3 - "$results" <<'PY' || status=1
import sys, glob, re, html
p = f = s = 0
failures = []
for path in sorted(glob.glob(sys.argv[1] + "/*.trx")):
    text = open(path, encoding="utf-8").read()
    for r in re.finditer(r'<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="(Failed|Error|Timeout|Aborted)"[^>]*>(.*?)</UnitTestResult>', text, re.S):
        msg = re.search(r'<Message>(.*?)</Message>', r.group(3), re.S)
        line = html.unescape(msg.group(1)).strip().splitlines()[0][:300] if msg else ""
        failures.append(f"FAILED {html.unescape(r.group(1))}: {line}")
    m = re.search(r'<Counters [^>]*>', text)
    if not m: continue
    c = dict(re.findall(r'(\w+)="(\d+)"', m.group(0)))
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    s += int(c.get("notExecuted", 0))
for line in failures: print(line)
print(f"tests: {p} passed, {f} failed, {s} skipped")
sys.exit(1 if f else 0)
PY
exit $status
