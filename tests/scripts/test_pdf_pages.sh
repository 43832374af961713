#!/usr/bin/env bash
# The merged graph of graphs/ printed on A4, A3 (and Letter): render --page
# puts the PDF on pages of that size whose text is at least --min-text (6 pt
# by default), showing all of the drawing, each page of a poster labelled
# (A1, A2, ...) and showing some of it, the title on the first page; a note
# says how small one page's text would have been; no page is empty (some ink
# of the drawing inside its trim marks; a made-up poster with an empty page
# shows the check catches one); and no text of the drawing
# overlaps another text or a node (checked on the same layout at its natural
# size, with the words' boxes from the PDF and the nodes' outlines from the
# SVG). A small drawing fits one page; --page is refused for other formats.
set -eu
ergraph=$1 src=$2
for tool in pdfinfo pdftotext python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (poppler-utils, python3)"; exit 77; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check="$src/tests/scripts/check_pdf_text.py"
files=("$src"/graphs/*.json)
title=(--title "Figure 1: the graphs merged")

"$ergraph" render -q -T pdf "${title[@]}" --page none -o "$tmp/all.pdf" "${files[@]}"
"$ergraph" render -q -T svg "${title[@]}" -o "$tmp/all.svg" "${files[@]}"
for paper in "a4 595.276 841.89" "a4-landscape 841.89 595.276" "a3 841.89 1190.551" \
             "a3-landscape 1190.551 841.89" "letter 612 792"; do
  set -- $paper
  "$ergraph" render -q -T pdf "${title[@]}" --page "$1" -o "$tmp/paged.pdf" "${files[@]}" \
    2>"$tmp/note"
  pages=$(pdfinfo "$tmp/paged.pdf" | awk '/^Pages:/ {print $2}')
  # The note's count is the PDF's, and it says how small one page would be.
  grep -q "takes $pages pages of" "$tmp/note" || { echo "$1: $pages pages, but:"; cat "$tmp/note"; exit 1; }
  grep -q "on one page it would be [0-9.]* pt, under the 6 pt allowed" "$tmp/note" ||
    { echo "$1: the note does not say how small one page would be:"; cat "$tmp/note"; exit 1; }
  [ "$pages" -gt 1 ] || { echo "$1: the merged graph on $pages page"; exit 1; }
  echo "--page $1: $(cat "$tmp/note")"
  python3 "$check" "$tmp/all.pdf" "$tmp/all.svg" "$tmp/paged.pdf" "$2" "$3" 6 "${title[1]}"
done
# A bigger --min-text takes more pages; a smaller one, down to what the note
# said, one page.
"$ergraph" render -q -T pdf "${title[@]}" --page a3-landscape --min-text 9 -o "$tmp/9.pdf" \
  "${files[@]}" 2>/dev/null
"$ergraph" render -q -T pdf "${title[@]}" --page a3-landscape -o "$tmp/6.pdf" "${files[@]}" \
  2>"$tmp/note"
p9=$(pdfinfo "$tmp/9.pdf" | awk '/^Pages:/ {print $2}')
p6=$(pdfinfo "$tmp/6.pdf" | awk '/^Pages:/ {print $2}')
[ "$p9" -gt "$p6" ] || { echo "--min-text 9: $p9 pages, 6: $p6"; exit 1; }
one=$(grep -o 'on one page it would be [0-9.]*' "$tmp/note" | awk '{print $NF}')
"$ergraph" render -q -T pdf "${title[@]}" --page a3-landscape --min-text "$one" \
  -o "$tmp/one.pdf" "${files[@]}" 2>"$tmp/note1"
[ "$(pdfinfo "$tmp/one.pdf" | awk '/^Pages:/ {print $2}')" = 1 ] ||
  { echo "--min-text $one (what the note said): not one page"; cat "$tmp/note1"; exit 1; }
python3 "$check" "$tmp/all.pdf" "$tmp/all.svg" "$tmp/one.pdf" 1190.551 841.89 "$one"

# A small drawing (about 800 x 590 pt): one page of A4 landscape, a little
# smaller than drawn.
small=(--around Lakhani --relation visited,tried_to_sell,arrested)
"$ergraph" render -q -T pdf "${small[@]}" --page none -o "$tmp/small.pdf" "${files[@]}"
"$ergraph" render -q -T svg "${small[@]}" -o "$tmp/small.svg" "${files[@]}"
"$ergraph" render -q -T pdf "${small[@]}" --page a4-landscape -o "$tmp/small-a4.pdf" \
  "${files[@]}" 2>"$tmp/note"
[ ! -s "$tmp/note" ] || { echo "a note for one page:"; cat "$tmp/note"; exit 1; }
pages=$(pdfinfo "$tmp/small-a4.pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" = 1 ] || { echo "${small[*]} on $pages pages of A4 landscape"; exit 1; }
python3 "$check" "$tmp/small.pdf" "$tmp/small.svg" "$tmp/small-a4.pdf" 841.89 595.276 6

# Drawings whose grid has cells with nothing drawn in them (before, blank
# pages: --around FSB --depth 2 on A4 its 12th, --cluster country its 6th,
# 32nd and 33rd): those are left out, the others keep their grid labels
# (A1 ... C3, then no C4) and are numbered among the pages printed, which
# the note counts and says how many were left out.
for args in "--around FSB --depth 2" "--cluster country" \
            "--keep-isolated --source bbc-2003-08-12-old-enemies-unite"; do
  # shellcheck disable=SC2086
  "$ergraph" render -q -T pdf --page a4 $args -o "$tmp/cut.pdf" "${files[@]}" 2>"$tmp/note"
  pages=$(pdfinfo "$tmp/cut.pdf" | awk '/^Pages:/ {print $2}')
  grep -q "takes $pages pages of A4, [0-9]* across and [0-9]* down ([0-9]* without any of the drawing left out)" "$tmp/note" ||
    { echo "$args: $pages pages, but:"; cat "$tmp/note"; exit 1; }
  echo "$args on A4: $(cat "$tmp/note")"
  python3 "$check" --poster "$tmp/cut.pdf" || { echo "$args on A4: a poster check failed"; exit 1; }
done

# The empty-page check catches an empty page: a made-up poster of two A4
# pages with ergraph's trim marks and labels, the first with one line of
# drawing (and no text), the second with nothing inside its trim area.
python3 - "$tmp/fake.pdf" <<'PY'
import sys
W, H, M = 595.276, 841.89, 18
def marks():
    s = "q 0.4 w 0.6 G\n"
    for x, dx in ((M, -1), (W - M, 1)):
        for y, dy in ((M, -1), (H - M, 1)):
            s += f"{x + 3 * dx} {y} m {x + 12 * dx} {y} l {x} {y + 3 * dy} m {x} {y + 12 * dy} l S\n"
    return s + "Q\n"
def label(text):
    return f"q BT /F1 9 Tf 0.35 g {M + 16} {H - M + 6} Td ({text}) Tj ET Q\n"
pages = [marks() + label("A1  \\(1 of 2; rows A-B, columns 1-1\\)") +
         "q 1 w 0 G 200 300 m 400 500 l S Q\n",
         marks() + label("B1")]
objs = ["<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>"]
font = 7
for i, c in enumerate(pages):
    objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {W} {H}] /Contents {4 + 2 * i} 0 R "
                f"/Resources << /Font << /F1 {font} 0 R >> >> >>")
    objs.append(f"<< /Length {len(c)} >>\nstream\n{c}endstream")
objs.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
out, offs = "%PDF-1.4\n", []
for n, o in enumerate(objs, 1):
    offs.append(len(out))
    out += f"{n} 0 obj\n{o}\nendobj\n"
xref = len(out)
out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offs)
out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
open(sys.argv[1], "w").write(out)
PY
status=0
python3 "$check" --empty-pages "$tmp/fake.pdf" >"$tmp/empty" || status=$?
cat "$tmp/empty"
[ "$status" = 1 ] && grep -q "page 2 is empty" "$tmp/empty" && ! grep -q "page 1 is empty" "$tmp/empty" ||
  { echo "the empty-page check missed the empty page, or took a line for nothing"; exit 1; }
# and pdftotext sees the empty page's label: the margin is left out of the
# count, not the page.
[ "$(pdftotext -f 2 -l 2 "$tmp/fake.pdf" - | tr -d '\f' | head -n 1)" = B1 ] ||
  { echo "the fake's empty page has no label"; exit 1; }

# Usage errors: another format, an unknown paper.
for args in "-T svg --page a4" "-T pdf --page a5" "-T pdf --page a4 --min-text 0" \
            "-T pdf --page a4 --min-text six"; do
  status=0
  # shellcheck disable=SC2086
  "$ergraph" render -q $args -o "$tmp/x" "${files[0]}" 2>"$tmp/err" || status=$?
  [ "$status" = 2 ] || { echo "render $args: exit $status, not 2"; cat "$tmp/err"; exit 1; }
  [ ! -e "$tmp/x" ] || { echo "render $args wrote a file"; exit 1; }
done
echo "pages checked"
