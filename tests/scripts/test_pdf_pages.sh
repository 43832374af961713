#!/usr/bin/env bash
# The merged graph of graphs/ printed at A4 (and Letter) width: render
# --page puts the PDF on pages of that size whose text is at least 8 pt,
# showing all of the drawing, and no text of the drawing overlaps another
# text or a node (checked on the same layout at its natural size, with the
# words' boxes from the PDF and the nodes' outlines from the SVG). A small
# drawing fits one page; --page is refused for other formats.
set -eu
ergraph=$1 src=$2
for tool in pdfinfo pdftotext python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (poppler-utils, python3)"; exit 77; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check="$src/tests/scripts/check_pdf_text.py"
files=("$src"/graphs/*.json)

"$ergraph" render -q -T pdf --page none -o "$tmp/all.pdf" "${files[@]}"
"$ergraph" render -q -T svg -o "$tmp/all.svg" "${files[@]}"
for paper in "a4 595.276 841.89" "a4-landscape 841.89 595.276" "letter 612 792"; do
  set -- $paper
  "$ergraph" render -q -T pdf --page "$1" -o "$tmp/paged.pdf" "${files[@]}" 2>"$tmp/note"
  pages=$(pdfinfo "$tmp/paged.pdf" | awk '/^Pages:/ {print $2}')
  # The note's count is the PDF's.
  grep -q "takes $pages pages of" "$tmp/note" || { echo "$1: $pages pages, but:"; cat "$tmp/note"; exit 1; }
  [ "$pages" -gt 1 ] || { echo "$1: the merged graph on $pages page"; exit 1; }
  echo "--page $1: $(cat "$tmp/note")"
  python3 "$check" "$tmp/all.pdf" "$tmp/all.svg" "$tmp/paged.pdf" "$2" "$3"
done

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
python3 "$check" "$tmp/small.pdf" "$tmp/small.svg" "$tmp/small-a4.pdf" 841.89 595.276

# Usage errors: another format, an unknown paper.
for args in "-T svg --page a4" "-T pdf --page a5"; do
  status=0
  # shellcheck disable=SC2086
  "$ergraph" render -q $args -o "$tmp/x" "${files[0]}" 2>"$tmp/err" || status=$?
  [ "$status" = 2 ] || { echo "render $args: exit $status, not 2"; cat "$tmp/err"; exit 1; }
  [ ! -e "$tmp/x" ] || { echo "render $args wrote a file"; exit 1; }
done
echo "pages checked"
