#!/usr/bin/env python3
"""Checks that no text of a PDF drawn by ergraph overlaps another text or a
node it does not belong to, and prints the smallest text size.

usage: check_pdf_text.py DRAWING.pdf DRAWING.svg [PAGED.pdf WIDTH HEIGHT [MIN_TEXT [TITLE]]]
The PDF must be the drawing at its natural size (`--page none`) and the SVG
the same layout: the words' boxes come from the PDF (pdftotext -bbox, the
glyphs as drawn), the nodes' outlines from the SVG. A word belongs to the
node whose outline holds its centre; it must not touch any other node, nor
any other word (boxes shrunk by a little, since the ascent of one line
meets the descent of the line above within a label).

With PAGED.pdf (the same drawing put on pages by --page), every page must
be WIDTH x HEIGHT points, its text at least MIN_TEXT pt (default 6: the
drawing's smallest font size, from the SVG, times the ratio of the smallest
word heights), and the pages together must show the drawing's text (all but
a few characters, which a cut between two pages may drop from both). A
poster's pages must each show their label (A1, A2, ... B1: rows down,
columns across; a cell of the grid with nothing drawn is left out, the
others keep their labels and are numbered among the pages printed, "2 of
11") and some of the drawing: no empty page (each page rendered
by pdftoppm at 36 dpi has dark pixels inside its trim area, away from the
label and the trim marks in the margin), and its first page the first word
of TITLE when given.

usage: check_pdf_text.py --poster PAGED.pdf
Only a poster's own checks, on any drawing: no empty page, each page
labelled as said above.

usage: check_pdf_text.py --empty-pages PAGED.pdf
Only the empty-page check, on any PDF: the dark pixels of each page, and
exit 1 when a page has none."""
import html as html_text
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
NUM = re.compile(r"-?\d+(?:\.\d+)?")


def pages(pdf):
    """Each page's width, height and words (x0, y0, x1, y1, text)."""
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True, capture_output=True,
                          text=True).stdout
    out = []
    for page in re.split(r"(?=<page )", html)[1:]:
        size = re.match(r'<page width="([\d.]+)" height="([\d.]+)"', page)
        ws = []
        for m in re.finditer(r'<word xMin="(-?[\d.]+)" yMin="(-?[\d.]+)" xMax="(-?[\d.]+)" '
                             r'yMax="(-?[\d.]+)">([^<]*)</word>', page):
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            ws.append((x0, y0, x1, y1, html_text.unescape(m.group(5))))
        out.append((float(size.group(1)), float(size.group(2)), ws))
    return out


def words(pdf):
    ps = pages(pdf)
    if len(ps) != 1:
        sys.exit(f"{pdf}: {len(ps)} pages, expected the drawing on one")
    return ps[0]


def smallest_font(svg):
    sizes = [float(el.get("font-size")) for el in ET.parse(svg).getroot().iter(SVG + "text")]
    return min(sizes)


MARGIN = 18.0  # pt: a poster page's margin, its label and trim marks in it
INK_DPI = 36


def ink(pdf):
    """Each page's ink inside its trim area: the pages rendered in grey at
    INK_DPI by pdftoppm, the pixels darker than near-white counted within
    the margins (less 2 pt, clear of the trim marks at the corners and of
    the label above). Returns [(dark pixels, pixels)] per page."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(INK_DPI), "-gray", pdf, os.path.join(tmp, "p")],
                       check=True)
        out = []
        for name in sorted(os.listdir(tmp), key=lambda n: int(re.findall(r"\d+", n)[-1])):
            data = open(os.path.join(tmp, name), "rb").read()
            m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
            w, h = int(m.group(1)), int(m.group(2))
            px = data[m.end():]
            k = (MARGIN + 2) * INK_DPI / 72
            x0, x1, y0, y1 = int(k) + 1, int(w - k) - 1, int(k) + 1, int(h - k) - 1
            dark = sum(1 for y in range(y0, y1) for v in px[y * w + x0:y * w + x1] if v < 224)
            out.append((dark, (x1 - x0) * (y1 - y0)))
        return out


def empty_pages(pdf):
    """The pages (1-based) with no ink of the drawing in their trim area,
    and the least ink of a page (dark pixels)."""
    counts = ink(pdf)
    return [i + 1 for i, (d, _) in enumerate(counts) if d == 0], min(d for d, _ in counts)


def row_index(letters):
    """The row of a page label's letters: A 0, Z 25, AA 26."""
    v = 0
    for ch in letters:
        v = v * 26 + ord(ch) - ord("A") + 1
    return v - 1


def poster_problems(paged, ps):
    """A poster's problems (empty pages, labels), and the least ink of a
    page; none for one page."""
    problems = []
    if len(ps) < 2:
        return problems, None
    # A poster's labels are in the top margin (18 pt), the drawing below it.
    # (pdftotext reports clipped words too: the label is the line that
    # starts at 34 pt, clear of the trim mark.)
    in_margin = []
    for _, _, ws in ps:
        start = [w for w in ws if w[3] <= 18 and abs(w[0] - 34) < 0.5]
        in_margin.append(sorted(w for w in ws if start and abs(w[1] - start[0][1]) < 0.5
                                and w[0] >= 34 - 0.5))
    empty, least = empty_pages(paged)
    for i in empty:
        problems.append(f"page {i} is empty: no ink of the drawing inside its trim area")
    first = " ".join(w[4] for w in in_margin[0])
    m = re.search(r"\(1 of (\d+); rows A-([A-Z]+), columns 1-(\d+)\)", first)
    if not m or int(m.group(1)) != len(ps):
        problems.append(f"page 1 has no label of {len(ps)} pages: {first[:80]!r}")
        return problems, least
    # Each page is a cell of the grid (rows A-.., columns 1-..), after the
    # one before it (a cell with nothing drawn is left out), and numbered
    # among the pages printed.
    rows, cols = row_index(m.group(2)) + 1, int(m.group(3))
    before = -1
    for i in range(len(ps)):
        # (Clipped words of the drawing on the same line may come between
        # the label's words: they are picked out.)
        texts = [w[4] for w in in_margin[i]]
        lm = re.fullmatch(r"([A-Z]+)(\d+)", texts[0]) if texts else None
        k = [int(t[1:]) for t in texts if re.fullmatch(r"\(\d+", t)]
        n = [int(t[:-1]) for t in texts if re.fullmatch(r"\d+;", t)]
        r = row_index(lm.group(1)) if lm else -1
        c = int(lm.group(2)) - 1 if lm else -1
        if (not lm or not 0 <= r < rows or not 0 <= c < cols or r * cols + c <= before
                or k[:1] != [i + 1] or n[:1] != [len(ps)]):
            problems.append(f"page {i + 1} is not labelled as a cell of the {rows} x {cols} "
                            f"grid after the last page's, {i + 1} of {len(ps)}: {texts[:6]}")
        else:
            before = r * cols + c
    return problems, least


def check_pages(paged, width, height, natural_words, svg, min_text=6.0, title=None):
    """Problems of the paged PDF, and a line of what was measured."""
    ps = pages(paged)
    # The drawing's words: those whose centre is in the printable area
    # (the rest is clipped away, though pdftotext reports it).
    drawn = [(w, h, [x for x in ws if 18 < (x[1] + x[3]) / 2 < h - 18
                     and 18 < (x[0] + x[2]) / 2 < w - 18]) for w, h, ws in ps]
    problems, least = poster_problems(paged, ps)
    if len(ps) > 1 and title and title.split()[0] not in [w[4] for w in drawn[0][2]]:
        problems.append(f"the title ({title!r}) is not on the first page")
    ps_words = drawn
    paged_words = [w for _, _, ws in ps_words for w in ws]
    if not paged_words:
        return ["the pages show no text"], ""
    ratio = min(w[3] - w[1] for w in paged_words) / min(w[3] - w[1] for w in natural_words)
    smallest = smallest_font(svg) * ratio
    if smallest < min_text - 1e-6:
        problems.append(f"the smallest text is {smallest:.2f} pt on the pages")
    shown = sum(len(w[4]) for w in paged_words)
    expected = sum(len(w[4]) for w in natural_words)
    if shown < 0.99 * expected:
        problems.append(f"the pages show {shown} characters of the drawing's {expected}")
    return problems, (f"{len(ps)} pages of {width} x {height} pt, smallest text {smallest:.2f} pt, "
                      f"{shown} of {expected} characters shown" +
                      (f", at least {least} dark pixels on a page at {INK_DPI} dpi"
                       if least is not None else ""))


def hull(points):
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def node_outlines(svg, pdf_w, pdf_h):
    """Each node's outline (convex hull) in PDF page coordinates, y down."""
    root = ET.parse(svg).getroot()
    svg_w = float(NUM.search(root.get("width")).group())
    svg_h = float(NUM.search(root.get("height")).group())
    graph = next(g for g in root.iter(SVG + "g") if g.get("class") == "graph")
    tr = [float(v) for v in NUM.findall(graph.get("transform"))]
    scale, tx, ty = tr[0], tr[-2], tr[-1]
    # cairo's PDF centres the SVG's page in a margin of its own.
    mx, my = (pdf_w - svg_w) / 2, (pdf_h - svg_h) / 2
    out = []
    for g in root.iter(SVG + "g"):
        if "node" not in (g.get("class") or "").split():
            continue
        pts = []
        for el in g.iter():
            tag = el.tag[len(SVG):] if el.tag.startswith(SVG) else el.tag
            if tag == "polygon" and el.get("stroke") != "transparent":
                v = [float(x) for x in NUM.findall(el.get("points"))]
                pts += list(zip(v[0::2], v[1::2]))
            elif tag == "path":
                v = [float(x) for x in NUM.findall(el.get("d"))]
                pts += list(zip(v[0::2], v[1::2]))
            elif tag == "ellipse":
                cx, cy = float(el.get("cx")), float(el.get("cy"))
                rx, ry = float(el.get("rx")), float(el.get("ry"))
                for k in range(24):
                    import math
                    a = 2 * math.pi * k / 24
                    pts.append((cx + rx * math.cos(a) / math.cos(math.pi / 24),
                                cy + ry * math.sin(a) / math.cos(math.pi / 24)))
        if len(pts) >= 3:
            mapped = [((x + tx) * scale + mx, (y + ty) * scale + my) for x, y in pts]
            title = g.find(SVG + "title")
            out.append((title.text if title is not None else "?", hull(mapped)))
    return out


def inside(poly, x, y):
    n = len(poly)
    sign = 0
    for i in range(n):
        (x0, y0), (x1, y1) = poly[i], poly[(i + 1) % n]
        c = (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)
        if c != 0:
            if sign == 0:
                sign = 1 if c > 0 else -1
            elif (c > 0) != (sign > 0):
                return False
    return True


def rect_meets_poly(r, poly):
    """Separating axis test of a rectangle against a convex polygon."""
    x0, y0, x1, y1 = r
    xs = [p[0] for p in poly]
    ys = [p[1] for p in poly]
    if max(xs) <= x0 or min(xs) >= x1 or max(ys) <= y0 or min(ys) >= y1:
        return False
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    n = len(poly)
    for i in range(n):
        (ax, ay), (bx, by) = poly[i], poly[(i + 1) % n]
        nx, ny = by - ay, ax - bx
        proj = [nx * px + ny * py for px, py in poly]
        rp = [nx * px + ny * py for px, py in corners]
        if max(rp) <= min(proj) or min(rp) >= max(proj):
            return False
    return True


def shrink(w):
    x0, y0, x1, y1, _ = w
    dy = (y1 - y0) * 0.15
    return (x0 + 0.5, y0 + dy, x1 - 0.5, y1 - dy)


def main():
    if sys.argv[1] == "--empty-pages":
        # Only the check for empty pages, on any PDF: exit 1 when one is.
        counts = ink(sys.argv[2])
        print(" ".join(f"{i + 1}:{d}" for i, (d, _) in enumerate(counts)))
        empty = [i + 1 for i, (d, _) in enumerate(counts) if d == 0]
        for i in empty:
            print(f"  page {i} is empty: no ink of the drawing inside its trim area")
        return 1 if empty else 0
    if sys.argv[1] == "--poster":
        # A poster's own checks, on any drawing: no empty page, the labels.
        ps = pages(sys.argv[2])
        problems, least = poster_problems(sys.argv[2], ps)
        print(f"{len(ps)} pages, at least {least} dark pixels on a page")
        for p in problems[:40]:
            print("  " + p)
        return 1 if problems else 0
    pdf, svg = sys.argv[1], sys.argv[2]
    pdf_w, pdf_h, ws = words(pdf)
    nodes = node_outlines(svg, pdf_w, pdf_h)
    problems = []
    home = []
    for w in ws:
        cx, cy = (w[0] + w[2]) / 2, (w[1] + w[3]) / 2
        own = [name for name, poly in nodes if inside(poly, cx, cy)]
        home.append(own[0] if own else None)
        r = shrink(w)
        for name, poly in nodes:
            if name not in own and rect_meets_poly(r, poly):
                problems.append(f"'{w[4]}' at {w[0]:.0f},{w[1]:.0f} overlaps node {name}")
    boxes = sorted((shrink(w), i) for i, w in enumerate(ws))
    for a in range(len(boxes)):
        ra, i = boxes[a]
        for b in range(a + 1, len(boxes)):
            rb, j = boxes[b]
            if rb[0] >= ra[2]:
                break
            if rb[1] < ra[3] and ra[1] < rb[3] and rb[0] < ra[2]:
                problems.append(f"'{ws[i][4]}' at {ws[i][0]:.0f},{ws[i][1]:.0f} overlaps "
                                f"'{ws[j][4]}' at {ws[j][0]:.0f},{ws[j][1]:.0f}")
    heights = sorted(w[3] - w[1] for w in ws)
    print(f"{len(ws)} words, {len(nodes)} nodes, page {pdf_w:.0f} x {pdf_h:.0f} pt, "
          f"smallest word height {heights[0]:.2f} pt, {len(problems)} overlaps")
    if len(sys.argv) >= 6:
        min_text = float(sys.argv[6]) if len(sys.argv) >= 7 else 6.0
        title = sys.argv[7] if len(sys.argv) >= 8 else None
        more, measured = check_pages(sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), ws, svg,
                                     min_text, title)
        print(measured)
        problems += more
    for p in problems[:40]:
        print("  " + p)
    return 1 if problems or not nodes or not ws else 0


if __name__ == "__main__":
    sys.exit(main())
