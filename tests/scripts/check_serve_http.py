#!/usr/bin/env python3
"""Drives a running `ergraph serve` on 127.0.0.1 (http.client: no proxy)
and compares its answers with the command line's for the same filters.
    check_serve_http.py ERGRAPH PORT TMPDIR FILE..."""
import http.client
import json
import os
import socket
import subprocess
import sys
import urllib.parse

ergraph, port, tmp, files = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def request(path, method="GET", host=None, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    c.putrequest(method, path, skip_host=host is not None)
    if host is not None:
        c.putheader("Host", host)
    if body is not None:
        c.putheader("Content-Length", str(len(body)))
    c.endheaders()
    if body is not None:
        c.send(body)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data


def cli(args):
    out = os.path.join(tmp, "cli.out")
    p = subprocess.run([ergraph] + args + files, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.returncode == 0, (args, p.stderr)
    return p.stdout


def query(pairs):
    return urllib.parse.urlencode(pairs)


def flags(pairs):
    out, between = [], []
    for k, v in pairs:
        if k == "between":
            between.append(v)
        elif k in ("all-paths", "dated-only", "drop-isolated", "keep-isolated"):
            out.append("--" + k)
        else:
            out += ["--" + k, v]
    if between:
        out += ["--between"] + between
    return out


# The page: self-contained, with a Content-Security-Policy.
status, headers, page = request("/")
check(status == 200 and headers["content-type"].startswith("text/html"), "GET / is the page")
csp = headers.get("content-security-policy", "")
check("default-src 'none'" in csp and "script-src 'self'" in csp, "a strict CSP: " + csp)
check(b"http://" not in page and b"https://" not in page, "the page loads nothing from elsewhere")
for asset, kind in (("/app.js", "text/javascript"), ("/app.css", "text/css")):
    status, headers, body = request(asset)
    check(status == 200 and headers["content-type"].startswith(kind) and len(body) > 100, asset)
status, headers, body = request("/", method="HEAD")
check(status == 200 and body == b"" and int(headers["content-length"]) == len(page), "HEAD /")
check(request("/etc/passwd")[0] == 404, "no file of the machine")
check(request("/../../etc/passwd")[0] == 404, "no file of the machine (dots)")

# Byte-identical to the command line.
filter_sets = [
    [],
    [("around", "FSB"), ("depth", "1")],
    [("type", "person,agency")],
    [("type", "person"), ("type", "agency"), ("min-degree", "2")],
    [("between", "FSB"), ("between", "FBI")],
    [("since", "2003"), ("dated-only", "1")],
    [("since", "2003"), ("dated-only", "1"), ("keep-isolated", "1")],
]
render = {"view": "application/json", "svg": "image/svg+xml", "png": "image/png",
          "dot": "text/vnd.graphviz"}
exports = {"graphml": "application/graphml+xml", "gexf": "application/xml",
           "cytoscape": "application/json", "json": "application/json"}
compared = 0
for pairs in filter_sets:
    for fmt, kind in list(render.items()) + list(exports.items()):
        if fmt == "png" and len(pairs) != 2:
            continue  # one PNG is enough (slow to render)
        status, headers, body = request("/api/view?" + query(pairs + [("format", fmt)]))
        check(status == 200 and headers["content-type"].startswith(kind),
              "view %s %s: %d %s" % (fmt, pairs, status, body[:200]))
        if fmt in render:
            want = cli(["render", "-q", "-T", fmt, "-o", "-"] + flags(pairs))
        else:
            want = cli(["export", "-f", fmt] + flags(pairs))
        check(body == want, "view %s %s is the command line's" % (fmt, pairs))
        compared += 1
    status, headers, body = request("/api/stats?" + query(pairs))
    check(status == 200 and body == cli(["stats", "--format", "json"] + flags(pairs)),
          "stats %s" % pairs)
    compared += 1
# format=view is the default: the data with the layout's coordinates, one
# node per entity and one edge per tie, each inside the bounding box, each
# tie's spline ending at its two entities' nodes.
status, headers, body = request("/api/view?around=FSB")
check(body == request("/api/view?around=FSB&format=view")[2], "view is the default format")
view = json.loads(body)
lay = view["layout"]
check(view["format"] == "ergraph-view/1" and view["engine"] == "dot", "view: format and engine")
check(set(lay["nodes"]) == set(view["entities"]) and len(view["entities"]) > 5,
      "view: a node for each entity")
check(set(lay["edges"]) == set(view["ties"]) and len(view["ties"]) > 5, "view: an edge per tie")
check(view["selection"]["entities"] == len(view["entities"]), "view: the selection's size")
x0, y0, x1, y1 = lay["bb"]
check(x1 > x0 and y1 > y0, "view: a bounding box")


def inside(x, y, slack=1):
    return x0 - slack <= x <= x1 + slack and y0 - slack <= y <= y1 + slack


def near_node(pt, node, slack=2):
    return (abs(pt[0] - node["x"]) <= node["width"] / 2 + slack and
            abs(pt[1] - node["y"]) <= node["height"] / 2 + slack)


for key, n in lay["nodes"].items():
    check(inside(n["x"], n["y"]) and n["width"] > 0 and n["height"] > 0, "view: node " + key)
for key, e in lay["edges"].items():
    tie = view["ties"][key]
    pts = e["spline"]
    check(len(pts) >= 4 and (len(pts) - 1) % 3 == 0, "view: a cubic spline for " + key)
    # Control points may lie off the curve, the ends are on it.
    check(inside(*pts[0]) and inside(*pts[-1]), "view: %s inside the box" % key)
    src, dst = lay["nodes"][tie["from"]], lay["nodes"][tie["to"]]
    end = e["arrow_end"] if e["arrow_end"] else pts[-1]
    check(near_node(pts[0], src) and near_node(end, dst),
          "view: %s runs from %s to %s" % (key, tie["from"], tie["to"]))
    check((e["arrow_end"] is not None) == tie["directed"], "view: arrowhead of " + key)
    check(e["label"] is not None and inside(*e["label"]), "view: label of " + key)
fsb = [t for t in view["ties"].values() if "e-fsb" in (t["from"], t["to"])]
check(len(fsb) > 5 and all(t["quotes"] for t in fsb), "view: the FSB's ties with their quotes")
check(request("/api/view?around=FSB&format=view&download=1")[1].get("content-disposition")
      == 'attachment; filename="ergraph-view.json"', "view download")
status, headers, _ = request("/api/view?around=FSB&format=gexf&download=1")
check(headers.get("content-disposition") == 'attachment; filename="ergraph.gexf"', "download")
# A PDF (cairo stamps a date: only its kind is compared).
status, headers, body = request("/api/view?around=FSB&format=pdf&page=a4")
check(status == 200 and body.startswith(b"%PDF"), "pdf with page=")
for name in ("FSB", "fbi", "Federal Security Service"):
    status, headers, body = request("/api/entity?" + query([("name", name)]))
    check(status == 200 and body == cli(["show", "--format", "json", name]), "entity " + name)
    compared += 1
print("compared %d answers with the command line's" % compared)

# The summary for the filter panel: the types' counts as stats gives them,
# the dated ties' histogram adding up, the page's first view (no filter
# given on the command line here).
status, headers, body = request("/api/summary")
summary = json.loads(body)
stats = json.loads(cli(["stats", "--format", "json"]))
check(status == 200 and summary["query"] == "", "summary: no first view")
check(summary["entity_types"] == stats["entity_types"], "summary: entity types with counts")
check(summary["relation_types"] == stats["relationship_types"], "summary: relation types")
dates = summary["dates"]
check(dates["dated"] + dates["undated"] == stats["relationships"] and
      sum(dates["ties"].values()) == dates["dated"] and dates["first"] <= dates["last"],
      "summary: the dated ties' histogram: %s" % dates)
check(sum(summary["certainties"].values()) >= stats["relationships"], "summary: certainties")

# Search: names and aliases by prefix, at most 20.
status, _, body = request("/api/search?q=fs")
found = json.loads(body)
check(status == 200 and any(m["id"] == "fsb" for m in found), "search fs finds the FSB")
status, _, body = request("/api/search?q=federalnaya")
found = json.loads(body)
check([m["id"] for m in found] == ["fsb"] and found[0]["match"].startswith("Federalnaya"),
      "search by alias: %s" % found)
status, _, body = request("/api/search?q=a")
check(status == 200 and 0 < len(json.loads(body)) <= 20, "search is at most 20")

# Bad queries: 400, the command line's message with the key named.
def error(path, status=400):
    s, h, b = request(path)
    check(s == status and h["content-type"] == "application/json", "%s: %d %s" % (path, s, b))
    try:
        return json.loads(b)["error"]
    except ValueError:
        return ""

msg = error("/api/view?relation=")
check(msg.startswith("relation=") and "--" not in msg, "relation= named: " + msg)
msg = error("/api/view?depth=x")
check("depth=" in msg and "--depth" not in msg, "depth=: " + msg)
msg = error("/api/view?direction=up")
check("direction=" in msg, "direction=: " + msg)
msg = error("/api/view?around=Nobody%20Atall")
check("Nobody Atall" in msg, "unknown name: " + msg)
msg = error("/api/view?around=Federal")
check("Federal" in msg, "ambiguous or unknown name with candidates: " + msg)
msg = error("/api/view?frobnicate=1")
check("frobnicate=" in msg, "unknown key: " + msg)
msg = error("/api/view?between=FSB")
check("between" in msg, "one name for between: " + msg)
msg = error("/api/view?format=bmp")
check("format=" in msg, "unknown format: " + msg)
msg = error("/api/view?since=2003-13")
check(msg != "", "bad date: " + msg)
msg = error("/api/view?around=%zz")
check("escape" in msg, "bad escape: " + msg)
msg = error("/api/view?around=a%0ab")
check("control" in msg, "control character: " + msg)
msg = error("/api/view?" + "type=person&" * 420)
check("longer than" in msg, "query length limit: " + msg)
msg = error("/api/view?" + "&".join("around=n%d" % i for i in range(40)))
check("names" in msg, "name count limit: " + msg)
msg = error("/api/entity")
check("name=" in msg, "entity without a name: " + msg)
msg = error("/api/entity?name=Nobody%20Atall")
check("Nobody Atall" in msg, "entity unknown: " + msg)
msg = error("/api/search")
check("q=" in msg, "search without q: " + msg)
msg = error("/api/stats?format=svg")
check("format=" in msg, "format= on stats: " + msg)

# Host names: 127.0.0.1 and localhost, with or without the port; others 421.
for host in ("127.0.0.1", "127.0.0.1:%d" % port, "localhost", "LOCALHOST:%d" % port):
    check(request("/", host=host)[0] == 200, "Host " + host)
for host in ("evil.example", "evil.example:%d" % port, "127.0.0.1:1", "localhost.evil.example",
             ""):
    check(request("/", host=host)[0] == 421, "Host %r gets 421" % host)
# Only GET and HEAD.
for method in ("POST", "PUT", "DELETE", "OPTIONS"):
    s, h, _ = request("/api/view", method=method, body=b"x=1")
    check(s == 405 and h.get("allow") == "GET, HEAD", method + " gets 405")

# The loopback only: another address of this machine refuses.
try:
    addrs = subprocess.run(["hostname", "-I"], stdout=subprocess.PIPE, text=True).stdout.split()
except OSError:
    addrs = []
for a in [a for a in addrs if ":" not in a and not a.startswith("127.")][:1]:
    try:
        socket.create_connection((a, port), timeout=2).close()
        check(False, "reachable on " + a)
    except OSError:
        pass

if failures:
    print("%d failures" % len(failures))
    sys.exit(1)
