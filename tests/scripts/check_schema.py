#!/usr/bin/env python3
"""The JSON Schema accepts exactly what `ergraph validate --strict` accepts.

usage: check_schema.py ERGRAPH SOURCE_DIR
Every file of graphs/ and tests/data/ must pass both. Every bad-input case
(tests/invalid/<case>/input.json) must get the same verdict from both, except
the cases marked with a file `schema-cannot-tell`: rules that span the file
(unique ids, references, dates in order, duplicate keys), which JSON Schema
cannot express."""
import glob
import json
import os
import subprocess
import sys

import jsonschema


def schema_accepts(validator, path):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False
    return validator.is_valid(data)


def main():
    ergraph, src = sys.argv[1], sys.argv[2]
    with open(os.path.join(src, "graphs/schema/ergraph-1.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = []
    good = sorted(glob.glob(os.path.join(src, "graphs/*.json")) + glob.glob(os.path.join(src, "tests/data/*.json")))
    for path in good:
        if not schema_accepts(validator, path):
            errors = [e.message for e in validator.iter_errors(json.load(open(path, encoding="utf-8")))]
            failures.append(f"{path}: the schema refuses a good file: {errors[:3]}")
    checked = 0
    for case in sorted(glob.glob(os.path.join(src, "tests/invalid/*/input.json"))):
        case_dir = os.path.dirname(case)
        if os.path.exists(os.path.join(case_dir, "schema-cannot-tell")):
            continue
        loader = subprocess.run([ergraph, "validate", "--strict", case], capture_output=True).returncode == 0
        schema = schema_accepts(validator, case)
        checked += 1
        if loader != schema:
            failures.append(f"{os.path.basename(case_dir)}: loader {'accepts' if loader else 'refuses'}, "
                            f"schema {'accepts' if schema else 'refuses'}")
    for f in failures:
        print(f)
    print(f"{len(good)} good files, {checked} bad-input cases compared")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
