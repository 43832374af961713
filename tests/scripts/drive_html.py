#!/usr/bin/env python3
"""Drives ergraph's HTML page in real headless Chromium, as a user would:
types in the search box, presses Enter, zooms with the mouse wheel, clicks
a tie, and reads the card in the panel.

usage: drive_html.py [--hide TYPE] [--label-nodes]
                     CHROMIUM PAGE.html SEARCH EXPECTED_NAME TIE_ID QUOTE...
  SEARCH         what to type in the search box
  EXPECTED_NAME  the entity whose card must then show (name in <h2>)
  TIE_ID         the SVG id of the tie to click ("r-..."; its label node
                 "r-...-label" when the drawing has one, as under --cluster)
  QUOTE...       the quotes the tie's card must show, each exactly
  --hide TYPE    the toggle to switch off (else the first); then the "of"
                 lines (entity to country) must hide exactly when one of
                 their ends is of TYPE, and some of each must be on the page
  --screenshot FILE  a PNG of the page with TYPE hidden
  --label-nodes  the drawing has tie labels as nodes (--cluster): a click on
                 a second half "h-ID" shows the tie "r-ID"; hiding TYPE hides
                 the three parts of its ties and no other, and under
                 --cluster type the box of TYPE ("t-TYPE") and no other

Chromium is driven through the DevTools protocol over a pipe
(--remote-debugging-pipe: JSON messages ended by NUL on fds 3 and 4), so
nothing beyond Python's standard library is needed, and no port is opened.
Exits 0 when all checks pass, 1 with a message otherwise."""
import base64
import json
import os
import subprocess
import sys
import tempfile
import time


class Browser:
    def __init__(self, chromium, profile):
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()

        def fds():
            # The child reads commands on 3 and writes replies on 4. Moved
            # out of the way first, so that neither overwrites the other;
            # os.dup2 leaves the copies inheritable.
            a, b = os.dup2(to_child_r, 100), os.dup2(from_child_w, 101)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--remote-debugging-pipe", "--user-data-dir=" + profile,
                "--window-size=1400,900", "about:blank"]
        # close_fds=False: closing happens after preexec_fn and would close
        # 3 and 4; the parent's other descriptors are close-on-exec anyway.
        self.proc = subprocess.Popen(args, preexec_fn=fds, close_fds=False,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self.next_id = 0
        self.buf = b""
        self.events = []
        self.session = None

    def _read(self, deadline):
        while b"\0" not in self.buf:
            if time.time() > deadline:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self.from_child, 65536)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=True, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method, timeout=30):
        deadline = time.time() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._read(deadline))

    def js(self, expr):
        r = self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True})
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expr}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# The page's data, and the parts drawn for a tie: its first half "r-ID",
# and under --cluster its label node "r-ID-label" and second half "h-ID".
PARTS_JS = ("var data = JSON.parse(document.getElementById('erg-data').textContent);"
            " function parts(id) { return [id, id + '-label', 'h-' + id.slice(2)]"
            ".map(function (i) { return document.getElementById(i); })"
            ".filter(Boolean); }"
            " function shown(g) { return getComputedStyle(g).display !== 'none'; }")


def click(b, x, y):
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        b.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y,
                                            "button": "left", "clickCount": 1})


def click_second_half(b, failures):
    """Zooms in on the middle of a tie's second half "h-ID" and clicks it:
    the panel must show the tie r-ID, every part of it selected."""
    where = ("(function () { var g = document.querySelectorAll('g.edge[id^=\"h-\"]')[%d];"
             " if (!g) return null; var p = g.querySelector('path');"
             " var pt = p.getPointAtLength(p.getTotalLength() / 2);"
             " var m = p.getScreenCTM(); var s = pt.matrixTransform(m);"
             " return [g.id, s.x, s.y]; })()")
    hit = ("(function () { var e = document.elementFromPoint(%f, %f);"
           " var g = e && e.closest('g.edge, g.node'); return g ? g.id : null; })()")
    inside = ("(function () { var r = document.getElementById('view').getBoundingClientRect();"
              " return [r.left + 20, r.top + 20, r.right - 20, r.bottom - 20]; })()")
    box = b.js(inside)
    # The first second half whose middle is in the view and, zoomed in on,
    # is what the mouse is over there.
    for i in range(200):
        pos = b.js(where % i)
        if pos is None:
            failures.append("no second half h-... of a tie to click")
            return
        if not (box[0] < pos[1] < box[2] and box[1] < pos[2] < box[3]):
            continue
        for _ in range(10):
            b.send("Input.dispatchMouseEvent", {"type": "mouseWheel", "x": pos[1], "y": pos[2],
                                                "deltaX": 0, "deltaY": -120})
            pos = b.js(where % i)
        if b.js(hit % (pos[1], pos[2])) == pos[0]:
            break
        b.js("document.getElementById('zoom-fit').click()")
    else:
        failures.append("no second half h-... of a tie found under the mouse")
        return
    half = pos[0]
    tie = "r-" + half[2:]
    click(b, pos[1], pos[2])
    card = b.js("document.getElementById('panel').dataset.shown")
    if card != tie:
        failures.append(f"click on the second half {half}: the panel shows {card!r}, not {tie}")
    selected = b.js(PARTS_JS + "parts(%s).filter(function (g) {"
                    " return !g.classList.contains('erg-selected'); }).map(function (g) {"
                    " return g.id; })" % json.dumps(tie))
    if selected:
        failures.append(f"click on {half}: parts of {tie} not selected: {selected}")
    print(f"click on the second half {half}: card {card!r}")
    b.js("document.getElementById('zoom-fit').click()")


def hide_and_check(b, failures, hide_type, label_nodes, shot):
    """Switches TYPE off, then checks what shows against the page's data:
    an "of" line "of-E" joins E and the country named as E's country; a
    tie's parts hide with either end."""
    r = b.js(PARTS_JS + "(function () {"
             " var box = document.querySelector('#types input[data-type=' + %s + ']');"
             " if (!box) return null; box.click();"
             " function off(e) { return !!data.entities[e] && data.entities[e].type === %s; }"
             " var countryOf = {};"
             " Object.keys(data.entities).forEach(function (k) {"
             "  if (data.entities[k].type === 'country') countryOf[data.entities[k].name] = k; });"
             " var of = [0, 0], bad = [];"
             " document.querySelectorAll('g.edge.of').forEach(function (g) {"
             "  var e = 'e-' + g.id.slice(3), c = countryOf[(data.entities[e] || {}).country];"
             "  if (!data.entities[e] || !c) { bad.push(g.id + ' joins no entity'); return; }"
             "  var gone = off(e) || off(c); of[gone ? 0 : 1]++;"
             "  if (shown(g) === gone) bad.push(g.id + (gone ? ' shown' : ' hidden')); });"
             " var ties = [0, 0], labels = [0, 0];"
             " Object.keys(data.ties).forEach(function (id) {"
             "  var t = data.ties[id], gone = off(t.from) || off(t.to), ps = parts(id);"
             "  if (!ps.length) return; ties[gone ? 0 : 1]++;"
             "  if (ps.length === 3) labels[gone ? 0 : 1]++;"
             "  ps.forEach(function (g) {"
             "   if (shown(g) === gone) bad.push(g.id + (gone ? ' shown' : ' hidden')); }); });"
             " document.querySelectorAll('g.cluster[id^=\"t-\"]').forEach(function (g) {"
             "  var gone = g.id === 't-' + %s;"
             "  if (shown(g) === gone) bad.push('cluster ' + g.id + (gone ? ' shown' : ' hidden')); });"
             " return [of, ties, labels, bad]; })()" % (json.dumps(json.dumps(hide_type)),
                                                         json.dumps(hide_type),
                                                         json.dumps(hide_type)))
    if r is None:
        failures.append(f"no toggle for {hide_type!r}")
        return
    of, ties, labels, bad = r
    if shot:
        png = b.send("Page.captureScreenshot", {"format": "png"})["data"]
        with open(shot, "wb") as f:
            f.write(base64.b64decode(png))
    b.js("document.querySelector('#types input[data-type=' + %s + ']').click()"
         % json.dumps(json.dumps(hide_type)))
    for what in bad[:10]:
        failures.append(f"{hide_type} hidden: {what}")
    if len(bad) > 10:
        failures.append(f"{hide_type} hidden: and {len(bad) - 10} more")
    if of[0] == 0 or of[1] == 0:
        failures.append(f"{hide_type} hidden: need \"of\" lines that hide and that stay "
                        f"(hidden {of[0]}, shown {of[1]})")
    if label_nodes and (labels[0] == 0 or labels[1] == 0):
        failures.append(f"{hide_type} hidden: need label nodes that hide and that stay "
                        f"(hidden {labels[0]}, shown {labels[1]})")
    print(f"toggle {hide_type!r}: of lines {of[0]} hidden, {of[1]} shown; ties {ties[0]} "
          f"hidden, {ties[1]} shown ({labels[0]} and {labels[1]} with label nodes)")


def main():
    args = sys.argv[1:]
    hide_type, label_nodes, shot = None, False, None
    while args and args[0].startswith("--"):
        if args[0] == "--hide":
            hide_type, args = args[1], args[2:]
        elif args[0] == "--screenshot":
            shot, args = args[1], args[2:]
        elif args[0] == "--label-nodes":
            label_nodes, args = True, args[1:]
        else:
            sys.exit(f"unknown option {args[0]}")
    chromium, page, query, expected_name, tie_id = args[:5]
    quotes = args[5:]
    failures = []
    with tempfile.TemporaryDirectory() as profile:
        b = Browser(chromium, profile)
        try:
            target = b.send("Target.createTarget", {"url": "about:blank"}, session=False)
            b.session = b.send("Target.attachToTarget",
                               {"targetId": target["targetId"], "flatten": True},
                               session=False)["sessionId"]
            b.send("Page.enable")
            b.send("Runtime.enable")
            b.send("Page.navigate", {"url": "file://" + os.path.abspath(page)})
            b.wait_event("Page.loadEventFired")
            errors = [e for e in b.events if e.get("method") == "Runtime.exceptionThrown"]
            if errors:
                failures.append(f"script error on load: {errors[0]['params']}")

            # Search: type the name and press Enter.
            b.js("document.getElementById('search').focus()")
            b.send("Input.insertText", {"text": query})
            for kind in ("keyDown", "keyUp"):
                b.send("Input.dispatchKeyEvent", {"type": kind, "key": "Enter", "code": "Enter",
                                                  "windowsVirtualKeyCode": 13, "text": "\r"})
            shown = b.js("(document.querySelector('#panel h2') || {}).textContent")
            if shown != expected_name:
                failures.append(f"search {query!r}: the card shows {shown!r}, "
                                f"expected {expected_name!r}")
            hit = b.js("Array.from(document.querySelectorAll('g.node.erg-hit'))"
                       ".map(function (g) { return g.id; })")
            if not hit:
                failures.append(f"search {query!r}: nothing highlighted")
            hit_ties = b.js("document.querySelectorAll('g.edge.erg-hit').length")
            print(f"search {query!r}: card {shown!r}, {len(hit or [])} entities and "
                  f"{hit_ties} ties highlighted")

            # The search highlights every part of a tie it highlights.
            if label_nodes:
                part_hits = b.js(PARTS_JS + "(function () { var n = 0, bad = [];"
                                 " document.querySelectorAll('g.edge.erg-hit').forEach(function (g) {"
                                 "  if (!data.ties[g.id]) return; n++;"
                                 "  parts(g.id).forEach(function (p) {"
                                 "   if (!p.classList.contains('erg-hit')) bad.push(p.id); }); });"
                                 " return [n, bad]; })()")
                if part_hits[0] == 0 or part_hits[1]:
                    failures.append(f"search {query!r}: {part_hits[0]} ties highlighted, these "
                                    f"parts of them not: {part_hits[1][:5]}")

            # Zoom in on the tie with the wheel, then click its label.
            where = "(function () { var g = document.getElementById(%s + '-label') ||" \
                    " document.getElementById(%s);" \
                    " if (!g) return null; var t = g.querySelector('text') || g;" \
                    " var r = t.getBoundingClientRect();" \
                    " return [r.left + r.width / 2, r.top + r.height / 2, r.width]; })()" \
                    % (json.dumps(tie_id), json.dumps(tie_id))
            if label_nodes and not b.js("!!document.getElementById(%s)"
                                        % json.dumps(tie_id + "-label")):
                failures.append(f"no label node {tie_id}-label in the page")
            pos = b.js(where)
            if pos is None:
                failures.append(f"no element {tie_id!r} in the page")
            else:
                for _ in range(8):
                    b.send("Input.dispatchMouseEvent", {"type": "mouseWheel", "x": pos[0],
                                                        "y": pos[1], "deltaX": 0,
                                                        "deltaY": -120})
                    pos = b.js(where)
                print(f"tie {tie_id}: label at {pos[0]:.0f},{pos[1]:.0f}, {pos[2]:.0f} px wide "
                      "after zooming")
                for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
                    b.send("Input.dispatchMouseEvent", {"type": kind, "x": pos[0], "y": pos[1],
                                                        "button": "left", "clickCount": 1})
                card = b.js("document.getElementById('panel').dataset.shown")
                got = b.js("Array.from(document.querySelectorAll('#panel blockquote'))"
                           ".map(function (q) { return q.textContent; })") or []
                if card != tie_id:
                    failures.append(f"click on {tie_id}: the panel shows {card!r}")
                for q in quotes:
                    if q not in got:
                        failures.append(f"click on {tie_id}: quote {q!r} not in the card "
                                        f"(it shows {got!r})")
                print(f"tie {tie_id}: card shows {len(got)} quotes")
                links = b.js("Array.from(document.querySelectorAll('#panel a'))"
                             ".map(function (a) { return a.href; })") or []
                for link in links:
                    if not link.lower().startswith(("http://", "https://")):
                        failures.append(f"card links to {link!r}")

            # Nothing from the input ran or became markup.
            if b.js("typeof window.pwned") != "undefined":
                failures.append("a script from the input ran")
            if b.js("document.querySelectorAll('#panel img, #panel script, svg script, "
                    "svg foreignObject').length"):
                failures.append("markup from the input in the page")

            if label_nodes:
                click_second_half(b, failures)

            # Toggles hide a type, and the ties that touch it.
            if hide_type is not None:
                hide_and_check(b, failures, hide_type, label_nodes, shot)
            first = b.js("(function () { var box = document.querySelector('#types input');"
                         " box.click(); var t = box.dataset.type;"
                         " var shown = Array.from(document.querySelectorAll('g.node.entity.' + t))"
                         ".filter(function (g) { return getComputedStyle(g).display !== 'none'; });"
                         " return [t, shown.length]; })()")
            if first[1] != 0:
                failures.append(f"toggle {first[0]}: {first[1]} entities still shown")
            print(f"toggle {first[0]!r}: its entities hidden")
        finally:
            b.close()
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
