#!/usr/bin/env python3
"""Checks that an SVG drawn by ergraph shows every name and label of a
relationship file literally, and carries no markup or script from it.

usage: check_svg_text.py DIAGRAM.svg FILE.json
Names and labels may be wrapped over several lines: the text of each node
(its <text> elements joined, white space folded) must be some entity's
name, and the text of some edge must begin with each relationship's label
(or type, with '_' shown as spaces), citations and dates following."""
import json
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def fold(s):
    return " ".join(s.split())


def group_texts(tree, cls):
    out = []
    for g in tree.iter(SVG + "g"):
        if cls in (g.get("class") or "").split():
            out.append(fold(" ".join(t.text or "" for t in g.iter(SVG + "text"))))
    return out


def main():
    svg_path, json_path = sys.argv[1], sys.argv[2]
    tree = ET.parse(svg_path)  # fails on ill-formed XML
    nodes = set(group_texts(tree, "node"))
    # With --cluster a tie's label is a small node on the edge ("tielabel").
    edges = group_texts(tree, "edge") + group_texts(tree, "tielabel")
    data = json.load(open(json_path, encoding="utf-8"))
    missing = [e["name"] for e in data["entities"] if fold(e["name"]) not in nodes]
    for r in data["relationships"]:
        label = fold(r.get("label", r["type"].replace("_", " ")))
        if not any(t == label or t.startswith(label + " ") for t in edges):
            missing.append(label)
    bad = [el.tag for el in tree.iter() if el.tag.endswith("script") or el.tag.endswith("foreignObject")]
    bad += [f"{el.tag}@{k}" for el in tree.iter() for k in el.attrib if k.lower().startswith("on")]
    for m in missing:
        print(f"not drawn literally: {m!r}")
    if missing:
        print("nodes in the SVG:", sorted(nodes))
        print("edges in the SVG:", sorted(edges))
    for b in bad:
        print(f"markup from the input: {b}")
    return 1 if missing or bad else 0


if __name__ == "__main__":
    sys.exit(main())
