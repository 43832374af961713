#!/usr/bin/env python3
"""Writes a random relationship file: gen_graph.py NODES EDGES [SEED] > file.json
Entities of every type, ties of a few types, some cited, some parallel."""
import json
import random
import sys

nodes, edges = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
types = ["person", "agency", "country", "organization", "group", "place", "weapon", "event"]
doc = {"format": "ergraph/1", "title": f"Random graph of {nodes} entities",
       "sources": [{"id": f"s{i}", "title": f"Article {i}", "publisher": "Wire", "date": "2003"}
                   for i in range(20)],
       "entities": [{"id": f"e{i}", "type": types[i % len(types)], "name": f"Entity number {i}"}
                    for i in range(nodes)],
       "relationships": []}
for i in range(edges):
    a, b = rnd.randrange(nodes), rnd.randrange(nodes)
    rel = {"from": f"e{a}", "to": f"e{b}", "type": rnd.choice(["knows", "met", "paid"])}
    if i % 3 == 0:
        rel["evidence"] = [{"source": f"s{rnd.randrange(20)}", "quote": f"quote {i}"}]
    doc["relationships"].append(rel)
json.dump(doc, sys.stdout)
