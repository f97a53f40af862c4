#!/usr/bin/env bash
# Regenerates the help-text part of docs/cli.md from the built nntool, so the reference and
# `nntool help` never disagree. Usage: docs/update-cli-md.sh [--check] [path/to/nntool]
# With --check, exits 1 (and prints a diff) when docs/cli.md is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
if [[ "${1:-}" == "--check" ]]; then check=1; shift; fi
tool="${1:-.build/debug/nntool}"
begin='<!-- BEGIN GENERATED HELP: docs/update-cli-md.sh -->'
end='<!-- END GENERATED HELP -->'

generated() {
  echo "$begin"
  for command in "" train inspect predict eval convert verify diff meta export import draw plot \
    report completion; do
    echo
    if [[ -z "$command" ]]; then echo '### nntool'; else echo "### nntool $command"; fi
    echo
    echo '```'
    # A fixed width keeps the text independent of the terminal the script runs in.
    COLUMNS=100 "$tool" help $command | sed -e 's/[[:space:]]*$//'
    echo '```'
  done
  echo
  echo "$end"
}

new="$(mktemp)"
trap 'rm -f "$new"' EXIT
generated > "$new.part"
awk -v begin="$begin" -v end="$end" -v file="$new.part" '
  $0 == begin { skipping = 1; while ((getline line < file) > 0) print line; next }
  $0 == end { skipping = 0; next }
  !skipping { print }
' docs/cli.md > "$new"
rm -f "$new.part"
if (( check )); then
  if ! diff -u docs/cli.md "$new"; then
    echo "docs/cli.md is out of date: run docs/update-cli-md.sh" >&2
    exit 1
  fi
else
  cp "$new" docs/cli.md
fi
