// Reads ergraph's Cytoscape.js export with Cytoscape.js itself (headless,
// as a page would) and compares every entity, tie, attribute, source and
// quote with the relationship file, read here with JSON.parse; then the
// shortest path lengths Cytoscape.js finds with those `ergraph path` prints.
//
//   node check_cytoscape.js ERGRAPH FILE...
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const cytoscape = require("cytoscape");

const [ergraph, ...files] = process.argv.slice(2);
const failures = [];
let checked = 0;

// JSON with every object's keys sorted: the order of an object's keys
// carries no meaning.
function canonical(value) {
  return JSON.stringify(value, (key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
      : v);
}

function same(where, what, want, got) {
  const w = canonical(want), g = canonical(got);
  checked++;
  if (w !== g) failures.push(`${where}: ${what}: expected ${w}, got ${g}`);
}

function run(args, quiet) {
  const stdio = ["ignore", "pipe", quiet ? "ignore" : "inherit"];
  return execFileSync(ergraph, args, { encoding: "utf8", maxBuffer: 1 << 28, stdio });
}

for (const file of files) {
  const doc = JSON.parse(fs.readFileSync(file, "utf8"));
  for (const cluster of [false, true]) {
    const where = `${file} (cytoscape${cluster ? ", --cluster country" : ""})`;
    const out = JSON.parse(run(["export", "-f", "cytoscape", ...(cluster ? ["--cluster", "country"] : []), file]));
    const cy = cytoscape({ headless: true, elements: out.elements });
    same(where, "entities", doc.entities.length, cy.nodes().length);
    same(where, "relationships", doc.relationships.length, cy.edges().length);
    for (const e of doc.entities) {
      const n = cy.getElementById(e.id);
      const w = `${where}: entity ${e.id}`;
      if (n.empty() || !n.isNode()) {
        failures.push(`${w}: not a node`);
        continue;
      }
      same(w, "name", e.name, n.data("label"));
      same(w, "type", e.type, n.data("type"));
      same(w, "aliases", e.aliases || [], n.data("aliases") || []);
      same(w, "country", e.country, n.data("country"));
      same(w, "sources", e.sources || [], n.data("sources") || []);
      same(w, "attrs", e.attrs || {}, n.data("attrs") || {});
      const inCountry = cluster && e.country !== undefined && e.type !== "country";
      same(w, "parent", inCountry ? e.country : undefined, n.isChild() ? n.parent().id() : undefined);
    }
    const entityIds = new Set(doc.entities.map((e) => e.id));
    doc.relationships.forEach((r, i) => {
      let id = r.id !== undefined ? r.id : `#${i + 1}`;
      if (entityIds.has(id)) id = `rel:${id}`;
      const x = cy.getElementById(id);
      const w = `${where}: relationship ${id}`;
      if (x.empty() || !x.isEdge()) {
        failures.push(`${w}: not an edge`);
        return;
      }
      same(w, "ends", [r.from, r.to], [x.source().id(), x.target().id()]);
      same(w, "type", r.type, x.data("type"));
      same(w, "directed", r.directed !== false, x.data("directed"));
      for (const k of ["label", "start", "end", "weight"]) same(w, k, r[k], x.data(k));
      same(w, "caption", r.label !== undefined ? r.label : r.type.replace(/_/g, " "), x.data("caption"));
      // Evidence: source, quote and note, and whatever else the export
      // carries of each, as the file has it.
      const got = x.data("evidence") || [];
      same(w, "evidence", (r.evidence || []).map((ev, k) => {
        const keep = {};
        for (const key of Object.keys(ev))
          if (["source", "quote", "note"].includes(key) || (got[k] && key in got[k])) keep[key] = ev[key];
        return keep;
      }), got);
      same(w, "attrs", r.attrs || {}, x.data("attrs") || {});
    });
    if (cluster) continue;
    // Paths: the hops of Cytoscape.js's shortest path (directions ignored,
    // as `ergraph path` does) against ergraph's, for a spread of pairs.
    const ids = doc.entities.map((e) => e.id);
    const pairs = [];
    for (let i = 0; i < ids.length && pairs.length < 12; i += 3)
      pairs.push([ids[i], ids[(i * 7 + 5) % ids.length]]);
    for (const [a, b] of pairs) {
      if (a === b) continue;
      const star = cy.elements().aStar({ root: cy.getElementById(a), goal: cy.getElementById(b) });
      const paths = JSON.parse(run(["path", "--format", "json", a, b, file], true));
      const w = `${where}: path ${a} -> ${b}`;
      same(w, "found", star.found, paths.length > 0);
      if (star.found && paths.length > 0) {
        same(w, "hops", star.distance, paths[0].entities.length - 1);
        same(w, "ends", [a, b], [paths[0].entities[0], paths[0].entities[paths[0].entities.length - 1]]);
      }
    }
  }
}
for (const f of failures.slice(0, 60)) console.log(f);
if (failures.length > 0) {
  console.log(`${failures.length} differences`);
  process.exit(1);
}
console.log(`ok: ${files.length} files, ${checked} values compared in Cytoscape.js`);
