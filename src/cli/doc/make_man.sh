#!/bin/sh
# Makes ergraph.1 from ergraph.1.in and the program's own --help texts, so
# that the manual and the help never disagree.
#   make_man.sh ERGRAPH TEMPLATE OUTPUT
set -eu
ergraph=$1 template=$2 output=$3
tmp=$output.tmp
# Text as roff: backslashes doubled, a leading dot or quote protected.
roff() {
  sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
}
version=$("$ergraph" --version | sed 's/^ergraph //')
{
  while IFS= read -r line; do
    case $line in
    @USAGE@)
      echo ".nf"
      "$ergraph" --help | sed '1,/^$/d' | roff
      echo ".fi"
      ;;
    @COMMANDS@)
      for cmd in $("$ergraph" --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p'); do
        echo ".SS $cmd"
        echo ".nf"
        "$ergraph" "$cmd" --help | roff
        echo ".fi"
      done
      ;;
    *) printf '%s\n' "$line" | sed "s/@VERSION@/$version/" ;;
    esac
  done <"$template"
} >"$tmp"
mv "$tmp" "$output"
