#!/usr/bin/env bash
# Regenerates docs/nntool.1 (a man page) from nntool's help with argument-parser's
# generate-manual tool. Usage: docs/update-man-page.sh   (then: man -l docs/nntool.1)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product nntool
swift build --product generate-manual
# The date is the last commit's, so regenerating an unchanged tool changes nothing.
date="$(git log -1 --format=%cs 2>/dev/null || echo 1970-01-01)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
.build/debug/generate-manual .build/debug/nntool --date "$date" --section 1 \
  --authors "the nnkit developers" --output-directory "$out"
cp "$out/nntool.1" docs/nntool.1
