#!/usr/bin/env bash
# The merged graph of graphs/ printed on A4, A3 (and Letter): render --page
# puts the PDF on pages of that size whose text is at least --min-text (6 pt
# by default), showing all of the drawing, each page of a poster labelled
# (A1, A2, ...) and showing some of it, the title on the first page; a note
# says how small one page's text would have been; and no text of the drawing
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
