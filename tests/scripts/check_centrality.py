#!/usr/bin/python3
"""ergraph's statistics and paths against NetworkX's on classic networks
(Padgett's Florentine families, Davis's Southern Women, Zachary's karate
club, as NetworkX ships them), and the same networks read back by NetworkX
and python-igraph from ergraph's GraphML and GEXF 1.2draft exports.

    check_centrality.py ERGRAPH WORKDIR
"""
import json
import math
import os
import subprocess
import sys
import warnings

import igraph
import networkx as nx

failures = []


def fail(where, message):
    failures.append(f"{where}: {message}")


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def ergraph_file(work, name, G):
    """An ergraph/1 file of G, every tie undirected; ids are the node names."""
    ids = {n: str(n) if not isinstance(n, int) else f"member-{n}" for n in G.nodes}
    doc = {
        "format": "ergraph/1", "title": name, "sources": [{"id": "networkx"}],
        "entities": [{"id": ids[n], "type": "person" if G.nodes[n].get("bipartite", 0) == 0 else "event",
                      "name": ids[n]} for n in G.nodes],
        "relationships": [{"from": ids[u], "to": ids[v], "type": "tie", "directed": False,
                           "evidence": [{"source": "networkx"}]} for u, v in G.edges],
    }
    path = os.path.join(work, name + ".json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    return path, ids


def run(ergraph, *args):
    return subprocess.run([ergraph, *args], check=True, capture_output=True, text=True).stdout



def check(ergraph, work, name, G):
    path, ids = ergraph_file(work, name, G)
    raw = {ids[n]: v for n, v in nx.betweenness_centrality(G, normalized=False).items()}
    norm = {ids[n]: v for n, v in nx.betweenness_centrality(G, normalized=True).items()}
    degree = {ids[n]: d for n, d in G.degree}
    where = f"{name} (stats)"
    st = json.loads(run(ergraph, "stats", "--format", "json", "--top", "1000", path))
    got = {x["id"]: x for x in st["by_betweenness"]}
    if set(got) != set(raw):
        fail(where, f"betweenness of {sorted(set(got) ^ set(raw))} missing or extra")
    for n, x in got.items():
        if not close(x["score"], raw[n]):
            fail(where, f"betweenness of {n}: {x['score']}, NetworkX (normalized=False) {raw[n]}")
        if not close(x["normalised"], norm[n]):
            fail(where, f"normalised betweenness of {n}: {x['normalised']}, NetworkX {norm[n]}")
    for x in st["by_degree"]:
        if x["score"] != degree[x["id"]]:
            fail(where, f"degree of {x['id']}: {x['score']}, NetworkX {degree[x['id']]}")
    want = sorted(ids[n] for n in nx.articulation_points(G))
    if sorted(st["articulation_points"]) != want:
        fail(where, f"articulation points {sorted(st['articulation_points'])}, NetworkX {want}")
    if st["components"] != sorted((len(c) for c in nx.connected_components(G)), reverse=True):
        fail(where, f"components {st['components']}")
    # --top N limits every table.
    top = json.loads(run(ergraph, "stats", "--format", "json", "--top", "2", path))
    for k in ("by_degree", "by_betweenness", "articulation_points", "entity_types", "relationship_types"):
        if len(top[k]) > 2:
            fail(f"{name} (stats --top 2)", f"{k} has {len(top[k])} rows")

    # Paths: every shortest path, as NetworkX lists them.
    nodes = sorted(G.nodes, key=str)
    back = {v: k for k, v in ids.items()}
    for i in range(0, len(nodes), 4):
        a, b = nodes[i], nodes[(i * 5 + 3) % len(nodes)]
        if a == b:
            continue
        got = json.loads(run(ergraph, "path", "--format", "json", "--max-paths", "1000", ids[a], ids[b], path))
        want = sorted([ids[x] for x in p] for p in nx.all_shortest_paths(G, a, b))
        if sorted(p["entities"] for p in got) != want:
            fail(f"{name} (path {ids[a]} {ids[b]})", f"{len(got)} paths, NetworkX {len(want)}")
        # --all-paths --max-length N: every simple path, shortest first.
        got = json.loads(run(ergraph, "path", "--format", "json", "--all-paths", "--max-length", "4",
                             "--max-paths", "1000000", ids[a], ids[b], path))
        want = sorted([ids[x] for x in p] for p in nx.all_simple_paths(G, a, b, cutoff=4))
        if sorted(p["entities"] for p in got) != want:
            fail(f"{name} (path --all-paths --max-length 4 {ids[a]} {ids[b]})",
                 f"{len(got)} paths, NetworkX {len(want)}")
        lengths = [len(p["entities"]) for p in got]
        if lengths != sorted(lengths):
            fail(f"{name} (path --all-paths {ids[a]} {ids[b]})", "not shortest first")
        # --max-length alone keeps the shortest paths only if short enough.
        d = nx.shortest_path_length(G, a, b)
        if d < 2:
            continue
        got = json.loads(run(ergraph, "path", "--format", "json", "--max-length", str(d - 1), ids[a], ids[b], path))
        if got:
            fail(f"{name} (path --max-length {d - 1} {ids[a]} {ids[b]})", f"{len(got)} paths of {d} steps")
    del back

    # The exports, read back: the graph is undirected, so its betweenness is.
    graphml = os.path.join(work, name + ".graphml")
    run(ergraph, "export", "-f", "graphml", "-o", graphml, path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        g = igraph.Graph.Read_GraphML(graphml)
    if g.is_directed():
        fail(f"{name} (graphml, igraph)", "read as directed")
    for v, b in zip(g.vs["id"], g.betweenness()):
        if not close(b, raw[v]):
            fail(f"{name} (graphml, igraph)", f"betweenness of {v}: {b}, NetworkX {raw[v]}")
    H = nx.read_graphml(graphml)
    bh = nx.betweenness_centrality(H, normalized=False)
    for n, b in bh.items():
        if not close(b, raw[H.nodes[n]["id"]]):
            fail(f"{name} (graphml, NetworkX)", f"betweenness of {n}: {b}")
    gexf = os.path.join(work, name + ".gexf")
    run(ergraph, "export", "-f", "gexf", "--gexf", "1.2", "-o", gexf, path)
    H = nx.read_gexf(gexf)
    if H.is_directed():
        fail(f"{name} (gexf 1.2, NetworkX)", "read as directed")
    for n, b in nx.betweenness_centrality(H, normalized=False).items():
        if not close(b, raw[n]):
            fail(f"{name} (gexf 1.2, NetworkX)", f"betweenness of {n}: {b}")


def main():
    ergraph, work = sys.argv[1:3]
    check(ergraph, work, "florentine", nx.florentine_families_graph())
    check(ergraph, work, "southern-women", nx.davis_southern_women_graph())
    check(ergraph, work, "karate", nx.karate_club_graph())
    # The case the issue was filed for: the Medici's betweenness from igraph.
    g = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        g = igraph.Graph.Read_GraphML(os.path.join(work, "florentine.graphml"))
    medici = g.betweenness()[g.vs["id"].index("Medici")]
    if not close(medici, 47.5):
        fail("florentine (graphml, igraph)", f"the Medici's betweenness is {medici}, not 47.5")
    for f in failures[:40]:
        print(f)
    if failures:
        print(f"{len(failures)} differences")
        return 1
    print("ok: stats, paths and the exports agree with NetworkX and igraph")
    return 0


if __name__ == "__main__":
    sys.exit(main())
