#!/usr/bin/env bash
# Every quote in graphs/ occurs in the text of its article (../shared/articles
# beside the project). Skipped when the articles are not there.
set -eu
ergraph=$1 src=$2
texts="$src/../shared/articles"
if [ ! -d "$texts" ]; then
  echo "skipped: $texts is not there"
  exit 77
fi
"$ergraph" verify --texts "$texts" "$src"/graphs/*.json
