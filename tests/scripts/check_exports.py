#!/usr/bin/python3
"""Reads every export of a relationship file back with a real client and
compares every entity, tie, attribute, source and quote with the file itself.

    check_exports.py ERGRAPH WORKDIR FILE...

Each FILE is one ergraph/1 file (no merging), read here with Python's own
json module: the expected values never come from ergraph. The exports are
read with NetworkX (read_graphml, read_gexf), python-igraph (Read_GraphML),
Python's csv module by the Neo4j headers, and json (Cytoscape.js, ergraph/1).
"""
import csv
import json
import math
import os
import re
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET

import igraph
import networkx as nx

failures = []


def fail(where, message):
    failures.append(f"{where}: {message}")


def load_expected(path):
    """The file as the format defines it: defaults filled in, ids generated."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    entities = {}
    for e in doc["entities"]:
        entities[e["id"]] = {
            "type": e["type"],
            "name": e["name"],
            "aliases": e.get("aliases", []),
            "country": e.get("country"),
            "attrs": e.get("attrs", {}),
            "sources": e.get("sources", []),
        }
    reliability = {src["id"]: src.get("reliability") for src in doc.get("sources", [])}
    order = ["stated", "reported", "alleged", "inferred"]
    explicit = {r["id"] for r in doc["relationships"] if "id" in r}
    conflicts = set()
    for r in doc["relationships"]:
        for other in r.get("contradicts", []):
            if other in explicit:
                conflicts.update((r.get("id"), other))
    rels = {}
    for i, r in enumerate(doc["relationships"]):
        rid = r.get("id", f"#{i + 1}")
        evs = r.get("evidence", [])
        # The evidence model: each piece's certainty, attribution and grade
        # ("B2"; a missing half "?"), the tie's strongest certainty.
        weights = []
        for ev in evs:
            rel, cred = reliability.get(ev["source"]), ev.get("credibility")
            grade = "" if rel is None and cred is None else (rel or "?") + (str(cred) if cred else "?")
            weights.append((ev.get("certainty", "stated"), ev.get("attributed_to"), grade))
        rels[rid] = {
            "from": r["from"],
            "to": r["to"],
            "type": r["type"],
            "directed": r.get("directed", True),
            "label": r.get("label"),
            "start": r.get("start"),
            "end": r.get("end"),
            "weight": r.get("weight"),
            "attrs": r.get("attrs", {}),
            "evidence": [(ev["source"], ev.get("quote"), ev.get("note")) for ev in r.get("evidence", [])],
            "date": r.get("date"),
            "contradicts": r.get("contradicts", []),
            "contested": rid in conflicts,
            "certainty": min((w[0] for w in weights), key=order.index, default="inferred"),
            "weights": weights,
        }
    return doc, entities, rels


def xml_text(s):
    """What XML 1.0 can carry: C0 controls but tab, LF and CR become U+FFFD."""
    if s is None:
        return None
    return "".join("\ufffd" if (ord(c) < 0x20 and c not in "\t\n\r") or c in "\ufffe\uffff" else c for c in s)


def same_value(want, got):
    """An attribute: typed columns give numbers and booleans, mixed ones text."""
    if isinstance(want, bool):
        return got is want or got == want or str(got).lower() == str(want).lower()
    if isinstance(want, (int, float)):
        try:
            return math.isclose(float(got), float(want), rel_tol=1e-15, abs_tol=0)
        except (TypeError, ValueError):
            return False
    return got == want


def compare(where, what, want, got):
    if want != got:
        fail(where, f"{what}: expected {want!r}, got {got!r}")


def compare_attrs(where, want, got):
    """`got` holds every attribute the reader gave, keyed without "attrs."."""
    for k, v in want.items():
        if k not in got:
            fail(where, f"attribute {k!r} missing")
        elif not same_value(v, got[k]):
            fail(where, f"attribute {k!r}: expected {v!r}, got {got[k]!r}")
    for k in got:
        if k not in want:
            fail(where, f"attribute {k!r} not in the file")


def first_day(d):
    return d + "-01-01"[len(d) - 4:] if len(d) < 10 else d


def last_day(d):
    import calendar
    if len(d) == 10:
        return d
    y = int(d[:4])
    m = 12 if len(d) == 4 else int(d[5:7])
    return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


def run(ergraph, *args):
    subprocess.run([ergraph, *args], check=True)


# ---- GraphML: NetworkX and igraph --------------------------------------

def absent(v):
    """igraph fills a missing value with its type's default."""
    return v is None or v == "" or (isinstance(v, float) and math.isnan(v))


def name_token_decoded(s):
    """GraphML key names are XML name tokens: '.' and two hex digits stand
    for a byte that a name token cannot hold."""
    return re.sub(rb"\.([0-9A-F]{2})", lambda m: bytes([int(m.group(1), 16)]),
                  s.encode("ascii")).decode("utf-8")


def attrs_of(d):
    """The attributes a reader gave (keys attrs.KEY), by their own key."""
    return {name_token_decoded(k[6:]): v for k, v in d.items() if k.startswith("attrs.") and not absent(v)}


def check_graphml_values(where, entities, rels, nodes, edges, xml):
    """nodes: id -> dict; edges: id -> (from, to, dict). Missing values may
    read as igraph's defaults."""
    t = xml_text
    # The graph's edge default is the kind its ties have; a graph with both
    # kinds is directed, and the `directed` key says which are not.
    root = ET.parse(xml).getroot()
    undirected = bool(rels) and not any(r["directed"] for r in rels.values())
    compare(where, "edgedefault", "undirected" if undirected else "directed",
            root.find("{http://graphml.graphdrawing.org/xmlns}graph").get("edgedefault"))
    compare(where, "entity ids", set(entities), set(nodes))
    for eid, e in entities.items():
        d = nodes.get(eid, {})
        w = f"{where}: entity {eid}"
        compare(w, "type", e["type"], d.get("type"))
        compare(w, "name", t(e["name"]), d.get("name"))
        compare(w, "aliases", [t(a) for a in e["aliases"]], json.loads(d["aliases"]) if not absent(d.get("aliases")) else [])
        compare(w, "country", e["country"], None if absent(d.get("country")) else d.get("country"))
        compare(w, "sources", e["sources"], json.loads(d["sources"]) if not absent(d.get("sources")) else [])
        got = attrs_of(d)
        # igraph reads a missing boolean as False: drop those it could not tell.
        for k in list(got):
            if got[k] is False and k not in e["attrs"]:
                del got[k]
        compare_attrs(w, {k: t(v) if isinstance(v, str) else v for k, v in e["attrs"].items()}, got)
    compare(where, "relationship ids", set(rels), set(edges))
    for rid, r in rels.items():
        if rid not in edges:
            continue
        src, dst, d = edges[rid]
        w = f"{where}: relationship {rid}"
        if undirected:  # an undirected graph's edge has no first end
            compare(w, "ends", sorted((r["from"], r["to"])), sorted((src, dst)))
        else:
            compare(w, "ends", (r["from"], r["to"]), (src, dst))
        compare(w, "type", r["type"], d.get("type"))
        compare(w, "directed", r["directed"], d.get("directed"))
        compare(w, "label", t(r["label"]), None if absent(d.get("label")) else d.get("label"))
        compare(w, "start", r["start"], None if absent(d.get("start")) else d.get("start"))
        compare(w, "end", r["end"], None if absent(d.get("end")) else d.get("end"))
        compare(w, "weight", r["weight"], None if absent(d.get("weight")) else d.get("weight"))
        ev = json.loads(d["evidence"]) if not absent(d.get("evidence")) else []
        compare(w, "evidence", [(s, t(q), t(n)) for s, q, n in r["evidence"]],
                [(x["source"], x.get("quote"), x.get("note")) for x in ev])
        compare(w, "date", r["date"], None if absent(d.get("date")) else d.get("date"))
        compare(w, "certainty", r["certainty"], d.get("certainty"))
        compare(w, "contested", r["contested"], d.get("contested"))
        compare(w, "contradicts", r["contradicts"],
                json.loads(d["contradicts"]) if not absent(d.get("contradicts")) else [])
        compare(w, "certainty, attribution, credibility of each piece",
                [(c, a, g[1:] if g and g[1:] != "?" else None) for c, a, g in r["weights"]],
                [(x.get("certainty"), x.get("attributed_to"),
                  str(x["credibility"]) if "credibility" in x else None) for x in ev])
        got = attrs_of(d)
        for k in list(got):
            if got[k] is False and k not in r["attrs"]:
                del got[k]
        compare_attrs(w, {k: t(v) if isinstance(v, str) else v for k, v in r["attrs"].items()}, got)
    # The keys are typed: every declared key says what it holds.
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    for key in ET.parse(xml).getroot().findall("g:key", ns):
        if key.get("attr.type") not in ("string", "long", "double", "boolean"):
            fail(where, f"key {key.get('id')} has type {key.get('attr.type')!r}")


def check_graphml(ergraph, work, path, doc, entities, rels):
    out = os.path.join(work, "export.graphml")
    run(ergraph, "export", "-f", "graphml", "-o", out, path)
    G = nx.read_graphml(out)
    where = f"{path} (graphml, NetworkX)"
    # Node ids are name tokens; the entity's id is its `id` key.
    nodes = {d["id"]: d for n, d in G.nodes(data=True)}
    ids = {n: d["id"] for n, d in G.nodes(data=True)}
    if G.is_multigraph():
        edges = {d["id"]: (ids[u], ids[v], d) for u, v, k, d in G.edges(keys=True, data=True)}
    else:
        edges = {d["id"]: (ids[u], ids[v], d) for u, v, d in G.edges(data=True)}
    compare(where, "title", doc.get("title"), G.graph.get("title"))
    compare(where, "sources", doc.get("sources", []), json.loads(G.graph["sources"]) if "sources" in G.graph else [])
    check_graphml_values(where, entities, rels, nodes, edges, out)

    with warnings.catch_warnings():
        # igraph says that the `id` key takes the place of the node ids.
        warnings.simplefilter("ignore", RuntimeWarning)
        g = igraph.Graph.Read_GraphML(out)
    where = f"{path} (graphml, igraph)"
    names = g.vs["id"]
    nodes = {v["id"]: v.attributes() for v in g.vs}
    edges = {e["id"]: (names[e.source], names[e.target], e.attributes()) for e in g.es}
    compare(where, "title", doc.get("title"),
            g["title"] if "title" in g.attributes() and not absent(g["title"]) else None)
    check_graphml_values(where, entities, rels, nodes, edges, out)


# ---- GEXF 1.3 and 1.2draft: NetworkX, and the XML itself ---------------

GEXF_NS = {"1.3": "http://gexf.net/1.3", "1.2": "http://www.gexf.net/1.2draft"}


def read_gexf_xml(out, version):
    """The nodes and edges of a GEXF file as NetworkX would give them
    (label, weight, start, end, each attribute by its title and type), and
    each edge's type: for the graphs NetworkX refuses, and GEXF 1.3, which
    NetworkX 2.x does not know."""
    ns = {"g": GEXF_NS[version]}
    graph = ET.parse(out).getroot().find("g:graph", ns)
    types = {}
    for attrs in graph.findall("g:attributes", ns):
        for a in attrs.findall("g:attribute", ns):
            types[(attrs.get("class"), a.get("id"))] = (a.get("title"), a.get("type"))

    def values(cls, el, d):
        for v in el.findall("g:attvalues/g:attvalue", ns):
            title, kind = types[(cls, v.get("for"))]
            text = v.get("value")
            d[title] = (int(text) if kind in ("long", "integer") else float(text) if kind in ("double", "float")
                        else text == "true" if kind == "boolean" else text)
        return d

    nodes = {n.get("id"): values("node", n, {"label": n.get("label")}) for n in graph.findall("g:nodes/g:node", ns)}
    edges, kinds = {}, {}
    for e in graph.findall("g:edges/g:edge", ns):
        d = {k: e.get(k) for k in ("label", "start", "end") if e.get(k) is not None}
        if e.get("weight") is not None:
            d["weight"] = float(e.get("weight"))
        edges[e.get("id")] = (e.get("source"), e.get("target"), values("edge", e, d))
        kinds[e.get("id")] = e.get("type", graph.get("defaultedgetype"))
    return graph, nodes, edges, kinds


def check_gexf_values(where, entities, rels, nodes, edges, undirected):
    t = xml_text
    compare(where, "entity ids", set(entities), set(nodes))
    for eid, e in entities.items():
        if eid not in nodes:
            continue
        d = nodes[eid]
        w = f"{where}: entity {eid}"
        compare(w, "label", t(e["name"]), d.get("label"))
        compare(w, "type", e["type"], d.get("type"))
        compare(w, "aliases", [t(a) for a in e["aliases"]], json.loads(d.get("aliases", "[]")))
        compare(w, "country", e["country"], d.get("country"))
        compare(w, "sources", e["sources"], json.loads(d.get("sources", "[]")))
        compare_attrs(w, {k: t(v) if isinstance(v, str) else v for k, v in e["attrs"].items()},
                      {k[6:]: v for k, v in d.items() if k.startswith("attrs.")})
    compare(where, "relationship ids", set(rels), set(edges))
    for rid, r in rels.items():
        if rid not in edges:
            continue
        u, v, d = edges[rid]
        w = f"{where}: relationship {rid}"
        if undirected:
            compare(w, "ends", sorted((r["from"], r["to"])), sorted((u, v)))
        else:
            compare(w, "ends", (r["from"], r["to"]), (u, v))
        compare(w, "directed", r["directed"], d.get("directed"))
        compare(w, "type", r["type"], d.get("type"))
        compare(w, "label", t(r["label"]), d.get("label"))
        compare(w, "weight", r["weight"], d.get("weight"))
        # The timeline: a partial date spans its whole period.
        begin, until = r["start"] or r["date"], r["end"] or r["date"]
        compare(w, "start", first_day(begin) if begin else None, d.get("start"))
        compare(w, "end", last_day(until) if until else None, d.get("end"))
        compare(w, "date", r["date"], d.get("date"))
        compare(w, "certainty", r["certainty"], d.get("certainty"))
        compare(w, "contested", r["contested"], d.get("contested"))
        compare(w, "contradicts", r["contradicts"], json.loads(d.get("contradicts", "[]")))
        n = len(r["weights"])
        compare(w, "weights", r["weights"],
                list(zip(json.loads(d.get("certainties", "[]")) or [None] * n,
                         [a or None for a in json.loads(d.get("attributed_to", "[]")) or [None] * n],
                         json.loads(d.get("grades", "[]")) or [""] * n)))
        compare(w, "start_date", r["start"], d.get("start_date"))
        compare(w, "end_date", r["end"], d.get("end_date"))
        sources = json.loads(d.get("sources", "[]"))
        quotes = json.loads(d.get("quotes", "[]")) or [""] * len(sources)
        notes = json.loads(d.get("notes", "[]")) or [""] * len(sources)
        compare(w, "evidence", [(s, t(q) or "", t(n) or "") for s, q, n in r["evidence"]],
                list(zip(sources, quotes, notes)))
        compare_attrs(w, {k: t(v) if isinstance(v, str) else v for k, v in r["attrs"].items()},
                      {k[6:]: v for k, v in d.items() if k.startswith("attrs.")})


def check_gexf(ergraph, work, path, doc, entities, rels):
    directed = any(r["directed"] for r in rels.values())
    undirected = any(not r["directed"] for r in rels.values())
    for version in ("1.3", "1.2"):
        out = os.path.join(work, f"export-{version}.gexf")
        run(ergraph, "export", "-f", "gexf", "--gexf", version, "-o", out, path)
        where = f"{path} (gexf {version})"
        root = ET.parse(out).getroot()
        compare(where, "namespace", "{%s}gexf" % GEXF_NS[version], root.tag)
        compare(where, "version", version, root.get("version"))
        graph, nodes, edges, kinds = read_gexf_xml(out, version)
        # The edge default is the kind the ties have; a mixed graph is
        # directed with its undirected edges marked.
        compare(where, "defaultedgetype", "undirected" if undirected and not directed else "directed",
                graph.get("defaultedgetype"))
        for rid, r in rels.items():
            compare(f"{where}: relationship {rid}", "edge type",
                    "directed" if r["directed"] else "undirected", kinds.get(rid))
        dated = any(r["start"] or r["end"] or r["date"] for r in rels.values())
        compare(where, "mode", "dynamic" if dated else "static", graph.get("mode"))
        check_gexf_values(where, entities, rels, nodes, edges, undirected and not directed)
        if version != "1.2":
            continue
        # Plain NetworkX, as a user calls it: it refuses a mixed graph.
        where = f"{path} (gexf 1.2, NetworkX)"
        try:
            G = nx.read_gexf(out)
        except nx.NetworkXError as e:
            if not (directed and undirected):
                fail(where, f"NetworkX refused it: {e}")
            continue
        if directed and undirected:
            fail(where, "NetworkX read a graph with both kinds of tie")
            continue
        compare(where, "directed", not undirected, G.is_directed())
        nodes = {n: d for n, d in G.nodes(data=True)}
        if G.is_multigraph():
            edges = {str(k): (u, v, d) for u, v, k, d in G.edges(keys=True, data=True)}
        else:
            edges = {str(d["id"]): (u, v, d) for u, v, d in G.edges(data=True)}
        check_gexf_values(where, entities, rels, nodes, edges, undirected)


# ---- Neo4j: the CSV files, by their headers ----------------------------

def neo4j_columns(header):
    """'name:type' -> (name, type); ':ID' style columns keep their role."""
    cols = []
    for h in header:
        name, _, kind = h.partition(":")
        cols.append((name, kind))
    return cols


def neo4j_value(kind, text, delim):
    if kind.endswith("[]"):
        return [] if text == "" else text.split(delim)
    if text == "":
        return None
    if kind == "long":
        return int(text)
    if kind == "double":
        return float(text)
    if kind == "boolean":
        if text not in ("true", "false"):
            raise ValueError(f"boolean {text!r}")
        return text == "true"
    return text


def read_neo4j(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f, strict=True)
        header = next(reader)
        rows = list(reader)
    return neo4j_columns(header), rows


def attr_key(name):
    return name[6:].replace("%3A", ":").replace("%25", "%")


def check_neo4j(ergraph, work, path, doc, entities, rels):
    out = os.path.join(work, "neo4j")
    subprocess.run([ergraph, "export", "-f", "neo4j", "-q", "-o", out, path], check=True)
    where = f"{path} (neo4j)"
    cols, rows = read_neo4j(os.path.join(out, "nodes.csv"))
    names = [c[0] + (":" + c[1] if c[1] and not c[0] else "") for c in cols]
    for needed in ("id", ":LABEL", "type", "name", "aliases", "country", "sources"):
        if needed not in names:
            fail(where, f"nodes.csv has no column {needed}")
    ids = [c for c in cols if c[1] == "ID"]
    compare(where, "the :ID column", [("id", "ID")], ids)
    label_at = names.index(":LABEL")
    delim = rows[0][label_at][len("Entity")] if rows else ";"
    got = {}
    for row in rows:
        if len(row) != len(cols):
            fail(where, f"nodes.csv row of {len(row)} fields, header {len(cols)}")
            continue
        rec = {}
        for (name, kind), text in zip(cols, row):
            if name == "" and kind == "LABEL":
                rec["labels"] = text.split(delim)
            else:
                rec[name] = neo4j_value(kind, text, delim)
        got[rec["id"]] = rec
    compare(where, "entity ids", set(entities), set(got))
    for eid, e in entities.items():
        d = got.get(eid)
        if d is None:
            continue
        w = f"{where}: entity {eid}"
        compare(w, "labels", ["Entity", e["type"]], d["labels"])
        compare(w, "type", e["type"], d["type"])
        compare(w, "name", e["name"], d["name"])
        compare(w, "aliases", e["aliases"], d["aliases"])
        compare(w, "country", e["country"], d["country"])
        compare(w, "sources", e["sources"], d["sources"])
        compare_attrs(w, e["attrs"], {attr_key(k): v for k, v in d.items() if k.startswith("attrs.") and v is not None})

    cols, rows = read_neo4j(os.path.join(out, "relationships.csv"))
    names = [c[0] if c[0] else ":" + c[1] for c in cols]
    for needed in (":START_ID", ":END_ID", ":TYPE", "id", "directed", "sources", "quotes"):
        if needed not in names:
            fail(where, f"relationships.csv has no column {needed}")
    got = {}
    for row in rows:
        rec = {}
        for (name, kind), text in zip(cols, row):
            rec[name if name else ":" + kind] = neo4j_value(kind, text, delim)
        got[rec["id"]] = rec
    compare(where, "relationship ids", set(rels), set(got))
    for rid, r in rels.items():
        d = got.get(rid)
        if d is None:
            continue
        w = f"{where}: relationship {rid}"
        compare(w, "ends", (r["from"], r["to"]), (d[":START_ID"], d[":END_ID"]))
        compare(w, ":TYPE", r["type"], d[":TYPE"])
        compare(w, "directed", r["directed"], d["directed"])
        for k in ("label", "start", "end", "weight"):
            compare(w, k, r[k], d[k])
        n = len(d["sources"])
        quotes = d["quotes"] or [""] * n
        notes = d["notes"] or [""] * n
        compare(w, "evidence", [(s, q or "", nt or "") for s, q, nt in r["evidence"]],
                list(zip(d["sources"], quotes, notes)))
        for k in ("date", "certainty", "contested"):
            compare(w, k, r[k], d[k])
        compare(w, "contradicts", r["contradicts"], d["contradicts"] or [])
        compare(w, "weights", [(c, a or "", g) for c, a, g in r["weights"]],
                list(zip(d["certainties"] or [], d["attributed_to"] or [""] * n,
                         d["grades"] or [""] * n)))
        compare_attrs(w, r["attrs"], {attr_key(k): v for k, v in d.items() if k.startswith("attrs.") and v is not None})


# ---- Cytoscape.js and ergraph/1 ----------------------------------------

def check_cytoscape(ergraph, work, path, doc, entities, rels):
    out = subprocess.run([ergraph, "export", "-f", "cytoscape", path], check=True,
                         capture_output=True).stdout
    cy = json.loads(out)
    where = f"{path} (cytoscape)"
    nodes = {n["data"]["id"]: n["data"] for n in cy["elements"]["nodes"]}
    compare(where, "entity ids", set(entities), set(nodes))
    for eid, e in entities.items():
        d = nodes.get(eid, {})
        w = f"{where}: entity {eid}"
        compare(w, "label", e["name"], d.get("label"))
        for k in ("type", "country"):
            compare(w, k, e[k], d.get(k))
        for k in ("aliases", "sources"):
            compare(w, k, e[k], d.get(k, []))
        compare_attrs(w, e["attrs"], d.get("attrs", {}))
    edges = {}
    for x in cy["elements"]["edges"]:
        rid = x["data"]["id"]
        edges[rid[4:] if rid.startswith("rel:") and rid[4:] in entities else rid] = x["data"]
    compare(where, "relationship ids", set(rels), set(edges))
    for rid, r in rels.items():
        d = edges.get(rid, {})
        w = f"{where}: relationship {rid}"
        compare(w, "ends", (r["from"], r["to"]), (d.get("source"), d.get("target")))
        for k in ("type", "directed", "label", "start", "end", "weight"):
            compare(w, k, r[k], d.get(k))
        compare(w, "caption", r["label"] if r["label"] is not None else r["type"].replace("_", " "),
                d.get("caption"))
        compare(w, "evidence", r["evidence"],
                [(x["source"], x.get("quote"), x.get("note")) for x in d.get("evidence", [])])
        for k in ("date", "certainty", "contested"):
            compare(w, k, r[k], d.get(k))
        compare(w, "contradicts", r["contradicts"], d.get("contradicts", []))
        compare(w, "certainty and attribution of each piece", [(c, a) for c, a, g in r["weights"]],
                [(x.get("certainty", "stated"), x.get("attributed_to")) for x in d.get("evidence", [])])
        compare_attrs(w, r["attrs"], d.get("attrs", {}))


def check_json(ergraph, work, path, doc, entities, rels):
    out = os.path.join(work, "export.json")
    run(ergraph, "export", "-f", "json", "-o", out, path)
    _, got_entities, got_rels = load_expected(out)
    where = f"{path} (json)"
    for eid in set(entities) | set(got_entities):
        compare(f"{where}: entity {eid}", "fields", entities.get(eid), got_entities.get(eid))
    for rid in set(rels) | set(got_rels):
        compare(f"{where}: relationship {rid}", "fields", rels.get(rid), got_rels.get(rid))
    compare(where, "relationship order", list(rels), list(got_rels))
    compare(where, "entity order", [e["id"] for e in doc["entities"]], list(got_entities))
    with open(out, encoding="utf-8") as f:
        again = json.load(f)
    compare(where, "title", doc.get("title"), again.get("title"))
    compare(where, "sources", doc.get("sources", []), again.get("sources"))


def main():
    ergraph, work, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    checks = [check_graphml, check_gexf, check_neo4j, check_cytoscape, check_json]
    for path in files:
        doc, entities, rels = load_expected(path)
        for check in checks:
            check(ergraph, work, path, doc, entities, rels)
    for f in failures[:60]:
        print(f)
    if failures:
        print(f"{len(failures)} differences")
        return 1
    print(f"ok: {len(files)} files, every export read back the same")
    return 0


if __name__ == "__main__":
    sys.exit(main())
