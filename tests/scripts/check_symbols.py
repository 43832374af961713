#!/usr/bin/env python3
"""libergraph exports exactly its public API: the functions that
include/ergraph/*.h marks ERG_API, no more and no fewer (as jansson's
test/suites/api/check-exports does for ^json_).

  check_exports.py LIBRARY INCLUDE_DIR
"""
import glob
import os
import re
import subprocess
import sys


def main():
    lib, include = sys.argv[1], sys.argv[2]
    declared = set()
    for header in glob.glob(os.path.join(include, "ergraph", "*.h")):
        text = open(header, encoding="utf-8").read()
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        text = re.sub(r"^\s*#.*$", "", text, flags=re.M)
        for m in re.finditer(r"\bERG_API\b([^;{]*?)\b([A-Za-z_][A-Za-z0-9_]*)\s*\(", text):
            declared.add(m.group(2))
    out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True,
                         capture_output=True, text=True).stdout
    exported = {f[2] for f in (line.split() for line in out.splitlines()) if len(f) == 3}
    extra, missing = sorted(exported - declared), sorted(declared - exported)
    for name in extra:
        print(f"exported but not in the public headers: {name}")
    for name in missing:
        print(f"declared ERG_API but not exported: {name}")
    if extra or missing or not declared:
        return 1
    print(f"{len(exported)} symbols exported, each one declared in include/ergraph/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
