#!/usr/bin/env bash
# `cmake --install` puts the manual page (made from the --help texts) and
# the bash and zsh completions where man, bash-completion and zsh look:
# man -l reads the page without a warning and it holds every command's help;
# bash registers the completion and completes commands, formats, entity ids
# and types from the file on the line; zsh loads its file without error.
set -u
ergraph=$1 src=$2
build=$(dirname "$ergraph")
if ldd "$ergraph" | grep -q 'lib[at]san'; then
  echo "skipped: a sanitizer build (test_install checks the installed tree in the plain one)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/p" >/dev/null || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
page=$tmp/p/share/man/man1/ergraph.1
bashc=$tmp/p/share/bash-completion/completions/ergraph
zshc=$tmp/p/share/zsh/site-functions/_ergraph
for f in "$page" "$bashc" "$zshc"; do [ -f "$f" ] || fail "not installed: $f"; done
[ "$fails" = 0 ] || exit 1

# The manual.
if command -v man >/dev/null; then
  MANWIDTH=80 man --warnings -l "$page" >"$tmp/man.txt" 2>"$tmp/man.err" || fail "man -l failed"
  [ -s "$tmp/man.err" ] && fail "man warnings: $(head -3 "$tmp/man.err")"
  for cmd in $("$ergraph" --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p'); do
    grep -q "^   $cmd\$" "$tmp/man.txt" || fail "the manual has no section for $cmd"
    # Every option of the command's help is in the manual.
    for opt in $("$ergraph" "$cmd" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
      grep -q -- "$opt" "$tmp/man.txt" || fail "the manual lacks $cmd's $opt"
    done
  done
  grep -q "ergraph $("$ergraph" --version | cut -d' ' -f2)" "$tmp/man.txt" || fail "the manual has no version"
else
  echo "note: man is not installed; the page is not read"
fi

# bash: after bash-completion's own setup, as an interactive shell has it.
complete_with() { # CWORD WORDS...: the completions, one a line
  local setup=/usr/share/bash-completion/bash_completion
  bash -c '
    [ -f "$1" ] && . "$1"
    . "$2"
    complete -p ergraph >/dev/null || exit 9
    COMP_CWORD=$3
    shift 3
    COMP_WORDS=("$@")
    _ergraph
    printf "%s\n" "${COMPREPLY[@]}"' _ "$setup" "$bashc" "$@"
}
bash -c ". $bashc; complete -p ergraph" | grep -q -- "-F _ergraph ergraph" || fail "complete -p ergraph"
cd "$src/tests/data" || exit 1
[ "$(complete_with 1 "$ergraph" expo)" = export ] || fail "command: $(complete_with 1 "$ergraph" expo)"
[ "$(complete_with 3 "$ergraph" export -f gr)" = graphml ] || fail "export format"
[ "$(complete_with 3 "$ergraph" render -K ne)" = neato ] || fail "engine"
[ "$(complete_with 3 "$ergraph" export --gexf 1.)" = $'1.3\n1.2' ] || fail "--gexf"
[ "$(complete_with 2 "$ergraph" stats --forma)" = --format ] || fail "option: $(complete_with 2 "$ergraph" stats --forma)"
[ "$(complete_with 2 "$ergraph" show fs interop.json)" = fsb ] || fail "entity: $(complete_with 2 "$ergraph" show fs interop.json)"
[ "$(complete_with 3 "$ergraph" path fsb lakh interop.json)" = lakhani ] || fail "second entity of path"
[ "$(complete_with 3 "$ergraph" stats --relation kn small.json)" = knows ] || fail "relation type"
[ "$(complete_with 3 "$ergraph" stats --around lakh interop.json)" = lakhani ] || fail "--around"
[ "$(complete_with 2 "$ergraph" validate smal)" = small.json ] || fail "file: $(complete_with 2 "$ergraph" validate smal)"

# zsh loads its file without a word on standard error.
if command -v zsh >/dev/null; then
  zsh -fc "autoload -Uz compinit && compinit -u && source $zshc" >"$tmp/zsh.out" 2>&1 || fail "zsh: exit $?"
  [ -s "$tmp/zsh.out" ] && fail "zsh: $(head -3 "$tmp/zsh.out")"
  # And registers it, as from fpath.
  zsh -fc "fpath=($tmp/p/share/zsh/site-functions \$fpath); autoload -Uz compinit && compinit -u -d $tmp/zcompdump; print -r -- \${_comps[ergraph]}" >"$tmp/zsh.out" 2>&1
  [ "$(cat "$tmp/zsh.out")" = _ergraph ] || fail "zsh from fpath: $(cat "$tmp/zsh.out")"
else
  echo "note: zsh is not installed; its completion is not loaded"
fi
[ "$fails" = 0 ] || exit 1
echo "ok: the manual and the completions, installed"
