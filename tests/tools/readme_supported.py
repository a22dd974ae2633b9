#!/usr/bin/env python3
"""Checks the README's "Supported models" section against the build: the
opset range and the number of default-domain operators `spud ops --json`
reports, and the list of default-domain operators not implemented against
docs/operators.md (itself generated from the build and checked for being
current by the operators_doc test).

usage: readme_supported.py --spud BIN --readme README.md --operators docs/operators.md
"""
import argparse
import json
import re
import subprocess
import sys


def section(text, title):
    m = re.search(r"^## " + re.escape(title) + r"\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    return m.group(1) if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--spud", required=True)
    ap.add_argument("--readme", required=True)
    ap.add_argument("--operators", required=True)
    a = ap.parse_args()
    ops = json.loads(subprocess.run([a.spud, "ops", "--json"], capture_output=True, text=True, check=True).stdout)
    readme = open(a.readme, encoding="utf-8").read()
    body = section(readme, "Supported models")
    if body is None:
        print("README.md has no '## Supported models' section")
        return 1
    problems = []

    want = "opsets %d to %d" % (ops["opsets"]["oldest"], ops["opsets"]["newest"])
    if want not in body:
        problems.append("it does not say '%s' (what this build converts)" % want)
    count = "%d operators of the default domain" % ops["default_domain_operators"]
    if count not in body:
        problems.append("it does not say '%s' (spud ops --json)" % count)

    # "Not implemented yet in the default domain: A, B, C." against the rows
    # of docs/operators.md whose spud opsets column is empty.
    m = re.search(r"Not implemented yet in the default domain: ([^.]*)\.", body)
    listed = sorted(x.strip() for x in m.group(1).split(",")) if m else None
    missing = []
    for line in open(a.operators, encoding="utf-8"):
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 4 and cells[1] and cells[1] != "operator" and not cells[1].startswith("---"):
            if cells[3] in ("", "—", "-"):
                missing.append(cells[1])
    missing.sort()
    if listed is None:
        problems.append("it has no 'Not implemented yet in the default domain: ...' list")
    elif listed != missing:
        problems.append("its list of operators not implemented is %s; docs/operators.md says %s" %
                        (", ".join(listed), ", ".join(missing)))
    for p in problems:
        print("README.md, Supported models: " + p)
    if not problems:
        print("README.md's Supported models agrees with this build: %s, %s, %d not implemented" %
              (want, count, len(missing)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
