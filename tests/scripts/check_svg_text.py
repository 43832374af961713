#!/usr/bin/env python3
"""Checks that an SVG drawn by ergraph shows every name and label of a
relationship file literally, and carries no markup or script from it.

usage: check_svg_text.py DIAGRAM.svg FILE.json
Every line of every entity name and every relationship label (or type, with
'_' shown as spaces) must be the whole text of some <text> element."""
import json
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def main():
    svg_path, json_path = sys.argv[1], sys.argv[2]
    tree = ET.parse(svg_path)  # fails on ill-formed XML
    texts = {t.text or "" for t in tree.iter(SVG + "text")}
    data = json.load(open(json_path, encoding="utf-8"))
    wanted = [e["name"] for e in data["entities"]]
    wanted += [r.get("label", r["type"].replace("_", " ")) for r in data["relationships"]]
    missing = []
    for w in wanted:
        for line in w.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            if line and line not in texts:
                missing.append(line)
    bad = [el.tag for el in tree.iter() if el.tag.endswith("script") or el.tag.endswith("foreignObject")]
    bad += [f"{el.tag}@{k}" for el in tree.iter() for k in el.attrib if k.lower().startswith("on")]
    for m in missing:
        print(f"not drawn literally: {m!r}")
    if missing:
        print("texts in the SVG:", sorted(texts))
    for b in bad:
        print(f"markup from the input: {b}")
    return 1 if missing or bad else 0


if __name__ == "__main__":
    sys.exit(main())
