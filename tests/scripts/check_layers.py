#!/usr/bin/env python3
"""The library's folders from their objects (nm): only load/ references
jansson, only graphviz/ references cgraph and gvc, and the folders form
layers (no cycle of references between two or more of them).

  check_layers.py PART=OBJ:OBJ:... PART=...
"""
import re
import subprocess
import sys

JANSSON = re.compile(r"^json_")
GRAPHVIZ = re.compile(r"^(ag|Ag|AG|gv|GV)")
OWNER = {"load": JANSSON, "graphviz": GRAPHVIZ}


def symbols(objects):
    defined, undefined = set(), set()
    if not objects:
        return defined, undefined
    out = subprocess.run(["nm", "-P"] + objects, check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 2 or fields[0].endswith(":"):
            continue
        name, kind = fields[0], fields[1]
        if kind == "U":
            undefined.add(name)
        elif kind.isupper():
            defined.add(name)
    return defined, undefined - defined


def main():
    parts = {}
    for arg in sys.argv[1:]:
        name, _, objs = arg.partition("=")
        parts[name] = symbols([o for o in objs.split(":") if o])
    failed = False
    for name, (_, undefined) in parts.items():
        for owner, pattern in OWNER.items():
            used = sorted(s for s in undefined if pattern.match(s))
            if used and name != owner:
                print(f"{name}/ references {owner}'s library: {', '.join(used[:8])}")
                failed = True
    for owner in OWNER:
        if owner not in parts:
            print(f"no objects given for {owner}/")
            failed = True
    # Who references whom.
    deps = {name: {} for name in parts}
    for a, (_, undefined) in parts.items():
        for b, (defined, _) in parts.items():
            if a != b:
                shared = undefined & defined
                if shared:
                    deps[a][b] = sorted(shared)
    # Layers: repeatedly take the folders that reference no folder left.
    left, layers = dict(deps), []
    while left:
        ready = sorted(a for a, d in left.items() if not set(d) & set(left))
        if not ready:
            print("a cycle among the folders:")
            for a in sorted(left):
                for b, syms in sorted(left[a].items()):
                    if b in left:
                        print(f"  {a}/ -> {b}/ ({', '.join(syms[:4])})")
            failed = True
            break
        layers.append(ready)
        for a in ready:
            del left[a]
    if failed:
        return 1
    print("layers, lowest first: " + " | ".join(" ".join(layer) for layer in layers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
