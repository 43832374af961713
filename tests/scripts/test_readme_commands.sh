#!/usr/bin/env bash
# Every `ergraph` command of the README's code blocks runs as documented
# and writes files whose contents match their extensions (see
# check_readme_commands.py for the rules and the named skip list).
set -eu
exec python3 "$(dirname "$0")/check_readme_commands.py" "$1" "$2"
