#!/usr/bin/env python3
"""Reads VSTest .trx files for test.sh.

  test_results.py filter RUN.trx       the failed test methods as a `dotnet test --filter`, or BROKEN when the run
                                       itself broke (crashed or timed-out host, unreadable or no failed test)
  test_results.py broken RUN.trx       exit 0 when that run broke without a failed test in its results
  test_results.py summary DIR NAME...  FAILED/FLAKY lines, then `tests: N passed, M failed, K skipped`;
                                       DIR/NAME.trx first runs, DIR/rerun/NAME.trx reruns; BROKEN env: broken runs.
                                       Exit 0 when nothing failed, 3 when something did.
"""
import html
import os
import re
import sys

BAD = ("Failed", "Error", "Timeout", "Aborted")
RESULT = re.compile(r'<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="(\w+)"[^>]*?(?:/>|>(.*?)</UnitTestResult>)', re.S)
ABORTED = re.compile(r"run was aborted|test run aborted|host process crashed", re.I)


def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return ""


def results(text):
    """Every result as (test name, outcome, first line of its message); names can repeat (long theory arguments are
    cut short in display names), so this is a list, not a map."""
    out = []
    for r in RESULT.finditer(text):
        msg = re.search(r"<Message>(.*?)</Message>", r.group(3) or "", re.S)
        line = html.unescape(msg.group(1)).strip().splitlines()[0][:300] if msg and msg.group(1).strip() else ""
        out.append((html.unescape(r.group(1)), r.group(2), line))
    return out


def broke(text):
    """True when the run broke: its log says so, or it failed without a failed test (the caller knows it failed)."""
    return not any(o in BAD for _, o, _ in results(text)) or bool(ABORTED.search(text))


def filter_(path):
    text = read(path)
    if broke(text):
        print("BROKEN")
        return 0
    names = sorted({n.split("(")[0] for n, o, _ in results(text) if o in BAD})
    print("|".join(f"FullyQualifiedName={n}" for n in names))
    return 0


def summary(directory, names):
    p = f = s = 0
    lines = []
    for name in names:
        path = os.path.join(directory, name + ".trx")
        if not os.path.exists(path):
            f += 1
            lines.append(f"FAILED {name}: no results file (the test run did not finish)")
            continue
        text = read(path)
        m = re.search(r"<Counters [^>]*>", text)
        if not m:
            f += 1
            lines.append(f"FAILED {name}: no result counters (the test run did not finish)")
            continue
        c = dict(re.findall(r'(\w+)="(\d+)"', m.group(0)))
        p += int(c.get("passed", 0))
        s += int(c.get("notExecuted", 0))
        failed = sum(int(c.get(k, 0)) for k in ("failed", "error", "timeout", "aborted"))
        second = {}
        for test, outcome, line in results(read(os.path.join(directory, "rerun", name + ".trx"))):
            second.setdefault(test, []).append((outcome, line))
        for test, outcome, line in results(text):
            if outcome not in BAD:
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
    return 3 if f else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "filter" and len(sys.argv) == 3:
        sys.exit(filter_(sys.argv[2]))
    if command == "broken" and len(sys.argv) == 3:
        sys.exit(0 if broke(read(sys.argv[2])) else 1)
    if command == "summary" and len(sys.argv) >= 3:
        sys.exit(summary(sys.argv[2], sys.argv[3:]))
    print(__doc__, file=sys.stderr)
    sys.exit(2)
