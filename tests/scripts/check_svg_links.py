#!/usr/bin/env python3
"""Checks the tooltips, links and ids of an SVG drawn by ergraph against
the relationship file it was drawn from.

usage: check_svg_links.py DIAGRAM.svg FILE.json
- the SVG is well-formed XML with no script, foreignObject or on* attribute;
- every entity is a <g id="e-ID"> whose tooltip is its name, type, aliases
  and country, as text (whatever markup they hold);
- every relationship belongs to an edge <g id="r-ID"> of the first
  relationship merged with it, whose tooltip holds each of its quotes
  literally;
- every link is http or https, and an edge links to the first source with
  such a URL among those it cites; no other URL (javascript:, data:)
  appears anywhere."""
import json
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def svg_id(prefix, ident):
    return prefix + "".join(c if re.match(r"[A-Za-z0-9-]", c) else
                            "".join("_%02X" % b for b in c.encode()) for c in ident)


def main():
    svg_path, json_path = sys.argv[1], sys.argv[2]
    tree = ET.parse(svg_path)
    data = json.load(open(json_path, encoding="utf-8"))
    problems = []
    groups = {g.get("id"): g for g in tree.iter(SVG + "g") if g.get("id")}

    def tooltip(g):
        for a in g.iter(SVG + "a"):
            if a.get(XLINK + "title") is not None:
                return a.get(XLINK + "title"), a.get(XLINK + "href")
        return None, None

    names = {e["id"]: e["name"] for e in data["entities"]}
    for e in data["entities"]:
        g = groups.get(svg_id("e-", e["id"]))
        if g is None:
            problems.append(f"no element for entity {e['id']!r}")
            continue
        want = e["name"] + "\n" + e["type"]
        if e.get("aliases"):
            want += "\naliases: " + ", ".join(e["aliases"])
        if e.get("country"):
            want += "\ncountry: " + names[e["country"]]
        got, _ = tooltip(g)
        if got != want:
            problems.append(f"entity {e['id']!r}: tooltip {got!r}, expected {want!r}")

    sources = {s["id"]: s for s in data.get("sources", [])}
    rels = data["relationships"]
    edges = {i: g for i, g in groups.items() if "edge" in (g.get("class") or "").split()}
    for r in rels:
        # The edge that carries r: the one whose tooltip holds its quotes
        # and whose id is that of a relationship of the same pair and type.
        same = [x for x in rels if x["type"] == r["type"] and
                {x["from"], x["to"]} == {r["from"], r["to"]}]
        if svg_id("r-", r["id"]) in edges:
            same = [x for x in same if svg_id("r-", x["id"]) not in edges or x is r]
        cands = [edges[svg_id("r-", x["id"])] for x in same if svg_id("r-", x["id"]) in edges]
        if not cands:
            problems.append(f"no edge for relationship {r['id']!r}")
            continue
        g = cands[0]
        tip, href = tooltip(g)
        for ev in r.get("evidence", []):
            q = ev.get("quote")
            if q and "\u201c" + q + "\u201d" not in (tip or ""):
                problems.append(f"relationship {r['id']!r}: quote {q!r} not in tooltip {tip!r}")
        urls = [sources[ev["source"]].get("url") for x in same for ev in x.get("evidence", [])]
        good = [u for u in urls if u and re.match(r"(?i)https?://[^/?#]", u)]
        if good and href is None:
            problems.append(f"relationship {r['id']!r}: no link, expected one of {good}")
        if href is not None:
            if not re.match(r"(?i)https?://", href):
                problems.append(f"relationship {r['id']!r}: link {href!r} is not http(s)")
            elif urllib.parse.unquote(href) not in [urllib.parse.unquote(u) for u in good]:
                problems.append(f"relationship {r['id']!r}: link {href!r} not among {good}")
    for el in tree.iter():
        for k, v in el.attrib.items():
            if k.lower().startswith("on"):
                problems.append(f"event handler {k} on {el.tag}")
            if k == XLINK + "href" and not re.match(r"(?i)https?://", v):
                problems.append(f"link {v!r} is not http(s)")
        if el.tag in (SVG + "script", SVG + "foreignObject"):
            problems.append(f"element {el.tag}")
    raw = open(svg_path, encoding="utf-8").read()
    for bad in ("javascript:alert", "data:text"):
        for m in re.finditer(re.escape(bad), raw):
            # Allowed only as text (a quote in a tooltip), never as a link.
            before = raw[max(0, m.start() - 12):m.start()]
            if "href=" in before:
                problems.append(f"{bad} used as a link")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
