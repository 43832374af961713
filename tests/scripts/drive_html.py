#!/usr/bin/env python3
"""Drives ergraph's HTML page in real headless Chromium, as a user would:
types in the search box, presses Enter, zooms with the mouse wheel, clicks
a tie, and reads the card in the panel.

usage: drive_html.py CHROMIUM PAGE.html SEARCH EXPECTED_NAME TIE_ID QUOTE...
  SEARCH         what to type in the search box
  EXPECTED_NAME  the entity whose card must then show (name in <h2>)
  TIE_ID         the SVG id of the tie to click ("r-...")
  QUOTE...       the quotes the tie's card must show, each exactly

Chromium is driven through the DevTools protocol over a pipe
(--remote-debugging-pipe: JSON messages ended by NUL on fds 3 and 4), so
nothing beyond Python's standard library is needed, and no port is opened.
Exits 0 when all checks pass, 1 with a message otherwise."""
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


def main():
    chromium, page, query, expected_name, tie_id = sys.argv[1:6]
    quotes = sys.argv[6:]
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

            # Zoom in on the tie with the wheel, then click its label.
            where = "(function () { var g = document.getElementById(%s);" \
                    " if (!g) return null; var t = g.querySelector('text') || g;" \
                    " var r = t.getBoundingClientRect();" \
                    " return [r.left + r.width / 2, r.top + r.height / 2, r.width]; })()" \
                    % json.dumps(tie_id)
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

            # Toggles hide a type, and the ties that touch it.
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
