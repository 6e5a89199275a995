#!/usr/bin/env python3
"""Counts individual test cases in meson's testlog.json files.

A TAP test counts each of its `ok`/`not ok` lines; any other test counts as
one case. A TAP test that failed without a failing line (a crash, a plan
mismatch) counts one more failure, so a crash is never hidden. Prints
"N passed, N failed" and exits 1 when anything failed or nothing ran.
"""
import json
import re
import sys

TAP = re.compile(r"^(not ok|ok)\b(.*)$")

passed = failed = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as log:
        for line in log:
            test = json.loads(line)
            ok_lines = bad_lines = 0
            if test.get("protocol") == "tap" or "1.." in (test.get("stdout") or ""):
                for out in (test.get("stdout") or "").splitlines():
                    m = TAP.match(out.strip())
                    if not m:
                        continue
                    if m.group(1) == "ok" and "# SKIP" not in m.group(2).upper():
                        ok_lines += 1
                    else:
                        bad_lines += 1  # a failure, or a skipped check
            result = test.get("result")
            good = result in ("OK", "EXPECTEDFAIL")
            if ok_lines + bad_lines == 0:
                ok_lines, bad_lines = (1, 0) if good else (0, 1)
            elif not good and bad_lines == 0:
                bad_lines = 1
            passed += ok_lines
            failed += bad_lines

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or passed == 0 else 0)
